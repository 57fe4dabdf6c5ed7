"""The README and the reference pages under docs/: every link between them resolves, every
page is reachable from the index, each error that points to a page names one that exists, and
the README holds the two set-up commands CI runs word for word."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", flags=re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"`[^`\n]*`")
PAGE_NAMED = re.compile(r"docs/[\w.-]+\.md")


def prose(page: Path) -> str:
    """The page's text without code blocks and code spans, where links are not links."""
    return CODE_SPAN.sub("", FENCE.sub("", page.read_text(encoding="utf-8")))


def anchors(page: Path) -> set[str]:
    """The anchors GitHub gives the page's headings: lower case, punctuation dropped, spaces
    as hyphens."""
    headings = re.findall(r"^#{1,6} (.+)$", prose(page), flags=re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
            for heading in headings}


def local_links(page: Path) -> list[str]:
    return [target for target in LINK.findall(prose(page))
            if not re.match(r"[a-z]+:", target) and not target.startswith("<")]


def test_the_pages_have_links_to_check():
    assert len(PAGES) >= 10
    assert "docs/offline.md#working-without-the-hub" in local_links(ROOT / "README.md")


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_link_between_the_pages_resolves(page: Path):
    for target in local_links(page):
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        assert linked.is_file(), f"{page.name}: {target} names no file"
        if anchor:
            assert anchor in anchors(linked), f"{page.name}: {target} names no heading"


def test_every_reference_page_is_in_the_index_and_the_readme():
    indexed = {(DOCS / target).resolve() for target in local_links(DOCS / "README.md")}
    in_readme = {(ROOT / target.partition("#")[0]).resolve()
                 for target in local_links(ROOT / "README.md")}
    for page in DOCS.glob("*.md"):
        if page.name != "README.md":
            assert page.resolve() in indexed, page.name
            assert page.resolve() in in_readme, page.name


def test_each_error_that_points_to_a_page_names_one_that_exists():
    named = {match for source in sorted((ROOT / "translate").rglob("*.py"))
             for match in PAGE_NAMED.findall(source.read_text(encoding="utf-8"))}
    # the errors that name a fix: the hub, the glossary, the extras, the engines, the prompts
    assert {"docs/offline.md", "docs/glossary.md", "docs/scaling.md", "docs/speed.md",
            "docs/gpu.md", "docs/summaries.md"} <= named
    assert [page for page in sorted(named) if not (ROOT / page).is_file()] == []


def test_the_readme_holds_the_two_commands_ci_runs():
    """.ci/run refuses to run when the README's commands changed; this says so sooner."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = {name: shlex.split(value)[0]
                for name, value in re.findall(r"^(readme_\w+)=(.+)$", ci, flags=re.MULTILINE)}
    assert set(commands) == {"readme_install", "readme_test"}
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    for name, command in commands.items():
        assert command in readme, name
    assert commands["readme_install"].startswith("python3 -m venv .venv && . .venv/bin/activate")
    assert "[dev]" not in commands["readme_install"] and "[dev]" in commands["readme_test"]
