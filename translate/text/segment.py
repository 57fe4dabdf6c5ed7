"""German sentence splitting: pysbd's German rules plus a few measured post-fixes.

`split_sentences` cuts a paragraph into slices of itself, so no character is ever dropped, added
or altered. pysbd proposes the cuts; the fixes below drop, move or add a few of them. pysbd's
time grows with the square of its input, so a long paragraph is shown to it a window at a time.
"""

import itertools
import re
import threading

import pysbd

_CLOSERS = "\"'“”‘’»«)]"
_CLOSER = f"[{re.escape(_CLOSERS)}]"
_MARKS = ".!?…"  # a sentence ends with one, optionally followed by closing quotes or brackets
_SPACE = re.compile(r"\s+")
# Where a pysbd window may end: after a sentence's end and the space behind it, else at a space.
_WINDOW_ENDS = (re.compile(rf"[{_MARKS}]{_CLOSER}*\s+"), _SPACE)
_WINDOW = 10_000  # characters pysbd sees at once; a window of short sentences takes ~0.1 s
# Closing marks pysbd cuts off their sentence: `Er sagte: "Ich komme.|" Sie …`.
_STRAY_CLOSERS = re.compile(rf"{_CLOSER}+(?=\s|$)\s*")
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


_PER_THREAD = threading.local()


def _segmenter() -> pysbd.Segmenter:
    """The pysbd German segmenter, built on first use in each thread and shared by that
    thread's calls: a Segmenter keeps the text it is splitting on itself, so two threads
    sharing one (translate serve's requests) would cut each other's paragraphs."""
    if not hasattr(_PER_THREAD, "segmenter"):
        _PER_THREAD.segmenter = pysbd.Segmenter(language="de", clean=False)
    return _PER_THREAD.segmenter


def split_sentences(paragraph: str) -> list[str]:
    """Split one German paragraph into stripped sentences; a blank paragraph gives []."""
    if not paragraph.strip():
        return []
    fixed = (_fix_cut(paragraph, cut) for cut in _pysbd_cuts(paragraph))
    cuts = {cut for cut in fixed if cut is not None}
    cuts |= {match.start("next") for match in _MISSED_END.finditer(paragraph)}
    bounds = [0, *sorted(cuts), len(paragraph)]
    pieces = (paragraph[start:end].strip() for start, end in itertools.pairwise(bounds))
    return [piece for piece in pieces if piece]


def _pysbd_cuts(text: str) -> list[int]:
    """Offsets in `text` where pysbd starts a new sentence, asked one window at a time.

    A window after the first starts where pysbd began the last sentence of the one before, so
    that sentence is seen whole. Where the one before has no cut in its second half (a sentence
    longer than half a window), the next starts at a space in that half: the end of the window
    before is then seen in the middle of the next, so no sentence end is missed at it.
    """
    cuts, start = [], 0
    while True:
        end = _window_end(text, start)
        found = [start + cut for cut in _window_cuts(text[start:end])]
        cuts += found
        if end == len(text):
            return cuts
        half = (start + end) // 2
        if found and found[-1] > half:
            start = found[-1]
        else:
            start = space.end() if (space := _SPACE.search(text, half, end)) else half


def _window_end(text: str, start: int) -> int:
    """The end of the window from `start`: in the second half of `_WINDOW` characters, after the
    last sentence end there, else after its last space, else (one long word) anywhere."""
    end = start + _WINDOW
    if end >= len(text):
        return len(text)
    for pattern in _WINDOW_ENDS:
        if ends := [match.end() for match in pattern.finditer(text, end - _WINDOW // 2, end)]:
            return ends[-1]
    return end


def _window_cuts(text: str) -> list[int]:
    """Offsets in `text` where pysbd starts a new sentence, found by counting non-space characters.

    Counting instead of searching keeps the offsets right even where pysbd alters a segment.
    Text without an end mark needs no pysbd: `_fix_cut` would drop every cut in it.
    """
    if not any(mark in text for mark in _MARKS):
        return []
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
    return cut if _ends_sentence(text, cut) else None


def _ends_sentence(text: str, cut: int) -> bool:
    """Whether `text[:cut]` ends with an end mark, closing marks and space, in that order.

    It looks back from `cut` only as far as it must: a search from the start of the paragraph
    for every cut made a long paragraph quadratic.
    """
    at = cut
    while at and text[at - 1].isspace():
        at -= 1
    while at and text[at - 1] in _CLOSERS:
        at -= 1
    return at > 0 and text[at - 1] in _MARKS
