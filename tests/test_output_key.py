"""An output is up to date only when everything that changes it is as it was (sacrebleu's rule:
the signature holds everything that changes the result). Every field of Settings and of Decoding
is listed here as in the output key or not, with the reason, and each one's effect on the key of
a real plan is checked: a field added to either fails until it is classified."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import pytest

from translate.articles import Article
from translate.edits.glossary import glossary_file
from translate.run import run
from translate.run.plan import make_plan
from translate.run.stages import read_article
from translate.settings import Decoding, Settings

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "seeds" / "putin-kim-wostotschny.txt"

# field -> how it enters every output's key
SETTINGS_IN_KEY = {
    "model": "the translator's signature: the model's name and revision",
    "engine": "the translator's signature: the engine",
    "quantize": "the translator's signature: the compute type",
    "decoding": "the translator's signature (DECODING_IN_KEY)",
    "summarizer": "the summariser's label",
    "summary_sentences": "the summariser's label",
    "prompt_dir": "a model summariser's label holds its prompts' digest (the extractive one "
                  "has no prompts: test_summarize_models checks a changed prompt)",
    "glossary": "the glossary's digest",
    "input_format": "the reader each input is parsed with",
    "names": "the run's name scope",
}
# field -> why it is not in the key
SETTINGS_NOT_IN_KEY = {
    "inputs": "which articles run; each article's key holds its own bytes",
    "output": "where the outputs go, not what they hold",
    "formats": "which files are written; each records its own key, and a missing one is written",
    "device": "what a device changes (the engine and its compute type) is in the signature; "
              "'auto' may resolve differently on another machine, so it is not varied here",
    "cache_dir": "where models and the memory are kept",
    "offline": "whether the hub may be asked; the revision a model resolves to is in the key",
    "strict": "whether a text that is not German fails; what is written of the rest is the same",
    "force": "rewrites outputs whatever their key",
    "memory": "the memory gives back what the engine gave (it is keyed by the signature)",
    "max_size_mb": "refuses larger inputs; what is written of the others is the same",
    "fetch_delay": "how fast pages are fetched, not what they hold",
    "allow_private_urls": "which URLs may be fetched, not what is written of a fetched one",
}
DECODING_IN_KEY = {"beams", "length_ratio", "length_margin"}
DECODING_NOT_IN_KEY = {
    "batch_size": "throughput only (test_signature: the same English for every batching)",
    "batch_tokens": "throughput only, as batch_size",
}


def test_every_field_is_classified():
    for kind, in_key, not_in_key in ((Settings, SETTINGS_IN_KEY, SETTINGS_NOT_IN_KEY),
                                     (Decoding, DECODING_IN_KEY, DECODING_NOT_IN_KEY)):
        names = {each.name for each in fields(kind)}
        assert not set(in_key) & set(not_in_key)
        unclassified = names - set(in_key) - set(not_in_key)
        assert not unclassified, (f"{kind.__name__}.{', '.join(sorted(unclassified))}: say here "
                                  "whether it changes the output (and put it in the key if so)")
        assert set(in_key) | set(not_in_key) == names  # nothing listed that is gone


@pytest.fixture
def base(trained_model_dir: Path, tmp_path: Path) -> Settings:
    return Settings(inputs=(str(SAMPLE),), output=tmp_path / "out", model=str(trained_model_dir),
                    device="cpu", engine="auto", cache_dir=tmp_path / "cache", offline=True)


def variants(tmp_path: Path, tiny_model_dir: Path) -> dict[str, Any]:
    """One other value for each field that can be varied on any machine."""
    glossary = tmp_path / "glossary.csv"
    glossary.write_text("Wostotschny,Vostochny\n", encoding="utf-8")
    return {
        "model": str(tiny_model_dir), "engine": "torch", "quantize": "none",
        "decoding": Decoding(beams=2), "summarizer": "none", "summary_sentences": 1,
        "glossary": glossary_file(glossary), "input_format": "markdown", "names": "run",
        "inputs": (str(SAMPLE), str(tmp_path)), "output": tmp_path / "elsewhere",
        "formats": ("json", "html"), "cache_dir": tmp_path / "other-cache", "offline": False,
        "strict": True, "force": True, "memory": False, "max_size_mb": 5.0, "fetch_delay": 0.0,
        "allow_private_urls": False,
        **{f"decoding.{name}": Decoding(**{name: value}) for name, value in (
            ("beams", 2), ("length_ratio", 1.5), ("length_margin", 3), ("batch_size", 3),
            ("batch_tokens", 200))},
    }


def key(settings: Settings) -> str:
    """The output key the read stage gives the sample under `settings`."""
    plan, _ = make_plan(settings)
    read = read_article(Article(str(SAMPLE), Path(SAMPLE.stem)), plan)
    assert read.error == ""
    return read.key


def test_a_key_changes_exactly_with_the_fields_in_it(base: Settings, tiny_model_dir: Path,
                                                     tmp_path: Path):
    original = key(base)
    changed = variants(tmp_path, tiny_model_dir)
    unvaried = {"device", "prompt_dir"}
    assert set(changed) == ({each.name for each in fields(Settings)} - unvaried
                            | {f"decoding.{each.name}" for each in fields(Decoding)})
    keys = {field: key(replace(base, **{field.split(".")[0]: value}))
            for field, value in changed.items()}
    in_key = set(SETTINGS_IN_KEY) | {f"decoding.{name}" for name in DECODING_IN_KEY}
    assert {field for field, new in keys.items() if new != original} == in_key - unvaried


def test_changing_how_inputs_are_read_or_names_scoped_rewrites_the_output(
        trained_model_dir: Path, tmp_path: Path):
    article = tmp_path / "artikel.txt"
    article.write_bytes(SAMPLE.read_bytes())
    settings = Settings(inputs=(str(article),), output=tmp_path / "out", formats=("json",),
                        model=str(trained_model_dir), device="cpu")

    def written(**options: Any) -> tuple[int, list[str]]:
        report = run(replace(settings, **options))
        assert report.failed == []
        return report.articles_written, report.skipped

    assert written() == (1, [])
    assert written() == (0, [str(article)])
    assert written(input_format="markdown") == (1, [])
    assert written(input_format="markdown") == (0, [str(article)])
    assert written(input_format="markdown", names="run") == (1, [])
    assert written(input_format="markdown", names="run") == (0, [str(article)])
    assert written() == (1, [])  # and back
