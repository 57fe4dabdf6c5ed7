"""Extractive summaries in bounded time: a 10 MB article without headings, and the growth of
the old pairwise centrality against the centroid one on the same sentences.

    python -m benchmarks.summaries            # 10 MB; --mb and --reference-sentences to vary

The English is generated here, deterministically (no model, no translation): one heading-less
section of news-like sentences over a vocabulary of a few thousand words, set directly on a
Document's sentences, which is all the extractive summariser reads.
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import time

from translate.document import Document, Paragraph, Section, Sentence, Source, Unit
from translate.summarizers import ExtractiveSummarizer, extractive, passages

_SYLLABLES = "ka lo mi ne su ta ri po ve da gu zen tor mar bel kin dro fal ser wix".split()
_GLUE = "the a of in and to for on with by at from that is was has said".split()


def article(megabytes: float, seed: int = 0) -> Document:
    """One section, no heading, paragraphs of five sentences, until the English holds
    `megabytes` MB."""
    rng = random.Random(seed)
    words = list(dict.fromkeys("".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4)))
                               for _ in range(6000)))
    ranks = [1 / (rank + 1) for rank in range(len(words))]  # Zipf-like, as in real text
    weights = list(itertools.accumulate(ranks))
    paragraphs, size, number = [], 0, 0
    while size < megabytes * 1e6:
        sentences = []
        for _ in range(5):
            body = [rng.choice(_GLUE) if rng.random() < 0.35 else
                    rng.choices(words, cum_weights=weights)[0] for _ in range(rng.randint(8, 25))]
            text = " ".join(body).capitalize() + "."
            number += 1
            sentences.append(Sentence(de=f"Satz {number}.", en=text))
            size += len(text) + 1
        paragraphs.append(Paragraph(sentences))
    return Document(Source("bench", "text", ""), Unit("Titel", "Title"),
                    [Section(None, paragraphs)])


def quadratic_pick(candidates: list[Sentence], count: int,
                   idf: dict[str, float]) -> list[Sentence]:
    """The centrality the summariser had before: every pair of sentences compared."""
    stopwords = passages.STOPWORDS["en"]
    vectors = [passages.vector(passages.words_of(s.en or "", stopwords), idf)
               for s in candidates]

    def cosine(a: dict[str, float], b: dict[str, float]) -> float:
        dot = sum(w * b.get(word, 0.0) for word, w in a.items())
        norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(
            sum(w * w for w in b.values()))
        return dot / norm if norm else 0.0

    centrality = [sum(cosine(v, o) for j, o in enumerate(vectors) if j != i)
                  / max(len(vectors) - 1, 1) for i, v in enumerate(vectors)]
    chosen: list[int] = []
    while len(chosen) < count:
        overlap = {i: max((cosine(vectors[i], vectors[c]) for c in chosen), default=0.0)
                   for i in range(len(candidates)) if i not in chosen}
        eligible = [i for i, o in overlap.items() if o < passages.DUPLICATE]
        if not eligible:
            break
        chosen.append(max(eligible, key=lambda i: (
            centrality[i] - passages.REDUNDANCY * overlap[i], -i)))
    return [candidates[i] for i in sorted(chosen)]


def _timed(work) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0)
    parser.add_argument("--reference-sentences", type=int, default=2000)
    args = parser.parse_args()

    document = article(args.mb)
    sentences = list(document.sentences())
    seconds, _ = _timed(lambda: ExtractiveSummarizer().summarize(document))
    print(f"{args.mb:g} MB heading-less article, {len(sentences):,} sentences: summarised in "
          f"{seconds:.1f} s ({'under' if seconds < 60 else 'OVER'} a minute)")
    print(f"  section summary: {document.sections[0].summary[:100]}…")

    for size in (args.reference_sentences // 2, args.reference_sentences):
        small = sentences[:size]
        chosen = [[passages.Passage(i, (s.en or "",)) for i, s in enumerate(small)]]
        idf = passages.idf([passages.words_of(s.en or "", passages.STOPWORDS["en"])
                            for s in small])
        new, _ = _timed(lambda: extractive.select(chosen, "en"))  # noqa: B023
        old, _ = _timed(lambda: quadratic_pick(small, 2, idf))  # noqa: B023
        print(f"{size:>6,} sentences: pairwise centrality {old:.2f} s, the summariser's "
              f"choice (centroid) {new:.3f} s, ratio {old / new:.0f}×")


if __name__ == "__main__":
    main()
