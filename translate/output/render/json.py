"""The Document JSON of DESIGN.md (schema translate.document/1)."""

from __future__ import annotations

import json

from translate.document import Document


def render(document: Document) -> str:
    return json.dumps(document.to_dict(), ensure_ascii=False, indent=2) + "\n"
