"""Which language an article is in, so that non-English text is reported, not mangled.

py3langid ships its model LZMA-compressed: decompressing its 68 MB takes most of a second of CPU
at every start. The decompressed arrays are therefore cached beside the gazetteer's cache, one
``.npy`` file each, and memory-mapped from there: opened in milliseconds, the same numbers, the
same answers. Like the gazetteer's, the cache is generated data, rebuilt when py3langid's model
file changes.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
from py3langid.modelio import load_model

from sitrep.errors import LanguageError
from sitrep.geo.cache import default_dir

log = logging.getLogger(__name__)

# Below this many characters the identifier guesses; a short text is let through as English.
MIN_CHARS = 200
# Only a confident guess rejects an article.
MIN_PROBABILITY = 0.9
_SAMPLE_CHARS = 5000

_FORMAT = "langid-1"
_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
"""The model's arrays, in the order of py3langid's ``load_model``."""


def _model_path() -> Path:
    return Path(MODEL_DIR, MODEL_FILE)


@cache
def _identifier(cache_dir: Path | None = None) -> LanguageIdentifier:
    """py3langid's model with probabilities, loaded once a process (from the cache if any)."""
    arrays = _cached_arrays((cache_dir or default_dir()) / f"langid-{_cache_key()}")
    ptc, pc, classes, nextmove, nextmove_row, out_feat = (arrays[name] for name in _ARRAYS)
    # What py3langid's own loader builds from the same arrays (`from_model_file`): the walk
    # indexes its tables with Python ints, so they are views of ints and a list, not NumPy's.
    return LanguageIdentifier(
        ptc, pc, classes.tolist(), _typed(nextmove), out_feat.tolist(),
        norm_probs=True, tk_row=_typed(nextmove_row))


def _typed(values: np.ndarray[Any, Any]) -> memoryview[int]:
    """A NumPy unsigned array as a view of Python ints over the same memory, which the walk
    indexes as it would py3langid's stdlib array. Not copied: the walk reads a few pages of the
    39 MB transition table per article, and copying it took 25-30 ms CPU at every start."""
    flat = np.ascontiguousarray(values).data.cast("B")
    if values.dtype.itemsize == 2:
        return flat.cast("H")
    if values.dtype.itemsize == 4:
        return flat.cast("I")
    return flat.cast("Q")


def _cached_arrays(folder: Path) -> dict[str, np.ndarray[Any, Any]]:
    """The model's arrays, memory-mapped from ``folder``; decompressed and cached there first
    when the folder is missing or unreadable (and read from the model file if it cannot be
    written)."""
    try:
        return {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False)
                for name in _ARRAYS}
    except FileNotFoundError:
        pass
    except (OSError, ValueError, EOFError) as err:  # EOFError: numpy on an empty file
        log.warning("language model cache %s unreadable (%s); rebuilding", folder, err)
    ptc, pc, classes, nextmove, nextmove_row, out_feat = load_model(_model_path())
    arrays = {"ptc": np.asarray(ptc), "pc": np.asarray(pc), "classes": np.asarray(classes),
              "nextmove": np.frombuffer(nextmove, dtype=f"u{nextmove.itemsize}"),
              "nextmove_row": np.frombuffer(nextmove_row, dtype=f"u{nextmove_row.itemsize}"),
              "out_feat": np.asarray(out_feat, dtype=np.int32)}
    _write(folder, arrays)
    return arrays


def _write(folder: Path, arrays: dict[str, np.ndarray[Any, Any]]) -> None:
    """Write the arrays into a new folder and rename it into place, so that a killed process
    never leaves half a cache behind; a read-only home only means the next run decompresses."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}-"))
        try:
            for name, values in arrays.items():
                np.save(building / f"{name}.npy", values, allow_pickle=False)
            # A damaged cache goes first (a process still mapping its files keeps reading them).
            shutil.rmtree(folder, ignore_errors=True)
            os.replace(building, folder)
        finally:
            shutil.rmtree(building, ignore_errors=True)
    except OSError as err:
        log.warning("could not cache the language model in %s (%s)", folder.parent, err)


def _cache_key() -> str:
    """A digest of the format and of py3langid's compressed model file."""
    digest = hashlib.sha256(_FORMAT.encode())
    digest.update(_model_path().read_bytes())
    return digest.hexdigest()[:16]


def detect(text: str, cache_dir: Path | None = None) -> tuple[str, float]:
    """The ISO 639-1 code of the text's language and the identifier's probability."""
    code, probability = _identifier(cache_dir).classify(text[:_SAMPLE_CHARS])
    return str(code), float(probability)


def check(text: str, origin: str, accepted: tuple[str, ...],
          cache_dir: Path | None = None) -> str:
    """The article's language code; LanguageError if it is confidently not one sitrep extracts."""
    default = accepted[0] if accepted else "en"
    if len(text) < MIN_CHARS:
        return default
    code, probability = detect(text, cache_dir)
    if code in accepted:
        return code
    if probability < MIN_PROBABILITY:
        return default
    wanted = " or ".join(_name(c) for c in accepted) or "English"
    raise LanguageError(origin, f"looks like {_name(code)} ({code}), sitrep extracts {wanted}")


def _name(code: str) -> str:
    """The English name of an ISO 639-1 language code."""
    import pycountry  # only to word a refusal: its tables load in tens of milliseconds

    language = pycountry.languages.get(alpha_2=code)
    return str(language.name) if language is not None else code
