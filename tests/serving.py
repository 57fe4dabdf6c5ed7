"""An HTTP server on 127.0.0.1 in a thread of its own: what the local hub and the test web
site share (`with Server(...) as server:`, or start() and stop())."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self


class LoopbackServer:
    def __init__(self, handler: type[BaseHTTPRequestHandler], port: int = 0,
                 **bound: object) -> None:
        """`handler` answers the requests, in a subclass of its own holding `bound` as class
        attributes (e.g. hub=self), so each server's handlers reach that server."""
        self.released = threading.Event()  # lets hanging handlers go when the server stops
        handler = type(handler.__name__, (handler,), bound)
        self.server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread: threading.Thread | None = None

    def start(self) -> Self:
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def serve_until_interrupted(self) -> None:
        """For `python -m tests.…`: print the address, then serve until Ctrl-C."""
        print(self.url, flush=True)
        try:
            self.server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            self.server.server_close()
