"""How well the support check (translate.summarizers.support) tells summary sentences the text
supports from those it does not, on the hand-labelled set tests/data/summary_support.json:
SmolLM2-135M's real summaries of the sample, and sentences written to be faithful (extracts,
paraphrases) or not (invented claims, swapped roles, negations, wrong figures).

"Flagged" is what the check sets aside; precision and recall are of flagging what is labelled
unsupported. The fact check (facts.py) is shown beside it, and both together, as the product
runs them. The threshold sweep shows how THRESHOLD was chosen: one step of the 0.05 grid
below the highest at which no supported item is flagged (0.65), for a margin, since faithful
summaries elsewhere vary their words more than these do.

    python -m benchmarks.summaries_support [--threshold 0.55]
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from benchmarks.sentence_split import Score
from benchmarks.summaries_facts import sample
from translate.document import Document
from translate.summarizers.facts import unsupported
from translate.summarizers.support import THRESHOLD, keys_of, support
from translate.text.english import sentences_of

LABELLED = Path(__file__).resolve().parents[1] / "tests/data/summary_support.json"
KINDS = ("extract", "paraphrase", "smollm2", "invented", "relation", "negation", "number")


@dataclass(frozen=True, slots=True)
class Item:
    target: str  # a section's id, or "article"
    kind: str
    supported: bool  # the hand label
    summary: str
    score: float  # the lowest support of its sentences
    fact_fails: bool  # the fact check sets it aside


def texts(document: Document, target: str) -> list[str]:
    """What a summary of `target` is checked against, as the product checks it: the title,
    then the headings and sentences of the section (of every section, for "article")."""
    sections = [s for s in document.sections if target in ("article", s.id)]
    return [document.title.en or ""] + [
        text for section in sections
        for text in [section.heading.en if section.heading else None]
        + [s.en for s in section.sentences()] if text]


def load(path: Path = LABELLED) -> list[Item]:
    document = sample()
    items = []
    for row in json.loads(path.read_text(encoding="utf-8"))["items"]:
        source = texts(document, row["target"])
        units = [keys_of(sentence) for text in source for sentence in sentences_of(text)]
        score = min(support(sentence, units) for sentence in sentences_of(row["summary"]))
        items.append(Item(row["target"], row["kind"], row["label"] == "supported",
                          row["summary"], score, bool(unsupported(row["summary"],
                                                                  " ".join(source)))))
    return items


def scores(items: list[Item], threshold: float, facts: bool = False,
           support_check: bool = True) -> Score:
    """Flagging unsupported items, by the support check at `threshold`, by the fact check, or
    by both: a false positive is a supported item set aside."""
    def flags(item: Item) -> bool:
        return (support_check and item.score < threshold) or (facts and item.fact_fails)

    bad = [item for item in items if not item.supported]
    good = [item for item in items if item.supported]
    caught = sum(map(flags, bad))
    return Score(caught, sum(map(flags, good)), len(bad) - caught)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    threshold = parser.parse_args().threshold
    items = load()
    print(f"{len(items)} items; threshold {threshold}\n")
    print("| kind | items | flagged: support | facts | either |")
    print("|---|---:|---:|---:|---:|")
    for kind in KINDS:
        some = [item for item in items if item.kind == kind]
        print(f"| {kind} | {len(some)} | {sum(i.score < threshold for i in some)} | "
              f"{sum(i.fact_fails for i in some)} | "
              f"{sum(i.score < threshold or i.fact_fails for i in some)} |")
    print("\n| check | precision | recall | supported items set aside |")
    print("|---|---:|---:|---:|")
    for name, facts, alone in (("support", False, True), ("facts", True, False),
                               ("both", True, True)):
        result = scores(items, threshold, facts, alone)
        print(f"| {name} | {result.precision:.2f} | {result.recall:.2f} "
              f"({result.true_pos}/{result.true_pos + result.false_neg}) | "
              f"{result.false_pos}/{sum(i.supported for i in items)} |")
    print("\nthreshold sweep (support alone): threshold, recall, supported items set aside")
    for step in range(6, 18):
        result = scores(items, step / 20)
        print(f"  {step / 20:.2f}  {result.recall:.2f}  {result.false_pos}")
    print(f"\nlowest support of a supported item: {min(i.score for i in items if i.supported):.3f}")


if __name__ == "__main__":
    main()
