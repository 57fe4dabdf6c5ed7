"""A fetch for someone else (translate serve) refuses what the machine's own network holds
(translate.sources.guard): a page on 127.0.0.1 is refused unless private addresses are allowed,
a public address that redirects to 127.0.0.1 is refused at that hop, other schemes are refused,
and every kind of address that is not public is named. Real HTTP on 127.0.0.1 to the real
httpx client; the public address of the redirect test is reached through the test site acting
as the HTTP proxy the environment names, so nothing leaves the machine."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_fetch import FAEHRE
from tests.web_server import Page, WebServer, html_page
from translate.articles import Article
from translate.errors import InputError
from translate.run import run
from translate.settings import Settings
from translate.sources.fetch import PAGE, fetch
from translate.sources.guard import check_public, off_limits
from translate.sources.inputs import load

PUBLIC = "93.184.215.14"  # a public address; the test site stands in for it as a proxy
REFUSAL = "; only public addresses are fetched here"


@pytest.fixture
def site() -> Iterator[WebServer]:
    with WebServer({"/artikel": html_page(FAEHRE)}) as server:
        yield server


def _refusal(url: str) -> str:
    with pytest.raises(InputError) as caught:
        fetch(url, 10**6, accept=PAGE.public())
    return str(caught.value)


def test_a_page_on_the_loopback_address_is_refused_unless_allowed(site: WebServer) -> None:
    url = site.url + "/artikel"
    assert _refusal(url) == f"{url}: refused: 127.0.0.1 is a loopback address{REFUSAL}"
    assert site.requests == []  # refused before a request was sent
    assert fetch(url, 10**6).body == FAEHRE  # the CLI's fetch allows it
    assert [hit.status for hit in site.hits("/artikel")] == [200]


def test_a_name_is_judged_by_the_addresses_it_resolves_to(site: WebServer) -> None:
    url = site.url.replace("127.0.0.1", "localhost") + "/artikel"
    message = _refusal(url)
    assert message.startswith(f"{url}: refused: localhost resolves to ")
    assert message.endswith(f", a loopback address{REFUSAL}")


def test_the_setting_refuses_it_in_a_run_and_load_refuses_it_too(
        site: WebServer, trained_model_dir: Path, tmp_path: Path) -> None:
    url = site.url + "/artikel"
    refused = f"{url}: refused: 127.0.0.1 is a loopback address{REFUSAL}"
    report = run(Settings(inputs=(url,), output=tmp_path / "out", formats=("json",),
                          model=str(trained_model_dir), device="cpu", fetch_delay=0,
                          allow_private_urls=False))
    assert report.failed == [refused] and report.written == []
    with pytest.raises(InputError, match=f"^{refused}$"):
        load(Article(url, Path("artikel")), allow_private=False)
    assert site.requests == []
    assert load(Article(url, Path("artikel"))).data == FAEHRE


def test_a_public_address_redirecting_to_loopback_is_refused_at_the_hop(
        site: WebServer, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", site.url)  # httpx asks the site for every http URL
    start, inside = f"http://{PUBLIC}/meldung", site.url + "/artikel"
    site.routes[start] = Page(status=302, location=inside)  # a proxy gets the whole URL
    site.routes[inside] = html_page(FAEHRE)
    assert _refusal(start) == (f"{start}: redirected to {inside}: refused: 127.0.0.1 is a "
                               f"loopback address{REFUSAL}")
    assert [request.path for request in site.requests] == [start]  # the hop was not asked
    page = fetch(start, 10**6)  # allowed, the redirect is followed
    assert (page.final_url, page.body) == (inside, FAEHRE)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/artikel.html",
                                 "gopher://127.0.0.1:70/_GET"])
def test_other_schemes_are_refused(url: str) -> None:
    assert _refusal(url) == f"{url}: only http and https URLs can be fetched"


@pytest.mark.parametrize(("address", "kind"), [
    ("127.0.0.1", "a loopback address"), ("127.8.9.10", "a loopback address"),
    ("::1", "a loopback address"), ("::ffff:127.0.0.1", "a loopback address"),
    ("2002:7f00:1::1", "a loopback address"),  # 6to4 carrying 127.0.0.1
    ("0.0.0.0", "an unspecified address"), ("::", "an unspecified address"),
    ("169.254.169.254", "a link-local address"), ("fe80::1", "a link-local address"),
    ("::ffff:169.254.169.254", "a link-local address"),
    ("224.0.0.1", "a multicast address"), ("ff02::1", "a multicast address"),
    ("10.1.2.3", "a private address"), ("172.16.0.1", "a private address"),
    ("192.168.178.1", "a private address"), ("fd12:3456::1", "a private address"),
    ("::ffff:192.168.0.1", "a private address"),
    ("64:ff9b::7f00:1", "a reserved address"),
    ("100.64.0.1", "not a public address"),  # carrier-grade NAT
    (PUBLIC, None), ("2606:4700:4700::1111", None), (f"::ffff:{PUBLIC}", None),
])
def test_every_kind_of_address_that_is_not_public_is_named(address: str,
                                                            kind: str | None) -> None:
    assert off_limits(ipaddress.ip_address(address)) == kind


@pytest.mark.parametrize(("host", "named"), [
    ("[::1]", "::1 is a loopback address"),
    ("[fe80::1]", "fe80::1 is a link-local address"),
    ("[::ffff:127.0.0.1]", "::ffff:127.0.0.1 is a loopback address"),
    ("169.254.169.254", "169.254.169.254 is a link-local address"),
    ("0.0.0.0", "0.0.0.0 is an unspecified address"),
])
def test_an_address_in_the_url_is_refused_in_one_line(host: str, named: str) -> None:
    url = f"http://{host}/latest/meta-data/"
    with pytest.raises(InputError) as caught:
        check_public(url)
    assert str(caught.value) == f"{url}: refused: {named}{REFUSAL}"
