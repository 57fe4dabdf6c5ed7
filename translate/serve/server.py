"""Start the service and serve it with uvicorn until SIGTERM or Ctrl-C: then it stops
accepting, finishes the requests in flight, stops the model's worker and closes the memory."""

from __future__ import annotations

import logging
import signal
from dataclasses import dataclass

from translate.serve.service import Limits, TranslationService
from translate.settings import Settings

log = logging.getLogger("translate")
GRACE_SECONDS = 300  # the most a shutdown waits for requests in flight


@dataclass(frozen=True, slots=True)
class Listen:
    """Where and how the server listens."""

    host: str = "127.0.0.1"
    port: int = 8000
    api_key: str | None = None
    cors: str | None = None
    allow_private_urls: bool = False


def serve_until_stopped(settings: Settings, listen: Listen, limits: Limits,
                        verbose: bool = False) -> int | None:
    """Load everything, then answer requests until stopped; the memory is closed on the way
    out (lifespan shutdown, after the last request in flight). Returns the signal that stopped
    it (uvicorn raises it again once shut down; it is recorded here, not fatal)."""
    import contextlib
    from collections.abc import AsyncIterator

    import uvicorn
    from fastapi import FastAPI

    from translate.serve.app import make_app
    from translate.serve.safety import BodyLimit

    service = TranslationService(settings, limits, listen.api_key, listen.allow_private_urls)
    app = make_app(service, listen.cors)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        log.info("serving %s on http://%s:%d", settings.model, listen.host, listen.port)
        yield
        service.close()
        log.info("stopped; the memory is closed")

    app.router.lifespan_context = lifespan
    config = uvicorn.Config(BodyLimit(app, limits.body_bytes), host=listen.host,
                            port=listen.port, log_level="info" if verbose else "warning",
                            timeout_graceful_shutdown=GRACE_SECONDS, lifespan="on")
    stopped_by: list[int] = []
    previous = {number: signal.signal(number, lambda number, frame: stopped_by.append(number))
                for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        uvicorn.Server(config).run()
    finally:  # a server that never started (a port in use) has the memory open still
        service.close()
        for number, handler in previous.items():
            signal.signal(number, handler)
    return stopped_by[0] if stopped_by else None
