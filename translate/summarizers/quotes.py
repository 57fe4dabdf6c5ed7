"""Quotations kept whole: the sentences a quotation spans are taken or left together, so a
summary never opens a quotation it does not close.

Only double quotation marks count (" “ ” „ ‟ « »): a single one (’ ‘ ‹ ›) is too often an
apostrophe. Which mark opens and which closes differs by language („…“ in German,
“…” in English, »…« or «…»), so a sentence is read by parity: an odd number of double marks
opens a quotation, or closes the one a sentence before it opened.
"""

from __future__ import annotations

from collections.abc import Sequence

DOUBLE_MARKS = frozenset("\"“”„‟«»")


def toggles(sentence: str) -> bool:
    """Whether `sentence` opens a quotation it does not close (or closes one opened before)."""
    return sum(ch in DOUBLE_MARKS for ch in sentence) % 2 == 1


def spans(*versions: Sequence[str]) -> list[range]:
    """The sentences of one paragraph in runs that begin and end outside any quotation, in
    every version given (the German and its English: a translation may lose a mark). A
    quotation still open at the paragraph's end closes there."""
    count = len(versions[0])
    inside = [False] * len(versions)
    runs: list[range] = []
    start = 0
    for index in range(count):
        for version, sentences in enumerate(versions):
            if toggles(sentences[index] or ""):
                inside[version] = not inside[version]
        if not any(inside):
            runs.append(range(start, index + 1))
            start = index + 1
    if start < count:
        runs.append(range(start, count))
    return runs


def balanced_prefix(sentences: list[str]) -> list[str]:
    """The longest run of `sentences` from the first that ends outside a quotation: a
    summary cut there never ends inside one."""
    kept, inside = 0, False
    for index, sentence in enumerate(sentences):
        inside ^= toggles(sentence)
        if not inside:
            kept = index + 1
    return sentences[:kept]
