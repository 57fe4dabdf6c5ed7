"""Bytes to clean text: decoding and the invisible characters that would confuse the model."""

from __future__ import annotations

import codecs

from translate.errors import InputError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
# Soft hyphens and zero-width characters split words for the tokenizer; no-break spaces are
# spaces to every later stage.
_INVISIBLE = str.maketrans({"\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None,
                            "\u2060": None, "\ufeff": None, "\u00a0": " ", "\u202f": " "})


def decode(data: bytes, name: str) -> str:
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), "utf-8")
    if encoding == "utf-8" and b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file (it contains NUL bytes), not text")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: is not valid {encoding.upper()} (bad byte at offset {exc.start}); "
            "save it as UTF-8 and try again"
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_INVISIBLE)
