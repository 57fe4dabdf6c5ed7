"""Does the English leave out part of the German? A length test, calibrated on human English.

An English that drops a clause says less, so it is shorter than correct English for the same
German usually is. The test measures the English against the German twice, in letters and in
words, and takes the mean of the two log ratios (compounds make German letters a noisy
measure, small function words make English words one). Correct translations scatter around a
usual ratio, and the scatter shrinks as sentences grow: a short line may well be terse, while
a long sentence that lost a third of its words stands out. So the verdict is in standard
deviations for a German sentence of that length, and only far below the usual ratio.

The constants are fitted on WMT 2021 de-en, the German with both human references as the
English (`python benchmarks/omissions.py --fit`); the benchmark prints how many correct
sentences are flagged and how many with a clause removed are caught.
Measured and left out: how many German names, numbers and cognates the English keeps added
little over length (a dropped clause takes its share of both).
"""

from __future__ import annotations

import math
import re

USUAL = 0.018  # the median log length ratio, English over German, of correct translations
SPREAD = (0.0044, 1.02)  # its variance: a + b / (letters of the German)
LIMIT = -3.1  # standard deviations below USUAL where the English is taken to be missing part
MIN_LETTERS = 30  # German shorter than this (headings, datelines) is not judged
_WORD = re.compile(r"[^\W_]+")


def content_missing(source: str, english: str) -> float | None:
    """When the English looks too short to say all the German says: its length as a share of
    the usual length for this German (0.45 is 45 %); None when it does not, or when the
    German is too short to judge."""
    ratio, letters = log_ratio(source, english)
    if letters < MIN_LETTERS or deviations(ratio, letters) >= LIMIT:
        return None
    return math.exp(ratio - USUAL)


def log_ratio(source: str, english: str) -> tuple[float, int]:
    """The mean of the log length ratios English/German in letters and in words, and the
    German's letters (digits count as letters, spaces and punctuation do not)."""
    german_words = _WORD.findall(source) or [""]
    english_words = _WORD.findall(english) or [""]
    letters = sum(map(len, german_words))
    english_letters = sum(map(len, english_words))
    ratio = (math.log(max(english_letters, 1) / max(letters, 1))
             + math.log(len(english_words) / len(german_words))) / 2
    return ratio, letters


def deviations(ratio: float, letters: int, usual: float = USUAL,
               spread: tuple[float, float] = SPREAD) -> float:
    """How far a log ratio is from the usual one, in standard deviations for German of
    `letters` letters: about 0 for a typical translation, negative for a short one."""
    return (ratio - usual) / math.sqrt(spread[0] + spread[1] / max(letters, 1))
