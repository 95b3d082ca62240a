"""The entity ruler's phrase patterns, handed to its matcher as cached token keys.

The ruler matches its 2,132 phrase patterns on ORTH, the hash of each token's text. spaCy's
``EntityRuler.add_patterns`` tokenizes every phrase to get those hashes, and the tokenizer makes
a lexeme for each new word, running the language's attribute functions on it: about 0.12 s CPU
at every start. The hashes depend only on the phrases and the tokenizer, so they are cached in
the gazetteer's cache folder under a digest of the phrases, spaCy's version and the model's name
and version, and given to the ruler's ``PhraseMatcher`` as they are (a sequence of hashes is a
pattern it takes, as its own unpickling does). The matcher holds the same keys as before, added
in the same order, so the ruler finds the same entities; only the words of the phrases are not
made lexemes until a text has them. The ruler's ``patterns`` and ``labels`` list its token
patterns only: its phrases live in its matcher.

A cache file carries a digest of its contents: a file cut short, damaged or of another
format is rebuilt, never read.
"""

from __future__ import annotations

import hashlib
import logging
import os
import struct
import tempfile
from array import array
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from spacy import about
from spacy.language import Language
from spacy.pipeline import EntityRuler

from sitrep.geo.cache import default_dir, prune_others

log = logging.getLogger(__name__)

Keys = list[tuple[int, ...]]
"""Each phrase's token hashes (ORTH), in the order of the phrases."""

_FORMAT = b"sitrep-phrase-keys-1\n"
_COUNTS = struct.Struct("<QQ")  # phrases, hashes
_DIGEST = 32  # sha256 of everything after it
KEEP_OTHERS = 2
"""Caches of other builds kept beside the current one (for switching between two installs)."""


def add_patterns(nlp: Language, ruler: EntityRuler, patterns: Sequence[dict[str, Any]],
                 cache_dir: Path | None) -> None:
    """Add the patterns to the ruler as its own ``add_patterns`` would: the token patterns
    first, then the phrase patterns in order, each phrase from its cached token keys."""
    phrases = [p for p in patterns if isinstance(p["pattern"], str)]
    tokens = [p for p in patterns if isinstance(p["pattern"], list)]
    # Token patterns are not tokenized, and no pipe needs to run for them.
    with nlp.select_pipes(disable=nlp.pipe_names):
        ruler.add_patterns(tokens)
    texts = [str(p["pattern"]) for p in phrases]
    keys = load_or_build(cache_dir, cache_key(nlp, texts), len(texts),
                         lambda: phrase_keys(nlp, texts))
    for pattern, orths in zip(phrases, keys, strict=True):
        label = str(pattern["label"])
        if "id" in pattern:
            # What the ruler does with an id: the matcher's key carries it, and the ruler
            # keeps the label and id under that key for the entity it sets.
            ent_label, label = label, ruler._create_label(label, pattern["id"])
            ruler._ent_ids[ruler.matcher._normalize_key(label)] = (ent_label, pattern["id"])
        ruler.phrase_matcher.add(label, [orths])  # type: ignore[list-item]


def phrase_keys(nlp: Language, texts: Sequence[str]) -> Keys:
    """Each phrase's token hashes, from the model's own tokenizer."""
    return [tuple(token.orth for token in nlp.tokenizer(text)) for text in texts]


def cache_key(nlp: Language, texts: Sequence[str]) -> str:
    """A digest of what the keys depend on: the phrases, spaCy, and the model's tokenizer (by
    the model's name and version)."""
    digest = hashlib.sha256(_FORMAT)
    meta = nlp.meta
    for part in (about.__version__, meta.get("lang"), meta.get("name"), meta.get("version")):
        digest.update(f"{part};".encode())
    for text in texts:
        digest.update(text.encode() + b"\0")
    return digest.hexdigest()[:16]


def load_or_build(cache_dir: Path | None, key: str, phrases: int,
                  build: Callable[[], Keys]) -> Keys:
    """The cached keys of ``phrases`` phrases if a sound cache exists, else built (and cached
    if the folder can be written)."""
    path = (cache_dir or default_dir()) / f"phrase-keys-{key}.bin"
    try:
        keys = read(path.read_bytes())
    except FileNotFoundError:
        pass
    except (OSError, ValueError) as err:
        log.warning("phrase key cache %s unreadable (%s); rebuilding", path, err)
    else:
        if len(keys) == phrases:
            return keys
        log.warning("phrase key cache %s holds %d phrases, not %d; rebuilding",
                    path, len(keys), phrases)
    keys = build()
    if _write(path, keys):
        _prune(path)
    return keys


def dump(keys: Keys) -> bytes:
    """The cache file's bytes: format line, digest, counts, each phrase's length, the hashes."""
    lengths = array("Q", (len(k) for k in keys))
    hashes = array("Q", (orth for k in keys for orth in k))
    body = _COUNTS.pack(len(lengths), len(hashes)) + lengths.tobytes() + hashes.tobytes()
    return _FORMAT + hashlib.sha256(body).digest() + body


def read(blob: bytes) -> Keys:
    """The keys of a cache file's bytes; ValueError if it is not a whole, sound one."""
    if not blob.startswith(_FORMAT):
        raise ValueError("not a phrase key cache of this format")
    start = len(_FORMAT) + _DIGEST
    body = blob[start:]
    if len(body) < _COUNTS.size or hashlib.sha256(body).digest() != blob[len(_FORMAT):start]:
        raise ValueError("cut short or damaged")
    phrases, total = _COUNTS.unpack_from(body)
    lengths, hashes = array("Q"), array("Q")
    if len(body) != _COUNTS.size + 8 * (phrases + total):
        raise ValueError("its counts do not match its size")
    lengths.frombytes(body[_COUNTS.size:_COUNTS.size + 8 * phrases])
    hashes.frombytes(body[_COUNTS.size + 8 * phrases:])
    if sum(lengths) != total:
        raise ValueError("its lengths do not add up")
    keys: Keys = []
    at = 0
    for length in lengths:
        keys.append(tuple(hashes[at:at + length]))
        at += length
    return keys


def _write(path: Path, keys: Keys) -> bool:
    """Write atomically (a killed process leaves no half file under the name); whether the
    cache was written. A read-only folder only means the next start tokenizes again."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
            handle.write(dump(keys))
        os.replace(handle.name, path)
    except OSError as err:
        log.warning("could not cache the phrase keys in %s (%s)", path.parent, err)
        return False
    return True


def _prune(kept: Path) -> None:
    """Delete all but the ``KEEP_OTHERS`` newest caches of other builds beside a new one."""
    prune_others(kept, list(kept.parent.glob("phrase-keys-*.bin")), KEEP_OTHERS,
                 "phrase key cache")
