"""How well the QA check `content-missing` sees English that leaves out part of the German.

Correct English: the two human references (A, B) of WMT 2021 de-en, line for line with the
German source. A false flag is a reference line that `translate.text.qa.check` flags
`content-missing`; the share is of all 1,000 lines (headings and short lines included, which
the check does not judge). An omission is a reference line with one clause removed: the words
between two clause boundaries (a comma, semicolon, colon or dash, or before a conjunction such
as "and", "which", "because"), at least 30 % of the line's words, at least 3 words left. Of the
cuts a line allows, the smallest is taken (the hardest to see); lines that allow none are not
counted. Caught is the share of those omissions flagged.

    python benchmarks/omissions.py [--wmt DIR] [--fit]

`--fit` fits the check's constants on both references (USUAL and SPREAD by least squares,
LIMIT where 0.4 % of the lines fall below: well under the 1 % goal, as a false flag costs the
reader more than a missed one) and shows what constants fitted on one reference do on the
other.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from translate.document import Translation  # noqa: E402
from translate.text.omissions import MIN_LETTERS, deviations, log_ratio  # noqa: E402
from translate.text.qa import check  # noqa: E402

DEFAULT_WMT = ROOT.parent / "shared" / "eval" / "wmt21"
REFERENCES = ("A", "B")
CUT_SHARE = 0.3  # an omission removes at least this share of the line's words
FIT_QUANTILE = 0.004  # LIMIT leaves this share of the correct lines below it
CONJUNCTIONS = frozenset("and but or nor while whereas because since although though which who "
                         "whom whose that when where whether if unless until after before as so"
                         .split())

Pairs = list[tuple[str, str]]


def load(folder: Path) -> dict[str, Pairs]:
    """(German, English) line pairs for each reference."""
    german = (folder / "newstest2021.de-en.src.de").read_text(encoding="utf-8").splitlines()
    return {name: list(zip(german, (folder / f"newstest2021.de-en.ref.{name}.en")
                           .read_text(encoding="utf-8").splitlines(), strict=True))
            for name in REFERENCES}


def without_a_clause(sentence: str) -> str | None:
    """`sentence` with its smallest clause of at least CUT_SHARE of its words removed, or None
    when it has no such clause."""
    words = sentence.split()
    bounds = {0, len(words)}
    for i, word in enumerate(words):
        if word.endswith((",", ";", ":")) or word in {"-", "–", "—"}:
            bounds.add(i + 1)
        if i and word.lower().strip(",;:") in CONJUNCTIONS:
            bounds.add(i)
    ordered = sorted(bounds)
    cuts = [(end - start, start, end) for start, end in itertools.pairwise(ordered)
            if end - start >= CUT_SHARE * len(words) and len(words) - (end - start) >= 3]
    if not cuts:
        return None
    _, start, end = min(cuts)
    kept = words[:start] + words[end:]
    if end == len(words):  # the end cut off: the sentence keeps its full stop
        kept[-1] = kept[-1].rstrip(",;:-–—") + sentence.rstrip()[-1:].strip(",;:-–—")
    return " ".join(kept)


def omissions(pairs: Pairs) -> Pairs:
    """The pairs whose English allows a clause to be cut, with that clause cut."""
    return [(german, shorter) for german, english in pairs
            if (shorter := without_a_clause(english)) is not None]


def flagged(german: str, english: str) -> bool:
    """Whether the QA checks flag `english`, as the translation of `german`, content-missing."""
    flags = check(german, Translation(english, 0.0))
    return any(flag.startswith("content-missing") for flag in flags)


def figures(pairs: Pairs) -> tuple[int, int, int, int]:
    """False flags, lines, omissions caught and omissions, for one reference."""
    false_flags = sum(flagged(german, english) for german, english in pairs)
    cut = omissions(pairs)
    caught = sum(flagged(german, english) for german, english in cut)
    return false_flags, len(pairs), caught, len(cut)


def fit(pairs: Pairs) -> tuple[float, tuple[float, float], float]:
    """USUAL, SPREAD and LIMIT fitted on correct (German, English) pairs."""
    measured = [log_ratio(german, english) for german, english in pairs]
    judged = [(ratio, letters) for ratio, letters in measured if letters >= MIN_LETTERS]
    usual = statistics.median(ratio for ratio, _ in judged)
    # the variance as a + b / letters: a line through (1 / letters, squared deviation)
    slope, intercept = statistics.linear_regression(
        [1 / letters for _, letters in judged], [(ratio - usual) ** 2 for ratio, _ in judged])
    spread = (max(intercept, 1e-4), max(slope, 0.0))
    scores = sorted(deviations(ratio, letters, usual, spread) for ratio, letters in judged)
    return usual, spread, scores[int(FIT_QUANTILE * len(pairs))]


def cross_check(references: dict[str, Pairs]) -> list[str]:
    """Constants fitted on one reference, counted on the other: false flags and catches."""
    lines = []
    for train, test in (("A", "B"), ("B", "A")):
        constants = fit(references[train])
        pairs = references[test]
        cut = omissions(pairs)
        false_flags = sum(_below(*pair, *constants) for pair in pairs) / len(pairs)
        caught = sum(_below(*pair, *constants) for pair in cut) / len(cut)
        lines.append(f"fitted on {train}, counted on {test}: false flags {false_flags:.1%}, "
                     f"caught {caught:.1%}")
    return lines


def _below(german: str, english: str, usual: float, spread: tuple[float, float],
           limit: float) -> bool:
    """Whether constants other than the check's own would flag this pair."""
    ratio, letters = log_ratio(german, english)
    return letters >= MIN_LETTERS and deviations(ratio, letters, usual, spread) < limit


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wmt", type=Path, default=DEFAULT_WMT,
                        help="folder with newstest2021.de-en.src.de and .ref.A.en, .ref.B.en")
    parser.add_argument("--fit", action="store_true",
                        help="also fit the check's constants and cross-check them")
    args = parser.parse_args(argv)
    if not (args.wmt / "newstest2021.de-en.src.de").is_file():
        parser.error(f"no WMT 2021 de-en files in {args.wmt}")
    references = load(args.wmt)
    print("reference  false flags          omissions caught")
    totals = [0, 0, 0, 0]
    for name, pairs in references.items():
        counts = figures(pairs)
        totals = [total + count for total, count in zip(totals, counts, strict=True)]
        print(_row(name, *counts))
    print(_row("A+B", *totals))
    if args.fit:
        usual, spread, limit = fit(references["A"] + references["B"])
        print(f"fitted on A+B: USUAL = {usual:.3f}, SPREAD = ({spread[0]:.4f}, {spread[1]:.2f}), "
              f"LIMIT = {limit:.2f}")
        print("\n".join(cross_check(references)))
    return 0


def _row(name: str, false_flags: int, lines: int, caught: int, cut: int) -> str:
    return (f"{name:<10} {false_flags:>4} / {lines:<5} {false_flags / lines:>5.1%}   "
            f"{caught:>4} / {cut:<5} {caught / cut:>5.1%}")


if __name__ == "__main__":
    sys.exit(main())
