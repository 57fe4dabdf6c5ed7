"""Settings checks every option that has a fixed set of values as it is made, from the command
line or from Python, in the same words (translate.settings.choice)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.errors import UsageError
from translate.settings import (
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
    ("input_format", "pdf", "--input-format must be one of text, markdown, html, not 'pdf'"),
    ("names", "feed", "--names must be one of article, run, not 'feed'"),
    ("formats", ("md", "pdf"), "--format must be one of md, html, json, not 'pdf'"),
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
    (["--input-format", "pdf"], "--input-format must be one of text, markdown, html, not 'pdf'"),
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
