"""The probe for CTranslate2's CUDA 12 libraries, on real shared libraries and real dlopen."""

from __future__ import annotations

import ctypes.util
import shutil
import sys
from pathlib import Path

import pytest

from translate.model.engines.cuda_libraries import (
    WHEEL_FOLDER,
    cuda_libraries_problem,
    load_library,
    wheel_folders,
)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux wheels only")


def _a_real_library() -> Path:
    """A shared library every Linux machine has (libz, else libm), as a file."""
    for name in ("z", "m"):
        found = ctypes.util.find_library(name)
        if found:
            for folder in ("/lib", "/usr/lib", "/lib64", "/usr/lib64", *_multiarch()):
                if (Path(folder) / found).is_file():
                    return Path(folder) / found
    pytest.skip("no libz or libm file found")


def _multiarch() -> list[str]:
    return [str(path) for path in Path("/usr/lib").glob("*-linux-gnu")] + [
        str(path) for path in Path("/lib").glob("*-linux-gnu")]


def test_a_library_the_loader_knows_loads_by_name():
    assert load_library(ctypes.util.find_library("m") or "libm.so.6", [])
    assert cuda_libraries_problem((ctypes.util.find_library("m") or "libm.so.6",)) is None


def test_missing_libraries_are_named_with_the_fix():
    problem = cuda_libraries_problem(("libcublasLt.so.99", "libcublas.so.99"))
    assert problem == ("libcublasLt.so.99, libcublas.so.99 cannot be loaded: CTranslate2's "
                       "wheels need CUDA 12's cuBLAS; pip install \"translate-de-en[cuda12]\" "
                       "(CUDA 12's cuBLAS from PyPI), or use --engine torch")


def test_a_wheel_copy_is_loaded_by_its_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Where the loader cannot find a library by name, the copy under site-packages'
    nvidia/cublas/lib (as the nvidia-cublas-cu12 wheel lays it out) is loaded."""
    name = "libtranslate-probe-test.so.12"
    assert not load_library(name, [])  # unknown to the loader
    site = tmp_path / "site-packages"
    (site / WHEEL_FOLDER).mkdir(parents=True)
    shutil.copy(_a_real_library(), site / WHEEL_FOLDER / name)
    monkeypatch.setattr(sys, "path", [str(site), *sys.path])
    assert wheel_folders()[0] == site / WHEEL_FOLDER
    assert cuda_libraries_problem((name,)) is None
    (site / WHEEL_FOLDER / "libtranslate-broken.so.12").write_bytes(b"not a library")
    assert not load_library("libtranslate-broken.so.12", wheel_folders())
