"""py3langid's model unpacked once per machine: the same answers as py3langid's own loader."""

from __future__ import annotations

from pathlib import Path

import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from translate.text.langid_model import load_identifier

SAMPLE = Path(__file__).resolve().parents[1] / "seeds/putin-kim-wostotschny.txt"
TEXTS = [SAMPLE.read_text(encoding="utf-8")[:3000], "The government wants to lower taxes.",
         "Le gouvernement veut baisser les impôts.", "Il governo vuole ridurre le tasse.", ""]


def test_the_unpacked_model_answers_as_py3langid_does(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSLATE_LANGID_CACHE", str(tmp_path))
    reference = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    for attempt in ("unpacks", "reads the copy"):
        ours = load_identifier()
        assert any(tmp_path.glob("*/out_feat.npy")), attempt
        for text in TEXTS:
            assert ours.classify(text) == pytest.approx(reference.classify(text))
            assert ours.rank(text)[:5] == reference.rank(text)[:5]


def test_an_unwritable_place_falls_back_to_the_package(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("TRANSLATE_LANGID_CACHE", str(blocker / "below"))
    assert load_identifier().classify(TEXTS[1])[0] == "en"
