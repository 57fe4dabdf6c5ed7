"""translate serve against clients that want what they should not have or take their time: a URL
on the server's own network (a real web server on 127.0.0.1) is refused before any request
reaches it unless the server was started with --allow-private-urls, and connections that send
their request slowly, or nothing at all, do not keep a well-behaved client from its answer."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from tests.serve_process import ServeProcess
from tests.test_fetch import FAEHRE
from tests.test_serve import article, english_is_known, post
from tests.web_server import WebServer, html_page
from translate.document import Document

pytest.importorskip("fastapi")


@pytest.fixture
def site() -> Iterator[WebServer]:
    with WebServer({"/artikel": html_page(FAEHRE)}) as server:
        yield server


def ask_for(running: ServeProcess, url: str) -> httpx.Response:
    return httpx.post(f"{running.url}/v1/documents", content=json.dumps({"url": url}),
                      headers={"Content-Type": "application/json"}, timeout=120)


def test_a_page_on_the_servers_own_network_is_refused_without_the_flag(
        site: WebServer, trained_model_dir: Path, tmp_path: Path) -> None:
    url = site.url + "/artikel"
    with ServeProcess(trained_model_dir, tmp_path / "closed") as running:
        refused = ask_for(running, url)
        assert refused.status_code == 422
        assert refused.json() == {"error": f"{url}: refused: 127.0.0.1 is a loopback address; "
                                           "only public addresses are fetched here"}
        assert site.requests == []  # refused before anything was sent
        english_is_known(post(running, article(3)).json())  # and the server goes on
    with ServeProcess(trained_model_dir, tmp_path / "open", "--allow-private-urls") as running:
        fetched = ask_for(running, url)
        assert fetched.status_code == 200, fetched.text
        assert Document.from_dict(fetched.json()).title.de == (
            "Neue Fähre verbindet Rügen und Bornholm")
        assert [hit.status for hit in site.hits("/artikel")] == [200]


def test_slow_and_silent_connections_do_not_hold_up_a_good_client(
        trained_model_dir: Path, tmp_path: Path) -> None:
    with ServeProcess(trained_model_dir, tmp_path) as running, ExitStack() as stack:
        head = (b"POST /v1/documents HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: text/plain\r\nContent-Length: 100000\r\n\r\n")
        slow = []
        for number in range(24):
            connection = stack.enter_context(socket.create_connection(
                ("127.0.0.1", running.port), timeout=10))
            if number % 2:  # half send a request head and the start of a body, then stall
                connection.sendall(head + "Die Fähre ".encode())
            slow.append(connection)  # the other half send nothing at all
        for _ in range(3):
            answer = post(running, article(4))
            assert answer.status_code == 200
            english_is_known(answer.json())
            for connection in slow[1::2]:
                connection.sendall(b"und ")  # a byte now and then, as a slow client does
        assert httpx.get(f"{running.url}/healthz", timeout=10).status_code == 200
