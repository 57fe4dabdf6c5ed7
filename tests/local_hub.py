"""A Hugging Face hub on 127.0.0.1 for tests and CI: a stand-in model served as a hub
repository, in one of the weights layouts the real hub has, over real HTTP, to the real
huggingface_hub client (reached through HF_ENDPOINT).

Layouts, file for file as Helsinki-NLP's 2020 opus-mt repositories (`config.json` with the
generation settings inside, no generation_config.json; `pytorch_model.bin`, `tf_model.h5`,
`rust_model.ot`, `source.spm`, `target.spm`, `vocab.json`, `tokenizer_config.json`,
`README.md`, `metadata.json`, `.gitattributes`):
- "a": main also holds `model.safetensors`, `flax_model.msgpack` and a generation_config.json;
- "b": main as in "c"; an open pull request `refs/pr/1` by `pr_author` (SFconvertbot, the hub's
  conversion bot, unless told otherwise) adds `model.safetensors`;
- "c": main only, pickle weights only.

Endpoints, as huggingface_hub 2.x calls them: `GET /api/models/{repo}/revision/{rev}`,
`GET /api/models/{repo}/tree/{rev}`, `GET /api/models/{repo}/discussions`,
`GET /api/models/{repo}/refs`, and `HEAD`/`GET /{repo}/resolve/{rev}/{file}` with
`X-Repo-Commit`, `ETag`, `X-Linked-Etag` and `X-Linked-Size`, and byte ranges (resumed
downloads). Every request is logged (`requests`, `files_requested()`).

Fault switches (`hub.fault`, changeable while it serves): "cut" sends half of every weights
file and then closes the connection (a resumed request gets nothing more); "404" answers every
request as the hub does for an unknown repository; "500" answers every request with a server
error; "hang" accepts connections and never answers.

    python -m tests.local_hub MODEL_DIR --layout a|b|c [--repo ID] [--port N] [--fault F]

prints the hub's URL (for HF_ENDPOINT) on a line of its own and serves until killed.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import sys
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from tests.serving import LoopbackServer

DEFAULT_REPO = "Helsinki-NLP/opus-mt-de-en"
CONVERSION_BOT = "SFconvertbot"
CONVERSION_TITLE = "Adding `safetensors` variant of this model"
LAYOUTS = ("a", "b", "c")
FAULTS = ("cut", "404", "500", "hang")
TOKENIZER_FILES = ("source.spm", "target.spm", "vocab.json", "tokenizer_config.json")
LFS_SUFFIXES = (".bin", ".h5", ".ot", ".msgpack", ".safetensors")
WEIGHTS = ("model.safetensors", "pytorch_model.bin")
# What the loaders never need: the downloader must leave these alone.
NEVER_FETCHED = frozenset({"tf_model.h5", "rust_model.ot", "flax_model.msgpack", "README.md",
                           "metadata.json", ".gitattributes"})
_API = re.compile(r"^/api/models/(?P<repo>[^/]+/[^/]+)/(?P<what>revision|tree|discussions|refs)"
                  r"(?:/(?P<rest>.*))?$")
_RESOLVE = re.compile(r"^/(?P<repo>[^/]+/[^/]+)/resolve/(?P<rev>[^/]+)/(?P<file>.+)$")
_CREATED = "2023-05-04T10:20:30.000Z"


@dataclass
class Revision:
    commit: str
    files: dict[str, bytes]


@dataclass
class Repo:
    """A hub repository: its revisions by ref name ("main", "refs/pr/1") and its discussions."""

    refs: dict[str, Revision]
    discussions: list[dict[str, Any]] = field(default_factory=list)

    def revision(self, ref: str) -> Revision | None:
        if ref in self.refs:
            return self.refs[ref]
        return next((r for r in self.refs.values() if r.commit == ref), None)


def build_repo(model_dir: Path, layout: str, pr_author: str = CONVERSION_BOT) -> Repo:
    """The stand-in model in `model_dir` (tests.standin) laid out as a hub repository."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}, not {layout!r}")
    model_dir = Path(model_dir)
    legacy = _legacy_files(model_dir)
    safetensors = (model_dir / "model.safetensors").read_bytes() if layout != "c" else b""
    if layout == "a":
        main = {**legacy, "model.safetensors": safetensors, "flax_model.msgpack": b"\x80flax",
                "generation_config.json": (model_dir / "generation_config.json").read_bytes()}
        return Repo({"main": _revision(f"{layout}:main", main)})
    repo = Repo({"main": _revision(f"{layout}:main", legacy)})
    if layout == "b":
        repo.refs["refs/pr/1"] = _revision(f"{layout}:pr", {**legacy,
                                                           "model.safetensors": safetensors})
        repo.discussions = [_discussion(1, CONVERSION_TITLE, pr_author, True),
                            _discussion(2, "Great model, thanks", "a-reader", False)]
    return repo


def _legacy_files(model_dir: Path) -> dict[str, bytes]:
    """The files of a 2020 opus-mt repository, made from the stand-in."""
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    generation = json.loads((model_dir / "generation_config.json").read_text(encoding="utf-8"))
    generation.pop("transformers_version", None)
    config.update(generation, transformers_version="4.22.0.dev0")
    files = {name: (model_dir / name).read_bytes() for name in TOKENIZER_FILES}
    return {
        "config.json": json.dumps(config, indent=2).encode(),
        **files,
        "pytorch_model.bin": _pickle_weights(model_dir),
        "tf_model.h5": b"\x89HDF\r\n\x1a\n dummy tensorflow weights",
        "rust_model.ot": b"dummy rust-bert weights",
        "README.md": b"---\nlicense: cc-by-4.0\n---\n# opus-mt-de-en (a stand-in)\n",
        "metadata.json": json.dumps({"hf_name": "de-en", "src_name": "German"}).encode(),
        ".gitattributes": b"*.bin filter=lfs diff=lfs merge=lfs -text\n"
                          b"*.h5 filter=lfs diff=lfs merge=lfs -text\n",
    }


def _pickle_weights(model_dir: Path) -> bytes:
    """`pytorch_model.bin` as a 2020 conversion wrote it: torch.save of the model's state dict,
    tied weights (shared embeddings, output layer) sharing one storage."""
    import torch
    from transformers import AutoModelForSeq2SeqLM
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    state = AutoModelForSeq2SeqLM.from_pretrained(model_dir).state_dict()
    buffer = io.BytesIO()
    torch.save(state, buffer)
    return buffer.getvalue()


def _revision(seed: str, files: dict[str, bytes]) -> Revision:
    digest = hashlib.sha1(seed.encode())
    for name in sorted(files):
        digest.update(name.encode() + hashlib.sha1(files[name]).digest())
    return Revision(digest.hexdigest(), files)


def _discussion(num: int, title: str, author: str, pull_request: bool) -> dict[str, Any]:
    return {"num": num, "title": title, "status": "open", "isPullRequest": pull_request,
            "createdAt": _CREATED, "author": {"name": author},
            "repo": {"name": DEFAULT_REPO, "type": "model"}}


def blob_id(data: bytes) -> str:
    """The git blob id of a file (what the hub calls its `oid`)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _lfs(name: str) -> bool:
    return name.endswith(LFS_SUFFIXES)


class LocalHub(LoopbackServer):
    """`Repo` served at `url` (`with LocalHub(repo) as hub:`, or start() and stop())."""

    def __init__(self, repo: Repo, repo_id: str = DEFAULT_REPO, port: int = 0,
                 fault: str | None = None, verbose: bool = False) -> None:
        if fault not in (None, *FAULTS):
            raise ValueError(f"fault must be one of {', '.join(FAULTS)}, not {fault!r}")
        self.repo, self.repo_id, self.fault, self.verbose = repo, repo_id, fault, verbose
        self.requests: list[tuple[str, str]] = []  # (method, path) in the order they came
        super().__init__(_HubHandler, port, hub=self)

    def files_requested(self, method: str | None = None) -> set[str]:
        """Names of the repository files asked for (HEAD or GET, or only `method`)."""
        found = set()
        for verb, path in self.requests:
            match = _RESOLVE.match(urlsplit(path).path)
            if match and (method is None or verb == method):
                found.add(unquote(match["file"]))
        return found

    def commit(self, ref: str = "main") -> str:
        return self.repo.refs[ref].commit


class _HubHandler(BaseHTTPRequestHandler):
    hub: LocalHub
    server_version = "local-hub/1"

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def log_message(self, format: str, *args: Any) -> None:
        if self.hub.verbose:
            sys.stderr.write(f"local-hub: {format % args}\n")

    def _answer(self, body: bool) -> None:
        hub = self.hub
        hub.requests.append((self.command, self.path))
        if hub.fault == "hang":
            hub.released.wait()
            return
        if hub.fault == "500":
            return self._json(500, {"error": "Internal Server Error"}, body)
        if hub.fault == "404":
            return self._not_found("RepoNotFound", "Repository not found", body)
        url = urlsplit(self.path)
        api, resolve = _API.match(url.path), _RESOLVE.match(url.path)
        match = api or resolve
        if not match or match["repo"] != hub.repo_id:
            return self._not_found("RepoNotFound", "Repository not found", body)
        if api:
            return self._api(api["what"], unquote(api["rest"] or ""), parse_qs(url.query), body)
        revision = hub.repo.revision(unquote(resolve["rev"]))
        if revision is None:
            return self._not_found("RevisionNotFound", "Invalid rev id", body)
        name = unquote(resolve["file"])
        if name not in revision.files:
            return self._not_found("EntryNotFound", "Entry not found", body, revision.commit)
        self._file(revision, name, body)

    def _api(self, what: str, rest: str, query: dict[str, list[str]], body: bool) -> None:
        repo = self.hub.repo
        if what == "discussions":
            return self._json(200, self._discussions(query), body)
        if what == "refs":
            return self._json(200, self._refs("include_prs" in query), body)
        ref = rest.split("/")[0] if what == "tree" else rest
        revision = repo.revision(unquote(ref))
        if revision is None:
            return self._not_found("RevisionNotFound", "Invalid rev id", body)
        if what == "revision":
            siblings = [{"rfilename": name} for name in sorted(revision.files)]
            return self._json(200, {"id": self.hub.repo_id, "modelId": self.hub.repo_id,
                                    "sha": revision.commit, "private": False, "gated": False,
                                    "disabled": False, "lastModified": _CREATED,
                                    "tags": ["pytorch", "marian"], "siblings": siblings}, body)
        self._json(200, [self._entry(name, data) for name, data in sorted(revision.files.items())],
                   body)

    def _discussions(self, query: dict[str, list[str]]) -> dict[str, Any]:
        def wanted(d: dict[str, Any]) -> bool:
            kind = query.get("type", ["all"])[0]
            return ((kind == "all" or d["isPullRequest"] == (kind == "pull_request"))
                    and query.get("status", [d["status"]])[0] in ("all", d["status"])
                    and query.get("author", [d["author"]["name"]])[0] == d["author"]["name"])

        found = [{**d, "repo": {"name": self.hub.repo_id, "type": "model"}}
                 for d in self.hub.repo.discussions if wanted(d)]
        return {"discussions": found, "count": len(found), "start": 0, "numClosedDiscussions": 0}

    def _refs(self, pull_requests: bool) -> dict[str, Any]:
        def ref(name: str, full: str) -> dict[str, str]:
            return {"name": name, "ref": full, "targetCommit": self.hub.repo.refs[name].commit}

        refs: dict[str, Any] = {"branches": [ref("main", "refs/heads/main")], "converts": [],
                                "tags": []}
        if pull_requests:
            refs["pullRequests"] = [ref(name, name) for name in self.hub.repo.refs
                                    if name.startswith("refs/pr/")]
        return refs

    @staticmethod
    def _entry(name: str, data: bytes) -> dict[str, Any]:
        entry: dict[str, Any] = {"type": "file", "oid": blob_id(data), "size": len(data),
                                 "path": name}
        if _lfs(name):
            entry["lfs"] = {"oid": hashlib.sha256(data).hexdigest(), "size": len(data),
                            "pointerSize": 134}
        return entry

    def _file(self, revision: Revision, name: str, body: bool) -> None:
        data = revision.files[name]
        start = _range_start(self.headers.get("Range"))
        self.send_response(206 if start else 200)
        self.send_header("X-Repo-Commit", revision.commit)
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Type", "application/octet-stream")
        if _lfs(name):
            self.send_header("ETag", f'"{blob_id(data)}"')
            self.send_header("X-Linked-Etag", f'"{hashlib.sha256(data).hexdigest()}"')
            self.send_header("X-Linked-Size", str(len(data)))
        else:
            self.send_header("ETag", f'"{blob_id(data)}"')
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.send_header("Content-Length", str(len(data) - start))
        self.end_headers()
        if not body:
            return
        if self.hub.fault == "cut" and name in WEIGHTS:
            self.wfile.write(data[start:max(start, len(data) // 2)])  # then hang up
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(data[start:])

    def _json(self, status: int, data: Any, body: bool) -> None:
        payload = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if body:
            self.wfile.write(payload)

    def _not_found(self, code: str, message: str, body: bool, commit: str | None = None) -> None:
        payload = json.dumps({"error": message}).encode()
        self.send_response(404)
        self.send_header("X-Error-Code", code)
        self.send_header("X-Error-Message", message)
        if commit:
            self.send_header("X-Repo-Commit", commit)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if body:
            self.wfile.write(payload)


def _range_start(header: str | None) -> int:
    """The first byte of a `Range: bytes=N-` request (the only form the hub client sends)."""
    match = re.fullmatch(r"bytes=(\d+)-", header or "")
    return int(match[1]) if match else 0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.local_hub",
                                     description="Serve a stand-in model as a local hub.")
    parser.add_argument("model_dir", type=Path, help="a stand-in folder (tests.standin)")
    parser.add_argument("--layout", choices=LAYOUTS, default="c")
    parser.add_argument("--repo", default=DEFAULT_REPO, help="the repository id it serves")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--pr-author", default=CONVERSION_BOT, help="layout b's PR author")
    parser.add_argument("--fault", choices=FAULTS, default=None)
    parser.add_argument("--verbose", action="store_true", help="log every request on stderr")
    args = parser.parse_args(argv)
    repo = build_repo(args.model_dir, args.layout, args.pr_author)
    hub = LocalHub(repo, args.repo, args.port, args.fault, args.verbose)
    hub.serve_until_interrupted()


if __name__ == "__main__":
    main()
