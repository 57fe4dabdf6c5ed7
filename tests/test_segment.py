"""Tests for translate.text.segment: rule table, character preservation, evaluation gate."""

from pathlib import Path

import pytest

from benchmarks import sentence_split as benchmark
from translate.text import segment
from translate.text.segment import split_sentences

EVAL_XML = Path(__file__).resolve().parents[2] / "shared/eval/wmt21/newstest2021.de-fr.all.xml"
# Measured with pysbd 0.3.4: precision 0.9984, recall 1.0000 on 614 gold boundaries.
PRECISION_FLOOR = 0.988
RECALL_FLOOR = 0.990



CASES = [
    # abbreviations
    (
        "Es gibt Beispiele, z. B. Äpfel und Birnen. Das ist gut.",
        ["Es gibt Beispiele, z. B. Äpfel und Birnen.", "Das ist gut."],
    ),
    (
        "Es gibt Beispiele, z.B. Äpfel. Das ist gut.",
        ["Es gibt Beispiele, z.B. Äpfel.", "Das ist gut."],
    ),
    ("Dr. Müller kam heute. Er blieb lange.", ["Dr. Müller kam heute.", "Er blieb lange."]),
    (
        "Dabei waren u. a. Vertreter der Stadt. Sie sprachen kurz.",
        ["Dabei waren u. a. Vertreter der Stadt.", "Sie sprachen kurz."],
    ),
    ("Das kostet 5 bzw. 6 Euro. Mehr nicht.", ["Das kostet 5 bzw. 6 Euro.", "Mehr nicht."]),
    (
        "Er wohnt in Haus Nr. 5 an der Ecke. Dort ist es ruhig.",
        ["Er wohnt in Haus Nr. 5 an der Ecke.", "Dort ist es ruhig."],
    ),
    (
        "Es kamen ca. 300 Menschen. Alle waren froh.",
        ["Es kamen ca. 300 Menschen.", "Alle waren froh."],
    ),
    (
        "Prof. Schmidt sprach zuerst. Danach sprach Prof. Dr. Meier.",
        ["Prof. Schmidt sprach zuerst.", "Danach sprach Prof. Dr. Meier."],
    ),
    (
        "Die Kirche St. Marien ist alt. Sie wurde 1200 gebaut.",
        ["Die Kirche St. Marien ist alt.", "Sie wurde 1200 gebaut."],
    ),
    (
        "Der Fonds zahlte 4 Mrd. Fr. aus der Reserve. Das war viel.",
        ["Der Fonds zahlte 4 Mrd. Fr. aus der Reserve.", "Das war viel."],
    ),
    # ordinals: inside a sentence, and ending one
    (
        "Das Treffen findet am 13. September statt. Alle sind eingeladen.",
        ["Das Treffen findet am 13. September statt.", "Alle sind eingeladen."],
    ),
    (
        "Nach dem 2. Weltkrieg wurde alles anders. Das Land war zerstört.",
        ["Nach dem 2. Weltkrieg wurde alles anders.", "Das Land war zerstört."],
    ),
    (
        "Der 1. FC Köln gewann. Der 2. Platz ging an Mainz.",
        ["Der 1. FC Köln gewann.", "Der 2. Platz ging an Mainz."],
    ),
    (
        "Die Kurse laufen am 4. und 5. Mai, jeweils abends. Anmeldung vorab.",
        ["Die Kurse laufen am 4. und 5. Mai, jeweils abends.", "Anmeldung vorab."],
    ),
    (
        "Das Fest dauert vom 7. bis 9. Juni. Der Eintritt ist frei.",
        ["Das Fest dauert vom 7. bis 9. Juni.", "Der Eintritt ist frei."],
    ),
    (
        "Er belegte Platz 3. Damit war er zufrieden.",
        ["Er belegte Platz 3.", "Damit war er zufrieden."],
    ),
    (
        "Das Team landete auf Rang 12. Der Trainer war enttäuscht.",
        ["Das Team landete auf Rang 12.", "Der Trainer war enttäuscht."],
    ),
    (
        "Er meldete sich im Revier 29. Gegen ihn wird ermittelt.",
        ["Er meldete sich im Revier 29.", "Gegen ihn wird ermittelt."],
    ),
    (
        "Er kam im Jahr 2012. 2016 ging er wieder.",
        ["Er kam im Jahr 2012.", "2016 ging er wieder."],
    ),
    # dates, times, numbers
    (
        "Am 13.09.2023 war es soweit. Der Vertrag wurde unterschrieben.",
        ["Am 13.09.2023 war es soweit.", "Der Vertrag wurde unterschrieben."],
    ),
    (
        "Um 13.32 Uhr fiel der Strom aus. Niemand wusste warum.",
        ["Um 13.32 Uhr fiel der Strom aus.", "Niemand wusste warum."],
    ),
    (
        "Es kamen 1.000 Menschen. Das waren mehr als erwartet.",
        ["Es kamen 1.000 Menschen.", "Das waren mehr als erwartet."],
    ),
    (
        "Der Kurs stieg um 0,5 Prozent auf 7,02. Händler waren überrascht.",
        ["Der Kurs stieg um 0,5 Prozent auf 7,02.", "Händler waren überrascht."],
    ),
    # quotes: a sentence that ends inside a quotation keeps its closing mark
    ("„Wir sind da.“ Dann ging er.", ["„Wir sind da.“", "Dann ging er."]),
    ('"Wir sind da." Dann ging er.', ['"Wir sind da."', "Dann ging er."]),
    (
        'Er sagte: "Ich komme morgen." Sie glaubte ihm nicht.',
        ['Er sagte: "Ich komme morgen."', "Sie glaubte ihm nicht."],
    ),
    (
        "Er sagte: „Ich komme morgen.“ Sie glaubte ihm nicht.",
        ["Er sagte: „Ich komme morgen.“", "Sie glaubte ihm nicht."],
    ),
    ("Er sagte: »Ich komme.« Sie lachte.", ["Er sagte: »Ich komme.«", "Sie lachte."]),
    ('"Das ist gut", sagte er. "Wirklich."', ['"Das ist gut", sagte er.', '"Wirklich."']),
    ("„Kommst du?“, fragte sie. Er nickte.", ["„Kommst du?“, fragte sie.", "Er nickte."]),
    (
        'Er fragte: "Was soll das?" und ging. Niemand antwortete.',
        ['Er fragte: "Was soll das?" und ging.', "Niemand antwortete."],
    ),
    (
        'Das sei, so Müller, "nicht hinnehmbar". Die Firma widerspricht.',
        ['Das sei, so Müller, "nicht hinnehmbar".', "Die Firma widerspricht."],
    ),
    # question and exclamation marks
    (
        "Wer hat das getan? Niemand weiß es! Aber wir finden es heraus.",
        ["Wer hat das getan?", "Niemand weiß es!", "Aber wir finden es heraus."],
    ),
    ("Wie geht es weiter?! Keiner weiß es.", ["Wie geht es weiter?!", "Keiner weiß es."]),
    # ellipsis
    ("Er wartete... Dann kam der Bus.", ["Er wartete...", "Dann kam der Bus."]),
    ("Er wartete … Dann kam der Bus.", ["Er wartete …", "Dann kam der Bus."]),
    (
        "Er wartete ... und wartete. Dann kam der Bus.",
        ["Er wartete ... und wartete.", "Dann kam der Bus."],
    ),
    # parentheses
    (
        "Die Partei (SPD) gewann. Die Union (CDU/CSU) verlor.",
        ["Die Partei (SPD) gewann.", "Die Union (CDU/CSU) verlor."],
    ),
    (
        "Er ging nach Hause. (Das war klug.) Danach regnete es.",
        ["Er ging nach Hause.", "(Das war klug.)", "Danach regnete es."],
    ),
    ("Er ging (s. oben). Dann kam sie.", ["Er ging (s. oben).", "Dann kam sie."]),
    # whitespace
    ("  Ein Satz.\n  Noch einer.  ", ["Ein Satz.", "Noch einer."]),
    ("Nur ein Satz ohne Punkt", ["Nur ein Satz ohne Punkt"]),
    ("", []),
    (" \n\t ", []),
]


@pytest.mark.parametrize(("paragraph", "expected"), CASES)
def test_split_sentences(paragraph: str, expected: list[str]) -> None:
    assert split_sentences(paragraph) == expected


def _assert_preserves(paragraph: str) -> None:
    sentences = split_sentences(paragraph)
    assert benchmark.visible("".join(sentences)) == benchmark.visible(paragraph)
    assert all(sentence and sentence == sentence.strip() for sentence in sentences)


@pytest.mark.parametrize("paragraph", [paragraph for paragraph, _ in CASES])
def test_characters_are_preserved_on_cases(paragraph: str) -> None:
    _assert_preserves(paragraph)


@pytest.fixture(scope="module")
def eval_paragraphs() -> list[list[str]]:
    if not EVAL_XML.is_file():
        pytest.skip(f"evaluation data not found: {EVAL_XML}")
    return benchmark.load_paragraphs(EVAL_XML)


def test_characters_are_preserved_on_eval(eval_paragraphs: list[list[str]]) -> None:
    for gold in eval_paragraphs:
        _assert_preserves(" ".join(gold))
        _assert_preserves("\n".join(gold))


_NUMBERED = [f"Meldung Nummer {i} kam an." for i in range(2000)]


@pytest.mark.parametrize(("paragraph", "expected"), [
    (("Wort " * 4000)[:20000], [("Wort " * 4000)[:20000].strip()]),  # no end mark at all
    (" ".join(_NUMBERED), _NUMBERED),  # 54,000 characters: pysbd sees them in six windows
], ids=["20000-characters-no-punctuation", "2000-short-sentences"])
def test_long_paragraphs_keep_all_their_text(paragraph: str, expected: list[str]) -> None:
    assert split_sentences(paragraph) == expected
    _assert_preserves(paragraph)


def _split_in_windows(monkeypatch: pytest.MonkeyPatch, paragraphs: list[str],
                      window: int) -> list[list[str]]:
    monkeypatch.setattr(segment, "_WINDOW", window)
    return [split_sentences(paragraph) for paragraph in paragraphs]


def test_windows_change_no_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every case run together splits the same when pysbd sees it in 300-character windows."""
    paragraphs = [" ".join(paragraph for paragraph, _ in CASES)]
    whole = _split_in_windows(monkeypatch, paragraphs, 10**6)
    assert _split_in_windows(monkeypatch, paragraphs, 300) == whole


def test_windows_change_no_sentence_on_eval(eval_paragraphs: list[list[str]],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    paragraphs = [" ".join(" ".join(gold) for gold in eval_paragraphs[i:i + 40])
                  for i in range(0, len(eval_paragraphs), 40)]
    whole = _split_in_windows(monkeypatch, paragraphs, 10**6)
    assert _split_in_windows(monkeypatch, paragraphs, 500) == whole


def test_boundary_scores_stay_above_floors(eval_paragraphs: list[list[str]]) -> None:
    result = benchmark.score(split_sentences, eval_paragraphs)
    assert result.precision >= PRECISION_FLOOR, result
    assert result.recall >= RECALL_FLOOR, result


def test_boundaries_count_visible_characters() -> None:
    assert benchmark.boundaries(["Ab c.", "De.", "F."]) == {4, 7}
    assert benchmark.boundaries(["Nur einer."]) == set()


def test_many_paragraphs_and_windows_build_one_pysbd_segmenter(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Building pysbd's German rules costs more than splitting a short paragraph: every
    paragraph and every window of a long one must share one segmenter."""
    built: list[object] = []

    class Counting(segment.pysbd.Segmenter):
        def __init__(self, *args, **kwargs) -> None:
            built.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(segment.pysbd, "Segmenter", Counting)
    monkeypatch.setattr(segment, "_WINDOW", 300)
    segment._PER_THREAD.__dict__.pop("segmenter", None)
    try:
        long = " ".join(f"Das ist Satz Nummer {i} in einem langen Absatz." for i in range(40))
        assert [split_sentences(p) for p in ("Eins. Zwei.", "Drei. Vier.")] == [
            ["Eins.", "Zwei."], ["Drei.", "Vier."]]
        assert len(split_sentences(long)) == 40  # seen in several 300-character windows
        assert len(built) == 1
    finally:
        segment._PER_THREAD.__dict__.pop("segmenter", None)  # the next test: the real one
