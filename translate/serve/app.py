"""The HTTP application: the document API, the reading page, /healthz, and (where that module
is there) the LibreTranslate-compatible routes; every error as JSON {"error": ...}."""

from __future__ import annotations

import importlib.util
import logging
from collections import OrderedDict
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from translate.document import Document
from translate.errors import InputError
from translate.output.render import render
from translate.output_formats import WRITABLE
from translate.serve import page
from translate.serve.batching import Closed, QueueFull, TimedOut
from translate.serve.bodies import RequestError, article_of, form_fields, from_fields, options_of
from translate.serve.safety import BodyTooLarge, given_key, key_matches
from translate.serve.service import Options, Submitted, TranslationService

log = logging.getLogger("translate")
RECENT = 32  # documents kept for the reading page's JSON link


def make_app(service: TranslationService, cors: str | None = None) -> FastAPI:
    app = FastAPI(title="translate serve", version="1",
                  description="German → English bilingual documents, one loaded model.")
    _errors(app)
    if cors:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=[cors], allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "X-API-Key", "Content-Type"])
    recent: OrderedDict[str, str] = OrderedDict()
    keyed = [Depends(_key_check(service))]

    @app.get("/healthz")
    async def healthz() -> dict[str, Any]:
        return service.describe()

    @app.post("/v1/documents", dependencies=keyed)
    async def documents(request: Request, format: str = "json") -> Response:
        """The article in the body (text/plain, text/markdown, text/html; JSON {"url": ...}
        or {"text": ...}; a multipart file) as the document JSON, or rendered
        (format=md|html|docx)."""
        if format not in WRITABLE:
            raise RequestError(400, f"format must be one of {', '.join(WRITABLE)}")
        article, options = await article_of(request)
        document = await _document(service, article, options)
        return Response(render(document, format), media_type=WRITABLE[format].media_type)

    @app.get("/v1/documents/{key}", dependencies=keyed)
    async def recent_document(key: str) -> Response:
        """A document the reading page made lately, as JSON."""
        if key not in recent:
            raise HTTPException(404, "no such document (the server keeps the last "
                                f"{RECENT} the reading page made)")
        return Response(recent[key], media_type=WRITABLE["json"].media_type)

    @app.get("/", response_class=HTMLResponse)
    async def reading_page() -> str:
        return page.form(asks_key=service.api_key is not None)

    @app.post("/read", response_class=HTMLResponse)
    async def read(request: Request) -> str:
        """The reading page's form: the article's side-by-side page, with a link to its JSON."""
        fields = await form_fields(request)
        given = fields.pop("api_key", None)
        if service.api_key and not key_matches(given, service.api_key):
            raise HTTPException(403, "a valid API key is required")
        article, options = from_fields(fields), options_of(fields)
        document = await _document(service, article, options)
        key = (document.run.key if document.run else None) or ""
        recent[key] = str(render(document, "json"))
        while len(recent) > RECENT:
            recent.popitem(last=False)
        return page.with_json_link(str(render(document, "html")), key,
                                   given if service.api_key else None)

    _libretranslate(app, service)
    return app


async def _document(service: TranslationService, article: Submitted, options: Options
                    ) -> Document:
    return await service.in_thread(lambda deadline: service.document(article, options, deadline))


def _key_check(service: TranslationService) -> Any:
    """The dependency of the routes that need the API key (when the server has one)."""

    async def check(request: Request) -> None:
        if service.api_key is None:
            return
        if not key_matches(given_key(request.headers, request.query_params), service.api_key):
            raise HTTPException(403, "a valid API key is required: send it as "
                                "'Authorization: Bearer KEY', 'X-API-Key: KEY' or ?api_key=KEY")

    return check


def _libretranslate(app: FastAPI, service: TranslationService) -> None:
    """LibreTranslate's routes, from their own module (another part of issue 29)."""
    if importlib.util.find_spec("translate.serve.libretranslate") is None:
        return
    from translate.serve import libretranslate

    app.include_router(libretranslate.router(service))


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _errors(app: FastAPI) -> None:
    """Every error a JSON {"error": ...} with its status (and headers): ours, FastAPI's and
    Starlette's; anything else a 500 that names no more than the kind of failure."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(f"{'.'.join(map(str, e.get('loc', ())))}: {e.get('msg')}"
                             for e in exc.errors())
        return _error(422, problems or "invalid request")

    @app.exception_handler(RequestError)
    async def bad_request(request: Request, exc: RequestError) -> JSONResponse:
        return _error(exc.status, str(exc))

    @app.exception_handler(InputError)
    async def unreadable(request: Request, exc: InputError) -> JSONResponse:
        return _error(422, str(exc))

    @app.exception_handler(BodyTooLarge)
    async def too_large(request: Request, exc: BodyTooLarge) -> JSONResponse:
        return _error(413, str(exc))

    @app.exception_handler(QueueFull)
    async def busy(request: Request, exc: QueueFull) -> JSONResponse:
        return _error(429, str(exc), {"Retry-After": str(exc.retry_after)})

    @app.exception_handler(TimedOut)
    @app.exception_handler(TimeoutError)
    async def timed_out(request: Request, exc: Exception) -> JSONResponse:
        return _error(504, "the request took longer than the server's time limit "
                      f"({exc or 'timeout'})")

    @app.exception_handler(Closed)
    async def closing(request: Request, exc: Closed) -> JSONResponse:
        return _error(503, str(exc))

    @app.exception_handler(Exception)
    async def ours(request: Request, exc: Exception) -> JSONResponse:
        log.error("%s %s: %s: %s", request.method, request.url.path, type(exc).__name__, exc)
        return _error(500, f"internal error ({type(exc).__name__}); the server log has more")
