"""The translation signature keys what changes a translation, and only that: batch sizes are
throughput settings, so changing them must neither change the English (shown on the trained
stand-in, which ends its sentences, with both engines) nor re-translate anything."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.standin.pairs import pairs, sample_pairs
from translate.model.engines import EngineChoice
from translate.model.resolve import resolve
from translate.model.signature import Signature, translation_signature
from translate.model.translator import Translator
from translate.run import run
from translate.settings import Decoding, Settings

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "seeds" / "putin-kim-wostotschny.txt"
ENGINES = [EngineChoice("torch", "float32"), EngineChoice("ctranslate2", "int8")]
# one sentence a batch; the default; batches cut by a small token budget instead of a count
BATCHINGS = [Decoding(batch_size=1), Decoding(), Decoding(batch_size=64, batch_tokens=60)]


def test_signature_holds_what_decides_a_translation(tiny_model_dir: Path, tmp_path: Path):
    source = resolve(str(tiny_model_dir), tmp_path, offline=True)
    signature = translation_signature(source, Decoding(beams=3, batch_size=7),
                                      EngineChoice("ctranslate2", "int8"))
    assert list(signature.to_dict()) == ["model", "revision", "beams", "length_ratio",
                                         "length_margin", "engine", "compute", "libraries"]
    assert signature.beams == 3 and signature.engine == EngineChoice("ctranslate2", "int8")
    assert signature.libraries == f"ctranslate2 {version('ctranslate2')}"
    torch_signature = translation_signature(source, Decoding(), EngineChoice("torch", "float32"))
    assert torch_signature.libraries == (f"torch {version('torch')}, "
                                         f"transformers {version('transformers')}")


def test_the_signature_keeps_the_keys_memories_and_outputs_were_written_under():
    """The key is the hash the memory used when the signature was a dict, so memories and
    outputs written before keep theirs; a glossary key is added only where a text matched."""
    signature = Signature("opus-mt-de-en", "sha256:abc", 4, 1.6, 10,
                          EngineChoice("ctranslate2", "int8"), "ctranslate2 4.5.0")
    as_before = {"model": "opus-mt-de-en", "revision": "sha256:abc", "beams": 4,
                 "length_ratio": 1.6, "length_margin": 10, "engine": "ctranslate2",
                 "compute": "int8", "libraries": "ctranslate2 4.5.0"}
    assert signature.to_dict() == as_before
    assert signature.key() == hashlib.sha256(
        json.dumps(as_before, sort_keys=True).encode()).hexdigest()[:16] == "19ba33502128a863"
    glossed = replace(signature, glossary="g1")
    assert glossed.to_dict() == {**as_before, "glossary": "g1"} and glossed.key() != signature.key()
    assert signature.short() == ["opus-mt-de-en (rev abc)", "beam 4"]


def test_batch_sizes_do_not_change_the_signature(tiny_model_dir: Path, tmp_path: Path):
    source = resolve(str(tiny_model_dir), tmp_path, offline=True)
    choice = EngineChoice("ctranslate2", "int8")
    assert len({translation_signature(source, decoding, choice).key()
                for decoding in BATCHINGS}) == 1
    changed = [Decoding(beams=2), Decoding(length_ratio=1.5), Decoding(length_margin=3)]
    assert len({translation_signature(source, decoding, choice).key()
                for decoding in [Decoding(), *changed]}) == 4


@pytest.mark.parametrize("choice", ENGINES, ids=lambda choice: choice.name)
def test_every_batching_gives_the_learned_english(choice: EngineChoice, trained_model_dir: Path,
                                                  tmp_path: Path):
    """Each text gets its own English however the batches are cut: a translator that handed
    results back to the wrong inputs after sorting, or whose padding leaked into a neighbour,
    would differ from the learned English here."""
    source = resolve(str(trained_model_dir), tmp_path, offline=True)
    german = [de for de, _ in pairs()]
    learned = [en for _, en in pairs()]
    for decoding in BATCHINGS:
        translator = Translator.load(source, "cpu", decoding, choice, tmp_path)
        batches: list[list[tuple[str, object]]] = []
        results = translator.translate(german, batches.append)
        assert [r.text for r in results] == learned, decoding
        assert max(len(batch) for batch in batches) <= translator.batch_size
        assert len(batches) > 1  # the texts really were cut into several batches


def test_changing_batch_sizes_retranslates_nothing(trained_model_dir: Path, tmp_path: Path):
    settings = Settings(inputs=(str(SAMPLE),), output=tmp_path / "out", formats=("json",),
                        model=str(trained_model_dir), device="cpu", cache_dir=tmp_path / "cache")
    first = run(settings)
    assert first.translated == len(sample_pairs()) and first.skipped == []
    again = run(replace(settings, decoding=Decoding(batch_size=3, batch_tokens=100)))
    assert again.skipped == [str(SAMPLE)]  # the output is still up to date
    forced = run(replace(settings, decoding=Decoding(batch_size=3, batch_tokens=100),
                         force=True))
    assert forced.translated == 0 and forced.from_memory == len(sample_pairs())
    other_beams = run(replace(settings, decoding=Decoding(beams=2)))
    assert other_beams.translated == len(sample_pairs())  # beams do decide a translation
