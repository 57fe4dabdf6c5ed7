"""Settings checks every option that has a fixed set of values as it is made, from the command
line or from Python, in the same words (translate.settings.choice)."""

from __future__ import annotations

import dataclasses

import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.errors import UsageError
from translate.settings import (
    Decoding,
    DeviceName,
    EngineName,
    InputFormat,
    NameScope,
    OutputFormat,
    Quantize,
    Settings,
)


def test_strings_become_the_options_members():
    settings = Settings(inputs=("a.txt",), formats=("md", "json"), device="cpu",
                        engine="ctranslate2", quantize="int8", input_format="html", names="run")
    assert settings.formats == (OutputFormat.MD, OutputFormat.JSON)
    assert (settings.device, settings.engine, settings.quantize) == (
        DeviceName.CPU, EngineName.CTRANSLATE2, Quantize.INT8)
    assert (settings.input_format, settings.names) == (InputFormat.HTML, NameScope.RUN)
    assert f"{settings.engine}/{settings.quantize}" == "ctranslate2/int8"  # as strings


@pytest.mark.parametrize(("field", "value", "message"), [
    ("engine", "onnx", "--engine must be one of auto, torch, ctranslate2, not 'onnx'"),
    ("quantize", "int4", "--quantize must be one of auto, none, int8, float16, not 'int4'"),
    ("device", "tpu", "--device must be one of auto, cpu, cuda, mps, not 'tpu'"),
    ("input_format", "rtf",
     "--input-format must be one of text, markdown, html, docx, odt, epub, pdf, not 'rtf'"),
    ("names", "feed", "--names must be one of article, run, not 'feed'"),
    ("formats", ("md", "pdf"), "--format must be one of md, html, json, docx, not 'pdf'"),
])
def test_a_value_an_option_does_not_take_is_refused_with_the_values_it_takes(field, value,
                                                                            message):
    with pytest.raises(UsageError) as caught:
        Settings(inputs=("a.txt",), **{field: value})
    assert str(caught.value) == message


@pytest.mark.parametrize(("args", "message"), [
    (["--engine", "onnx"], "--engine must be one of auto, torch, ctranslate2, not 'onnx'"),
    (["--quantize", "int4"], "--quantize must be one of auto, none, int8, float16, not 'int4'"),
    (["--runner", "dask"], "--runner must be one of local, ray, not 'dask'"),
    (["--input-format", "rtf"],
     "--input-format must be one of text, markdown, html, docx, odt, epub, pdf, not 'rtf'"),
    (["--actors", "2"], "--actors sets the translation actors of --runner ray"),
    (["--runner", "ray", "-o", "out.md"], "--runner ray writes into a folder that every "
     "worker can reach: give -o FOLDER"),
])
def test_the_command_line_refuses_them_in_one_line_before_anything_runs(args, message,
                                                                         tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Titel\n\nEin Satz.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(article), *args])
    assert result.exit_code == 2, result.output
    assert result.stderr == f"translate: error: {message}\n"
    assert list(tmp_path.iterdir()) == [article]  # nothing was written


def test_runner_ray_refuses_standard_input():
    result = CliRunner().invoke(app, ["run", "-", "--runner", "ray", "-o", "out/"], input="x")
    assert result.exit_code == 2
    assert result.stderr == ("translate: error: --runner ray reads files and folders, not "
                             "standard input\n")


# Ranges and types: the same check for Python and the command line, in the same words.
RANGES = [
    ({"summary_sentences": 0}, ["--summary-sentences", "0"],
     "--summary-sentences must be at least 1, not 0"),
    ({"summary_sentences": 3}, ["--summary-sentences", "3"],
     "--summary-sentences must be at most 2, not 3"),
    ({"max_size_mb": -1}, ["--max-size", "-1"], "--max-size must be at least 0.001, not -1"),
    ({"fetch_delay": -0.5}, ["--delay", "-0.5"], "--delay must be at least 0, not -0.5"),
    ({"decoding": {"beams": 0}}, ["--beams", "0"], "--beams must be at least 1, not 0"),
    ({"decoding": {"beams": 17}}, ["--beams", "17"], "--beams must be at most 16, not 17"),
    ({"decoding": {"batch_size": 0}}, ["--batch-size", "0"],
     "--batch-size must be at least 1, not 0"),
    ({"decoding": {"batch_size": 2000}}, ["--batch-size", "2000"],
     "--batch-size must be at most 1024, not 2000"),
    ({"decoding": {"batch_tokens": 0}}, ["--batch-tokens", "0"],
     "--batch-tokens must be at least 1, not 0"),
]


def _made(fields: dict) -> Settings:
    """Settings with `fields` (a dict for `decoding`: Decoding's fields)."""
    fields = {"inputs": ("a.txt",), **fields}
    if isinstance(fields.get("decoding"), dict):
        fields["decoding"] = Decoding(**fields["decoding"])
    return Settings(**fields)


@pytest.mark.parametrize(("fields", "args", "message"), RANGES)
def test_a_number_out_of_range_is_refused_from_python(fields, args, message):
    with pytest.raises(UsageError) as caught:
        _made(fields)
    assert str(caught.value) == message


@pytest.mark.parametrize(("fields", "args", "message"), RANGES)
def test_the_command_line_refuses_it_in_the_same_words(fields, args, message, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Titel\n\nEin Satz.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(article), *args])
    assert (result.exit_code, result.stderr) == (2, f"translate: error: {message}\n")
    assert list(tmp_path.iterdir()) == [article]


@pytest.mark.parametrize(("fields", "message"), [
    ({"formats": "md"}, "--format takes a tuple of values, such as ('md',), not 'md'"),
    ({"inputs": "a.txt"}, "INPUT takes a tuple of values, such as ('a.txt',), not 'a.txt'"),
    ({"offline": "yes"}, "--offline must be True or False, not 'yes'"),
    ({"cache_dir": 3}, "--cache-dir must be a path, not 3"),
    ({"model": None}, "--model must be a string, not None"),
    ({"max_size_mb": "10"}, "--max-size must be a number, not '10'"),
    ({"summary_sentences": 1.5}, "--summary-sentences must be a whole number, not 1.5"),
    ({"decoding": {"beams": True}}, "--beams must be a whole number, not True"),
    ({"decoding": {"length_margin": 0}}, "--length-margin must be at least 1, not 0"),
    ({"decoding": 4}, "--decoding must be a Decoding, not 4"),
])
def test_a_value_of_the_wrong_type_is_refused_not_misread(fields, message):
    with pytest.raises(UsageError) as caught:
        _made(fields)
    assert str(caught.value) == message


def test_paths_and_lists_given_from_python_become_the_fields_types(tmp_path):
    settings = Settings(inputs=["a.txt"], output=str(tmp_path), cache_dir=str(tmp_path),
                        max_size_mb=5)
    assert settings.inputs == ("a.txt",)
    assert (settings.output, settings.cache_dir) == (tmp_path, tmp_path)
    assert settings.max_size_mb == 5.0 and isinstance(settings.max_size_mb, float)


@pytest.mark.parametrize("kind", [Settings, Decoding])
def test_every_field_has_a_check(kind):
    assert set(kind.CHECKS) == {each.name for each in dataclasses.fields(kind)}
