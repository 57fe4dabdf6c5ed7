"""The retry policy for degenerate translations, in one place: which outputs are retried (those
`qa.degenerate` flags), how (safer decoding: a repetition penalty and a wider beam), and which
result is kept (the retry only when it has fewer degenerate signs). The translator only runs
a decode with the parameters it is given.

(no_repeat_ngram_size is the textbook fix for loops, but transformers applies it in Python
loops whose cost grows with the square of the output length: minutes for a batch of
500-token runaways on a CPU; a repetition penalty costs nothing.)
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from translate.document import Translation
from translate.settings import Decoding
from translate.text.qa import degenerate
from translate.words import counted

log = logging.getLogger(__name__)

SAFER_PENALTY = 1.3
SAFER_BEAMS = 4  # a retry searches at least this many beams, and two more than the first try


@dataclass(frozen=True, slots=True)
class Attempt:
    """The decoding parameters of one try at a batch."""

    beams: int
    repetition_penalty: float = 1.0


def first_attempt(decoding: Decoding) -> Attempt:
    return Attempt(decoding.beams)


def safer_attempt(decoding: Decoding) -> Attempt:
    return Attempt(max(decoding.beams + 2, SAFER_BEAMS), SAFER_PENALTY)


@dataclass(slots=True)
class Retried:
    tried: int = 0  # translations tried again
    kept: list[tuple[str, Translation]] = field(default_factory=list)  # retries that won


def retry_degenerate(fresh: dict[str, Translation], decoding: Decoding,
                     translate: Callable[[list[str], Attempt], list[Translation]]) -> Retried:
    """Translate the degenerate ones of `fresh` (German → first translation) once more with
    safer decoding; `fresh` is updated with the retries that are better."""
    suspects = [text for text, translation in fresh.items() if degenerate(text, translation)]
    if not suspects:
        return Retried()
    log.info("retrying %s with safer decoding",
             counted(len(suspects), "degenerate translation"))
    retries = translate(suspects, safer_attempt(decoding))
    kept = [(text, retry) for text, retry in zip(suspects, retries, strict=True)
            if len(degenerate(text, retry)) < len(degenerate(text, fresh[text]))]
    fresh.update(kept)
    return Retried(len(suspects), kept)
