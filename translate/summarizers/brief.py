"""The article's "In brief": what a side-by-side reader learns beyond the first paragraph.

The page prints the In brief right above the lead paragraph, so it must not simply repeat it.
It is POINTS short points (passages of at most SHORT sentences), in reading order:

1. the lead's key passage: the first section's best by place, centrality only breaking
   near-ties; never a passage that is all of the first paragraph when the article has more;
2. what the later parts add: their passages weighed by place among the later text and, nearly
   as much, by centrality to the whole article; at most one point per part while another part
   has one to give, and no near-repeat of a point already taken.

The parts are the sections (by headings); an article of one section is read as its first
paragraph (the lead) and each later paragraph. An article of one paragraph gives its best
sentences by place, a third of them at most (one of a three-sentence article). Measured on
29 newsroom teasers (benchmarks/summaries_quality.py), a third point cost about 0.02 ROUGE-2
against teasers of one or two sentences, so there are two.
"""

from __future__ import annotations

import math

from translate.summarizers.passages import (
    DUPLICATE,
    Passage,
    Vector,
    centrality,
    dot,
    pick,
    substance,
)

POINTS = 2
SHORT = 2  # a point is at most this many sentences: a quotation over two is one statement
LATER_CENTRALITY = 0.75  # weight of centrality to the article beside place, for later points


def points(sections: list[list[Passage]], vectors: dict[int, Vector]) -> list[Passage]:
    """The In brief's passages, in reading order."""
    lead, parts = _parts(sections)
    if not parts:  # one paragraph: its best sentences by place, a third of it at most
        return pick(lead, max(1, min(POINTS, sum(len(p.texts) for p in lead) // 3)), vectors)
    article = [*lead, *(p for part in parts for p in part)]
    barred = _whole_first_paragraph(article)
    allowed = [p for p in lead if p.order not in barred and len(p.texts) <= SHORT]
    chosen = pick(allowed, 1, vectors, context=lead)  # its key passage: by place, mostly
    chosen += _later_points(parts, article, vectors, chosen)
    if len(chosen) < POINTS:  # the later parts had nothing short to give: more of the lead
        chosen += pick([p for p in allowed if p not in chosen], 1, vectors, context=lead)
    return sorted(chosen, key=lambda p: p.order)


def _parts(sections: list[list[Passage]]) -> tuple[list[Passage], list[list[Passage]]]:
    """The lead (the first section with text) and the later parts: the later sections, or,
    in an article of one section, its paragraphs after the first."""
    filled = [section for section in sections if section]
    if not filled:
        return [], []
    if len(filled) > 1:
        return filled[0], filled[1:]
    paragraphs: dict[int, list[Passage]] = {}
    for passage in filled[0]:
        paragraphs.setdefault(passage.paragraph, []).append(passage)
    lead, *later = paragraphs.values()
    return lead, later


def _whole_first_paragraph(article: list[Passage]) -> set[int]:
    """The passage that is all of the first paragraph (none when that paragraph has several):
    the page prints that paragraph right under the In brief."""
    first = [p for p in article if p.paragraph == article[0].paragraph]
    return {first[0].order} if len(first) == 1 else set()


def _later_points(parts: list[list[Passage]], article: list[Passage],
                  vectors: dict[int, Vector], chosen: list[Passage]) -> list[Passage]:
    """Points from the later parts until there are POINTS in all: the best first, one per
    part while another part can give one, none a near-repeat of one already taken."""
    candidates = [(number, p) for number, part in enumerate(parts) for p in part
                  if len(p.texts) <= SHORT]
    central = centrality([p for _, p in candidates], article, vectors)
    top = max(central, default=0.0) or 1.0
    scores = [(LATER_CENTRALITY * c / top + 1 / math.sqrt(1 + rank)) * substance(p, vectors)
              for rank, (c, (_, p)) in enumerate(zip(central, candidates, strict=True))]
    ranked = [candidates[i] for i in sorted(range(len(candidates)), key=lambda i: -scores[i])]
    taken: list[Passage] = []
    for one_per_part in (True, False):
        used = {number for number, p in ranked if p in taken}
        for number, passage in ranked:
            if len(chosen) + len(taken) >= POINTS:
                return taken
            if (one_per_part and number in used) or passage in taken or any(
                    dot(vectors[passage.order], vectors[p.order]) >= DUPLICATE
                    for p in (*chosen, *taken)):
                continue
            taken.append(passage)
            used.add(number)
    return taken
