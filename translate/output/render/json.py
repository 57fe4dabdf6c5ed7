"""The Document JSON of DESIGN.md (schema translate.document/1); its run block records the
output's up-to-date key."""

from __future__ import annotations

import json

from translate.document import Document
from translate.output.render.common import English


def render(document: Document) -> str:
    return json.dumps(document.to_dict(), ensure_ascii=False, indent=2) + "\n"


def recorded_key(text: str) -> str | None:
    try:
        return (json.loads(text).get("run") or {}).get("key")
    except (ValueError, AttributeError):
        return None


def read_english(text: str) -> English:
    data = json.loads(text)
    return English(data["title"]["en"], (data.get("summary") or {}).get("en"),
                   int((data.get("qa") or {}).get("flagged") or 0))
