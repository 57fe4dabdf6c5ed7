"""translate serve's limits, as clients meet them: the API key on a non-loopback bind, the
queue limit (429 with Retry-After), the time limit (504), and a stream of hostile requests
that never stops a well-behaved client from getting its answers."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.serve_process import ServeProcess
from tests.test_serve import SAMPLE, article, english_is_known, post

pytest.importorskip("fastapi")

KEY = "s3cret-key"


@pytest.fixture(scope="module")
def keyed(trained_model_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    with ServeProcess(trained_model_dir, tmp_path_factory.mktemp("keyed"), "--host", "0.0.0.0",
                      env={"TRANSLATE_API_KEY": KEY}) as running:
        yield running


@pytest.mark.parametrize("carried", [
    {"headers": {"Authorization": f"Bearer {KEY}"}},
    {"headers": {"X-API-Key": KEY}},
    {"params": {"api_key": KEY}},
])
def test_the_key_opens_the_document_api(keyed, carried):
    headers = {"Content-Type": "text/plain", **carried.get("headers", {})}
    response = httpx.post(f"{keyed.url}/v1/documents", content=article(3), headers=headers,
                          params=carried.get("params"), timeout=120)
    assert response.status_code == 200
    english_is_known(response.json())


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": "wrong"},
                                     {"Authorization": f"Basic {KEY}"}])
def test_without_the_key_a_client_gets_403(keyed, headers):
    response = httpx.post(f"{keyed.url}/v1/documents", content=article(3),
                          headers={"Content-Type": "text/plain", **headers}, timeout=120)
    assert response.status_code == 403
    assert "API key" in response.json()["error"]
    assert httpx.get(f"{keyed.url}/healthz").status_code == 200  # open: says nothing secret


def test_the_reading_page_asks_for_the_key_and_checks_it(keyed):
    assert 'name="api_key"' in httpx.get(keyed.url).text
    refused = httpx.post(f"{keyed.url}/read", data={"text": article(4)}, timeout=120)
    assert refused.status_code == 403
    page = httpx.post(f"{keyed.url}/read", data={"text": article(4), "api_key": KEY},
                      timeout=120)
    assert page.status_code == 200
    assert f"api_key={KEY}" in page.text


def test_past_the_queue_limit_clients_get_429_with_retry_after(trained_model_dir, tmp_path):
    with ServeProcess(trained_model_dir, tmp_path, "--no-memory", "--queue-limit", "1"
                      ) as running, ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(lambda n: post(running, article(n, 20)), range(16)))
    statuses = [response.status_code for response in answers]
    assert 429 in statuses and 200 in statuses and set(statuses) <= {200, 429}
    for response in answers:
        if response.status_code == 429:
            assert int(response.headers["Retry-After"]) >= 1
            assert "queue is full" in response.json()["error"]
        else:
            english_is_known(response.json())


def test_past_the_time_limit_a_client_gets_504(trained_model_dir, tmp_path):
    with ServeProcess(trained_model_dir, tmp_path, "--no-memory", "--timeout", "5") as running:
        long = "\n\n".join(f"Satz Nummer {n} handelt von etwas ganz anderem als {n + 1}."
                           for n in range(3000))
        response = post(running, long)
        assert response.status_code == 504
        assert "time limit" in response.json()["error"]
        assert post(running, article(5)).status_code == 200


def test_a_short_request_is_not_held_up_by_a_long_one_ahead_of_it(trained_model_dir, tmp_path):
    with ServeProcess(trained_model_dir, tmp_path, "--no-memory", "--summarizer", "none"
                      ) as running:
        long = "\n\n".join(f"Satz Nummer {n} handelt von etwas ganz anderem als {n + 1}."
                           for n in range(3000))
        answers: list[httpx.Response] = []
        ahead = threading.Thread(target=lambda: answers.append(post(running, long)))
        ahead.start()
        time.sleep(1)  # the long article is in the queue, its first pieces with the model
        short = post(running, article(5))
        assert short.status_code == 200
        english_is_known(short.json())
        assert ahead.is_alive() and not answers  # answered while the long one goes on
        ahead.join()
        assert answers[0].status_code == 200


FIELDS = st.dictionaries(
    st.sampled_from(["url", "text", "format", "summarizer", "glossary", "file", "x"]),
    st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=40),
                 lambda inner: st.lists(inner, max_size=3)
                 | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=6),
    max_size=4)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(fields=FIELDS, media=st.sampled_from(["application/json", "multipart/form-data",
                                             "text/plain", "text/html", "image/png", ""]))
def test_hypothesis_fields_get_json_errors_while_a_good_client_is_served(keyed, fields, media):
    good: list[httpx.Response] = []
    client = threading.Thread(target=lambda: good.append(httpx.post(
        f"{keyed.url}/v1/documents", content=SAMPLE.read_bytes(), timeout=120,
        headers={"Content-Type": "text/plain", "X-API-Key": KEY})))
    client.start()
    body = json.dumps(fields).encode() if media != "multipart/form-data" else (
        b"--b\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n"
        + json.dumps(fields).encode() + b"\r\n--b--\r\n")
    headers = {"X-API-Key": KEY, "Content-Type": media + ("; boundary=b" if "multipart"
                                                          in media else "")}
    response = httpx.post(f"{keyed.url}/v1/documents", content=body, headers=headers,
                          params={key: str(value) for key, value in fields.items()
                                  if key in ("summarizer", "glossary", "format")},
                          timeout=120)
    client.join()
    assert response.status_code < 500, response.text
    if response.status_code != 200:
        assert set(response.json()) == {"error"}
    assert good[0].status_code == 200
    english_is_known(good[0].json())
