"""Is every fact a model summary states in the text it summarises? Small models write fluent
summaries that name places, people and figures the article never mentions; this finds them.

A summary's checkable facts are
- names: runs of capitalised words ("Kim Jong Un", "United States", "Vostok"), without a
  title before a name ("President"); a run must occur as a whole in the text (a run opening
  a sentence: with or without its first word). A lone word opening a sentence is checked
  too ("Russia fired …"), unless it is a function word ("The", "However"); like every
  word it matches in any case, so "Experts" passes where the text says "experts". A
  common word the text lacks ("Tensions rose") is set aside with the names: a capital
  opening a sentence cannot tell the two apart;
- numbers: 1,000 = 1.000 = 1000, 13th = 13; a spelled-out number in the text ("two") counts;
- quantities: a number with its unit ("500-kilometre range") must come with that unit in the
  text ("500-kilogram warhead" does not make 500 kilometres);
- dates: a day with its month ("13 September", "September 13th") must come with that month.
Words match after the usual normalisation: case, a possessive 's, and the endings that make a
people or a plural of a name (Korea ~ Korean, China ~ Chinese, Ukraine ~ Ukrainian).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*(?:st|nd|rd|th)?|[^\W\d_]+(?:['’][^\W\d_]+)*|[^\w\s]",
                    re.UNICODE)
_NUMBER = re.compile(r"(\d+(?:[.,]\d+)*)(?:st|nd|rd|th)?$")
_SENTENCE_END = frozenset(".!?:;\"“”„«»()")
_ENDINGS = ("ians", "ian", "ans", "an", "ese", "ns", "n", "es", "s", "e", "a")
# Words that open sentences and are never names: articles, pronouns, prepositions,
# conjunctions, auxiliaries and sentence adverbs.
_FUNCTION_WORDS = frozenset("""a an the this that these those its his her their our my your
    it he she they we i you who what which whose whom where when why how there here
    in on at for from to of by with without within into onto about above below under over
    after before since until during despite between among against through across along
    around behind beyond near like unlike per via than according
    and but or nor so yet as if although though because while whereas whether unless once
    also however meanwhile then thus therefore instead still even only just now today
    yesterday tomorrow moreover furthermore nevertheless nonetheless accordingly otherwise
    is are was were be been being has have had do does did will would shall should can
    could may might must
    all any both each either neither every few many more most much no not none other
    several some such one""".split())
_TITLES = frozenset("""president chancellor minister prime foreign defence defense interior
    finance secretary general mr mrs ms dr professor prof king queen pope chief leader ceo
    mayor senator governor sir lord lady saint st head""".split())
_MONTHS = frozenset("""january february march april may june july august september october
    november december""".split())
_SPELLED = {word: str(value) for value, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
_UNITS = {
    "km": "km", "kilometre": "km", "kilometer": "km", "kilometres": "km", "kilometers": "km",
    "kg": "kg", "kilogram": "kg", "kilograms": "kg", "kilo": "kg", "kilos": "kg",
    "metre": "m", "meter": "m", "metres": "m", "meters": "m",
    "mile": "mile", "miles": "mile", "tonne": "t", "tonnes": "t", "ton": "t", "tons": "t",
    "percent": "%", "per": "%", "%": "%", "euro": "eur", "euros": "eur", "€": "eur",
    "dollar": "usd", "dollars": "usd", "$": "usd", "million": "million", "millions": "million",
    "billion": "billion", "billions": "billion", "year": "year", "years": "year",
    "month": "month", "months": "month", "week": "week", "weeks": "week", "day": "day",
    "days": "day", "hour": "hour", "hours": "hour", "minute": "minute", "minutes": "minute",
}


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    starts_sentence: bool


def unsupported(summary: str, source: str) -> list[str]:
    """The names, numbers, quantities and dates of `summary` that `source` does not have, as
    the summary writes them, in order, each once (empty: the summary passes)."""
    text = _Facts(source)
    missing: list[str] = []
    tokens = _tokens(summary)
    for fact, found in (*_numbers(tokens, text), *_names(tokens, text)):
        if not found and fact not in missing:
            missing.append(fact)
    return missing


class _Facts:
    """What a text has, normalised: its words in order, its numbers, quantities and dates."""

    def __init__(self, source: str) -> None:
        tokens = _tokens(source)
        self.words = [word_forms(t.text) for t in tokens if t.text[0].isalpha()]
        self.numbers = {number_value(t.text) for t in tokens if t.text[0].isdigit()}
        self.numbers |= {_SPELLED[t.text.lower()] for t in tokens if t.text.lower() in _SPELLED}
        self.pairs = {pair for index in range(len(tokens)) for pair in _pairs(tokens, index)}

    def has_run(self, words: list[str]) -> bool:
        wanted = [word_forms(w) for w in words]
        return any(all(wanted[j] & self.words[i + j] for j in range(len(wanted)))
                   for i in range(len(self.words) - len(wanted) + 1))


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    starts = True
    for match in _TOKEN.finditer(text):
        word = match[0]
        tokens.append(_Token(word, starts))
        starts = word in _SENTENCE_END
    return tokens


def number_value(text: str) -> str:
    """1,000 and 1.000 → 1000 (a separator before three digits groups thousands); 2,5 → 2.5."""
    digits = _NUMBER.match(text)
    value = digits[1] if digits else text
    value = re.sub(r"[.,](?=\d{3}(?:\D|$))", "", value)
    return value.replace(",", ".")


def _pairs(tokens: list[_Token], index: int) -> list[tuple[str, str]]:
    """(number, unit) and (day, month) pairs around the number at `index`."""
    token = tokens[index]
    if not token.text[0].isdigit():
        return []
    number = number_value(token.text)
    after = [t.text.lower() for t in tokens[index + 1:index + 3] if t.text != "-"][:1]
    before = tokens[index - 1].text.lower() if index else ""
    pairs = [(number, _UNITS[word]) for word in after if word in _UNITS]
    pairs += [(number, word) for word in (*after, before) if word in _MONTHS]
    return pairs


def _numbers(tokens: list[_Token], text: _Facts) -> list[tuple[str, bool]]:
    """Each number of the summary, and each of its quantities and dates, with whether the
    text has it."""
    facts = []
    for index, token in enumerate(tokens):
        if token.text[0].isdigit():
            facts.append((token.text, number_value(token.text) in text.numbers))
            for pair in _pairs(tokens, index):
                facts.append((" ".join(pair), pair in text.pairs))
    return facts


def _names(tokens: list[_Token], text: _Facts) -> list[tuple[str, bool]]:
    """Each name of the summary (see the module docstring), with whether the text has it."""
    facts = []
    for run in _capitalised_runs(tokens):
        words = [t.text for t in run]
        if run[0].starts_sentence and words[0].lower() in _FUNCTION_WORDS:
            words = words[1:]
        while len(words) > 1 and words[0].lower() in _TITLES:
            words = words[1:]
        if not words:
            continue
        if len(words) == 1 and len(words[0]) == 1:
            continue  # "I", an initial
        # a sentence's first word may be capitalised only for its place ("Expert Nico Lange")
        shorter = words[1:] if run[0].starts_sentence and len(words) > 1 else words
        found = text.has_run(words) or text.has_run(shorter)
        facts.append((" ".join(words), found))
    return facts


def _capitalised_runs(tokens: list[_Token]) -> list[list[_Token]]:
    """Runs of adjacent capitalised words; a possessive ends its run."""
    runs: list[list[_Token]] = []
    current: list[_Token] = []
    for token in tokens:
        if token.text[0].isupper() and token.text[0].isalpha():
            current.append(token)
            if token.text.lower().endswith(("'s", "’s")):
                runs.append(current)
                current = []
        elif current:
            runs.append(current)
            current = []
    return runs + ([current] if current else [])


def word_forms(word: str) -> set[str]:
    """`word` in lower case without a possessive, and without each ending that leaves at
    least four letters: two words match when their forms meet."""
    word = re.sub(r"['’]s?$", "", word.lower())
    forms = {word}
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            forms.add(word[: -len(ending)])
    return forms
