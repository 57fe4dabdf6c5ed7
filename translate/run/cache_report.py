"""What a cache folder holds, for `translate cache info`: read once (`read_cache`), then shown
to a reader (`report_lines`) or given to tools as JSON (`CacheContents.to_dict`).

The memory keys each translation with everything that decided it, and, for a sentence that
matched glossary entries, with a digest of the entries it matched (translate.edits.terms). One
glossary therefore stores its sentences under as many keys as there are different sets of
entries matched; they are shown as one line per model and decoding, split into sentences with
and without glossary terms, and the keys themselves are in the JSON.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.cache_home import model_cache_dir
from translate.document import short_revision
from translate.output.render.dates import readable
from translate.run.store import TranslationMemory
from translate.sources.web_cache import KeptPages, WebCache
from translate.words import counted, size

SCHEMA = "translate.cache/1"
ALSO_KEPT = ("index rows", "article versions for change marks")  # TranslationMemory.held's


@dataclass(frozen=True, slots=True)
class CacheContents:
    folder: Path
    bytes: int  # every file under the folder
    models: Path  # where the model files of runs with this folder live
    translations: list[dict[str, Any]]  # per memory key (TranslationTable.signatures)
    summaries: list[dict[str, Any]]  # per summariser (SummaryTable.signatures)
    kept: dict[str, int]  # TranslationMemory.held
    pages: KeptPages | None

    def to_dict(self) -> dict[str, Any]:
        pages = self.pages or KeptPages(0, 0, None)
        return {"schema": SCHEMA, "folder": str(self.folder), "bytes": self.bytes,
                "models": str(self.models), "translations": self.translations,
                "summaries": self.summaries, "kept": self.kept,
                "pages": {"count": pages.count, "bytes": pages.bytes, "newest": pages.newest}}


@dataclass(frozen=True, slots=True)
class Group:
    """Translations by one model and decoding: `entries` sentences, of which `with_terms`
    were stored with the glossary entries they matched, in `term_sets` different sets."""

    label: str
    entries: int
    with_terms: int = 0
    term_sets: int = 0


def read_cache(cache_dir: Path) -> CacheContents | None:
    """What `cache_dir` holds; None, creating nothing, where it has neither a memory nor
    fetched pages."""
    memory, web = TranslationMemory.existing(cache_dir), WebCache.existing(cache_dir)
    if memory is None and web is None:
        return None
    translations, summaries, kept = [], [], {}
    if memory is not None:
        with memory:
            info = memory.info()
            translations, summaries, kept = info.signatures, info.summaries, memory.held()
    pages = None
    if web is not None:
        with web:
            pages = web.kept()
    return CacheContents(cache_dir, _bytes_under(cache_dir), model_cache_dir(cache_dir),
                         translations, summaries, kept, pages)


def _bytes_under(folder: Path) -> int:
    """The size of the files under `folder`, each counted once (links not followed)."""
    return sum(os.lstat(Path(root) / name).st_size
               for root, _, names in os.walk(folder) for name in names)


def translation_groups(signatures: list[dict[str, Any]]) -> list[Group]:
    """The memory's keys grouped by model and decoding (everything but the glossary), in the
    order first stored."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for signature in signatures:
        if signature["entries"]:
            decoding = {k: v for k, v in signature.items() if k not in ("glossary", "entries")}
            grouped.setdefault(json.dumps(decoding, sort_keys=True), []).append(signature)
    labels = _labels([json.loads(key) for key in grouped], _translator, ("model", "revision",
                                                                          "beams"))
    groups = []
    for label, keys in zip(labels, grouped.values(), strict=True):
        with_terms = [key for key in keys if key.get("glossary")]
        groups.append(Group(label, sum(key["entries"] for key in keys),
                            sum(key["entries"] for key in with_terms), len(with_terms)))
    return groups


def summary_groups(signatures: list[dict[str, Any]]) -> list[Group]:
    """One group per summariser, in the order first stored."""
    described = [{k: v for k, v in s.items() if k != "entries"} for s in signatures]
    labels = _labels(described, _summarizer, ("kind", "model", "revision"))
    return [Group(label, s["entries"]) for label, s in zip(labels, signatures, strict=True)]


def _translator(signature: dict[str, Any]) -> str:
    return f"{_model(signature)} · beam {signature.get('beams')}"


def _summarizer(signature: dict[str, Any]) -> str:
    return f"{signature.get('kind')} {_model(signature)}"


def _model(signature: dict[str, Any]) -> str:
    revision = short_revision(signature.get("revision"))
    return f"{signature.get('model')} (rev {revision})" if revision else str(signature["model"])


def _labels(items: list[dict[str, Any]], shown: Callable[[dict[str, Any]], str],
            named: tuple[str, ...]) -> list[str]:
    """Each item's label: `shown`, which names the fields in `named`, and every other field
    whose value differs between the items (so that no two labels are alike)."""
    others = sorted({field for item in items for field in item} - set(named))
    differing = [field for field in others
                 if len({json.dumps(item.get(field)) for item in items}) > 1]
    return [" · ".join([shown(item), *(f"{field.replace('_', ' ')} {item.get(field)}"
                                       for field in differing)]) for item in items]


def report_lines(contents: CacheContents) -> list[str]:
    """The cache as a reader reads it: where it is and how big, then what it holds."""
    lines = [f"cache folder: {contents.folder} ({size(contents.bytes)})",
             f"models: {contents.models}"]
    translations = translation_groups(contents.translations)
    total = sum(group.entries for group in translations)
    lines.append(f"translations: {_sentences(total)}" if total else "translations: none")
    lines += _group_lines(translations)
    summaries = summary_groups(contents.summaries)
    total = sum(group.entries for group in summaries)
    lines.append(f"summaries: {total:,}" if total else "summaries: none")
    lines += _group_lines(summaries)
    lines.append(_pages_line(contents.pages))
    if also := [f"{contents.kept[words]:,} {words}" for words in ALSO_KEPT
                if contents.kept.get(words)]:
        lines.append(f"also kept: {', '.join(also)}")
    return lines


def _group_lines(groups: list[Group]) -> list[str]:
    """A line per group, its count first; a group with glossary terms is split below it."""
    width = max((len(f"{group.entries:,}") for group in groups), default=0)
    lines = []
    for group in groups:
        lines.append(f"  {group.entries:>{width},}  {group.label}")
        if group.with_terms:
            sets = counted(group.term_sets, "set")
            split = [(group.entries - group.with_terms, "without glossary terms"),
                     (group.with_terms, f"with glossary terms ({sets} of entries matched)")]
            lines += [f"  {' ' * width}  {count:>{width},}  {words}" for count, words in split]
    return lines


def _pages_line(pages: KeptPages | None) -> str:
    if pages is None or not pages.count:
        return "fetched web pages: none"
    return (f"fetched web pages: {pages.count:,} ({size(pages.bytes)}), the newest fetched "
            f"{readable(pages.newest or '')}")


def _sentences(count: int) -> str:
    return f"{count:,} sentence" + ("s" if count != 1 else "")
