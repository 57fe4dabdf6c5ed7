"""py3langid's model, unpacked once per machine so the language check starts in
milliseconds: the package ships it xz-compressed (4.5 MB → 68 MB), and unpacking it takes
0.3–0.9 s of every run on a 2-core machine, more than anything else before the first batch.

Where: the user's cache folder ($XDG_CACHE_HOME or ~/.cache, then translate/py3langid; the
variable TRANSLATE_LANGID_CACHE names another). Not --cache-dir: the copy derives from the
installed package alone, like __pycache__, and one copy per machine serves every cache folder
(a test suite gives each test a fresh one; 68 MB each would be gigabytes).
The unpacked arrays are plain .npy files, memory-mapped when read, in a folder named by the
py3langid version and the model file's size and mtime (a new release or model unpacks again).
They are built in a temporary folder and renamed into place, so racing runs each see a whole
copy. Anything unexpected (a model layout this does not know, an unwritable folder) falls back
to py3langid's own loader.
"""

from __future__ import annotations

import logging
import lzma
import os
import shutil
import tempfile
from array import array
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


def load_identifier() -> Any:
    """py3langid's LanguageIdentifier (probabilities normalised), from the unpacked copy when
    it can be."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    try:
        import numpy as np

        folder = _unpacked(MODEL_DIR / MODEL_FILE, _cache_folder())
        data = {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in _ARRAYS}
        return LanguageIdentifier(
            data["ptc"], np.asarray(data["pc"]), data["classes"].tolist(),
            _stdlib_array(data["nextmove"]), data["out_feat"].tolist(), norm_probs=True,
            tk_row=_stdlib_array(data["nextmove_row"]))
    except (OSError, ValueError, KeyError) as exc:
        log.debug("py3langid's model from its package, not unpacked: %s", exc)
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _cache_folder() -> Path:
    if named := os.environ.get("TRANSLATE_LANGID_CACHE"):
        return Path(named)
    from translate.cache_home import user_cache_dir

    return user_cache_dir() / "py3langid"


def _unpacked(model: Path, cache: Path) -> Path:
    import numpy as np
    import py3langid

    stat = model.stat()
    version = getattr(py3langid, "__version__", "unknown")
    folder = cache / f"{version}-{stat.st_size}-{stat.st_mtime_ns}"
    if (folder / "out_feat.npy").is_file():
        return folder
    with tempfile.TemporaryFile(suffix=".npz") as stream:
        with lzma.open(model) as source:
            shutil.copyfileobj(source, stream, length=1 << 20)
        stream.seek(0)
        with np.load(stream, allow_pickle=False) as data:
            arrays = {name: data[name] for name in _ARRAYS}
    folder.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        for name, values in arrays.items():
            np.save(temp / f"{name}.npy", values, allow_pickle=False)
        os.replace(temp, folder)
    except OSError:
        if not (folder / "out_feat.npy").is_file():  # a rival's copy is as good as ours
            raise
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return folder


def _stdlib_array(values: Any) -> array[int]:
    """An unsigned numpy array as the stdlib array py3langid's tokenizer walks."""
    out = array({2: "H", 4: "I", 8: "L"}[values.dtype.itemsize])
    out.frombytes(memoryview(values).cast("B"))  # one copy, out of the mapped file
    return out
