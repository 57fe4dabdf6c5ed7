"""Dates as pages show them: one form for every source, "13 Sep 2023, 13:32", with the time
zone where it is known ("7 Dec 2026, 10:02 UTC"); the JSON keeps ISO 8601
(translate.text.dates)."""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape

from translate.text.dates import iso_date, parsed

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def readable(text: str) -> str:
    """A date, written in any form translate.text.dates reads, as a reader reads it; text
    that is no date stays as it is."""
    return _shown(text, iso_date(text))


def _shown(text: str, iso: str | None) -> str:
    """`text` as readable() gives it, from its ISO form `iso` (None: no date)."""
    when = parsed(iso)
    if when is None:
        return " ".join(text.split())
    shown = f"{when.day} {_MONTHS[when.month - 1]} {when.year}"
    if isinstance(when, datetime):
        shown += f", {when:%H:%M}"
        if (offset := when.utcoffset()) is not None:
            shown += f" {_zone(offset)}"
    return shown


def _zone(offset: timedelta) -> str:
    """"UTC", "UTC+2", "UTC-3:30"."""
    minutes = int(offset.total_seconds()) // 60
    if not minutes:
        return "UTC"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{'+' if minutes > 0 else '-'}{hours}" + (f":{rest:02}" if rest else "")


def time_html(text: str) -> str:
    """A date in HTML: readable, in a <time> element that gives it in ISO 8601 to machines
    (text that is no date, escaped, without one)."""
    iso = iso_date(text)
    shown = escape(_shown(text, iso), quote=False)
    return f'<time datetime="{escape(iso)}">{shown}</time>' if iso else shown
