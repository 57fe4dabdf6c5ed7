"""translate serve, as a client sees it: a real server process (the trained stand-in) on a free
port, real HTTP clients. Its answers are checked against the stand-in's known English."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.serve_process import ROOT, ServeProcess
from tests.standin.pairs import TITLE_EN, pairs, sample_pairs
from translate.document import Document
from translate.output_formats import WRITABLE

pytest.importorskip("fastapi")

SAMPLE = ROOT / "seeds" / "putin-kim-wostotschny.txt"
KNOWN = dict(pairs())
SENTENCES = [de for de, _ in sample_pairs()[1:] if de.endswith(".") and '"' not in de]


def article(number: int, size: int = 6) -> str:
    """A short article of the sample's sentences, a different choice for each `number`."""
    chosen = [SENTENCES[(number * 5 + step) % len(SENTENCES)] for step in range(size)]
    return f"{chosen[0]}\n\n{' '.join(chosen[1:])}\n"


def english_is_known(answer: dict) -> list[str]:
    """Every unit of a document JSON answer, checked to have the stand-in's English; returns
    the German of the units, in order."""
    document = Document.from_dict(answer)
    units = list(document.units())
    assert units and all(unit.en == KNOWN[unit.de] for unit in units)
    return [unit.de for unit in units]


@pytest.fixture(scope="module")
def server(trained_model_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    with ServeProcess(trained_model_dir, tmp_path_factory.mktemp("serve")) as running:
        yield running


def post(server: ServeProcess, content: str | bytes, media: str = "text/plain",
         query: str = "", **options) -> httpx.Response:
    return httpx.post(f"{server.url}/v1/documents{query}", content=content,
                      headers={"Content-Type": media}, timeout=120, **options)


def test_healthz_names_the_loaded_model(server, trained_model_dir):
    answer = httpx.get(f"{server.url}/healthz").json()
    assert answer["status"] == "ok"
    assert answer["model"] == str(trained_model_dir)
    assert answer["summarizer"]["kind"] == "extractive"


def test_a_text_body_comes_back_as_the_document_json(server):
    response = post(server, SAMPLE.read_bytes())
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    answer = response.json()
    assert answer["schema"] == "translate.document/1"
    assert answer["title"]["en"] == TITLE_EN
    assert english_is_known(answer) == [de for de, _ in sample_pairs()]
    assert answer["run"]["summarizer"]["kind"] == "extractive"
    assert all(section["summary"] for section in answer["sections"])


@pytest.mark.parametrize(("fmt", "media", "marker"), [
    ("md", "text/markdown", f"*{TITLE_EN}*"),
    ("html", "text/html", '<p class="title-en" lang="en">'),
])
def test_format_renders_the_document(server, fmt, media, marker):
    response = post(server, SAMPLE.read_bytes(), query=f"?format={fmt}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert marker in response.text


def test_docx_comes_back_as_a_word_document(server):
    import io

    import docx

    response = post(server, SAMPLE.read_bytes(), query="?format=docx")
    assert response.status_code == 200
    assert response.headers["content-type"] == WRITABLE["docx"].media_type
    text = [paragraph.text for paragraph in docx.Document(io.BytesIO(response.content)).paragraphs]
    assert TITLE_EN in text


def test_markdown_html_json_and_a_file_are_read_by_their_type(server):
    markdown = f"# {SENTENCES[0]}\n\n{SENTENCES[1]} {SENTENCES[2]}\n"
    page = (f"<html><body><article><h1>{SENTENCES[0]}</h1><p>{SENTENCES[1]}</p></article>"
            "</body></html>")
    answers = [
        post(server, markdown, "text/markdown; charset=utf-8"),
        post(server, page, "text/html"),
        post(server, json.dumps({"text": markdown, "format": "markdown"}), "application/json"),
        httpx.post(f"{server.url}/v1/documents", timeout=120,
                   files={"file": ("artikel.md", markdown.encode(), "text/markdown")}),
    ]
    assert [response.status_code for response in answers] == [200] * 4
    units = [english_is_known(response.json()) for response in answers]
    assert units[0] == units[2] == units[3] == SENTENCES[:3]
    assert units[1] == SENTENCES[:2]
    assert answers[3].json()["source"]["path"] == "artikel.md"


def test_per_request_summarizer_and_glossary(server):
    sentence = next(de for de in SENTENCES if "Wostotschny" in de)
    answer = post(server, json.dumps({"text": article(1), "summarizer": "none"}),
                  "application/json").json()
    assert answer["run"]["summarizer"]["kind"] == "none"
    assert not any((section["summary"] or {}).get("en") for section in answer["sections"])
    assert answer["summary"] == {"en": None}
    glossary = json.dumps([["Wostotschny", "Wostotschny"]])
    answer = post(server, f"{sentence}\n\n{sentence}\n", query=f"?glossary={glossary}").json()
    assert answer["run"]["glossary"]
    assert all("Wostotschny" in unit.en for unit in Document.from_dict(answer).units())


def test_concurrent_clients_each_get_their_own_article(server):
    articles = [article(number) for number in range(12)]

    def ask(text: str) -> list[str]:
        response = post(server, text)
        assert response.status_code == 200, response.text
        return english_is_known(response.json())

    with ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(ask, articles))
    for text, units in zip(articles, answers, strict=True):
        assert " ".join(units) == " ".join(text.split("\n\n")).strip().replace("\n", "")


@pytest.mark.parametrize(("content", "media", "status", "words"), [
    (b"{bad json", "application/json", 400, "malformed JSON"),
    (b"[1, 2]", "application/json", 400, "must be an object"),
    (json.dumps({"url": "ftp://example.org/x"}).encode(), "application/json", 422, "ftp"),
    (json.dumps({"url": 7}).encode(), "application/json", 400, "http(s) URL"),
    (json.dumps({"url": "http://127.0.0.1:9/"}).encode(), "application/json", 422, "refused"),
    (json.dumps({"text": "x", "url": "http://a.de"}).encode(), "application/json", 400,
     "exactly one"),
    (json.dumps({"text": "Hallo", "summarizer": "bart"}).encode(), "application/json", 400,
     "summarizer"),
    (json.dumps({"text": "Hallo", "glossary": [["a"]]}).encode(), "application/json", 400,
     "glossary"),
    (bytes(range(256)) * 64, "application/octet-stream", 415, "unsupported content type"),
    (b"%PDF-1.7 \x00\x01\x02", "text/plain", 422, "PDF"),
    (b"   \n  ", "text/plain", 422, "empty"),
    (b"--xyz\r\nbroken", "multipart/form-data; boundary=xyz", 400, ""),
])
def test_what_a_client_gets_wrong_is_a_json_error(server, content, media, status, words):
    response = post(server, content, media)
    assert response.status_code == status
    assert words in response.json()["error"]


def test_a_huge_body_is_refused_with_413_and_the_server_goes_on(server):
    response = post(server, b"a" * (11 * 2**20))
    assert response.status_code == 413
    assert "MB limit" in response.json()["error"]

    def chunks():  # no Content-Length: the limit is counted as the body streams
        for _ in range(12):
            yield b"b" * 2**20

    response = post(server, chunks())
    assert response.status_code == 413
    assert post(server, article(2)).status_code == 200


def test_unknown_routes_and_methods_answer_json(server):
    assert httpx.get(f"{server.url}/nowhere").json() == {"error": "Not Found"}
    response = httpx.get(f"{server.url}/v1/documents")
    assert response.status_code == 405
    assert response.json() == {"error": "Method Not Allowed"}


def test_a_second_server_without_the_key_on_another_address_refuses_to_start(trained_model_dir):
    result = subprocess.run(
        [sys.executable, "-m", "translate", "serve", "--model", str(trained_model_dir),
         "--host", "0.0.0.0"], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "translate: error: --host 0.0.0.0 lets other machines in: give --api-key KEY (or set "
        "TRANSLATE_API_KEY), or listen on 127.0.0.1"]


def test_without_the_extra_serve_says_how_to_install_it(tmp_path, trained_model_dir):
    (tmp_path / "fastapi").mkdir()  # a fastapi that cannot be imported stands for none
    (tmp_path / "fastapi" / "__init__.py").write_text("raise ImportError('no fastapi')\n")
    result = subprocess.run(
        [sys.executable, "-m", "translate", "serve", "--model", str(trained_model_dir)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={"PYTHONPATH": f"{tmp_path}:{ROOT}", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 2
    assert result.stderr.strip() == ('translate: error: translate serve needs the serve '
                                     'extra: pip install -e ".[serve]"')


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_mid_request_finishes_it_then_closes_the_memory(trained_model_dir, tmp_path,
                                                                 number):
    with ServeProcess(trained_model_dir, tmp_path) as running:
        long = "\n\n".join(article(number, 12) for number in range(40))
        answer: list[httpx.Response] = []
        thread = threading.Thread(target=lambda: answer.append(post(running, long)))
        thread.start()
        _wait_for_log(running, "translating")
        code = running.stop(number)
        thread.join()
    assert answer[0].status_code == 200
    english_is_known(answer[0].json())
    assert code == 128 + number  # 143 for SIGTERM, 130 for Ctrl-C
    assert "the memory is closed" in running.output()


def _wait_for_log(running: ServeProcess, words: str, seconds: float = 60) -> None:
    import time

    deadline = time.monotonic() + seconds
    while words not in running.output() and time.monotonic() < deadline:
        time.sleep(0.05)
