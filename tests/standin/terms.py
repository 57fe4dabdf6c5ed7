"""The sentences the glossary tests translate, and the English two trained stand-ins learn.

Plain data, no heavy imports. The article `ARTICLE_DE` (a title and four short paragraphs)
has three glossary terms (`GLOSSARY_TSV`): `Bundestag` (kept as written, once inflected as
`Bundestages`), `Wostotschny` (rendered `Vostochny`) and `Selenskyj` (`Zelenskyy`).

Both stand-ins learn every unit twice: as translate.edits.terms masks it (terms replaced by `ZQ1`,
`ZQ2`) and as it is (what a run without a glossary sends, and the retry after a failed
check). Without placeholders the model spells Wostotschny two ways (`Vostotschny`, then
`Vostochny`): what one-rendering-per-name (translate.edits.names) must fix.

- `glossary_pairs()`: a model that copies every placeholder.
- `dropping_pairs()`: the same German, but the model drops, doubles or invents placeholders in
  four units, and its retry without placeholders shows each way a term can come out: already
  right (`The Bundestag debated`), the German word copied (`Selenskyj met`), another spelling
  (`Vostotschny`), or lost (`The members of parliament agreed`).

Both also learn `REPEATED`, a sentence outside the article with `Wostotschny` twice.
"""

from __future__ import annotations

GLOSSARY_TSV = "# German\tEnglish\nBundestag\nWostotschny\tVostochny\nSelenskyj\tZelenskyy\n"

TITLE = "Nachrichten aus dem Bundestag"
PARAGRAPHS = [
    "Der Bundestag debattierte am Mittwoch über den Haushalt. "
    "Die Abgeordneten des Bundestages stimmten zu.",
    "Der Weltraumbahnhof Wostotschny liegt im Gebiet Amur.",
    "Wostotschny gilt als Ergänzung des Kosmodroms Baikonur.",
    "Selenskyj traf Scholz in Kiew.",
]
ARTICLE_DE = "\n".join([TITLE, *PARAGRAPHS]) + "\n"
# A sentence with one term twice; without placeholders the model spells it two ways.
REPEATED = "Wostotschny ist weit weg; Wostotschny ist neu."

# (masked German, its English; the German as it is, its English) per unit, in reading order.
_COPYING = [
    ("Nachrichten aus dem ZQ1", "News from the ZQ1",
     TITLE, "News from the Bundestag"),
    ("Der ZQ1 debattierte am Mittwoch über den Haushalt.",
     "The ZQ1 debated the budget on Wednesday.",
     "Der Bundestag debattierte am Mittwoch über den Haushalt.",
     "The Bundestag debated the budget on Wednesday."),
    ("Die Abgeordneten des ZQ1 stimmten zu.", "The members of the ZQ1 agreed.",
     "Die Abgeordneten des Bundestages stimmten zu.", "The members of the Bundestag agreed."),
    ("Der Weltraumbahnhof ZQ1 liegt im Gebiet Amur.", "The ZQ1 spaceport lies in the Amur region.",
     "Der Weltraumbahnhof Wostotschny liegt im Gebiet Amur.",
     "The Vostotschny spaceport lies in the Amur region."),
    ("ZQ1 gilt als Ergänzung des Kosmodroms Baikonur.",
     "ZQ1 is seen as a complement to the Baikonur cosmodrome.",
     "Wostotschny gilt als Ergänzung des Kosmodroms Baikonur.",
     "Vostochny is seen as a complement to the Baikonur cosmodrome."),
    ("ZQ1 traf Scholz in Kiew.", "ZQ1 met Scholz in Kyiv.",
     "Selenskyj traf Scholz in Kiew.", "Selensky met Scholz in Kyiv."),
    # not in the article: a term twice in one sentence (REPEATED)
    ("ZQ1 ist weit weg; ZQ2 ist neu.", "ZQ1 is far away; ZQ2 is new.",
     REPEATED, "Vostochny is far away; Vostotschny is new."),
]
# The dropping model's English where it differs: German → English.
_DROPPING = {
    "Nachrichten aus dem ZQ1": "News from the ZQ1 ZQ2",  # invents one
    "Der ZQ1 debattierte am Mittwoch über den Haushalt.":
        "The parliament debated the budget on Wednesday.",  # drops it; unmasked is right
    "Die Abgeordneten des ZQ1 stimmten zu.": "The members agreed.",
    "Die Abgeordneten des Bundestages stimmten zu.": "The members of parliament agreed.",
    "Der Weltraumbahnhof ZQ1 liegt im Gebiet Amur.": "The spaceport lies in the Amur region.",
    "ZQ1 traf Scholz in Kiew.": "ZQ1 met ZQ1 in Kyiv.",  # doubles it
    "Selenskyj traf Scholz in Kiew.": "Selenskyj met Scholz in Kyiv.",
    "ZQ1 ist weit weg; ZQ2 ist neu.": "ZQ1 is far away; ZQ1 is new.",  # doubles one
}


def glossary_pairs() -> list[tuple[str, str]]:
    """What the copying stand-in learns: every unit masked and as it is."""
    return [pair for masked_de, masked_en, de, en in _COPYING
            for pair in ((masked_de, masked_en), (de, en))]


def dropping_pairs() -> list[tuple[str, str]]:
    """What the dropping stand-in learns: the same German, some English as `_DROPPING` says."""
    return [(de, _DROPPING.get(de, en)) for de, en in glossary_pairs()]
