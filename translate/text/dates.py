"""An article's date as its source writes it ("13.09.2023 13.32", "Mittwoch, 13. September
2023, 13:32 Uhr", "2023-09-13T13:32:00+02:00") read into ISO 8601: a date alone stays a date,
a time is kept to the minute (to the second where it has seconds), and a time zone only where
the source names one. python-dateutil reads the German forms, told the German names.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import ClassVar

from dateutil import parser as dateutil

_DOTTED_TIME = re.compile(r"(\d{4},?\s+(?:um\s+)?\d{1,2})\.(\d{2})\b")  # "2023 13.32" → 13:32
# two defaults that differ in every field: a field the text leaves out shows up as a difference
_DEFAULTS = (datetime(2001, 1, 1, 0, 0), datetime(2002, 2, 2, 1, 1))


# dateutil is checked untyped: its stubs allow two or three names a month, and it takes any
class _German(dateutil.parserinfo):  # type: ignore[misc]
    """dateutil's English names, with the German ones beside them."""

    MONTHS: ClassVar = [
              ("Jan", "January", "Januar", "Jän", "Jänner"), ("Feb", "February", "Februar"),
              ("Mar", "March", "Mär", "März", "Mrz"), ("Apr", "April"), ("May", "Mai"),
              ("Jun", "June", "Juni"), ("Jul", "July", "Juli"), ("Aug", "August"),
              ("Sep", "Sept", "September"), ("Oct", "October", "Okt", "Oktober"),
              ("Nov", "November"), ("Dec", "December", "Dez", "Dezember")]
    WEEKDAYS: ClassVar = [("Mon", "Monday", "Mo", "Montag"), ("Tue", "Tuesday", "Di", "Dienstag"),
                ("Wed", "Wednesday", "Mi", "Mittwoch"), ("Thu", "Thursday", "Do", "Donnerstag"),
                ("Fri", "Friday", "Fr", "Freitag"), ("Sat", "Saturday", "Sa", "Samstag"),
                ("Sun", "Sunday", "So", "Sonntag")]
    JUMP: ClassVar = [*dateutil.parserinfo.JUMP, "um", "Uhr"]


_INFO = _German(dayfirst=True)


def iso_date(text: str | None) -> str | None:
    """`text` as an ISO 8601 date or date and time, or None when it is not a whole date (a
    day, a month and a year) in a form known here."""
    if not text or not (text := text.strip()):
        return None
    if (written := parsed(text)) is not None:  # ISO 8601 already: written in our own form
        return _iso(written)
    readings = []
    for default in _DEFAULTS:
        try:
            readings.append(dateutil.parse(_DOTTED_TIME.sub(r"\1:\2", text), _INFO,
                                           default=default))
        except (ValueError, OverflowError):
            return None
    first, second = readings
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return None  # a part of the date is missing ("September 2023")
    if (first.hour, first.minute) != (second.hour, second.minute):
        return first.date().isoformat()
    return _iso(first)


def _iso(when: date | datetime) -> str:
    """A date, or a time to the minute (to the second where it has seconds), in ISO 8601."""
    if isinstance(when, datetime):
        return when.isoformat(timespec="seconds" if when.second else "minutes")
    return when.isoformat()


def parsed(text: str | None) -> date | datetime | None:
    """ISO 8601 text (iso_date's) as a date, or a datetime when it has a time; None if not."""
    if not text:
        return None
    try:
        return date.fromisoformat(text) if len(text) <= 10 else datetime.fromisoformat(text)
    except ValueError:
        return None


def instant(text: str | None) -> float | None:
    """A date as written anywhere (iso_date) as seconds since 1970, to order articles by:
    a date alone counts from its midnight, and a time without a zone as if in UTC (the zone
    is not known: at worst a few hours off). None if `text` is no date."""
    when = parsed(iso_date(text))
    if when is None:
        return None
    if not isinstance(when, datetime):
        when = datetime(when.year, when.month, when.day)
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()
