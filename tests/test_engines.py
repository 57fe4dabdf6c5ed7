"""Both decoding engines on the tiny model: real loading, real CTranslate2 conversion, real
beam search, the same Translator around them; the choice of engine and its errors."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
import torch
from typer.testing import CliRunner

from tests.standin import GERMAN_LINES
from translate.cli import app
from translate.errors import UsageError
from translate.model import engines
from translate.model.config import read_config
from translate.model.engines import EngineChoice, choose, pick
from translate.model.resolve import load_tokenizer, resolve
from translate.model.retry import safer_attempt
from translate.model.translator import Translator
from translate.run import run
from translate.run.report import Report
from translate.settings import Decoding, Settings

ctranslate2 = pytest.importorskip("ctranslate2")

SENTENCES = ["Der Hund bellt.", *GERMAN_LINES[:5], "Der Hund bellt."]
CHOICES = [EngineChoice("torch", "float32"), EngineChoice("torch", "int8"),
           EngineChoice("ctranslate2", "float32"), EngineChoice("ctranslate2", "int8")]


def load(folder: Path, choice: EngineChoice, cache: Path, beams: int = 2) -> Translator:
    source = resolve(str(folder), cache, offline=True)
    return Translator.load(source, "cpu", Decoding(beams=beams, batch_size=3), choice, cache)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("engines-cache")


@pytest.fixture(scope="module")
def eos_model_dir(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny model with a bias towards the end token: some outputs end on their own,
    after zero to a few tokens, others still run into their cap."""
    from transformers import AutoModelForSeq2SeqLM

    folder = tmp_path_factory.mktemp("eos") / "model"
    shutil.copytree(tiny_model_dir, folder)
    model = AutoModelForSeq2SeqLM.from_pretrained(folder)
    with torch.no_grad():
        model.final_logits_bias[0, model.config.eos_token_id] = 13.0
    model.save_pretrained(folder)
    return folder


@pytest.mark.parametrize("choice", CHOICES, ids=lambda c: f"{c.name}-{c.compute}")
def test_every_engine_translates_through_the_same_interface(tiny_model_dir, cache, choice):
    translator = load(tiny_model_dir, choice, cache)
    batches = []
    results = translator.translate(SENTENCES, batches.append)
    assert translator.signature().engine == choice
    assert len(results) == len(SENTENCES) and all(r.text for r in results)
    assert results[0] == results[-1]  # identical texts, translated once
    assert len({r.text for r in results}) == len(SENTENCES) - 1  # inputs told apart
    assert all(-30 < r.score <= 0 and r.capped for r in results)  # random weights never stop
    assert [len(batch) for batch in batches] == [3, 3]  # six unique texts, batches of three
    assert dict(p for batch in batches for p in batch) == dict(zip(SENTENCES, results,
                                                                   strict=True))


def test_torch_int8_quantises_every_linear_layer(tiny_model_dir, cache):
    model = load(tiny_model_dir, EngineChoice("torch", "int8"), cache).model
    modules = [type(module) for module in model.modules()]
    assert torch.nn.Linear not in modules
    assert any(kind.__module__.startswith("torch.ao.nn.quantized") for kind in modules)


def test_ctranslate2_translates_and_scores_like_torch(eos_model_dir, cache):
    """Same model in fp32: the same beam search gives the same outputs, whether they end on
    their own or at their cap, and the same mean log-probability per token."""
    torch_results = load(eos_model_dir, CHOICES[0], cache).translate(GERMAN_LINES[:12])
    ct2_results = load(eos_model_dir, CHOICES[2], cache).translate(GERMAN_LINES[:12])
    assert {r.capped for r in torch_results} == {True, False}  # both kinds of ending
    same = [(a, b) for a, b in zip(torch_results, ct2_results, strict=True) if a.text == b.text]
    assert len(same) >= 11
    for a, b in same:
        assert a.capped == b.capped
        assert a.score == pytest.approx(b.score, abs=1e-3)


def test_ctranslate2_stops_each_output_at_its_own_cap(tiny_model_dir, cache):
    translator = load(tiny_model_dir, CHOICES[2], cache)
    inputs = [translator.tokenizer(text)["input_ids"] for text in ("Kurz.", GERMAN_LINES[2])]
    outputs = translator.engine.decode(inputs, [5, 17], beams=2)
    assert [len(output.ids) for output in outputs] == [5, 17]
    assert all(output.capped for output in outputs)
    # the shorter output was cut below the call's limit and scored again, teacher-forced
    [alone] = translator.engine.decode(inputs[:1], [5], beams=2)
    assert alone.ids == outputs[0].ids
    assert alone.score == pytest.approx(outputs[0].score, abs=1e-4)


def test_safer_retry_runs_on_ctranslate2(tiny_model_dir, cache):
    translator = load(tiny_model_dir, CHOICES[3], cache)
    [plain], [safer] = translator.translate(["Der Hund bellt."]), translator.translate(
        ["Der Hund bellt."], attempt=safer_attempt(translator.decoding))
    assert safer.text and -30 < safer.score <= 0
    assert safer.text != plain.text  # the repetition penalty changes a runaway output


def test_conversion_happens_once_per_model_vocabulary_and_precision(tiny_model_dir, tmp_path):
    from translate.model.engines.ct2_engine import converted

    source = resolve(str(tiny_model_dir), tmp_path, offline=True)
    first = converted(source, "int8", tmp_path)
    stamp = (first / "model.bin").stat().st_mtime_ns
    assert converted(source, "int8", tmp_path) == first
    assert (first / "model.bin").stat().st_mtime_ns == stamp  # reused, not converted again
    assert converted(source, "float32", tmp_path) != first
    edited = tmp_path / "edited"
    shutil.copytree(tiny_model_dir, edited)
    vocab = json.loads((edited / "vocab.json").read_text(encoding="utf-8"))
    vocab["▁neu"] = vocab.pop(next(piece for piece in vocab if piece.startswith("▁")))
    (edited / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    assert converted(resolve(str(edited), tmp_path, offline=True), "int8", tmp_path) != first


def test_engines_are_prepared_and_loaded_by_name(tiny_model_dir, tmp_path):
    source = resolve(str(tiny_model_dir), tmp_path, offline=True)
    torch_choice, ct2_choice = EngineChoice("torch", "float32"), EngineChoice("ctranslate2", "int8")
    engines.prepare(source, torch_choice, tmp_path)  # torch reads the folder as it is
    assert not (tmp_path / "ctranslate2").exists()
    engines.prepare(source, ct2_choice, tmp_path)  # what the Ray runner does before its actors
    [folder] = (tmp_path / "ctranslate2").iterdir()
    stamp = (folder / "model.bin").stat().st_mtime_ns
    _, tokenizer = load_tokenizer(source)
    loaded = engines.load(source, tokenizer, "cpu", ct2_choice, tmp_path)
    assert type(loaded).__name__ == "CTranslate2Engine" and loaded.choice == ct2_choice
    assert (folder / "model.bin").stat().st_mtime_ns == stamp  # loaded, not converted again
    loaded = engines.load(source, tokenizer, "cpu", torch_choice, tmp_path)
    assert type(loaded).__name__ == "TorchEngine" and loaded.choice == torch_choice
    assert sorted(engines.REGISTRY) == ["ctranslate2", "torch"]


def test_auto_takes_ctranslate2_int8_on_a_cpu_for_marian_models():
    assert choose("auto", "auto", "cpu", "marian") == EngineChoice("ctranslate2", "int8")
    assert choose("auto", "none", "cpu", "marian") == EngineChoice("ctranslate2", "float32")
    assert choose("auto", "auto", "cpu", "t5") == EngineChoice("torch", "float32")
    assert choose("torch", "auto", "cpu", "marian") == EngineChoice("torch", "float32")
    assert choose("torch", "int8", "cpu", "marian") == EngineChoice("torch", "int8")
    assert choose("auto", "auto", "mps", "marian") == EngineChoice("torch", "float32")


@pytest.fixture
def no_torch(monkeypatch: pytest.MonkeyPatch) -> None:
    """`import torch` fails, as if it were not installed: what runs is proven not to need it."""
    monkeypatch.setitem(sys.modules, "torch", None)


def gpus(monkeypatch: pytest.MonkeyPatch, count: int, libraries: str | None = None) -> None:
    """CTranslate2 sees `count` GPUs, and its CUDA libraries load (or fail as `libraries`
    says): the probe itself is tested on real libraries in test_cuda_libraries.py."""
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: count)
    monkeypatch.setattr(engines, "cuda_libraries_problem", lambda: libraries)


@pytest.mark.parametrize(("engine", "device", "count", "expected"), [
    ("auto", "auto", 0, ("cpu", EngineChoice("ctranslate2", "int8"))),
    ("auto", "auto", 1, ("cuda", EngineChoice("ctranslate2", "float16"))),
    ("auto", "cuda", 1, ("cuda", EngineChoice("ctranslate2", "float16"))),
    ("ctranslate2", "auto", 0, ("cpu", EngineChoice("ctranslate2", "int8"))),
    ("ctranslate2", "auto", 2, ("cuda", EngineChoice("ctranslate2", "float16"))),
    ("auto", "cpu", 1, ("cpu", EngineChoice("ctranslate2", "int8"))),
])
def test_ctranslate2_picks_its_device_without_torch(no_torch, monkeypatch, engine, device,
                                                    count, expected):
    gpus(monkeypatch, count)
    assert pick(engine, "auto", device, "marian") == expected


def test_ctranslate2_without_a_gpu_refuses_cuda_without_torch(no_torch, monkeypatch):
    gpus(monkeypatch, 0)
    with pytest.raises(UsageError, match="CTranslate2 build sees no CUDA GPU"):
        pick("ctranslate2", "auto", "cuda", "marian")
    with pytest.raises(UsageError, match="no Apple MPS backend"):
        pick("ctranslate2", "auto", "mps", "marian")


def test_macos_auto_asks_torch_for_apple_gpus_but_ctranslate2_does_not(monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert pick("auto", "auto", "auto", "marian") == ("mps", EngineChoice("torch", "float32"))
    monkeypatch.setitem(sys.modules, "torch", None)
    assert pick("ctranslate2", "auto", "auto", "marian")[0] == "cpu"


CUBLAS_MISSING = ("libcublas.so.12 cannot be loaded: CTranslate2's wheels need CUDA 12's cuBLAS; "
                  'pip install "translate-de-en[cuda12]" (CUDA 12\'s cuBLAS from PyPI), or use '
                  "--engine torch")


def test_auto_runs_torch_on_a_gpu_where_ctranslate2_cannot_load_cuda_12(monkeypatch, caplog):
    """A CUDA 13 machine: CTranslate2 sees the GPU but cannot load cuBLAS 12. auto runs torch
    on the GPU and says why in one line; an explicit CTranslate2 request fails before work."""
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    gpus(monkeypatch, 1, libraries=CUBLAS_MISSING)
    with caplog.at_level("INFO", logger="translate.model.engines"):
        assert pick("auto", "auto", "auto", "marian") == ("cuda",
                                                          EngineChoice("torch", "float32"))
    assert [r.getMessage() for r in caplog.records if r.name == "translate.model.engines"] == [
        f"CTranslate2 cannot run on this GPU ({CUBLAS_MISSING}); translating with torch there"]
    with pytest.raises(UsageError) as refused:
        pick("ctranslate2", "auto", "cuda", "marian")
    assert str(refused.value) == f"--engine ctranslate2: {CUBLAS_MISSING} (see docs/gpu.md)"
    assert pick("auto", "auto", "cpu", "marian") == ("cpu", EngineChoice("ctranslate2", "int8"))


def test_torch_is_asked_where_torch_runs(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    gpus(monkeypatch, 0)  # a CTranslate2 build without CUDA: auto falls back to torch on cuda
    assert pick("auto", "auto", "cuda", "marian") == ("cuda", EngineChoice("torch", "float32"))
    assert pick("auto", "auto", "auto", "t5") == ("cuda", EngineChoice("torch", "float32"))
    assert pick("auto", "float16", "cuda", "t5") == ("cuda", EngineChoice("torch", "float16"))
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(UsageError, match="torch sees no CUDA GPU"):
        pick("torch", "auto", "cuda", "marian")


def test_the_torch_engine_gives_the_english_it_gave_with_transformers_tokenizer(
        tiny_model_dir, cache):
    """Our tokenizer in front of the torch engine changes nothing: the same English and scores
    as with transformers' MarianTokenizer (the tokenizer the torch path used before)."""
    from transformers import AutoTokenizer

    from translate.model.tokenizer import MarianTokenizer

    ours = load(tiny_model_dir, CHOICES[0], cache)
    assert isinstance(ours.tokenizer, MarianTokenizer)
    before = Translator(ours.source, AutoTokenizer.from_pretrained(tiny_model_dir), ours.engine,
                        read_config(tiny_model_dir), ours.decoding)
    texts = [GERMAN_LINES[0], "„Wir sind bereit“, sagte er – 1.000 Soldaten …"]
    assert ours.translate(texts) == before.translate(texts)


@pytest.mark.parametrize(("engine", "quantize", "device", "message"), [
    ("torch", "float16", "cpu", "--quantize float16 is for a CUDA GPU"),
    ("torch", "int8", "cuda", "works on the CPU only"),
    ("ctranslate2", "auto", "mps", "no Apple MPS backend"),
])
def test_impossible_choices_are_usage_errors(engine, quantize, device, message):
    with pytest.raises(UsageError, match=message):
        choose(engine, quantize, device, "marian")


def invoke(*args: str | Path):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_the_run_records_engine_and_precision_and_keeps_them_apart(tiny_model_dir, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Titel der Meldung\nDer Hund bellt. Die Katze schläft.\n")
    out = tmp_path / "out.json"

    def translate(**options) -> Report:
        return run(Settings(inputs=(str(article),), output=out, formats=("json",),
                            model=str(tiny_model_dir), decoding=Decoding(beams=1), **options))

    first = translate(engine="torch", quantize="int8")
    assert first.failed == []
    assert json.loads(out.read_text())["run"]["translator"]["compute"] == "int8"
    second = translate(engine="ctranslate2")
    assert second.failed == []
    translator = json.loads(out.read_text())["run"]["translator"]
    assert (translator["engine"], translator["compute"]) == ("ctranslate2", "int8")
    assert (second.skipped, second.from_memory) == ([], 0)
    again = translate(engine="ctranslate2", force=True)
    assert again.from_memory == 3  # same engine and precision: the memory answers


def test_ctranslate2_missing_is_one_line_naming_the_install(tiny_model_dir, tmp_path,
                                                            monkeypatch):
    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # as if it were not installed
    article = tmp_path / "a.txt"
    article.write_text("Titel\nDer Hund bellt.\n")
    result = invoke("run", article, "--model", tiny_model_dir, "--engine", "ctranslate2")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "translate: error: --engine ctranslate2: CTranslate2 is not installed; pip install "
        "ctranslate2, or use --engine torch (see docs/speed.md)")
    fallback = invoke("run", article, "--model", tiny_model_dir, "-o", tmp_path / "o.json")
    assert fallback.exit_code == 0, fallback.stderr  # auto falls back to torch
    assert json.loads((tmp_path / "o.json").read_text())["run"]["translator"]["engine"] == "torch"


def test_help_explains_engine_and_quantize():
    text = invoke("run", "--help").output
    assert "--engine" in text and "--quantize" in text and "CTranslate2" in text


def test_the_scoring_pass_scores_a_whole_batch_at_once(eos_model_dir, cache, monkeypatch):
    """One teacher-forced pass scores every sentence of a batch (it took one pass each), and
    the scores are those of one pass per sentence."""
    from translate.model.engines import torch_engine

    translator = load(eos_model_dir, CHOICES[0], cache)
    translator.batch_size = len(SENTENCES)
    passes: list[int] = []

    def count_scoring(module, args, kwargs):  # generate()'s steps feed one token at a time
        if kwargs.get("decoder_input_ids") is not None and kwargs["decoder_input_ids"].shape[1] > 1:
            passes.append(kwargs["decoder_input_ids"].shape[0])

    translator.model.register_forward_pre_hook(count_scoring, with_kwargs=True)
    batched = translator.translate(SENTENCES)
    assert passes == [len(set(SENTENCES))]
    passes.clear()
    monkeypatch.setitem(torch_engine.SCORE_BYTES, "cpu", 1)  # one row a pass, as before
    single = translator.translate(SENTENCES)
    assert passes == [1] * len(set(SENTENCES))
    assert [r.text for r in batched] == [r.text for r in single]
    assert [r.score for r in batched] == pytest.approx([r.score for r in single], abs=2e-4)
