"""A server with only the LibreTranslate routes, over the real Translator on a model folder:
what tests/test_serve_libretranslate.py runs until `translate serve` carries the routes.

    python -m tests.libre_server MODEL_DIR PORT [API_KEY]

It prints its address, then serves until SIGTERM or Ctrl-C. Like the app of
`translate serve`, it renders every HTTPException as {"error": detail}.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import uvicorn
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse

from translate.model.resolve import resolve
from translate.model.translator import Translator
from translate.serve.libretranslate import router
from translate.settings import Decoding


class TranslatorService:
    """The service's part the routes use: sentences through one Translator, one call at a time."""

    def __init__(self, translator: Translator, api_key: str | None) -> None:
        self.translator = translator
        self.api_key = api_key
        self._lock = asyncio.Lock()

    async def translate_sentences(self, sentences: list[str]) -> list[str]:
        async with self._lock:
            done = await asyncio.to_thread(self.translator.translate, sentences)
        return [translation.text for translation in done]


def app(model: Path, api_key: str | None, cache_dir: Path) -> FastAPI:
    source = resolve(str(model), cache_dir, offline=True)
    service = TranslatorService(Translator.load(source, "cpu", Decoding(beams=2)), api_key)
    served = FastAPI()
    served.include_router(router(service))

    @served.exception_handler(HTTPException)
    async def as_json(request: Request, error: HTTPException) -> JSONResponse:
        return JSONResponse({"error": error.detail}, status_code=error.status_code)

    return served


def main(argv: list[str]) -> None:
    model, port, *key = argv
    served = app(Path(model), key[0] if key else None, Path(model).parent / "libre-cache")
    print(f"http://127.0.0.1:{port}", flush=True)
    uvicorn.run(served, host="127.0.0.1", port=int(port), log_level="warning")


if __name__ == "__main__":
    main(sys.argv[1:])
