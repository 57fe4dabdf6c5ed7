"""Zip packages (DOCX, ODT, EPUB) opened with bounds, and their XML parsed safely.

A zip bomb is refused from the archive's directory before anything is unpacked (too many
members, or more unpacked bytes than UNPACKED_FACTOR times the input limit), and the same bound
holds while members are read, so a directory that lies about sizes gains nothing. Encrypted or
damaged members, and XML that is not well-formed, are one line naming the file and the member.
XML is parsed without entities, DTDs or the network.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import Any

from lxml import etree

from translate.errors import InputError

MAX_MEMBERS = 5000  # a long book with its images has a few hundred
UNPACKED_FACTOR = 10  # unpacked bytes allowed per byte of the input limit (--max-size)
CONTENT_TYPES = "[Content_Types].xml"
_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_SNIFF_BYTES = 2**20  # how much of a member sniffing reads at most
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          remove_comments=True, remove_pis=True)


class Package:
    """An opened zip package; `name` is how errors name the input."""

    def __init__(self, data: bytes, name: str, label: str, max_bytes: int) -> None:
        self.name, self.label = name, label
        self.budget = UNPACKED_FACTOR * max_bytes  # unpacked bytes left to read
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            members = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
            raise InputError(f"{name}: is not a {label}: not a zip archive (a password-"
                             "protected Office file is not one either)") from None
        self.members = {info.filename: info for info in members}
        unpacked = sum(info.file_size for info in members)
        if len(members) > MAX_MEMBERS or unpacked > self.budget:
            raise InputError(
                f"{name}: refused as a possible zip bomb: {len(members)} members unpacking to "
                f"{unpacked / 2**20:.0f} MB (at most {MAX_MEMBERS} members and "
                f"{self.budget / 2**20:g} MB, {UNPACKED_FACTOR} times --max-size)")

    def has(self, member: str) -> bool:
        return member in self.members

    def read(self, member: str) -> bytes:
        """The unpacked bytes of `member`, counted against the package's budget."""
        info = self.members.get(member)
        if info is None:
            raise InputError(f"{self.name}: is damaged: {member} is missing")
        if info.flag_bits & 0x1:
            raise InputError(f"{self.name}: is encrypted ({member}); save it without a "
                             "password and try again")
        try:
            with self.zip.open(info) as stream:
                data = stream.read(self.budget + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError,
                RuntimeError) as exc:
            raise InputError(f"{self.name}: is damaged: {member} cannot be unpacked "
                             f"({exc})") from None
        self.budget -= len(data)
        if self.budget < 0:
            raise InputError(f"{self.name}: refused as a possible zip bomb: it unpacks to "
                             f"more than {UNPACKED_FACTOR} times --max-size")
        return data

    def xml(self, member: str) -> Any:
        """The root element of the XML member `member`."""
        try:
            return etree.fromstring(self.read(member), _PARSER)
        except etree.XMLSyntaxError as exc:
            raise InputError(f"{self.name}: is damaged: {member} is not well-formed XML "
                             f"({exc})") from None

    def content_types(self) -> dict[str, str]:
        """An OOXML package's parts by their content type (`[Content_Types].xml`), names
        without the leading slash."""
        root = self.xml(CONTENT_TYPES)
        return {override.get("ContentType", ""): override.get("PartName", "").lstrip("/")
                for override in root.iter(f"{_TYPES_NS}Override")}


def declared_type(data: bytes) -> str | None:
    """The media type a zip package declares: an OOXML document's main part in
    `[Content_Types].xml`, an ODF or EPUB file's `mimetype` member; None for any other zip,
    or bytes that are no zip at all."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if "mimetype" in names:
            with archive.open("mimetype") as stream:
                return stream.read(200).decode("ascii", "replace").strip()
        if CONTENT_TYPES in names:
            with archive.open(CONTENT_TYPES) as stream:
                root = etree.fromstring(stream.read(_SNIFF_BYTES), _PARSER)
            types = {o.get("ContentType") for o in root.iter(f"{_TYPES_NS}Override")}
            return next((t for t in types if t and t.endswith(".main+xml")), None)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, ValueError, EOFError,
            NotImplementedError, RuntimeError, etree.XMLSyntaxError):
        return None
    return None
