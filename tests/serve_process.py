"""A real `translate serve` process on a free port, for the server's tests and benchmarks/serve.py:
started, waited for (GET /healthz), stopped by a signal, its log kept."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Self

import httpx

ROOT = Path(__file__).resolve().parent.parent
START_SECONDS = 180  # loading torch and the model on a busy machine


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServeProcess:
    def __init__(self, model: Path, cache_dir: Path, *options: str,
                 env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = cache_dir / f"serve-{self.port}.log"
        cache_dir.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "translate", "serve", "--model", str(model),
                   "--port", str(self.port), "--cache-dir", str(cache_dir), "--offline",
                   "-v", *options]
        environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log,
                                            stderr=subprocess.STDOUT)

    def wait_ready(self) -> Self:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"translate serve exited {self.process.returncode}:\n"
                                   f"{self.output()}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"translate serve did not answer in {START_SECONDS} s:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self, number: int = signal.SIGTERM, wait: float = 60) -> int:
        if self.process.poll() is None:
            self.process.send_signal(number)
            try:
                self.process.wait(wait)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def __enter__(self) -> Self:
        return self.wait_ready()

    def __exit__(self, *exc: object) -> None:
        self.stop()
