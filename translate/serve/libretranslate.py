"""LibreTranslate's API on our German → English model, so its existing clients work unchanged.

Requests and answers have LibreTranslate's shapes (`POST /translate`, `POST /detect`,
`GET /languages`, `GET /frontend/settings`): fields as JSON or form-encoded, errors as
`{"error": "…"}` with its status codes and messages (the app renders HTTPException so).
Two departures: the only pair is de → en, and `source=auto` refuses a text only where py3langid
is sure (CONFIDENCE) it is another language; LibreTranslate would pick between its loaded
languages. A request without the server's API key gets 403, as one with a wrong key does.
"""

from __future__ import annotations

import asyncio
import hmac
import re
from dataclasses import dataclass
from typing import Any, Protocol

from fastapi import APIRouter, HTTPException, Request

from translate.serve.html_text import translate_html
from translate.text.language import CONFIDENCE, name_of, ranked
from translate.text.segment import split_sentences

LANGUAGES = {"de": "German", "en": "English"}
TARGETS = {"de": ["en"], "en": []}
FORMATS = ("text", "html")
_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")


class Translating(Protocol):
    """What the routes need of the server's translation service."""

    api_key: str | None

    async def translate_sentences(self, sentences: list[str]) -> list[str]: ...


@dataclass(frozen=True)
class TranslateRequest:
    texts: list[str]
    batch: bool  # q was a list: the answer's fields are lists too
    source: str
    html: bool
    alternatives: int


def router(service: Translating) -> APIRouter:
    """The LibreTranslate routes, translating through `service`."""
    api = APIRouter(tags=["LibreTranslate"])

    @api.post("/translate", openapi_extra=_form_body("q", "source", "target", "format",
                                                     "api_key"))
    async def translate(request: Request) -> dict[str, Any]:
        fields = await _fields(request, service)
        asked = _translate_request(fields)
        detected = await _detected_source(asked.texts) if asked.source == "auto" else None
        english = await (_translate_html if asked.html else translate_texts)(service, asked.texts)
        answer: dict[str, Any] = {"translatedText": english if asked.batch else english[0]}
        if detected is not None:
            answer["detectedLanguage"] = [detected] * len(english) if asked.batch else detected
        if asked.alternatives:  # no alternatives are made: LibreTranslate's shape, empty
            answer["alternatives"] = [[] for _ in english] if asked.batch else []
        return answer

    @api.post("/detect", openapi_extra=_form_body("q", "api_key"))
    async def detect(request: Request) -> list[dict[str, Any]]:
        q = _string(await _fields(request, service), "q")
        if not q:
            raise HTTPException(400, "Invalid request: missing q parameter")
        best = (await _ranked(q))[:3]
        return [_detection(code, probability) for code, probability in best]

    @api.get("/languages")
    async def languages() -> list[dict[str, Any]]:
        return [{"code": code, "name": name, "targets": TARGETS[code]}
                for code, name in LANGUAGES.items()]

    @api.get("/frontend/settings")
    async def frontend_settings() -> dict[str, Any]:
        keyed = service.api_key is not None
        return {"charLimit": -1, "frontendTimeout": 500, "apiKeys": keyed, "keyRequired": keyed,
                "suggestions": False, "filesTranslation": False, "supportedFilesFormat": [],
                "language": {"source": {"code": "de", "name": "German"},
                             "target": {"code": "en", "name": "English"}}}

    return api


async def _fields(request: Request, service: Translating) -> dict[str, Any]:
    """The request's fields: its JSON object, else its form (and query) fields; the API key
    checked. Like LibreTranslate, a form field given twice counts once."""
    if request.headers.get("content-type", "").split(";")[0].strip().endswith("json"):
        try:
            fields = await request.json()
        except ValueError:
            fields = None
        if not isinstance(fields, dict):
            raise HTTPException(400, "Invalid JSON format")
    else:
        form = await request.form()
        fields = {**request.query_params,
                  **{name: value for name, value in form.items() if isinstance(value, str)}}
    key = fields.get("api_key")
    if service.api_key is not None and not (
            isinstance(key, str) and hmac.compare_digest(key.encode(), service.api_key.encode())):
        raise HTTPException(403, "Invalid API key")
    return fields


def _translate_request(fields: dict[str, Any]) -> TranslateRequest:
    """The fields of a /translate request, checked in LibreTranslate's order."""
    q = fields.get("q")
    if isinstance(q, list) and not all(isinstance(text, str) for text in q):
        raise HTTPException(400, "Invalid request: q parameter must be a string or a list of "
                                 "strings")
    texts = q if isinstance(q, list) else [_string(fields, "q")]
    source, target = _string(fields, "source"), _string(fields, "target")
    for name, value in (("q", q), ("source", source), ("target", target)):
        if not value:
            raise HTTPException(400, f"Invalid request: missing {name} parameter")
    try:
        alternatives = max(0, int(fields.get("alternatives") or 0))
    except (TypeError, ValueError):
        raise HTTPException(400, "Invalid request: alternatives parameter is not a number"
                            ) from None
    for code in (source, target):
        if code != "auto" and code not in LANGUAGES:
            raise HTTPException(400, f"{code} is not supported")
    if (text_format := _string(fields, "format") or "text") not in FORMATS:
        raise HTTPException(400, f"{text_format} format is not supported")
    if source != "auto":
        _check_pair(source, target)
    _check_pair("de", target)
    return TranslateRequest(texts, isinstance(q, list), source, text_format == "html",
                            alternatives)


def _string(fields: dict[str, Any], name: str) -> str:
    """The field `name` as a string ("" when absent); a field of another JSON type is a 400."""
    value = fields.get(name)
    if value is not None and not isinstance(value, str):
        raise HTTPException(400, f"Invalid request: {name} parameter must be a string")
    return value or ""


def _check_pair(source: str, target: str) -> None:
    if target not in TARGETS.get(source, []):
        raise HTTPException(400, f"{name_of(target)} ({target}) is not available as a target "
                                 f"language from {name_of(source)} ({source})")


async def _ranked(text: str) -> list[tuple[str, float]]:
    """py3langid's ranking of the start of `text`, off the event loop (the first call loads
    its model)."""
    return await asyncio.to_thread(ranked, text[:3000])


async def _detected_source(texts: list[str]) -> dict[str, Any]:
    """`source=auto`: German, unless py3langid is sure the texts are in another language."""
    probabilities = dict(await _ranked(" ".join(texts)))
    best = max(probabilities, key=probabilities.__getitem__)
    if best != "de" and probabilities[best] >= CONFIDENCE:
        _check_pair(best, "en")
    return _detection("de", probabilities.get("de", 0.0))


def _detection(code: str, probability: float) -> dict[str, Any]:
    return {"confidence": round(probability * 100, 1), "language": code}


async def translate_texts(service: Translating, texts: list[str]) -> list[str]:
    """Each text in English: its lines cut into sentences, all sentences sent to `service` at
    once, and put back with the text's own line breaks and each line's outer spaces (the
    sentences of a line joined by one space)."""
    layouts = [_layout(text) for text in texts]
    sentences = [s for layout in layouts for part in layout if isinstance(part, list) for s in part]
    english = iter(await service.translate_sentences(sentences) if sentences else [])
    return ["".join(part if isinstance(part, str) else " ".join(next(english) for _ in part)
                    for part in layout) for layout in layouts]


def _layout(text: str) -> list[str | list[str]]:
    """`text` as kept strings (line breaks, spaces around a line) and lists of sentences."""
    layout: list[str | list[str]] = []
    for at, part in enumerate(_LINE_BREAK.split(text)):
        stripped = part.strip()
        if at % 2 or not stripped:
            layout.append(part)
            continue
        start = part.index(stripped)
        layout += [part[:start], split_sentences(stripped), part[start + len(stripped):]]
    return layout


async def _translate_html(service: Translating, texts: list[str]) -> list[str]:
    async def english(strings: list[str]) -> list[str]:
        return await translate_texts(service, strings)

    return list(await asyncio.gather(*(translate_html(text, english) for text in texts)))


def _form_body(*names: str) -> dict[str, Any]:
    """The request body for the OpenAPI description: these string fields, as a form or JSON."""
    properties: dict[str, Any] = {name: {"type": "string"} for name in names}
    if "target" in names:  # /translate: q may be a list
        properties["q"] = {"oneOf": [{"type": "string"},
                                     {"type": "array", "items": {"type": "string"}}]}
    schema = {"type": "object", "properties": properties}
    content = {kind: {"schema": schema} for kind in
               ("application/x-www-form-urlencoded", "application/json")}
    return {"requestBody": {"required": True, "content": content}}
