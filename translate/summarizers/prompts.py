"""Summariser prompt templates: the shipped ones (translate/prompts), each replaceable by a
file of the same name in `--prompt-dir`, every one checked when it is read."""

from __future__ import annotations

import hashlib
import json
import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.errors import UsageError

PROMPT_DIR = Path(__file__).resolve().parents[1] / "prompts"
PLACEHOLDERS = ("text", "sentences", "title")  # what a template may name; {text} it must
SUMMARIES = "docs/summaries.md"  # the page on prompt files: names and placeholders
SECTION_PROMPT, ARTICLE_PROMPT, SEQ2SEQ_PROMPT = ("section_summary", "article_summary",
                                                  "seq2seq")
_SEQ2SEQ_FAMILY = re.compile(r"^seq2seq-[\w.]+$")  # seq2seq-t5: the input of one model_type


@dataclass(frozen=True, slots=True)
class Prompts:
    """The templates by name (file name without .txt), checked when they are read."""

    templates: dict[str, str]
    folder: Path

    def digest(self) -> str:
        """A short hash of every template, so outputs know which prompts wrote them."""
        text = json.dumps(self.templates, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    def render(self, name: str, **values: Any) -> str:
        return self.templates[name].format(**values)

    def seq2seq(self, model_type: str) -> str:
        """The template of a seq2seq family, e.g. seq2seq-t5 with T5's task prefix."""
        family = f"{SEQ2SEQ_PROMPT}-{model_type}"
        return family if family in self.templates else SEQ2SEQ_PROMPT


def load_prompts(prompt_dir: Path | None = None) -> Prompts:
    """The shipped templates, each replaced by a file of the same name in `prompt_dir`.
    Every template is checked here, before any model loads: UsageError names the file and
    the placeholder that is wrong."""
    files = {p.stem: p for p in sorted(PROMPT_DIR.glob("*.txt"))}
    if prompt_dir is not None:
        if not prompt_dir.is_dir():
            raise UsageError(f"--prompt-dir {prompt_dir}: no such folder")
        for path in sorted(prompt_dir.glob("*.txt")):
            if path.stem not in files and not _SEQ2SEQ_FAMILY.match(path.stem):
                raise UsageError(
                    f"{path}: not a prompt this tool reads; name it one of "
                    f"{', '.join(p.name for p in files.values())} or seq2seq-MODEL_TYPE.txt "
                    f"(see {SUMMARIES})")
            files[path.stem] = path
    templates = {}
    for name, path in files.items():
        try:
            templates[name] = path.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{path}: cannot read the prompt ({exc})") from None
        _check_template(path, templates[name])
    return Prompts(templates, prompt_dir or PROMPT_DIR)


def _check_template(path: Path, template: str) -> None:
    allowed = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(template)
                  if field is not None]
    except ValueError as exc:
        raise UsageError(f"{path}: {exc}; write a literal brace as {{{{ or }}}}") from None
    for field in fields:
        if field not in PLACEHOLDERS:
            raise UsageError(f"{path}: unknown placeholder {{{field}}}; a prompt may use "
                             f"{allowed} (write a literal brace as {{{{ or }}}}; see {SUMMARIES})")
    if "text" not in fields:
        raise UsageError(f"{path}: the prompt has no {{text}} placeholder, so the model would "
                         "never see the text it should summarise")

