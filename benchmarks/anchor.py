"""The anchor: LibreTranslate, what users would run instead, on the same model and articles.

The trained stand-in is made into an argos-translate package (a zip of metadata.json, the model
converted for CTranslate2 as our ct2 engine converts it, the SentencePiece model and a spaCy
sentence splitter), installed into LibreTranslate's own virtualenv (created on first use from
PyPI: LibreTranslate pins Flask and numpy, so it never shares our environment), and served on
a free port. The same articles are posted one after another, then by `clients` concurrent
clients; the answer gives sentences per second (sentences counted by our segmenter, as
`translate serve` counts them) and each request's p50/p95 latency.

Two things are set so it runs offline, as this benchmark must: argos's default sentence
splitter (MiniSBD) downloads its model from GitHub at first use, so the package carries a blank
German spaCy pipeline and ARGOS_CHUNK_TYPE=SPACY splits with spaCy's rule-based sentencizer; and
argos feeds CTranslate2 the pieces without Marian's end token, so the package's model config
adds it (add_source_eos), as transformers' Marian tokenizer does.

    python -m benchmarks.anchor [--clients 16] [--sentences 40] [--rounds 1] [--model DIR]
                                [--venv DIR]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from benchmarks.cross_document import long_articles
from tests.serve_process import free_port
from translate.cache_home import user_cache_dir
from translate.text.segment import split_sentences

VERSION = "1.9.6"
# spaCy for the offline sentence splitter; spaCy's install lifts rich past flask-limiter's pin
REQUIREMENTS = (f"libretranslate=={VERSION}", "spacy>=3.8,<3.9", "rich==12.6.0")
DEFAULT_VENV = user_cache_dir() / "anchor" / f"libretranslate-{VERSION}"
INSTALL_SECONDS = 1800


def measure_anchor(articles: list[str], clients: int, model: Path | None = None,
                   venv: Path = DEFAULT_VENV, rounds: int = 1) -> dict[str, object]:
    """LibreTranslate on `model` (default: the trained stand-in) translating `articles` one
    request after another and from `clients` concurrent clients, alternating, the faster of
    `rounds` runs of each (a shared machine's other load only ever slows a run down)."""
    with tempfile.TemporaryDirectory(prefix="anchor-") as temp:
        folder = Path(temp)
        python = ensure_venv(venv)
        model = model or _trained_standin(folder)
        env = _argos_env(folder)
        install_package(python, build_package(model, folder / "package", python), env)
        url, server = start_libretranslate(python, env, folder)
        try:
            post(url, articles[0])  # argos loads the model on the first request
            unmeasured: tuple[float, list[float]] = (math.inf, [])
            sequential = concurrent = unmeasured
            for _ in range(rounds):
                sequential = min(sequential, timed_requests(url, articles, 1))
                concurrent = min(concurrent, timed_requests(url, articles, clients))
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {"anchor": versions(python), **compared(articles, clients, sequential, concurrent)}


def compared(articles: list[str], clients: int, sequential: tuple[float, list[float]],
             concurrent: tuple[float, list[float]]) -> dict[str, Any]:
    """The figures of one server's two runs, its sentences counted by our segmenter."""
    sentences = sum(len(split_sentences(line)) for text in articles for line in text.split("\n"))
    return {"articles": len(articles), "sentences": sentences, "clients": clients,
            "sequential": rates(sequential, sentences),
            "concurrent": rates(concurrent, sentences),
            "speedup": round(sequential[0] / concurrent[0], 2)}


def versions(python: Path) -> str:
    """The anchor's name and the versions of what does its work."""
    names = ("libretranslate", "argos-translate-lt", "ctranslate2", "spacy")
    found = subprocess.run(
        [str(python), "-c", "import sys; from importlib.metadata import version; "
         "print(' '.join(version(name) for name in sys.argv[1:]))", *names],
        check=True, capture_output=True, text=True).stdout.split()
    return ", ".join(f"{name} {version}" for name, version in zip(names, found, strict=True))


def ensure_venv(venv: Path) -> Path:
    """The python of LibreTranslate's virtualenv, made on first use."""
    python = venv / "bin" / "python"
    if not (venv / ".complete").is_file():
        print(f"installing LibreTranslate {VERSION} into {venv} (once; minutes)", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *REQUIREMENTS],
                       check=True, timeout=INSTALL_SECONDS)
        (venv / ".complete").touch()
    return python


def build_package(model: Path, folder: Path, python: Path) -> Path:
    """An argos-translate package (.argosmodel) of the MarianMT folder `model`."""
    from translate.model.engines.ct2_engine import converted
    from translate.model.resolve import resolve

    root = folder / "translate-de_en-standin"
    root.mkdir(parents=True)
    ct2 = converted(resolve(str(model), folder / "cache", offline=True), "float32",
                    folder / "cache")
    shutil.copytree(ct2, root / "model")
    config = json.loads((root / "model" / "config.json").read_text(encoding="utf-8"))
    (root / "model" / "config.json").write_text(json.dumps({**config, "add_source_eos": True}))
    shutil.copy(model / "source.spm", root / "sentencepiece.model")
    subprocess.run([str(python), "-c", "import spacy, sys; spacy.blank('de').to_disk(sys.argv[1])",
                    str(root / "spacy")], check=True)
    (root / "metadata.json").write_text(json.dumps({
        "package_version": "1.0", "argos_version": "1.9", "type": "translate",
        "from_code": "de", "from_name": "German", "to_code": "en", "to_name": "English"}))
    package = folder / "translate-de_en-standin.argosmodel"
    with zipfile.ZipFile(package, "w") as archive:
        for path in sorted(root.rglob("*")):
            archive.write(path, path.relative_to(folder))
    return package


def install_package(python: Path, package: Path, env: dict[str, str]) -> None:
    subprocess.run([str(python), "-c", "import sys; from argostranslate import package; "
                    "package.install_from_path(sys.argv[1])", str(package)], check=True, env=env)


def _argos_env(folder: Path) -> dict[str, str]:
    """Argos's and LibreTranslate's folders inside `folder`, offline settings, quiet."""
    env = {**os.environ, "XDG_DATA_HOME": str(folder / "data"),
           "XDG_CONFIG_HOME": str(folder / "config"), "XDG_CACHE_HOME": str(folder / "cache-home"),
           "ARGOS_CHUNK_TYPE": "SPACY", "ARGOS_DEVICE_TYPE": "cpu"}
    # argos downloads spaCy's multilingual splitter unless this folder exists; the package's
    # own pipeline is used instead
    (folder / "cache-home" / "argos-translate" / "spacy" / "senter" / "model").mkdir(parents=True)
    env.pop("PYTHONPATH", None)
    return env


def start_libretranslate(python: Path, env: dict[str, str], folder: Path
                         ) -> tuple[str, subprocess.Popen[bytes]]:
    """LibreTranslate on a free port, working in `folder`, once it answers; its address and
    process."""
    port = free_port()
    log = folder / "libretranslate.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(python.parent / "libretranslate"), "--host", "127.0.0.1", "--port", str(port),
             "--load-only", "de,en", "--disable-web-ui", "--disable-files-translation"],
            env=env, cwd=folder, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if httpx.get(f"{url}/languages", timeout=5).json():
                return url, server
        except (httpx.TransportError, ValueError):
            pass
        time.sleep(0.5)
    server.kill()
    last = log.read_text(errors="replace").strip().splitlines()[-5:]
    raise RuntimeError(f"LibreTranslate did not start (exit {server.poll()}): " + " | ".join(last))


def post(url: str, article: str) -> float:
    """Seconds to translate one article by LibreTranslate's API."""
    start = time.perf_counter()
    answer = httpx.post(f"{url}/translate", json={"q": article, "source": "de", "target": "en"},
                        timeout=600)
    answer.raise_for_status()
    return time.perf_counter() - start


def timed_requests(url: str, articles: list[str], clients: int) -> tuple[float, list[float]]:
    """Wall seconds and each request's latency, `clients` requests in flight at a time."""
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        latencies = list(pool.map(lambda article: post(url, article), articles))
    return time.perf_counter() - start, latencies


def rates(timed: tuple[float, list[float]], sentences: int) -> dict[str, float]:
    seconds, latencies = timed
    p95 = sorted(latencies)[math.ceil(0.95 * len(latencies)) - 1]
    return {"seconds": round(seconds, 2), "sentences_per_s": round(sentences / seconds, 2),
            "p50_s": round(statistics.median(latencies), 3), "p95_s": round(p95, 3)}


def _trained_standin(folder: Path) -> Path:
    from tests.standin import build_standin

    return build_standin(folder / "standin", size="tiny", seed=0, trained=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.anchor", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (16)")
    parser.add_argument("--sentences", type=int, default=40, help="units per article (40)")
    parser.add_argument("--model", type=Path, help="a MarianMT folder (the trained stand-in)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="alternate the two runs N times and keep each one's fastest (1)")
    parser.add_argument("--venv", type=Path, default=DEFAULT_VENV,
                        help=f"LibreTranslate's virtualenv, made if missing ({DEFAULT_VENV})")
    args = parser.parse_args(argv)
    articles = long_articles(args.clients, args.sentences)[0]
    found = measure_anchor(articles, args.clients, args.model, args.venv, args.rounds)
    print(json.dumps(found, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
