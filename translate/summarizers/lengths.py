"""How long summaries are, for every kind of summariser: sentences per section and per article."""

from __future__ import annotations


def section_count(sentences: int, most: int) -> int:
    """Sentences of a section summary: 1 for a section of up to three sentences."""
    return 1 if sentences <= 3 else most


MODEL_ARTICLE_SENTENCES = (2, 4)  # a model's article summary: fewest and most sentences


def article_count(sentences: int) -> int:
    """Sentences of a model's article summary: 2 to 4, growing with the article."""
    fewest, most = MODEL_ARTICLE_SENTENCES
    return fewest if sentences <= 8 else 3 if sentences <= 20 else most


def count_words(text: str) -> int:
    return len(text.split())
