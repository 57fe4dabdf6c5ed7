"""Checks on every translation: is it degenerate, and did numbers and names survive?

Degenerate outputs (a repetition loop, a length far from the source's, German copied through,
an output that ran into its length cap) are worth one retry with safer decoding (the policy
lives in translate.model.retry); the other flags (a number or a code-like name missing, a low model
score) are shown to the reader.
Flags are short strings: "repetition", "length-ratio 3.2", "untranslated", "capped",
"number-missing 700", "number-added 12", "name-missing KN-23", "content-missing 0.45" (the
English is 45 % of the length correct English usually has: a clause may be gone),
"low-score -2.31".
"""

from __future__ import annotations

import re
from collections import Counter

from translate.document import Translation
from translate.text.omissions import content_missing

LOW_SCORE = -1.5  # mean log-probability per token below which a translation is doubtful
_RATIO = (0.4, 2.6)  # English/German length in characters, for sentences of 30+ characters
_MIN_RATIO_CHARS = 30
_LISTED = 5  # numbers named per kind of flag; the rest are counted
_REPEATS = 4  # an n-gram (n ≤ 4) this many times in a row is a loop
# 1.000 / 1,000 / 1 000 are one number; 13.09.2023 is three.
_NUMBER = re.compile(r"\d{1,3}(?:[.,\u202f ]\d{3})+(?![.,]?\d)|\d+")
_CODE = re.compile(r"\b[A-Za-z]+-?\d+[A-Za-z]*\b|\b\d+-?[A-Z][A-Za-z]*\b")  # KN-23, G20, A380
_ACRONYM = re.compile(r"\b[A-ZÄÖÜ]{2,4}\b")
_MONTHS = {name: str(i) for i, name in enumerate(
    "january february march april may june july august september october november december"
    .split(), 1)}
_CAPITALISED = re.compile(r"\b[A-ZÄÖÜ][^\W\d_]+")
_MONATE = {name: str(i) for i, name in enumerate(
    "januar februar märz april mai juni juli august september oktober november dezember"
    .split(), 1)} | {"jänner": "1"}
_GERMAN_WORDS = frozenset("der die das und ist nicht mit auf für dem den des ein eine sich von "
                          "zu im auch wird wurde sind hat haben bei nach über so wie was wer "
                          "nur alle mal nie ja nein wir ihr sie er es".split())


def degenerate(source: str, translation: Translation) -> list[str]:
    """Signs that decoding went wrong, which a retry with safer settings may fix."""
    flags = []
    words = translation.text.lower().split()
    if _has_loop(words):
        flags.append("repetition")
    if len(source) >= _MIN_RATIO_CHARS:
        ratio = len(translation.text) / len(source)
        if not _RATIO[0] <= ratio <= _RATIO[1]:
            flags.append(f"length-ratio {ratio:.1f}")
    german = sum(word.strip(".,;:!?\"'„“") in _GERMAN_WORDS for word in words)
    if len(words) >= 4 and german / len(words) > 0.25:
        flags.append("untranslated")
    if translation.capped:
        flags.append("capped")
    return flags


def check(source: str, translation: Translation) -> list[str]:
    """Every flag for one translation: degenerate signs, then fidelity (numbers, names, a
    dropped clause), then the score."""
    flags = degenerate(source, translation)
    german, english = _numbers(source), _numbers(translation.text, english=True)
    flags += _listed("number-missing", sorted((german - english).elements()))
    flags += _listed("number-added", sorted((english - german).elements()))
    flags += [f"name-missing {name}" for name in _names(source)
              if not re.search(rf"\b{re.escape(name)}\b", translation.text)]
    if (share := content_missing(source, translation.text)) is not None:
        flags.append(f"content-missing {share:.2f}")
    if translation.score < LOW_SCORE:
        flags.append(f"low-score {translation.score:.2f}")
    return flags


def _listed(kind: str, values: list[str]) -> list[str]:
    """One flag per value, but at most _LISTED: a runaway output full of digits would
    otherwise bury its sentence under hundreds of markers."""
    flags = [f"{kind} {value}" for value in values[:_LISTED]]
    if len(values) > _LISTED:
        flags.append(f"{kind} (and {len(values) - _LISTED} more)")
    return flags


def _has_loop(words: list[str]) -> bool:
    for n in range(1, 5):
        for start in range(len(words) - n * _REPEATS + 1):
            gram = words[start:start + n]
            if all(words[start + k * n:start + (k + 1) * n] == gram for k in range(_REPEATS)):
                return True
    return False


def _numbers(text: str, english: bool = False) -> Counter[str]:
    """The numbers of a text, written without separators or leading zeros; month names count
    as their number, so "13 September 2023", "13. September 2023" and "13.09.2023" match."""
    found = Counter(re.sub(r"\D", "", match).lstrip("0") or "0" for match in
                    _NUMBER.findall(text))
    months = _MONTHS if english else _MONATE
    found += Counter(months[word.lower()] for word in _CAPITALISED.findall(text)
                     if word.lower() in months)  # capitalised: "May", never "may"
    return found


def _names(text: str) -> list[str]:
    """Code-like names (KN-23, G20, A380) and acronyms (NATO, SPD) that should survive as
    they are; capitals that spell a common German word ("SO", "DAS") are emphasis."""
    codes = [code for code in _CODE.findall(text) if not code.isdigit()]
    acronyms = [word for word in _ACRONYM.findall(text) if word.lower() not in _GERMAN_WORDS
                and not any(word in code for code in codes)]  # KN of KN-23 is KN-23's
    return list(dict.fromkeys(codes + acronyms))


_LISTING = {  # flags that name values: what a reader is told, before the values
    "number-missing": "numbers missing from the English",
    "number-added": "numbers in the English that the German does not have",
    "name-missing": "names missing from the English",
    "term-missing": "glossary terms the English lacks",
    "name-inconsistent": "names rendered differently elsewhere in the text",
}
_VERDICTS = {  # flags without values, and the one with a measure
    "repetition": "the English repeats itself",
    "untranslated": "the English is partly still German",
    "capped": "the English ran into its length limit and may be cut off",
    "low-score": "the model was unsure of this translation",
}


def describe(flags: list[str]) -> str:
    """The flags of one translation in words a reader understands, values of one kind
    together: "Numbers missing from the English: 2030, 45. The model was unsure of this
    translation." """
    values: dict[str, list[str]] = {}
    verdicts: list[str] = []
    for flag in flags:
        kind, _, value = flag.partition(" ")
        if kind in _LISTING:
            values.setdefault(kind, []).append(value.strip("()"))
        elif kind == "length-ratio":
            longer = float(value) > 1
            verdicts.append(f"the English is much {'longer' if longer else 'shorter'} than "
                            "the German")
        elif kind == "content-missing":
            verdicts.append("part of the German may be missing from the English (it is "
                            f"{float(value):.0%} of the usual length)")
        else:
            verdicts.append(_VERDICTS.get(kind, flag))
    listed = [f"{_LISTING[kind]}: {', '.join(found)}" for kind, found in values.items()]
    return " ".join(f"{text[0].upper()}{text[1:]}." for text in (*listed, *verdicts))
