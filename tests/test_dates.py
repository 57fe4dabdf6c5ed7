"""Dates as sources write them, read into ISO 8601 (translate.text.dates), shown in one
readable form (translate.output.render.dates), and the order the folder index takes from
them (translate.output.paths.IndexRows)."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.articles import Article
from translate.output.paths import IndexRow, IndexRows
from translate.output.render.dates import readable, time_html
from translate.text.dates import instant, iso_date


@pytest.mark.parametrize(("written", "iso"), [
    # German datelines, as the text reader finds them
    ("13.09.2023 13.32", "2023-09-13T13:32"),
    ("13.09.2023, 13.32 Uhr", "2023-09-13T13:32"),
    ("13.09.2023 um 13:32 Uhr", "2023-09-13T13:32"),
    ("2.1.2024", "2024-01-02"),
    ("13. September 2023", "2023-09-13"),
    ("1. März 2024, 9:05 Uhr", "2024-03-01T09:05"),
    ("Mittwoch, 13. September 2023, 13:32 Uhr", "2023-09-13T13:32"),
    ("12. Mai 2024", "2024-05-12"),
    ("Fr, 1. Dez 2023", "2023-12-01"),
    # ISO 8601, as pages and front matter give it: a zone only where it is written
    ("2023-09-13", "2023-09-13"),
    ("2023-09-13T13:32:00+02:00", "2023-09-13T13:32+02:00"),
    ("2024-03-05T10:30:00Z", "2024-03-05T10:30+00:00"),
    ("2024-03-05T10:30:00+0100", "2024-03-05T10:30+01:00"),  # htmldate's form
    ("2024-03-05 10:30:00+01:00", "2024-03-05T10:30+01:00"),  # YAML's
    ("2024-03-05T10:30:15.123+01:00", "2024-03-05T10:30:15+01:00"),
    ("13 Sep 2023, 13:32", "2023-09-13T13:32"),  # our own readable form reads back
    # not a whole date: kept as the source wrote it
    ("September 2023", None), ("2023", None), ("13.09.", None), ("31.02.2024", None),
    ("gestern", None), ("", None), (None, None),
])
def test_dates_are_read_into_iso(written: str | None, iso: str | None):
    assert iso_date(written) == iso
    if iso:
        assert iso_date(iso) == iso  # already ISO: unchanged


@pytest.mark.parametrize(("written", "shown"), [
    ("2023-09-13T13:32", "13 Sep 2023, 13:32"),
    ("13.09.2023 13.32", "13 Sep 2023, 13:32"),
    ("2023-09-13", "13 Sep 2023"),
    ("2026-12-07T10:02:01Z", "7 Dec 2026, 10:02 UTC"),
    ("2021-03-05T10:30+01:00", "5 Mar 2021, 10:30 UTC+1"),
    ("2021-03-05T10:30-03:30", "5 Mar 2021, 10:30 UTC-3:30"),
    ("kurz nach Mitternacht", "kurz nach Mitternacht"),  # no date: as it is
])
def test_dates_show_in_one_form(written: str, shown: str):
    assert readable(written) == shown


def test_html_gives_machines_iso_and_readers_words():
    assert time_html("13.09.2023 13.32") == (
        '<time datetime="2023-09-13T13:32">13 Sep 2023, 13:32</time>')
    assert time_html("Ende <Mai>") == "Ende &lt;Mai&gt;"  # no date: no <time>, escaped


def test_instants_order_dates_of_any_form():
    ordered = ["2023-09-13T13:32+02:00",  # 11:32 UTC
               "13.09.2023 11.00",  # no zone: as if UTC
               "13. September 2023",  # the day's midnight
               "2017-01-01"]
    times = [instant(text) for text in ordered]
    assert times == sorted(times, reverse=True)
    assert instant("irgendwann") is None


def row(name: str, date: str | None, listed: str | None = None) -> IndexRow:
    return IndexRow(Article(name, Path(name), listed_date=listed), f"Titel {name}", None, None,
                    date)


def test_index_rows_come_back_newest_first_and_undated_last_in_listing_order():
    rows = IndexRows(7)
    for position, each in [(6, row("g", "Stand: kaputt")), (0, row("a", None)),
                           (1, row("b", "2020-03-12")), (2, row("c", "13.09.2023 13.32")),
                           (3, row("d", None)), (4, row("e", "2021-03-05T10:30+01:00")),
                           (5, row("f", "2020-03-12"))]:
        rows.put(position, each)
    try:
        assert [r.article.name for r in rows] == ["c", "e", "b", "f", "a", "d", "g"]
        assert [r.date for r in rows][-1] == "Stand: kaputt"  # shown as it was written
    finally:
        rows.close()


def test_a_feed_item_is_ordered_and_shown_by_its_listed_date():
    rows = IndexRows(2)
    rows.put(0, row("old", "2026-01-01", listed="2024-03-11T17:30+00:00"))
    rows.put(1, row("new", "2020-01-01", listed="2024-03-13T08:15+00:00"))
    try:
        assert [(r.article.name, r.date) for r in rows] == [
            ("new", "2024-03-13T08:15+00:00"), ("old", "2024-03-11T17:30+00:00")]
    finally:
        rows.close()
