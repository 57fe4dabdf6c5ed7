"""German sentence splitting: pysbd's German rules plus a few measured post-fixes.

`split_sentences` cuts a paragraph into slices of itself, so no character is ever dropped, added
or altered. pysbd proposes the cuts; the fixes below drop, move or add a few of them.
"""

import itertools
import re
from functools import cache

import pysbd

_CLOSERS = "\"'“”‘’»«)\\]"
# A sentence ends with . ! ? or …, optionally followed by closing quotes or brackets.
_END_MARK = re.compile(rf"[.!?…][{_CLOSERS}]*\s*$")
# Closing marks pysbd cuts off their sentence: `Er sagte: "Ich komme.|" Sie …`.
_STRAY_CLOSERS = re.compile(rf"[{_CLOSERS}]+(?=\s|$)\s*")
# Words that never follow an ordinal number or an ellipsis inside a sentence: articles,
# pronouns, conjunctions, prepositions, sentence adverbs. pysbd never ends a sentence after a
# one- or two-digit number (to keep "am 13. September" whole), so "Platz 3. Damit …" needs this.
_STARTERS = (
    "Aber|Alle|Allerdings|Als|Am|An|Auch|Auf|Aus|Außerdem|Bei|Beim|Bereits|Bis|Da|Dabei|Dadurch|"
    "Dafür|Dagegen|Daher|Damals|Damit|Danach|Dann|Darauf|Darum|Das|Dass|Davor|Dazu|Dem|Den|Denn|"
    "Dennoch|Der|Des|Deshalb|Deswegen|Dies|Diese|Diesem|Diesen|Dieser|Dieses|Doch|Dort|Du|Durch|"
    "Ein|Eine|Einem|Einen|Einer|Eines|Er|Erst|Es|Für|Gegen|Hier|Ich|Ihr|Ihre|Im|In|Ins|Jedoch|"
    "Jetzt|Kein|Keine|Man|Mit|Nach|Nachdem|Noch|Nun|Nur|Ob|Obwohl|Oder|Ohne|Seit|Sein|Seine|Sie|"
    "So|Sogar|Später|Trotzdem|Um|Und|Unter|Vom|Von|Vor|Während|Warum|Was|Weil|Wenn|Wer|Wie|Wir|"
    "Wo|Zudem|Zum|Zunächst|Zur|Zwar"
)
_MISSED_END = re.compile(rf"(?:(?<=[^\W\d_] )\d{{1,2}}\.|…)\s+(?P<next>(?:{_STARTERS})(?![\w-]))")


@cache
def _segmenter() -> pysbd.Segmenter:
    """The pysbd German segmenter, built on first use and shared by all calls."""
    return pysbd.Segmenter(language="de", clean=False)


def split_sentences(paragraph: str) -> list[str]:
    """Split one German paragraph into stripped sentences; a blank paragraph gives []."""
    if not paragraph.strip():
        return []
    cuts = {_fix_cut(paragraph, cut) for cut in _pysbd_cuts(paragraph)}
    cuts |= {match.start("next") for match in _MISSED_END.finditer(paragraph)}
    cuts.discard(None)
    bounds = [0, *sorted(cuts), len(paragraph)]
    pieces = (paragraph[start:end].strip() for start, end in itertools.pairwise(bounds))
    return [piece for piece in pieces if piece]


def _pysbd_cuts(text: str) -> list[int]:
    """Offsets in `text` where pysbd starts a new sentence, found by counting non-space characters.

    Counting instead of searching keeps the offsets right even where pysbd alters a segment.
    """
    visible = [i for i, char in enumerate(text) if not char.isspace()]
    cuts, count = [], 0
    for segment in _segmenter().segment(text)[:-1]:
        count += sum(not char.isspace() for char in segment)
        if count < len(visible):
            cuts.append(visible[count])
    return cuts


def _fix_cut(text: str, cut: int) -> int | None:
    """Where pysbd's cut really starts a sentence, or None.

    The cut moves past closing marks pysbd split off (`"Komme.|" Sie` → `"Komme."| Sie`). It is
    dropped where the next sentence would start in lower case or with , ; : (`4 Mrd. Fr.| aus`),
    or where the text before it has no end mark (pysbd's list-number cuts: `am| 10. und 11. Mai`).
    """
    if not text[cut - 1].isspace() and (stray := _STRAY_CLOSERS.match(text, cut)):
        cut = stray.end()
    if cut >= len(text) or text[cut].islower() or text[cut] in ",;:":
        return None
    return cut if _END_MARK.search(text, 0, cut) else None
