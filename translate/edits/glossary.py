"""A glossary of names and terms, read from a TSV or CSV file, and matched in German text.

One entry a line: a German term and its English rendering, separated by a tab (TSV), a
comma or a semicolon (CSV, quotes allowed), or the term alone for "keep as written". Blank
lines and lines starting with `#` are skipped; the separator is the one the entry lines use,
and a line that holds another outside quotes is refused. A term matches whole words only,
case as written (a term written in lower case also matches with a capital first letter, as
at the start of a sentence), and with a German inflection ending: `Bundestag` matches
`Bundestages`. Where matches overlap, the longest wins, then the leftmost.

How the matched terms are enforced in the translation is translate.edits.terms; this module
only reads the file and finds the terms. Settings holds a GlossaryFile (path and digest); the
run's plan loads the entries once.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from translate.errors import UsageError
from translate.settings import GlossaryFile

# What may separate a term from its English, in order of preference (see `_separator`).
DELIMITERS = ("\t", ";", ",")
# German inflection endings a term may carry in running text (longest first).
ENDINGS = ("ern", "ens", "es", "en", "er", "em", "ns", "e", "n", "s")
SEE = "(see docs/glossary.md)"  # the page on the file's format, for errors that name a fix


class GlossaryError(UsageError):
    """The glossary file cannot be read or has a malformed line."""


@dataclass(frozen=True, slots=True)
class Term:
    de: str
    en: str  # the same as `de` for "keep as written"
    line: int  # where the file says so, for messages


@dataclass(frozen=True, slots=True)
class Match:
    """One occurrence of a term in a German text: `surface` is what the text has there."""

    term: Term
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...]
    name: str = "glossary"  # the file's name, for messages

    @cached_property
    def _patterns(self) -> tuple[tuple[Term, re.Pattern[str]], ...]:
        return tuple((term, _pattern(term.de)) for term in
                     sorted(self.terms, key=lambda term: -len(term.de)))

    def find(self, text: str) -> list[Match]:
        """The terms in `text`, in order, without overlaps (the longest wins)."""
        candidates = [Match(term, found.start(), found.end(), found.group())
                      for term, pattern in self._patterns for found in pattern.finditer(text)]
        candidates.sort(key=lambda match: (-(match.end - match.start), match.start))
        chosen: list[Match] = []
        for match in candidates:
            if all(match.end <= other.start or match.start >= other.end for other in chosen):
                chosen.append(match)
        return sorted(chosen, key=lambda match: match.start)

    def digest(self, terms: tuple[Term, ...] | None = None) -> str:
        """A short fingerprint of `terms` (default: all): the same entries give the same one,
        whatever their order or line numbers."""
        entries = sorted({(term.de, term.en) for term in (self.terms if terms is None
                                                          else terms)})
        return hashlib.sha256(json.dumps(entries, ensure_ascii=False).encode()).hexdigest()[:16]

    def __contains__(self, word: str) -> bool:
        return any(term.de == word for term in self.terms)


def _pattern(term: str) -> re.Pattern[str]:
    """Whole words, case as written (a lower-case first letter may also be a capital), an
    optional inflection ending."""
    head = term[0]
    first = f"[{head}{head.upper()}]" if head.islower() else re.escape(head)
    endings = "|".join(ENDINGS)
    return re.compile(rf"(?<![\w]){first}{re.escape(term[1:])}(?:{endings})?(?!\w)")


def load_glossary(path: Path) -> Glossary:
    """The glossary in `path`; a file that cannot be used raises GlossaryError, one line
    that names the file and the line number."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise GlossaryError(f"--glossary {path}: cannot read it ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        line = exc.object[:exc.start].count(b"\n") + 1
        raise GlossaryError(f"--glossary {path} line {line}: not UTF-8; save the file as "
                            f"UTF-8 {SEE}") from None
    return parse_glossary(text, Path(path).name)


def glossary_file(path: Path) -> GlossaryFile:
    """`path` checked as a glossary (GlossaryError if it cannot be used), for Settings."""
    return GlossaryFile(Path(path), load_glossary(path).digest())


def load_checked(reference: GlossaryFile) -> Glossary:
    """The glossary `reference` names, as it was when checked: a file edited since then
    raises GlossaryError rather than run with entries nobody checked."""
    glossary = load_glossary(reference.path)
    if glossary.digest() != reference.digest:
        raise GlossaryError(f"--glossary {reference.path}: changed since the run started; "
                            "run it again")
    return glossary


def parse_glossary(text: str, name: str = "glossary") -> Glossary:
    """Entries from the file's text, separated as `_separator` finds from its entry lines."""
    lines = text.splitlines()
    entries = [(number, line) for number, line in enumerate(lines, 1)
               if line.strip() and not line.lstrip().startswith("#")]
    delimiter = _separator([line for _, line in entries])
    terms: dict[str, Term] = {}
    for number, line in entries:
        term = _entry(line, delimiter, number, name)
        if term.de in terms and terms[term.de].en != term.en:
            raise GlossaryError(f"--glossary {name} line {number}: {term.de!r} is already "
                                f"rendered as {terms[term.de].en!r} on line "
                                f"{terms[term.de].line}; keep one {SEE}")
        terms.setdefault(term.de, term)
    if not terms:
        raise GlossaryError(f"--glossary {name}: no entries; write one term a line, with its "
                            f"English after a tab, a comma or a semicolon {SEE}")
    return Glossary(tuple(terms.values()), name)


def _separator(entries: list[str]) -> str:
    """The separator most entry lines use outside quotes: a tab, a semicolon (a CSV file
    from a German Excel) or a comma, in that order where as many lines use two; a tab
    where no line has one (every entry a term alone)."""
    used = {delimiter: sum(delimiter in _unquoted(line) for line in entries)
            for delimiter in DELIMITERS}
    return max(DELIMITERS, key=lambda delimiter: used[delimiter])


def _unquoted(line: str) -> str:
    """`line` without its quoted fields ("Kim, Jong Un" may hold a separator)."""
    return re.sub(r'"(?:[^"]|"")*"', "", line)


def _entry(line: str, delimiter: str, number: int, name: str) -> Term:
    where = f"--glossary {name} line {number}"
    other = next((other for other in DELIMITERS
                  if other != delimiter and other in _unquoted(line)), None)
    if other:
        raise GlossaryError(f"{where}: {_named(other)} in a file whose entries are separated "
                            f"by {_named(delimiter, plural=True)}; use one separator "
                            "throughout (quote a term that holds another; see docs/glossary.md)")
    fields = [field.strip() for field in next(csv.reader([line], delimiter=delimiter))]
    if len(fields) == 2 and not fields[1]:
        fields = fields[:1]
    if len(fields) > 2:
        raise GlossaryError(f"{where}: {len(fields)} fields; write the German term, then "
                            f"optionally its English, separated by {_named(delimiter)} {SEE}")
    de = fields[0]
    if not de or not re.search(r"\w", de):
        raise GlossaryError(f"{where}: no German term before {_named(delimiter)} {SEE}")
    return Term(de, fields[1] if len(fields) == 2 else de, number)


def _named(delimiter: str, plural: bool = False) -> str:
    one, many = {"\t": ("a tab", "tabs"), ";": ("a semicolon", "semicolons"),
                 ",": ("a comma", "commas")}[delimiter]
    return many if plural else one
