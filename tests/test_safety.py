"""Safe loading and writing: weights read as safetensors only (pickle weights weights-only, into
a safetensors copy), no remote code, input size limit, and outputs that never escape the output
folder (symlinks, `..`, absolute paths)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.cli_helpers import assert_no_crash
from translate.articles import Article
from translate.cli import app
from translate.errors import InputError, ModelError
from translate.model.resolve import ModelSource, load_seq2seq_model, resolve
from translate.sources.inputs import collect, read
from translate.sources.readers import read_document, read_file

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
TEXT = ("Der Kreml hat am Mittwoch neue Gespräche angekündigt.\n\n"
        "Die Verhandlungen sollen in Moskau stattfinden. Beide Seiten zeigten sich zufrieden.\n")


@pytest.fixture(scope="module")
def pickle_model_dir(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny stand-in with its safetensors weights replaced by a pickle file, as a 2020
    conversion wrote it: the model's state dict, tied weights sharing one storage."""
    import torch
    from transformers import AutoModelForSeq2SeqLM

    folder = tmp_path_factory.mktemp("pickle") / "model"
    shutil.copytree(tiny_model_dir, folder)
    state = AutoModelForSeq2SeqLM.from_pretrained(folder).state_dict()
    (folder / "model.safetensors").unlink()
    torch.save(state, folder / "pytorch_model.bin")
    return folder


# -- pickle weights ---------------------------------------------------------------------------

def test_pickle_only_folder_loads_from_a_safetensors_copy(
        pickle_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = resolve(str(pickle_model_dir), tmp_path, offline=True)
    assert source.path.is_relative_to(tmp_path / "safetensors")
    assert (source.path / "model.safetensors").is_file()
    assert not list(source.path.glob("*.bin"))
    model = load_seq2seq_model(source, "cpu")
    assert model.lm_head.weight.data_ptr() == model.model.shared.weight.data_ptr()  # still tied
    import torch

    def no_unpickling(*args: object, **kwargs: object) -> None:
        raise AssertionError("unpickled again")

    monkeypatch.setattr(torch, "load", no_unpickling)  # a later run reads the copy
    assert resolve(str(pickle_model_dir), tmp_path, offline=True) == source


def test_pickle_that_would_run_code_is_refused(tiny_model_dir: Path, tmp_path: Path) -> None:
    import torch

    folder = tmp_path / "model"
    shutil.copytree(tiny_model_dir, folder)
    (folder / "model.safetensors").unlink()
    marker = tmp_path / "code-ran"
    torch.save({"weight": _RunsCode(marker)}, folder / "pytorch_model.bin")
    with pytest.raises(ModelError, match="holds more than model weights"):
        resolve(str(folder), tmp_path / "cache", offline=True)
    assert not marker.exists()
    assert not list((tmp_path / "cache" / "safetensors").iterdir())  # no copy left behind


class _RunsCode:
    """Unpickling this (fully) creates `marker`."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return Path.touch, (self.marker,)


def test_a_rival_run_may_win_the_copy(pickle_model_dir: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Another run finishes the same copy first: ours loses the rename and uses that one."""
    from translate.model import weights

    write_copy = weights._write_copy

    def rival_finishes_first(name: str, folder: Path, temp: Path) -> None:
        write_copy(name, folder, temp)
        monkeypatch.setattr(weights, "_write_copy", write_copy)
        rival.append(weights.safetensors_copy(name, folder, "rev", tmp_path))

    rival: list[Path] = []
    monkeypatch.setattr(weights, "_write_copy", rival_finishes_first)
    ours = weights.safetensors_copy("m", pickle_model_dir, "rev", tmp_path)
    assert rival == [ours] and (ours / "model.safetensors").is_file()
    assert [p.name for p in ours.parent.iterdir()] == [ours.name]  # no temporary folder left


def test_load_never_reads_pickle(pickle_model_dir: Path) -> None:
    # even a ModelSource built by hand (no resolve) does not fall back to the pickle file
    with pytest.raises(ModelError):
        load_seq2seq_model(ModelSource("pickled", pickle_model_dir, "x"), "cpu")


def test_safetensors_folder_is_used_as_it_is(tiny_model_dir: Path, tmp_path: Path) -> None:
    source = resolve(str(tiny_model_dir), tmp_path, offline=True)
    assert source.path == tiny_model_dir
    assert type(load_seq2seq_model(source, "cpu")).__name__ == "MarianMTModel"
    assert not (tmp_path / "safetensors").exists()


def test_cli_runs_a_pickle_model_and_has_no_allow_pickle(pickle_model_dir: Path,
                                                         tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(app, ["run", str(article), "--model", str(pickle_model_dir),
                                 "--device", "cpu", "--beams", "1",
                                 "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "a.de-en.md").is_file()
    result = runner.invoke(app, ["run", str(article), "--model", str(pickle_model_dir),
                                 "--allow-pickle", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2  # retired: weights-only loading needs no permission


# -- remote code ------------------------------------------------------------------------------

def test_no_trust_remote_code_anywhere() -> None:
    sources = [p for p in (ROOT / "translate").rglob("*.py")]
    offenders = [p for p in sources if "trust_remote_code=True" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_auto_map_in_config_runs_no_code(tiny_model_dir: Path, tmp_path: Path) -> None:
    """A config whose auto_map points at code in the folder: that code never runs."""
    folder = tmp_path / "model"
    shutil.copytree(tiny_model_dir, folder)
    marker = tmp_path / "remote-code-ran"
    (folder / "evil.py").write_text(
        f"open({str(marker)!r}, 'w').write('ran')\n"
        "from transformers import MarianConfig, MarianMTModel\n"
        "class EvilConfig(MarianConfig):\n    pass\n"
        "class EvilModel(MarianMTModel):\n    config_class = EvilConfig\n", encoding="utf-8")
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    config["auto_map"] = {"AutoConfig": "evil.EvilConfig",
                          "AutoModelForSeq2SeqLM": "evil.EvilModel"}
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    try:
        model = load_seq2seq_model(resolve(str(folder), tmp_path, offline=True), "cpu")
    except ModelError:
        pass  # refusing is fine too
    else:
        assert type(model).__name__ == "MarianMTModel"
    assert not marker.exists()


# -- input size limit -------------------------------------------------------------------------

def test_size_limit_refuses_before_decoding(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"\xff" * 2000)  # would fail decoding; the size check comes first
    with pytest.raises(InputError, match=r"larger than the .* MB input limit.*--max-size"):
        read_file(path, max_bytes=1000)
    with pytest.raises(InputError, match="input limit"):
        read_document(b"\xff" * 2000, "-", "text", max_bytes=1000)


def test_default_limit_is_ten_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * (10 * 2**20 + 1))
    with pytest.raises(InputError, match="10 MB input limit"):
        read(Article(str(path), Path("big")))


def test_cli_max_size_one_line_error_and_others_still_run(tmp_path: Path,
                                                          tiny_model_dir: Path) -> None:
    small = tmp_path / "in" / "small.txt"
    small.parent.mkdir()
    small.write_text(TEXT, encoding="utf-8")
    big = tmp_path / "in" / "big.txt"
    big.write_text(TEXT * (2**20 // len(TEXT.encode()) + 1), encoding="utf-8")  # just over 1 MB
    assert 2**20 < big.stat().st_size < 2**20 + 200
    result = runner.invoke(app, ["segment", str(big), "--max-size", "1"])
    assert result.exit_code == 1
    assert_no_crash(result)
    assert result.output.count("\n") == 1 and "1 MB input limit" in result.output
    assert runner.invoke(app, ["segment", str(small), "--max-size", "1"]).exit_code == 0
    result = runner.invoke(app, ["run", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                                 "--model", str(tiny_model_dir), "--device", "cpu",
                                 "--beams", "1", "--max-size", "1"])
    assert result.exit_code == 1, result.output
    assert "big.txt: larger than the 1 MB input limit" in result.output
    assert (tmp_path / "out" / "small.de-en.md").is_file()
    assert not (tmp_path / "out" / "big.de-en.md").exists()


# -- output paths -----------------------------------------------------------------------------

def test_symlinks_out_of_the_input_folder_are_skipped(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "secret.txt").write_text(TEXT, encoding="utf-8")
    (outside / "deep" / "more.txt").write_text(TEXT, encoding="utf-8")
    news = tmp_path / "news"
    (news / "sub").mkdir(parents=True)
    (news / "real.txt").write_text(TEXT, encoding="utf-8")
    (news / "sub" / "inner.md").write_text(TEXT, encoding="utf-8")
    os.symlink(outside / "secret.txt", news / "leak.txt")
    os.symlink(outside / "deep", news / "linked", target_is_directory=True)
    os.symlink(news / "real.txt", news / "sub" / "alias.txt")  # inside: fine
    os.symlink("../../../outside/secret.txt", news / "sub" / "rel.txt")

    failed: list[str] = []
    articles = collect((str(news),), failed)
    assert [a.relative for a in articles] == [Path("real"), Path("sub/alias"), Path("sub/inner")]
    assert len(failed) == 3
    assert all("symbolic link out of" in line and "\n" not in line for line in failed)
    assert {Path(line.split(":")[0]).name for line in failed} == {"leak.txt", "linked",
                                                                         "rel.txt"}


@pytest.mark.parametrize("name", ["...txt", "..txt.txt", "a..b.txt"])
def test_odd_file_names_stay_in_the_output_folder(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(TEXT, encoding="utf-8")
    articles = collect((str(path),), [])
    for article in articles:
        assert not article.relative.is_absolute() and ".." not in article.relative.parts
        out = tmp_path / "out"
        assert (out / article.relative).resolve().is_relative_to(out.resolve())


def test_relative_paths_never_escape(tmp_path: Path) -> None:
    news = tmp_path / "a" / "b"
    (news / "c").mkdir(parents=True)
    (news / "c" / "x.txt").write_text(TEXT, encoding="utf-8")
    for given in (str(news), str(news / ".." / "b"), str(news / "c" / ".."),
                  str(news / "c" / "x.txt"), os.path.relpath(news, Path.cwd())):
        for article in collect((given,), []):
            assert not article.relative.is_absolute()
            assert ".." not in article.relative.parts
