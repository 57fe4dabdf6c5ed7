"""Weights digests remembered by stat: read once, read again whenever the file may differ."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from translate.model import digests
from translate.model.digests import sha256_digests
from translate.model.resolve import resolve


def never_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args, **kwargs):
        raise AssertionError("the file was read again")

    monkeypatch.setattr(digests.hashlib, "file_digest", fail)


def test_a_digest_is_computed_once_and_then_remembered(tmp_path, monkeypatch):
    weights = tmp_path / "model.safetensors"
    weights.write_bytes(b"weights" * 1000)
    cache = tmp_path / "cache"
    cache.mkdir()
    expected = hashlib.sha256(weights.read_bytes()).hexdigest()
    assert sha256_digests([weights], cache) == [expected]
    assert (cache / digests.FILE).is_file()
    never_read(monkeypatch)
    assert sha256_digests([weights], cache) == [expected]


def test_new_content_is_read_even_with_the_old_size_and_mtime(tmp_path):
    weights = tmp_path / "model.safetensors"
    weights.write_bytes(b"a" * 100)
    before = weights.stat()
    [first] = sha256_digests([weights], tmp_path)
    weights.write_bytes(b"b" * 100)  # same size ...
    os.utime(weights, ns=(before.st_atime_ns, before.st_mtime_ns))  # ... and mtime put back
    assert weights.stat().st_mtime_ns == before.st_mtime_ns
    [second] = sha256_digests([weights], tmp_path)  # ctime moved: no old digest served
    assert second == hashlib.sha256(b"b" * 100).hexdigest() != first


def test_a_cache_folder_that_does_not_exist_is_not_created(tmp_path):
    weights = tmp_path / "w.bin"
    weights.write_bytes(b"x")
    assert sha256_digests([weights], tmp_path / "nowhere") == [hashlib.sha256(b"x").hexdigest()]
    assert not (tmp_path / "nowhere").exists()


def test_a_local_model_keeps_its_content_revision(tiny_model_dir: Path, tmp_path, monkeypatch):
    """The revision is the content hash it always was (the memory's keys stay valid), and a
    second run reads no weights to find it."""
    digest = hashlib.sha256(
        hashlib.sha256((tiny_model_dir / "model.safetensors").read_bytes()).digest())
    first = resolve(str(tiny_model_dir), tmp_path, offline=True)
    assert first.revision == "sha256:" + digest.hexdigest()[:16]
    never_read(monkeypatch)
    assert resolve(str(tiny_model_dir), tmp_path, offline=True).revision == first.revision
