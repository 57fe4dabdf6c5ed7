"""The output formats there are writers for: one line each.

A format's writer is the module `translate.output.render.<module>` (translate.output.render.Writer
says what it has): it renders a Document as text or bytes, records the output's up-to-date key
in what it writes and reads it back, and reads back the English an index row shows. `--format`,
its help, the suffixes `-o FILE` takes and the output names all come from here, so a new format
is its module plus one line below.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OutputFormatSpec:
    name: str  # the --format value
    label: str  # what the help calls it
    suffix: str  # its files' suffix, after the infix: article.de-en.md
    module: str  # its writer: translate.output.render.<module>
    media_type: str  # what translate serve answers it as
    binary: bool = False  # the writer gives bytes; else text, written as UTF-8
    exact: bool = False  # what is read back from it is the run's own data, not a page's reading


WRITABLE = {spec.name: spec for spec in (
    OutputFormatSpec("md", "bilingual Markdown", ".md", "markdown",
                     "text/markdown; charset=utf-8"),
    OutputFormatSpec("html", "bilingual web page", ".html", "html", "text/html; charset=utf-8"),
    OutputFormatSpec("json", "the Document JSON", ".json", "json", "application/json",
                     exact=True),
    OutputFormatSpec("docx", "bilingual Word document", ".docx", "docx",
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     binary=True),
)}
OUTPUT_SUFFIXES = {spec.suffix: spec.name for spec in WRITABLE.values()}
