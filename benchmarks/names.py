"""The names pass (translate.edits.names) over correct English: WMT 2021 de-en, the German
source with a human reference as its "translation", cut into windows of N lines that stand for
articles. The references are correct, so every rewrite the pass makes is a change for the
worse; flags are allowed (a reference may spell a name two ways) and counted.

    python -m benchmarks.names [--reference A|B] [--window 20] [--wmt DIR]
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass, field
from pathlib import Path

from translate.document import Unit
from translate.edits.names import NameBook

WMT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "wmt21"
_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class Figures:
    """What the pass did to one reference."""

    windows: int = 0
    sentences: int = 0
    rewrites: list[tuple[str, str]] = field(default_factory=list)  # (before, after)
    flags: list[tuple[str, str]] = field(default_factory=list)  # (flag, sentence)


def lines(wmt: Path, suffix: str) -> list[str]:
    return (wmt / f"newstest2021.de-en.{suffix}").read_text(encoding="utf-8").splitlines()


def measure(wmt: Path = WMT, reference: str = "A", window: int = 20) -> Figures:
    """Run the pass over each window of source + reference, one NameBook a window."""
    german, english = lines(wmt, "src.de"), lines(wmt, f"ref.{reference}.en")
    figures = Figures()
    for start in range(0, len(german), window):
        units = [Unit(de, en) for de, en in zip(german[start:start + window],
                                                english[start:start + window], strict=True)]
        NameBook().harmonise(units)
        figures.windows += 1
        figures.sentences += len(units)
        for unit, before in zip(units, english[start:start + window], strict=True):
            if unit.en != before:
                figures.rewrites.append((before, unit.en or ""))
            figures.flags.extend((flag, unit.en or "") for flag in unit.qa)
    return figures


def lexicon(wmt: Path = WMT) -> set[str]:
    """The words both references write in lower case somewhere: words of the language, not
    names."""
    found = [{word for line in lines(wmt, f"ref.{reference}.en") for word in _WORD.findall(line)
              if word.islower()} for reference in "AB"]
    return found[0] & found[1]


def replaced_words(before: str, after: str) -> list[tuple[str, str]]:
    """The words a rewrite took out and put in, paired in order."""
    old, new = _WORD.findall(before), _WORD.findall(after)
    return [(a, b) for a, b in zip(old, new, strict=False) if a != b]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", choices=["A", "B"], default="A")
    parser.add_argument("--window", type=int, default=20)
    parser.add_argument("--wmt", type=Path, default=WMT)
    args = parser.parse_args()
    figures = measure(args.wmt, args.reference, args.window)
    for before, after in figures.rewrites:
        print(f"rewrite: {before}\n     -> {after}")
    for flag, sentence in figures.flags:
        print(f"flag {flag}: {sentence}")
    print(f"reference {args.reference}: {figures.windows} windows of {args.window} lines, "
          f"{figures.sentences} sentences, {len(figures.rewrites)} rewrites, "
          f"{len(figures.flags)} flags")


if __name__ == "__main__":
    main()
