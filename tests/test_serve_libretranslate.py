"""The LibreTranslate-compatible routes, over HTTP on a real server process, used as clients do:
through the libretranslatepy client library and with requests shaped as LibreTranslate's API
documentation shows (JSON and form-encoded), on the trained stand-in.

The server is a real `translate serve` process (tests/serve_process.py) on a free port."""

from __future__ import annotations

import json
import urllib.error
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from libretranslatepy import LibreTranslateAPI

from tests.serve_process import ServeProcess
from tests.standin.pairs import pairs

ROOT = Path(__file__).resolve().parent.parent
KEY = "s3cret-key"
ENGLISH = dict(pairs())
GERMAN = list(ENGLISH)
FRENCH = ("Le président de la République a annoncé hier soir une nouvelle réforme des retraites "
          "devant les députés de l'Assemblée nationale.")


def start_server(model: Path, cache_dir: Path, *key: str) -> Iterator[str]:
    """`translate serve` on a free port, once it answers; stopped (SIGTERM) afterwards."""
    options = ("--api-key", key[0]) if key else ()
    with ServeProcess(model, cache_dir, "--summarizer", "none", *options) as served:
        yield served.url


@pytest.fixture(scope="module")
def server(trained_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from start_server(trained_model_dir, tmp_path_factory.mktemp("libre"))


@pytest.fixture(scope="module")
def keyed_server(trained_model_dir: Path,
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from start_server(trained_model_dir, tmp_path_factory.mktemp("libre-keyed"), KEY)


def refusal(call: object) -> tuple[int, dict[str, str]]:
    """The status and JSON body of the HTTP error a libretranslatepy call raises."""
    with pytest.raises(urllib.error.HTTPError) as raised:
        call()  # type: ignore[operator]
    return raised.value.code, json.loads(raised.value.read())


# --- the client library, as a user calls it --------------------------------------------------

def test_the_client_translates_a_text_sentence_by_sentence_keeping_its_lines(server):
    text = f"{GERMAN[1]} {GERMAN[2]}\n\n{GERMAN[3]}"
    english = LibreTranslateAPI(server).translate(text, "de", "en")
    assert english == f"{ENGLISH[GERMAN[1]]} {ENGLISH[GERMAN[2]]}\n\n{ENGLISH[GERMAN[3]]}"


def test_the_client_lists_the_languages(server):
    assert LibreTranslateAPI(server).languages() == [
        {"code": "de", "name": "German", "targets": ["en"]},
        {"code": "en", "name": "English", "targets": []}]


def test_the_client_detects_german_and_french(server):
    client = LibreTranslateAPI(server)
    german, french = client.detect(GERMAN[1]), client.detect(FRENCH)
    assert german[0]["language"] == "de" and german[0]["confidence"] > 80
    assert french[0]["language"] == "fr" and french[0]["confidence"] > 80
    assert len(german) == 3 and german[0]["confidence"] >= german[1]["confidence"]


def test_the_client_is_refused_another_target_language(server):
    status, body = refusal(lambda: LibreTranslateAPI(server).translate(GERMAN[0], "de", "fr"))
    assert (status, body) == (400, {"error": "fr is not supported"})


def test_a_keyed_server_refuses_a_wrong_or_missing_key_and_serves_the_right_one(keyed_server):
    for client in (LibreTranslateAPI(keyed_server, api_key="wrong"),
                   LibreTranslateAPI(keyed_server)):
        assert refusal(lambda c=client: c.translate(GERMAN[0], "de", "en")) == (
            403, {"error": "Invalid API key"})
        assert refusal(lambda c=client: c.detect(GERMAN[0]))[0] == 403
    keyed = LibreTranslateAPI(keyed_server, api_key=KEY)
    assert keyed.translate(GERMAN[0], "de", "en") == ENGLISH[GERMAN[0]]
    settings = httpx.get(f"{keyed_server}/frontend/settings").json()
    assert settings["apiKeys"] is True and settings["keyRequired"] is True
    assert LibreTranslateAPI(keyed_server).languages()[0]["code"] == "de"  # open, as there


# --- requests shaped as LibreTranslate's documentation shows ---------------------------------

def test_a_json_request_translates_a_list_in_order(server):
    answer = httpx.post(f"{server}/translate", json={
        "q": [GERMAN[4], GERMAN[0], ""], "source": "de", "target": "en", "format": "text"})
    assert answer.status_code == 200
    assert answer.json() == {"translatedText": [ENGLISH[GERMAN[4]], ENGLISH[GERMAN[0]], ""]}


def test_a_form_request_with_source_auto_says_what_it_detected(server):
    answer = httpx.post(f"{server}/translate", data={
        "q": GERMAN[5], "source": "auto", "target": "en", "api_key": ""})
    assert answer.status_code == 200
    body = answer.json()
    assert body["translatedText"] == ENGLISH[GERMAN[5]]
    assert body["detectedLanguage"]["language"] == "de"
    assert body["detectedLanguage"]["confidence"] > 50


def test_source_auto_refuses_a_text_that_is_clearly_not_german(server):
    answer = httpx.post(f"{server}/translate",
                        json={"q": FRENCH, "source": "auto", "target": "en"})
    assert (answer.status_code, answer.json()) == (400, {
        "error": "English (en) is not available as a target language from French (fr)"})


def test_html_keeps_its_tags_and_wraps_the_english_of_inline_elements(server):
    html = (f'<h1>{GERMAN[0]}</h1>\n<p><a href="/one">{GERMAN[1]}</a> <b>{GERMAN[2]}</b></p>'
            f'<ul><li>{GERMAN[4]}<br>{GERMAN[5]}</li></ul><script>var s = "{GERMAN[6]}";</script>')
    answer = httpx.post(f"{server}/translate",
                        json={"q": html, "source": "de", "target": "en", "format": "html"})
    assert answer.status_code == 200
    english = answer.json()["translatedText"]
    assert english == (
        f'<h1>{ENGLISH[GERMAN[0]]}</h1>\n<p><a href="/one">{ENGLISH[GERMAN[1]]}</a> '
        f'<b>{ENGLISH[GERMAN[2]]}</b></p><ul><li>{ENGLISH[GERMAN[4]]}<br>{ENGLISH[GERMAN[5]]}'
        f'</li></ul><script>var s = "{GERMAN[6]}";</script>')


@pytest.mark.parametrize(("fields", "error"), [
    ({"source": "de", "target": "en"}, "Invalid request: missing q parameter"),
    ({"q": "Hallo", "target": "en"}, "Invalid request: missing source parameter"),
    ({"q": "Hallo", "source": "de"}, "Invalid request: missing target parameter"),
    ({"q": "Hallo", "source": "fr", "target": "en"}, "fr is not supported"),
    ({"q": "Hallo", "source": "en", "target": "en"},
     "English (en) is not available as a target language from English (en)"),
    ({"q": "Hallo", "source": "de", "target": "en", "format": "xml"},
     "xml format is not supported"),
    ({"q": "Hallo", "source": "de", "target": "en", "alternatives": "many"},
     "Invalid request: alternatives parameter is not a number"),
])
def test_a_bad_request_gets_libretranslates_400_and_message(server, fields, error):
    for sent in ({"json": fields}, {"data": fields}):
        answer = httpx.post(f"{server}/translate", **sent)
        assert (answer.status_code, answer.json()) == (400, {"error": error})


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'{"q": 5, "source": "de"}',
                                  b'{"q": ["a", 5], "source": "de", "target": "en"}'])
def test_malformed_json_gets_a_400_not_a_crash(server, body):
    answer = httpx.post(f"{server}/translate", content=body,
                        headers={"Content-Type": "application/json"})
    assert answer.status_code == 400
    assert answer.json()["error"].startswith(("Invalid JSON format", "Invalid request"))


def test_detect_without_q_is_a_400(server):
    answer = httpx.post(f"{server}/detect", data={})
    assert (answer.status_code, answer.json()) == (
        400, {"error": "Invalid request: missing q parameter"})


def test_frontend_settings_name_the_pair(server):
    settings = httpx.get(f"{server}/frontend/settings").json()
    assert settings["language"] == {"source": {"code": "de", "name": "German"},
                                    "target": {"code": "en", "name": "English"}}
    assert settings["apiKeys"] is False and settings["filesTranslation"] is False
