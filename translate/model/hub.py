"""Download a hub model into the cache, in whichever weights layout its repository has.

A repository's main branch holds either
- (a) safetensors weights (`model.safetensors`, or its shards), or only pickle weights
  (`pytorch_model.bin`), as Helsinki-NLP's 2020 opus-mt conversions do. Then
- (b) the hub may hold a safetensors conversion in a pull request `refs/pr/N` opened by the
  account `SFconvertbot`. As in transformers (`safetensors_conversion.py`), only an open pull
  request by that account counts, never one by anyone else. Where transformers also wants the
  pull request's parent to be main's newest commit, we compare files: every file we read from
  main (configs, tokenizer, the pickle weights) must be the same blob in the pull request, so
  its safetensors were converted from the weights main has now, and a later commit that only
  touches the model card does not matter. Failing that,
- (c) the pickle weights are downloaded and read weights-only into a safetensors copy in the
  cache (translate.model.weights), which every later run reads instead.

Only the files the loaders read are downloaded: configs, tokenizer and vocabulary files and one
set of weights, never other frameworks' weights (`tf_model.h5`, `rust_model.ot`,
`flax_model.msgpack`) or the model card. The commit the files come from (for (b), the pull
request's) is the model's revision.

The files go into the Hugging Face hub cache (translate.cache_home.model_cache_dir: the one
transformers and other tools use, or `--cache-dir`), so a model is downloaded once for every
folder and every tool. A record in `cache_dir/hub/` names the commit and the folder it gave. An
offline run, or one the hub cannot answer, uses the recorded folder without the network, or
without a record the snapshot of main that the hub cache holds (another tool's download); an
online run whose main branch has not moved uses it after a single request.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.cache_home import model_cache_dir
from translate.errors import ModelError, ModelUnreachable, first_line
from translate.model.weights import SAFETENSORS, is_loader_file, is_shard, safetensors_copy
from translate.output.atomic import write_atomic

log = logging.getLogger(__name__)

CONVERSION_BOT = "SFconvertbot"
RECORDS = "hub"  # the folder under cache_dir that holds the records
LISTING = "the file list"  # what is being fetched before the files themselves
WITHOUT_HUB = "docs/offline.md"  # the page that says how to bring a model to this machine
MODEL_DIR = f"pass --model DIR (see {WITHOUT_HUB})"  # the fix for a model the hub will not give


@dataclass(frozen=True, slots=True)
class Fetched:
    path: Path  # a folder holding the config, tokenizer files and safetensors weights
    revision: str  # the commit those files come from


@dataclass(frozen=True, slots=True)
class _Plan:
    main: str  # main's commit when the plan was made
    revision: str  # the commit the files come from
    files: tuple[str, ...]  # loader files first, then the weights
    pickle: bool  # the weights are pickle: the model is read from a safetensors copy
    size: int  # bytes to download, at most


def fetch(repo_id: str, cache_dir: Path, offline: bool) -> Fetched:
    """The model `repo_id` from the cache, downloaded first unless `offline`."""
    from huggingface_hub import HfApi, constants

    models = model_cache_dir(cache_dir)
    recorded = _read_record(cache_dir, repo_id)
    if offline or constants.HF_HUB_OFFLINE:
        if cached := (recorded and recorded[1]) or _cached_snapshot(repo_id, models, cache_dir):
            return cached
        raise ModelUnreachable(
            f"{repo_id}: not in the model cache ({models.resolve()}) and offline mode "
            "(--offline or HF_HUB_OFFLINE=1) forbids downloading; run once online, or see "
            f"{WITHOUT_HUB}")
    api = HfApi()
    with _user_errors(repo_id, models, LISTING):
        try:
            info = api.repo_info(repo_id, revision="main", timeout=constants.HF_HUB_ETAG_TIMEOUT)
        except Exception as exc:
            cached = (recorded and recorded[1]) or _cached_snapshot(repo_id, models, cache_dir)
            if cached and _transient(exc):
                log.info("the hub did not answer (%s); using the cached %s (rev %s)",
                         first_line(exc), repo_id, cached.revision[:12])
                return cached
            raise
        if recorded and recorded[0] == info.sha:
            return recorded[1]
        plan = _plan(api, repo_id, str(info.sha))
    log.info("downloading %s (rev %s, %d files, %.0f MB) into %s", repo_id, plan.revision[:12],
             len(plan.files), plan.size / 1e6, models)
    folder = _download(repo_id, models, plan)
    if plan.pickle:
        folder = safetensors_copy(repo_id, folder, plan.revision, cache_dir)
    fetched = Fetched(folder, plan.revision)
    _write_record(cache_dir, repo_id, plan.main, fetched)
    return fetched


def _plan(api: Any, repo_id: str, main: str) -> _Plan:
    """Which commit and files to download: safetensors on main (a), in the conversion pull
    request (b), or main's pickle weights (c)."""
    tree = _tree(api, repo_id, main)
    if "config.json" not in tree:
        raise ModelError(f"{repo_id}: not a model repository (it has no config.json)")
    loaders = tuple(sorted(name for name in tree if is_loader_file(name)))
    safe = _weights(tree, "safetensors")
    pickled = _weights(tree, "bin")
    if not safe and pickled:
        converted = _conversion(api, repo_id, tree, (*loaders, *pickled))
        if converted:
            revision, tree = converted
            safe = _weights(tree, "safetensors")
            return _Plan(main, revision, (*loaders, *safe), False, _size(tree, loaders, safe))
    if not safe and not pickled:
        raise ModelError(f"{repo_id}: holds no PyTorch weights (model.safetensors or "
                         "pytorch_model.bin); pass --model with another model")
    weights = safe or pickled
    return _Plan(main, main, (*loaders, *weights), not safe, _size(tree, loaders, weights))


def _conversion(api: Any, repo_id: str, main_tree: dict[str, Any],
                files: tuple[str, ...]) -> tuple[str, dict[str, Any]] | None:
    """The commit and files of the newest open conversion pull request by CONVERSION_BOT
    that adds safetensors to exactly the files main has; None if there is none, or if the
    hub (a mirror, say) does not serve pull requests."""
    from huggingface_hub import errors

    try:
        prs = [pr for pr in api.get_repo_discussions(repo_id, author=CONVERSION_BOT,
                                                     discussion_type="pull_request",
                                                     discussion_status="open")
               if pr.is_pull_request and pr.status == "open" and pr.author == CONVERSION_BOT]
        refs = api.list_repo_refs(repo_id, include_pull_requests=True).pull_requests if prs else []
    except errors.HfHubHTTPError as exc:
        log.debug("%s: no pull requests from the hub (%s)", repo_id, first_line(exc))
        return None
    commits = {name: ref.target_commit for ref in refs or [] for name in (ref.ref, ref.name)}
    for pr in sorted(prs, key=lambda pr: pr.num, reverse=True):
        commit = commits.get(pr.git_reference)
        if not commit:
            continue
        tree = _tree(api, repo_id, commit)
        same = all(name in tree and tree[name].blob_id == main_tree[name].blob_id
                   for name in files)
        if same and _weights(tree, "safetensors"):
            return commit, tree
        log.debug("%s: %s is not a conversion of main's files; not used", repo_id,
                  pr.git_reference)
    return None


def _tree(api: Any, repo_id: str, commit: str) -> dict[str, Any]:
    """The files at the top of the repository at `commit`, by name."""
    from huggingface_hub.hf_api import RepoFile

    return {entry.path: entry for entry in api.list_repo_tree(repo_id, revision=commit)
            if isinstance(entry, RepoFile) and "/" not in entry.path}


def _weights(tree: dict[str, Any], kind: str) -> tuple[str, ...]:
    """One set of weights of `kind` ("safetensors" or "bin"): the single file, or the index
    and its shards; () if there is none."""
    single = SAFETENSORS if kind == "safetensors" else "pytorch_model.bin"
    if single in tree:
        return (single,)
    index = f"{single}.index.json"
    shards = sorted(name for name in tree if is_shard(name) and name.endswith(f".{kind}"))
    return (index, *shards) if index in tree and shards else ()


def _size(tree: dict[str, Any], *groups: tuple[str, ...]) -> int:
    return sum(tree[name].size or 0 for group in groups for name in group)


def _download(repo_id: str, models: Path, plan: _Plan) -> Path:
    """The plan's files in the hub cache's snapshot folder of its commit (resumed where an
    earlier download broke off); returns that folder."""
    from huggingface_hub import hf_hub_download

    folder = models
    for name in plan.files:
        with _user_errors(repo_id, models, name):
            folder = Path(hf_hub_download(repo_id, name, revision=plan.revision,
                                          cache_dir=models)).parent
    return folder


def _cached_snapshot(repo_id: str, models: Path, cache_dir: Path) -> Fetched | None:
    """The snapshot of main that the hub cache `models` holds (downloaded by us or by another
    tool), if it has a config and one set of weights; pickle weights are read into a
    safetensors copy in `cache_dir`. None if there is none."""
    from huggingface_hub.file_download import repo_folder_name

    repo = models / repo_folder_name(repo_id=repo_id, repo_type="model")
    try:
        commit = (repo / "refs" / "main").read_text(encoding="utf-8").strip()
        names = dict.fromkeys(p.name for p in (repo / "snapshots" / commit).iterdir())
    except (OSError, ValueError):
        return None
    snapshot = repo / "snapshots" / commit
    if "config.json" not in names or not (_weights(names, "safetensors") or
                                          _weights(names, "bin")):
        return None
    if not _weights(names, "safetensors"):
        snapshot = safetensors_copy(repo_id, snapshot, commit, cache_dir)
    log.info("using %s (rev %s) from the hub cache %s", repo_id, commit[:12], models)
    return Fetched(snapshot, commit)


def _transient(exc: Exception) -> bool:
    """No connection, a timeout, or a hub error that says nothing about the model itself."""
    from huggingface_hub import errors
    from huggingface_hub.utils import httpx

    if isinstance(exc, httpx.TransportError):
        return True
    final = (errors.RepositoryNotFoundError, errors.GatedRepoError, errors.RevisionNotFoundError)
    return isinstance(exc, errors.HfHubHTTPError) and not isinstance(exc, final)


@contextlib.contextmanager
def _user_errors(repo_id: str, models: Path, what: str) -> Iterator[None]:
    """The hub client's errors while fetching `what`, as one ModelError line saying what to do."""
    from huggingface_hub import constants, errors
    from huggingface_hub.utils import httpx

    hub = f"the Hugging Face hub ({constants.ENDPOINT})"
    not_cached = f"not in the model cache ({models.resolve()})"
    try:
        yield
    except errors.GatedRepoError:
        raise ModelError(
            f"{repo_id}: this model is gated; accept its terms on the hub and log in "
            "(`hf auth login`), or pass --model DIR with a downloaded copy (see "
            f"{WITHOUT_HUB})") from None
    except errors.RepositoryNotFoundError:
        raise ModelError(f"{repo_id}: no such model on {hub}; check the id, or "
                         f"{MODEL_DIR}") from None
    except errors.HfHubHTTPError as exc:
        status = exc.response.status_code
        fix = ("retry later" if status >= 500 else "check the model id and HF_ENDPOINT")
        raise ModelError(f"{repo_id}: cannot be downloaded: {hub} answered HTTP {status} for "
                         f"{what}; {fix}, or {MODEL_DIR}") from None
    except httpx.TimeoutException:
        wait = "HF_HUB_ETAG_TIMEOUT" if what == LISTING else "HF_HUB_DOWNLOAD_TIMEOUT"
        raise ModelUnreachable(
            f"{repo_id}: cannot be downloaded: {hub} did not answer in time for {what} "
            f"({wait}={getattr(constants, wait)} s) and it is {not_cached}; retry later, or "
            f"{MODEL_DIR}") from None
    except httpx.ConnectError:
        raise ModelUnreachable(
            f"{repo_id}: cannot be downloaded (no connection to {hub}) and is {not_cached}; "
            f"connect and retry, or see {WITHOUT_HUB}") from None
    except errors.LocalEntryNotFoundError:  # the hub client lost the connection on the way
        raise ModelUnreachable(
            f"{repo_id}: cannot be downloaded (the connection to {hub} broke off at {what}) "
            f"and is {not_cached}; connect and retry, or see {WITHOUT_HUB}") from None
    except (httpx.TransportError, OSError) as exc:  # cut off mid-file, or a short file
        raise ModelUnreachable(f"{repo_id}: the download of {what} broke off ({first_line(exc)}); "
                         f"run again to continue it, or {MODEL_DIR}") from None


def _record_path(cache_dir: Path, repo_id: str) -> Path:
    return cache_dir / RECORDS / (repo_id.replace("/", "--") + ".json")


def _read_record(cache_dir: Path, repo_id: str) -> tuple[str, Fetched] | None:
    """(main's commit, what it gave) as recorded, if its folder still holds every file."""
    try:
        data = json.loads(_record_path(cache_dir, repo_id).read_text(encoding="utf-8"))
        folder = cache_dir / data["path"]
        complete = all((folder / name).is_file() for name in data["files"])
        return (data["main"], Fetched(folder, data["revision"])) if complete else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_record(cache_dir: Path, repo_id: str, main: str, fetched: Fetched) -> None:
    """Written atomically; a rival run writes the same record, and the last rename stays."""
    files = sorted(p.name for p in fetched.path.iterdir() if p.is_file())
    path = fetched.path.resolve()
    inside = path.is_relative_to(cache_dir.resolve())  # else the Hugging Face hub cache
    data = {"main": main, "revision": fetched.revision, "files": files,
            "path": path.relative_to(cache_dir.resolve()).as_posix() if inside else str(path)}
    write_atomic(_record_path(cache_dir, repo_id), json.dumps(data, indent=2))
