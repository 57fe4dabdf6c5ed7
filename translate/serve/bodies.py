"""What a request to /v1/documents (or the reading page's form) carries: the article as a body
of a text type, a JSON object with a URL or text, or a multipart file; and its own options.
Every malformed body is a RequestError with the status to answer, never an exception of ours."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request

from translate.errors import UsageError
from translate.serve.service import Options, Submitted
from translate.sources.inputs import Loaded
from translate.sources.readers import SUFFIXES, format_for
from translate.sources.urls import check_url, names_url

# the body's media type → the reader's format
TEXT_TYPES = {"text/plain": "text", "text/markdown": "markdown", "text/x-markdown": "markdown",
              "text/html": "html", "application/xhtml+xml": "html"}
REQUEST_SUMMARIZERS = ("none", "extractive")  # cheap enough to choose per request


class RequestError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


async def article_of(request: Request) -> tuple[Submitted, Options]:
    """The article and options of a POST /v1/documents; options also come as query
    parameters (`summarizer`, `glossary`)."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    fields: dict[str, Any] = {}
    if media in TEXT_TYPES:
        found = Submitted("request", Loaded(await request.body(), TEXT_TYPES[media]))
    elif media == "application/json":
        fields = _json_object(await request.body())
        found = from_fields(fields)
    elif media in ("multipart/form-data", "application/x-www-form-urlencoded"):
        fields = await form_fields(request)
        found = from_fields(fields)
    else:
        raise RequestError(415, f"unsupported content type {media or '(none)'!r}: send "
                           f"{', '.join(TEXT_TYPES)}, application/json or multipart/form-data")
    return found, options_of({**request.query_params, **fields})


async def form_fields(request: Request) -> dict[str, Any]:
    """A form's fields (a file as UploadFile), or 400 for a malformed one."""
    try:
        form = await request.form(max_files=1, max_fields=20)
    except Exception as exc:  # starlette's parsers raise several kinds for a broken body
        raise RequestError(400, f"malformed form data: {exc}") from None
    return {name: value for name, value in form.items()  # a form's empty fields are unset
            if (value.filename if isinstance(value, UploadFile) else value.strip())}


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RequestError(400, f"malformed JSON: {exc}") from None
    if not isinstance(value, dict):
        raise RequestError(400, 'the JSON body must be an object: {"url": ...} or '
                           '{"text": ..., "format": "text|markdown|html"}')
    return value


def from_fields(fields: dict[str, Any]) -> Submitted:
    """The article a JSON object or a form names: `file`, `url` or `text` (with `format`)."""
    upload, url, text = fields.get("file"), fields.get("url"), fields.get("text")
    if sum(value is not None for value in (upload, url, text)) != 1:
        raise RequestError(400, "give exactly one of file, url or text")
    if isinstance(upload, UploadFile):
        return _upload(upload)
    if url is not None:
        if not isinstance(url, str) or not names_url(url):
            raise RequestError(400, f"url must be an http(s) URL, not {url!r}"[:300])
        check_url(url)  # http(s) only (an InputError: 422)
        return Submitted(url, url=url)
    if not isinstance(text, str):
        raise RequestError(400, "text must be a string")
    fmt = fields.get("format", "text")
    if fmt not in ("text", "markdown", "html"):
        raise RequestError(400, f"format must be text, markdown or html, not {fmt!r}"[:300])
    return Submitted("request", Loaded(text.encode(), fmt))


def _upload(upload: UploadFile) -> Submitted:
    name = Path(upload.filename or "upload.txt").name
    fmt = format_for(Path(name))
    if fmt is None:
        raise RequestError(415, f"{name}: unsupported file type (readable: "
                           f"{', '.join(SUFFIXES)})")
    return Submitted(name, Loaded(upload.file.read(), fmt))


def options_of(fields: dict[str, Any]) -> Options:
    """A request's `summarizer` (none or extractive) and `glossary` (JSON pairs
    [["Bundestag", "Bundestag"], ...] or an object {"Bundestag": "Bundestag"}; a string of
    that JSON in a query or form)."""
    summarizer = fields.get("summarizer")
    if summarizer is not None and summarizer not in REQUEST_SUMMARIZERS:
        raise RequestError(400, f"summarizer must be one of {', '.join(REQUEST_SUMMARIZERS)} "
                           f"per request, not {summarizer!r}"[:300])
    glossary = fields.get("glossary")
    return Options(summarizer, _glossary(glossary) if glossary not in (None, "") else None)


def _glossary(value: Any) -> Any:
    from translate.edits.glossary import parse_glossary

    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise RequestError(400, f"glossary: malformed JSON: {exc}") from None
    pairs = list(value.items()) if isinstance(value, dict) else value
    if not isinstance(pairs, list) or not all(
            isinstance(pair, list | tuple) and len(pair) == 2
            and all(isinstance(part, str) and part.strip() and not set(part) & set("\t\r\n")
                    for part in pair) for pair in pairs):
        raise RequestError(400, 'glossary must be pairs of German and English, '
                           '[["Bundestag", "Bundestag"], ...], or an object of them')
    try:
        return parse_glossary("\n".join(f"{de}\t{en}" for de, en in pairs), "request glossary")
    except UsageError as exc:
        raise RequestError(400, str(exc)) from None
