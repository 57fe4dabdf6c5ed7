"""The text a model summary reads and the rules its answer keeps: the article's share of every
section, chunks that fit the model's input, and tidying what the model wrote."""

from __future__ import annotations

import re
from collections.abc import Callable

from translate.model.pieces import split_to_fit
from translate.summarizers.lengths import count_words
from translate.summarizers.quotes import balanced_prefix
from translate.text.english import sentences_of

_DIGITS = re.compile(r"\d+")
_LABEL = re.compile(r"^(?:\*\*)?(?:summary|here is [^:\n]{0,60}|in summary)\s*:?(?:\*\*)?[:,]?\s*",
                    re.IGNORECASE)


def share(sections: list[list[str]], words: int) -> str:
    """The article for its summary: every section's sentences while they fit in `words`;
    when they do not, the first sentences of every section in turn, so the end of the
    article is read as well as its start. Sections are kept apart by a blank line."""
    kept: list[list[str]] = [[] for _ in sections]
    total, depth = 0, 0
    while any(depth < len(s) for s in sections):
        for index, sentences in enumerate(sections):
            if depth < len(sentences):
                total += count_words(sentences[depth])
                if total > words and any(kept):
                    return "\n\n".join(" ".join(k) for k in kept if k)
                kept[index].append(sentences[depth])
        depth += 1
    return "\n\n".join(" ".join(k) for k in kept if k)


def chunks(text: str, count_tokens: Callable[[str], int], budget: int) -> list[str]:
    """`text` in consecutive chunks of whole sentences of at most `budget` tokens each (a
    sentence longer than that is cut at clauses or spaces); nothing is left out. Each
    sentence is counted alone, plus one token for the space that joins it to the next."""
    pieces = [piece for sentence in sentences_of(text)
              for piece in split_to_fit(sentence.strip(), count_tokens, budget - 1)]
    kept: list[list[str]] = []
    used = 0
    for piece in pieces:
        tokens = count_tokens(piece) + 1
        if kept and used + tokens <= budget:
            kept[-1].append(piece)
            used += tokens
        else:
            kept.append([piece])
            used = tokens
    return [" ".join(chunk) for chunk in kept]


def tidy(output: str, source: str, sentences: int) -> str | None:
    """The model's answer as a summary: one paragraph without a "Summary:" label, at most
    `sentences` sentences, an unfinished last sentence dropped, and never longer than the
    text it summarises (None when even its first sentence is), never ending inside a
    quotation (a sentence opening one that no kept sentence closes goes, with those after
    it). A sentence with a number the text does not have is left out: small models invent
    dates and figures."""
    text = " ".join(output.replace("**", "").split())
    text = _LABEL.sub("", text).strip()
    known = set(_DIGITS.findall(source))
    parts = [p for p in sentences_of(text) if known.issuperset(_DIGITS.findall(p))][:sentences]
    if parts and not parts[-1].rstrip("\"”’)").endswith((".", "!", "?", "…")):
        if len(parts) > 1:
            parts.pop()  # cut off by the token budget
        else:
            parts[-1] = parts[-1].rstrip(" ,;:-–") + "…"
    parts = balanced_prefix(parts)  # never ends inside a quotation
    limit = count_words(source)
    while parts and count_words(" ".join(parts)) >= limit:
        parts.pop()
    return " ".join(parts) or None
