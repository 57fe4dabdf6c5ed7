"""Whether CTranslate2 can really run on a CUDA GPU here: its CUDA libraries load.

CTranslate2's PyPI wheels are built against CUDA 12 and open cuBLAS 12 only when they first
translate, so a machine with a GPU but only CUDA 13 libraries (today's images) passes
`get_cuda_device_count()` and then fails mid-run with "Library libcublas.so.12 is not found".
We open the same libraries first. Where the system has none, the copy that the
`nvidia-cublas-cu12` wheel puts in site-packages (this project's `cuda12` extra) is opened by
its path: once a library with that name is loaded, the dynamic loader hands CTranslate2 the
same one.
"""

from __future__ import annotations

import ctypes
import sys
from functools import cache
from pathlib import Path

# cuBLASLt first: cuBLAS needs it, and a wheel's copy is found by path only
CUDA_LIBRARIES = ("libcublasLt.so.12", "libcublas.so.12")
WHEEL_FOLDER = Path("nvidia", "cublas", "lib")  # where nvidia-cublas-cu12 installs them
CUDA12_EXTRA = 'pip install "translate-de-en[cuda12]" (CUDA 12\'s cuBLAS from PyPI)'


@cache
def cuda_libraries_problem(libraries: tuple[str, ...] = CUDA_LIBRARIES) -> str | None:
    """Why CTranslate2's CUDA libraries cannot be loaded, or None once they are (they stay
    loaded). Only Linux wheels load them this way; elsewhere nothing is checked."""
    if not sys.platform.startswith("linux"):
        return None
    missing = [name for name in libraries if not load_library(name, wheel_folders())]
    if not missing:
        return None
    return (f"{', '.join(missing)} cannot be loaded: CTranslate2's wheels need CUDA 12's "
            f"cuBLAS; {CUDA12_EXTRA}, or use --engine torch")


def load_library(name: str, folders: list[Path]) -> bool:
    """Open the shared library `name` for the whole process: from the loader's search path,
    else from the first of `folders` that holds it."""
    for candidate in (name, *(str(folder / name) for folder in folders
                              if (folder / name).is_file())):
        try:
            ctypes.CDLL(candidate, mode=ctypes.RTLD_GLOBAL)
        except OSError:
            continue
        return True
    return False


def wheel_folders() -> list[Path]:
    """The folders where pip puts the nvidia-cublas-cu12 wheel's libraries."""
    return [Path(entry) / WHEEL_FOLDER for entry in sys.path if entry]
