"""Does the text say what a model summary claims? The fact check (facts.py) finds names and
figures a summary invents, but passes an invented claim made of the text's own names ("North
Korea has been accused of supplying nuclear arms to Russia's conflict"). This check needs no
model: every sentence of a summary must be supported by one sentence of the text, or by two
sentences together.

A sentence's content words are its words without function words, attribution ("said",
"according to") and words about the summary itself ("the article discusses"); negations
("not", "never") count as content, so a negation the text does not make fails. Each word is
matched through its Snowball stem and through the fact check's forms (Korea ~ Korean), so
inflections match ("supplying" ~ "supply") and synonyms do not ("arms" ≠ "weapons"). A sentence
is supported when one text sentence, or a pair of them, holds at least THRESHOLD of its content
words, each weighted by its rarity in the text, and every negation it makes. A sentence of two
claims ("…, while …", "…; …") is checked claim by claim. THRESHOLD is measured on the
hand-labelled tests/data/summary_support.json (benchmarks/summaries_support.py): every faithful
sentence there scores 0.66 or more.

What it cannot see: a claim built from the words of one or two text sentences, such as who did
what to whom swapped ("Kim received Putin"), a negation the summary drops, a hedge it drops
("could supply" → "supplies"), or a number moved to another noun of the same sentences.
"""

from __future__ import annotations

import functools
import itertools
import math
import re

import snowballstemmer

from translate.document import CLAIM_NOT_IN_TEXT
from translate.summarizers.facts import number_value, word_forms
from translate.text.english import sentences_of

THRESHOLD = 0.6  # see the module docstring
_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*")
_CLAUSE = re.compile(r";|,\s+(?:while|but|whereas|although|though)\b")
_NEGATIONS = frozenset("not no never nor neither none nothing nobody without".split())
_STOPWORDS = frozenset("""a an the this that these those it its he him his she her they them
    their theirs we us our i me my you your who whom whose which what where when why how there
    here in on at for from to of by with within into onto about above below under over after
    before since until during between among through across along around near like than as
    and but or so yet if although though because while whereas whether unless once also then
    thus therefore however meanwhile still even only just now both each either every any all
    some such other another same own more most much many very is are was were be been being
    am has have had having do does did done will would shall should can could may might must
    get got gets become became becomes seem seems seemed make makes made take takes took
    said say says saying told tell tells according report reports reported reportedly claim
    claims claimed state states stated add adds added further well too again ever
    article section text summary passage piece author writer discuss discusses discussed
    describe describes described mention mentions mentioned highlight highlights highlighted
    focus focuses focused explain explains explained note notes noted overall""".split())
_NOT = "not"  # the key of every negation
_STEMMER = snowballstemmer.stemmer("english")


def unsupported_claims(summary: str, texts: list[str], threshold: float = THRESHOLD
                       ) -> list[str]:
    """Each sentence of `summary` that no sentence of `texts` (a text's headings and
    sentences), alone or with one other, supports, marked as a claim the text does not make
    (empty: the summary passes)."""
    units = [keys_of(sentence) for text in texts for sentence in sentences_of(text)]
    return [f"{CLAIM_NOT_IN_TEXT}{sentence.strip()}" for sentence in sentences_of(summary)
            if support(sentence, units) < threshold]


def support(sentence: str, units: list[frozenset[str]]) -> float:
    """How well `units` (each a text sentence's keys, see `keys_of`) support `sentence`: the
    support of its weakest claim, where a claim ends at "; " or ", while" (", but", …)."""
    claims = [part for part in _CLAUSE.split(sentence) if part.strip()] or [sentence]
    return min(_claim_support(claim, units) for claim in claims)


def _claim_support(claim: str, units: list[frozenset[str]]) -> float:
    """How well the best one or two `units` support `claim`: the share of its content words
    they hold, each word weighted by its rarity in the text (a word the text lacks weighs
    most, a name on every line least); 0 when they lack a negation the claim makes, 1 for a
    claim without content words."""
    words = _content_words(claim)
    if not words:
        return 1.0
    weights = {w: _rarity(keys, units) for w, keys in words.items()}
    negations = frozenset(w for w, keys in words.items() if _NOT in keys)
    held = {frozenset(w for w, keys in words.items() if keys & unit) for unit in units}
    pairs = (one | two for one, two in itertools.combinations(held, 2))
    total = sum(weights.values())
    return max((sum(weights[w] for w in found) / total
                for found in itertools.chain(held, pairs) if negations <= found), default=0.0)


def keys_of(sentence: str) -> frozenset[str]:
    """Every key of every content word of a text sentence: what it can support."""
    return frozenset(key for keys in _content_words(sentence).values() for key in keys)


def _content_words(sentence: str) -> dict[str, frozenset[str]]:
    """The content words of `sentence` (lower case, numbers as values), each with its keys."""
    text = re.sub(r"n['’]t\b", " not", sentence.lower())
    words = [re.sub(r"['’]s?$", "", w) for w in _WORD.findall(text)]
    return {w: _word_keys(w) for w in words
            if w and w not in _STOPWORDS and (len(w) > 1 or w.isdigit())}


def _rarity(keys: frozenset[str], units: list[frozenset[str]]) -> float:
    """A word's inverse document frequency over the text's sentences."""
    holding = sum(1 for unit in units if keys & unit)
    return math.log((len(units) + 1) / (holding + 1)) + 1


@functools.lru_cache(maxsize=8192)
def _word_keys(word: str) -> frozenset[str]:
    """How `word` matches another: its number value, or its stem and its forms."""
    if word[0].isdigit():
        return frozenset({number_value(word)})
    if word in _NEGATIONS:
        return frozenset({_NOT})
    return frozenset({_STEMMER.stemWord(word), *word_forms(word)})
