"""The `translate` command end to end: real reading, real transformers code on a tiny model."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.cli_helpers import assert_no_crash
from translate.cli import app
from translate.document import Document
from translate.output.render.common import shown_summary
from translate.settings import FORMATS
from translate.text.dates import iso_date

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "seeds" / "putin-kim-wostotschny.txt"
HEADINGS = [
    "Wladimir Putin und Kim Jong Un treffen sich an Russlands neuem Weltraumbahnhof",
    'Kim Jong Un verspricht Putin Rückhalt im Ukraine-Krieg: "Wir unterstützen alle '
    'Entscheidungen"',
    "Verhandlungen hinter verschlossenen Türen: Putin und Kim sollen Waffen-Deals aushandeln",
    "Wladimir Putin bettelt Kim um Waffen und Munition an - besiegelt der Nordkorea-Deal die "
    "Wende im Ukraine-Krieg?",
]


def invoke(*args: str | Path, stdin: str | None = None):
    return CliRunner().invoke(app, [str(a) for a in args], input=stdin)


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if "error" in line]


@pytest.fixture(scope="module")
def sample_outputs(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """The sample translated once into JSON and Markdown with the default settings."""
    out = tmp_path_factory.mktemp("sample")
    result = invoke("run", SAMPLE, "--model", tiny_model_dir, "-o", out, "-f", "json,md",
                    "--device", "cpu", "--cache-dir", out / "cache")
    assert result.exit_code == 0, result.stderr
    name = SAMPLE.stem + ".de-en"
    return json.loads((out / f"{name}.json").read_text()), (out / f"{name}.md").read_text()


def test_sample_has_a_lead_and_four_headed_sections(sample_outputs):
    document, _ = sample_outputs
    sections = document["sections"]
    assert len(sections) == 5
    assert sections[0]["heading"] is None
    assert [s["heading"]["de"] for s in sections[1:]] == HEADINGS
    assert [s["id"] for s in sections] == ["s1", "s2", "s3", "s4", "s5"]


def test_sample_metadata_and_boilerplate(sample_outputs):
    document, _ = sample_outputs
    assert document["schema"] == "translate.document/1"
    assert document["title"]["de"] == SAMPLE.read_text().splitlines()[0]
    assert document["meta"] == {"author": "Claudia Löwe", "date": "2023-09-13T13:32",
                                "credit": "loc/news.de/dpa"}
    assert len(document["boilerplate"]) == 1
    assert document["boilerplate"][0].startswith("Folgen Sie News.de")
    assert document["source"]["format"] == "text"
    assert len(document["source"]["sha256"]) == 64


def test_every_line_of_the_sample_is_accounted_for_once_and_in_order(sample_outputs):
    """Each input line is the title, a metadata line, a heading, a paragraph (its sentences
    joined), the boilerplate or the credit, in the input's order; nothing is left over."""
    document, _ = sample_outputs
    meta = document["meta"]
    body = []
    for section in document["sections"]:
        if section["heading"]:
            body.append(section["heading"]["de"])
        body += [" ".join(s["de"] for s in p["sentences"]) for p in section["paragraphs"]]
    lines = [line for line in SAMPLE.read_text().splitlines() if line.strip()]
    assert lines[0] == document["title"]["de"]
    assert lines[1].endswith(meta["author"]) and iso_date(lines[2]) == meta["date"]
    assert lines[3:-2] == body
    assert lines[-2:] == [document["boilerplate"][0], meta["credit"]]


def test_every_unit_has_an_english_text_and_a_score(sample_outputs):
    document, _ = sample_outputs
    assert document["title"]["en"]
    sentences = [s for sec in document["sections"] for p in sec["paragraphs"]
                 for s in p["sentences"]]
    assert len(sentences) >= 20
    assert all(s["en"] and isinstance(s["score"], float) and s["score"] <= 0 for s in sentences)
    assert all(sec["heading"]["en"] for sec in document["sections"][1:])
    ids = [s["id"] for s in sentences]
    assert len(ids) == len(set(ids)) and ids[0] == "s1p1t1"


def test_summaries_and_run_block(sample_outputs):
    document, _ = sample_outputs
    english = {s["en"] for sec in document["sections"] for p in sec["paragraphs"]
               for s in p["sentences"]}
    brief = document["summary"]["en"]
    assert document["summary"]["kind"] == "extractive"
    # every section has a summary but the last: one quotation over two sentences, which a
    # summary would repeat whole (or cut in half)
    assert [bool(s["summary"]["en"]) for s in document["sections"]] == [True] * 4 + [False]
    assert {s["summary"].get("kind") for s in document["sections"][:4]} == {"extractive"}
    assert any(sentence in brief for sentence in english)
    run = document["run"]
    assert run["device"] == "cpu"
    assert run["translator"]["beams"] == 4 and run["translator"]["revision"].startswith("sha256:")
    assert run["summarizer"] == {"kind": "extractive", "model": None, "sentences": 2}
    assert run["seconds"] > 0


def test_markdown_is_bilingual_section_by_section(sample_outputs):
    document, markdown = sample_outputs
    lines = markdown.splitlines()
    assert lines[0] == "# " + document["title"]["de"]
    assert lines[3] == "Claudia Löwe · 13 Sep 2023, 13:32 · loc/news.de/dpa"  # no model, no beam
    assert not any(line.startswith("Source:") for line in lines)  # a file, not a web page
    assert markdown.count("| Deutsch | English |") == 5
    assert [line[3:] for line in lines if line.startswith("## ")] == HEADINGS
    assert sum(line.startswith("### ") for line in lines) == 4
    # "In brief" for the article; "Summary" for each section with something the article's
    # summary has not said already
    pages = Document.from_dict(document)
    shown = sum(shown_summary(section, pages) is not None for section in pages.sections)
    assert markdown.count("> **In brief.**") == 1 and markdown.count("> **Summary.**") == shown
    rows = [line for line in lines if line.startswith("| ") and "Deutsch" not in line
            and line != "| --- | --- |"]
    paragraphs = sum(len(sec["paragraphs"]) for sec in document["sections"])
    assert len(rows) == paragraphs
    assert all(row.count(" | ") - row.count("\\|") == 1 for row in rows)  # two cells each


def test_default_output_goes_next_to_the_input(tiny_model_dir: Path, tmp_path: Path):
    article = tmp_path / "kurz.txt"
    article.write_text("Ein Titel\nDie Sonne scheint. Es ist warm.\n")
    result = invoke("run", article, "--model", tiny_model_dir, "--beams", "1")
    assert result.exit_code == 0, result.stderr
    written = tmp_path / "kurz.de-en.md"
    assert written.read_text().startswith("# Ein Titel\n")
    assert f"translate: wrote {written}\n" in result.stderr  # where, for one input
    assert "1 article written (1 file), 0 up to date, 0 failed" in result.stderr
    # random weights never end a sentence: the report says every output hit its cap
    assert "3 of 3 translations ran into their length cap" in result.stderr


def test_output_suffix_chooses_the_format(tiny_model_dir: Path, tmp_path: Path):
    out = tmp_path / "out.json"
    result = invoke("run", SAMPLE, "--model", tiny_model_dir, "--beams", "1", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert json.loads(out.read_text())["run"]["translator"]["beams"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left


def test_standard_input_to_standard_output(tiny_model_dir: Path):
    result = invoke("run", "-", "-o", "-", "--model", tiny_model_dir, "--beams", "1", "-q",
                    stdin="Überschrift\nDer Hund bellt. Die Katze schläft.\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Überschrift\n")
    assert "| Der Hund bellt. Die Katze schläft. |" in result.stdout
    assert result.stderr == ""


def test_standard_input_in_two_formats_needs_a_folder(tiny_model_dir: Path):
    result = invoke("run", "-", "-f", "md,json", "--model", tiny_model_dir, stdin="Titel\n")
    assert result.exit_code == 2
    assert "standard output takes one input in one format; use -o FOLDER" in result.stderr


def test_folder_output_holds_every_format(tiny_model_dir: Path, tmp_path: Path):
    result = invoke("run", SAMPLE, "-", "--model", tiny_model_dir, "--beams", "1",
                    "-f", "md", "--format", "json", "-o", tmp_path / "out",
                    stdin="Titel\nEin Satz.\n")
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    stem = SAMPLE.stem + ".de-en"
    assert names == ["index.md", f"{stem}.json", f"{stem}.md", "stdin.de-en.json",
                     "stdin.de-en.md"]


def test_segment_prints_the_document_without_loading_a_model():
    code = (
        "import sys, json\n"
        "from typer.testing import CliRunner\n"
        "from translate.cli import app\n"
        f"result = CliRunner().invoke(app, ['segment', {str(SAMPLE)!r}])\n"
        "assert result.exit_code == 0, result.output\n"
        "document = json.loads(result.stdout)\n"
        "print(len(document['sections']), document['run'], 'torch' in sys.modules,"
        " 'transformers' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["5", "None", "False", "False"]


def test_segment_reads_standard_input():
    result = invoke("segment", "-", stdin="Titel\nErster Satz. Zweiter Satz.\n")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    sentences = document["sections"][0]["paragraphs"][0]["sentences"]
    assert [s["de"] for s in sentences] == ["Erster Satz.", "Zweiter Satz."]
    assert all(s["en"] is None for s in sentences)


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: d / "missing.txt", "no such file or folder"),
        (lambda d: _write(d / "empty.txt", ""), "the file is empty"),
        (lambda d: _write(d / "blank.txt", " \n\n \t\n"), "the file is empty"),
        (lambda d: _folder(d / "nothing"), "folder holds no articles"),
        (lambda d: _write(d / "binary.txt", b"\x00\x01\x02PNG"), "binary file"),
        (lambda d: _write(d / "odd.txt", bytes(range(128, 256)) * 4), "cannot tell how this"),
    ],
    ids=["missing", "empty", "blank", "empty-folder", "binary", "unknown-encoding"],
)
def test_bad_inputs_fail_with_one_clear_line(tmp_path: Path, setup, message):
    path = setup(tmp_path)
    result = invoke("run", path, "--model", tmp_path / "never-loaded")
    assert result.exit_code == 1
    [line] = error_lines(result)
    assert line.startswith(f"translate: error: {path}: ") and message in line
    assert_no_crash(result)


def test_a_bad_input_does_not_stop_the_good_ones(tiny_model_dir: Path, tmp_path: Path):
    good = _write(tmp_path / "gut.txt", "Titel\nEin Satz.\n")
    result = invoke("run", tmp_path / "missing.txt", good, "--model", tiny_model_dir,
                    "--beams", "1")
    assert result.exit_code == 1
    assert (tmp_path / "gut.de-en.md").is_file()
    assert len(error_lines(result)) == 1


@pytest.mark.parametrize(
    ("model", "extra", "message"),
    [
        ("Helsinki-NLP/opus-mt-de-en", ["--offline"], "offline mode"),
        ("no-such-org/no-such-model-xyz", [], "no-such-model-xyz: not in the model cache"),
        ("./no/such/folder", [], "no such model folder"),
        ("not a model id!", [], "not a Hugging Face model id"),
    ],
    ids=["offline-not-cached", "unknown-id", "missing-folder", "bad-id"],
)
def test_model_errors_are_one_line(tmp_path: Path, model, extra, message):
    result = invoke("run", SAMPLE, "--model", model, "--cache-dir", tmp_path / "cache", *extra)
    assert result.exit_code == 1
    [line] = error_lines(result)
    assert line.startswith("translate: error: ") and message in line
    assert_no_crash(result)
    assert not list(SAMPLE.parent.glob("*.de-en.*"))


def test_folder_without_config_is_not_a_model(tmp_path: Path):
    result = invoke("run", SAMPLE, "--model", tmp_path)
    assert result.exit_code == 1
    assert "not a model folder (it has no config.json)" in result.stderr


def test_verbose_shows_the_traceback(tmp_path: Path):
    result = invoke("run", SAMPLE, "--model", tmp_path, "--verbose")
    assert result.exit_code == 1
    assert "ModelError" in repr(result.exception)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], f"--format must be one of {', '.join(FORMATS)}, not 'pdf'"),
        (["--summarizer", "a/b/c"], "--summarizer must be one of extractive, none"),
        (["--device", "tpu"], "--device must be one of auto, cpu, cuda, mps"),
        (["-f", "md,json", "-o", "out.md"], "names one file, but there are several"),
        (["-o", "out.txt"], "-o out.txt: .txt is not an output format; name a .md, .html, .json "
         "or .docx file, or a folder"),
        (["-o", "out.md", "-f", "json"], "-o out.md does not fit --format json"),
        (["-o", "-", "-f", "md,json"], "standard output takes one input in one format"),
    ],
)
def test_usage_errors_exit_2(args, message, tiny_model_dir: Path):
    result = invoke("run", SAMPLE, "--model", tiny_model_dir, *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_cuda_requested_without_a_gpu_is_a_usage_error(tiny_model_dir: Path):
    torch = pytest.importorskip("torch")
    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    result = invoke("run", SAMPLE, "--model", tiny_model_dir, "--device", "cuda")
    assert result.exit_code == 2
    assert "torch sees no CUDA GPU" in result.stderr


def test_module_entry_point_and_version():
    done = subprocess.run([sys.executable, "-m", "translate", "--version"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.startswith("translate 0.")


def test_help_teaches_the_options():
    result = invoke("run", "--help")
    assert result.exit_code == 0
    for option in ("--model", "--summarizer", "--device", "--beams", "--batch-size",
                   "--cache-dir", "--offline", "--format", "--output", "--quiet"):
        assert option in result.stdout


def _write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    return path


def _folder(path: Path) -> Path:
    path.mkdir()
    (path / "bild.png").write_bytes(b"\x89PNG\r\n")
    return path
