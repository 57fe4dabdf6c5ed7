"""The article as data: what readers produce, stages enrich and renderers print.

The JSON form (`to_dict`) is the contract of DESIGN.md, schema ``translate.document/1``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from typing import Any

SCHEMA = "translate.document/1"


@dataclass(frozen=True, slots=True)
class Translation:
    """What the translator gives back for one German text."""

    text: str
    score: float  # mean log-probability per output token: 0 is certain, below -1.5 is shaky
    capped: bool = False  # the output ran into its length cap: likely a runaway repetition


@dataclass(slots=True)
class Unit:
    """A piece of German text that gets exactly one English counterpart."""

    de: str
    en: str | None = None
    score: float | None = None
    qa: list[str] = field(default_factory=list)  # flags from translate.text.qa, e.g. "capped"
    changed: bool = False  # new or edited since the article's previous version
    # glossary terms in `de` and how each was enforced (translate.edits.terms), e.g.
    # {"de": "Bundestages", "en": "Bundestag", "how": "placeholder"}
    terms: list[dict[str, str]] = field(default_factory=list)

    def bilingual(self) -> dict[str, Any]:
        data: dict[str, Any] = {"de": self.de, "en": self.en}
        if self.qa:
            data["qa"] = list(self.qa)
        if self.terms:
            data["terms"] = [dict(term) for term in self.terms]
        if self.changed:
            data["changed"] = True
        return data

    @classmethod
    def from_bilingual(cls, data: dict[str, Any]) -> Unit:
        return cls(data["de"], data.get("en"), qa=list(data.get("qa", [])),
                   changed=bool(data.get("changed", False)),
                   terms=[dict(term) for term in data.get("terms", [])])


@dataclass(slots=True)
class Sentence(Unit):
    """One German sentence. `marks` and `href` record inline markup that covers the whole
    sentence: the only markup a renderer can carry over to the translation without guessing."""

    id: str = ""
    marks: tuple[str, ...] = ()  # "em", "strong", outermost first
    href: str | None = None  # the whole sentence is the text of a link to this address

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "de": self.de, "en": self.en,
                                "score": self.score, "qa": list(self.qa)}
        if self.marks:
            data["marks"] = list(self.marks)
        if self.href is not None:
            data["href"] = self.href
        if self.changed:
            data["changed"] = True
        if self.terms:
            data["terms"] = [dict(term) for term in self.terms]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Sentence:
        return cls(de=data["de"], en=data.get("en"), score=data.get("score"), id=data["id"],
                   marks=tuple(data.get("marks", ())), href=data.get("href"),
                   qa=list(data.get("qa", [])), changed=bool(data.get("changed", False)),
                   terms=[dict(term) for term in data.get("terms", [])])


@dataclass(slots=True, frozen=True)
class Link:
    """A link or an image. Its address stays out of the German text, so it is never translated,
    but it is kept with the paragraph it appeared in; `text` is the link text or the alt text."""

    url: str
    text: str = ""
    image: bool = False
    title: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "text": self.text, "image": self.image, "title": self.title}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Link:
        return cls(url=data["url"], text=data.get("text", ""), image=data.get("image", False),
                   title=data.get("title"))


@dataclass(slots=True)
class Paragraph:
    """Running text, a list item or a block quote, split into sentences; or a verbatim block
    (code, a table's markup) that is kept as it is and never sent to the model."""

    sentences: list[Sentence]
    id: str = ""
    kind: str = "text"
    verbatim: str | None = None
    links: list[Link] = field(default_factory=list)  # in reading order
    # What a list paragraph shows before its text: "•", "3."; "" for an item's later paragraphs.
    marker: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "kind": self.kind,
                                "sentences": [s.to_dict() for s in self.sentences]}
        if self.verbatim is not None:
            data["verbatim"] = self.verbatim
        if self.marker is not None:
            data["marker"] = self.marker
        if self.links:
            data["links"] = [link.to_dict() for link in self.links]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Paragraph:
        return cls([Sentence.from_dict(s) for s in data["sentences"]], id=data["id"],
                   kind=data.get("kind", "text"), verbatim=data.get("verbatim"),
                   links=[Link.from_dict(link) for link in data.get("links", [])],
                   marker=data.get("marker"))


def translator_words(translator: dict[str, Any]) -> list[str]:
    """A translation signature (as outputs record it) in a reader's words: the model, its
    revision's first seven characters and the beam width."""
    model = str(translator.get("model", "")).rstrip("/").rsplit("/", 1)[-1]
    revision = short_revision(translator.get("revision"))
    parts = [f"{model} (rev {revision})" if revision else model]
    if translator.get("beams") is not None:
        parts.append(f"beam {translator['beams']}")
    return parts


def short_revision(revision: object) -> str:
    """A model revision as readers are shown it: a commit's or a weights digest's first seven
    characters ("" for none)."""
    return str(revision or "").removeprefix("sha256:")[:7]


# opens a `set_aside` entry that is a summary's sentence the text does not support
CLAIM_NOT_IN_TEXT = "claim not in the text: "


def summary_dict(text: str | None, kind: str | None, set_aside: list[str] | None,
                 points: list[str] | None = None) -> dict[str, Any]:
    """A summary in the JSON: its English; `kind`, who wrote it: "extractive" (sentences of
    the article, as translated) or a model ("chat", "seq2seq"); `set_aside`, when a model's
    summary was replaced by the extractive one: the names and figures it gave that the text
    does not have, and its sentences the text does not support (each opening with
    CLAIM_NOT_IN_TEXT); `points`, for the article's extractive summary, the same English as the
    points a page lists (`en` is them joined by spaces, as before)."""
    data: dict[str, Any] = {"en": text}
    if kind is not None:
        data["kind"] = kind
    if set_aside is not None:
        data["set_aside"] = list(set_aside)
    if points:
        data["points"] = list(points)
    return data


@dataclass(slots=True)
class Section:
    """A heading (None for the lead, the text before the first heading) and its paragraphs."""

    heading: Unit | None
    paragraphs: list[Paragraph]
    summary: str | None = None
    id: str = ""
    summary_kind: str | None = None  # who wrote `summary`: see summary_dict
    set_aside: list[str] | None = None  # see summary_dict

    def sentences(self) -> Iterator[Sentence]:
        for paragraph in self.paragraphs:
            yield from paragraph.sentences

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "heading": self.heading.bilingual() if self.heading else None,
            "summary": summary_dict(self.summary, self.summary_kind, self.set_aside),
            "paragraphs": [p.to_dict() for p in self.paragraphs],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Section:
        heading = data.get("heading")
        return cls(
            heading=Unit.from_bilingual(heading) if heading else None,
            paragraphs=[Paragraph.from_dict(p) for p in data["paragraphs"]],
            summary=(data.get("summary") or {}).get("en"),
            id=data["id"],
            summary_kind=(data.get("summary") or {}).get("kind"),
            set_aside=(data.get("summary") or {}).get("set_aside"),
        )


@dataclass(slots=True, frozen=True)
class Meta:
    author: str | None = None
    date: str | None = None
    credit: str | None = None


@dataclass(slots=True, frozen=True)
class Source:
    path: str
    format: str
    sha256: str
    encoding: str = "utf-8"
    language: str | None = None  # detected language code, e.g. "de"
    # A web page's fetch (translate.sources.fetch); None for a file or standard input.
    url: str | None = None  # as given
    final_url: str | None = None  # where redirects ended
    fetched_at: str | None = None  # ISO 8601, UTC
    etag: str | None = None  # the server's validators, as it sent them
    last_modified: str | None = None


@dataclass(slots=True)
class RunRecord:
    """What made an output, as its JSON `run` records it (fields in that order, an absent one
    left out): the translator's signature and the summariser's label, the glossary's
    fingerprint, the device, the output key, the seconds since the run started, and, for an
    article whose German changed since it was last written, when and how many units."""

    translator: dict[str, Any] | None = None
    summarizer: dict[str, Any] | None = None
    glossary: str | None = None
    device: str | None = None
    key: str | None = None
    seconds: float | None = None
    updated: str | None = None
    changed: int | None = None

    def to_dict(self) -> dict[str, Any]:
        values = {each.name: getattr(self, each.name) for each in fields(self)}
        return {name: value for name, value in values.items() if value is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> RunRecord | None:
        return None if data is None else cls(**data)


@dataclass(slots=True)
class Document:
    source: Source
    title: Unit
    sections: list[Section]
    meta: Meta = field(default_factory=Meta)
    boilerplate: list[str] = field(default_factory=list)
    summary: str | None = None
    run: RunRecord | None = None
    warnings: list[str] = field(default_factory=list)  # things a reader of the output should know
    summary_kind: str | None = None  # who wrote `summary`: see summary_dict
    set_aside: list[str] | None = None  # see summary_dict
    # The extractive summary's points (passages of the article), `summary` being them joined;
    # empty for a model's summary, which is one written paragraph.
    summary_points: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.assign_ids()

    def assign_ids(self) -> None:
        """Number sections, paragraphs and sentences as s1, s1p1, s1p1t1 in reading order."""
        for i, section in enumerate(self.sections, 1):
            section.id = f"s{i}"
            for j, paragraph in enumerate(section.paragraphs, 1):
                paragraph.id = f"{section.id}p{j}"
                for k, sentence in enumerate(paragraph.sentences, 1):
                    sentence.id = f"{paragraph.id}t{k}"

    def sentences(self) -> Iterator[Sentence]:
        for section in self.sections:
            yield from section.sentences()

    def units(self) -> Iterator[Unit]:
        """Everything that is translated: the title, then each heading and its sentences."""
        yield self.title
        for section in self.sections:
            if section.heading is not None:
                yield section.heading
            yield from section.sentences()

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "source": {
                "path": self.source.path,
                "format": self.source.format,
                "sha256": self.source.sha256,
                "encoding": self.source.encoding,
                "language": self.source.language,
                "url": self.source.url,
                "final_url": self.source.final_url,
                "fetched_at": self.source.fetched_at,
                "etag": self.source.etag,
                "last_modified": self.source.last_modified,
            },
            "meta": {
                "author": self.meta.author, "date": self.meta.date, "credit": self.meta.credit,
            },
            "title": self.title.bilingual(),
            "summary": summary_dict(self.summary, self.summary_kind, self.set_aside,
                                    self.summary_points),
            "sections": [s.to_dict() for s in self.sections],
            "boilerplate": list(self.boilerplate),
            "warnings": list(self.warnings),
            "qa": self.qa_summary(),
            "run": self.run.to_dict() if self.run is not None else None,
        }

    def qa_summary(self) -> dict[str, Any]:
        """How many units carry QA flags, and how often each kind of flag occurs."""
        flagged = [unit for unit in self.units() if unit.qa]
        kinds = Counter(flag.split(" ")[0] for unit in flagged for flag in unit.qa)
        return {"flagged": len(flagged), "kinds": dict(sorted(kinds.items()))}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        if data.get("schema") != SCHEMA:
            raise ValueError(f"not a {SCHEMA} document: schema is {data.get('schema')!r}")
        return cls(
            source=Source(**data["source"]),
            title=Unit.from_bilingual(data["title"]),
            sections=[Section.from_dict(s) for s in data["sections"]],
            meta=Meta(**data["meta"]),
            boilerplate=list(data.get("boilerplate", [])),
            summary=(data.get("summary") or {}).get("en"),
            run=RunRecord.from_dict(data.get("run")),
            warnings=list(data.get("warnings", [])),
            summary_kind=(data.get("summary") or {}).get("kind"),
            set_aside=(data.get("summary") or {}).get("set_aside"),
            summary_points=list((data.get("summary") or {}).get("points") or []),
        )
