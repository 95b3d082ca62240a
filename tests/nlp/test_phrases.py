"""The entity ruler's phrase patterns from cached token keys: the same ruler, a safe cache."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from spacy.language import Language
from spacy.pipeline import EntityRuler

from sitrep.nlp import _load_model, load_patterns, phrases
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings

KEYS = [(11, 12), (13,), (2**64 - 1, 0, 5)]

TEXT = """KYIV, Ukraine (AP) - Volodymyr Zelensky met Jens Stoltenberg in Kyiv as Russian forces
shelled Kharkiv, Kupiansk and Vovchansk. The Kremlin and the Wagner Group denied it; Hezbollah,
Hamas and the IDF traded fire near Kiryat Shmona. Zelenskiy's office said the Donetsk Oblast
and the Zaporizhzhia Nuclear Power Plant were hit, and the U.S. and NATO condemned it."""


@pytest.fixture(scope="module")
def reference(settings: Settings) -> EntityRuler:
    """A ruler filled by spaCy's own ``add_patterns``, on a model of its own."""
    nlp = _load_model(importlib.import_module(settings.model))
    ruler = cast(EntityRuler, nlp.add_pipe(
        "entity_ruler", name="reference", before="ner",
        config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"}))
    with nlp.select_pipes(disable=nlp.pipe_names):
        ruler.add_patterns(load_patterns())  # type: ignore[arg-type]
    return ruler


def _ours(pipeline: Pipeline) -> EntityRuler:
    return cast(EntityRuler, pipeline.nlp.get_pipe("sitrep_entities"))


def test_the_phrase_matcher_finds_what_spacys_own_finds(
    pipeline: Pipeline, reference: EntityRuler
) -> None:
    """Every phrase, alone and among others, through both matchers: the same matches in the
    same order, and each phrase found where it stands."""
    ours = _ours(pipeline)
    assert len(ours.phrase_matcher) == len(reference.phrase_matcher)
    assert dict(ours._ent_ids) == dict(reference._ent_ids)
    texts = [str(p["pattern"]) for p in load_patterns() if isinstance(p["pattern"], str)]
    assert len(texts) > 2000
    for text in texts:
        doc = pipeline.nlp.make_doc(text)
        found = ours.phrase_matcher(doc)
        assert found == reference.phrase_matcher(doc)
        assert any((start, end) == (0, len(doc)) for _, start, end in found), text
    for start in range(0, len(texts), 200):
        doc = pipeline.nlp.make_doc(" ; ".join(texts[start:start + 200]) + " ; " + TEXT)
        assert ours.phrase_matcher(doc) == reference.phrase_matcher(doc)


def test_the_ruler_sets_what_spacys_own_sets(
    pipeline: Pipeline, reference: EntityRuler
) -> None:
    """On a parsed article (the token patterns test parts of speech), the whole ruler's
    matches, and the entities each ruler sets on its own copy of the doc."""
    with pipeline.nlp.select_pipes(disable=["sitrep_entities", "ner", "sitrep_entity_fixes"]):
        doc = pipeline.nlp(TEXT)
    ours = _ours(pipeline)
    assert ours.match(doc) == reference.match(doc)
    theirs = [(e.text, e.label_, e.ent_id_) for e in reference(doc.copy()).ents]
    assert [(e.text, e.label_, e.ent_id_) for e in ours(doc.copy()).ents] == theirs
    assert ("Volodymyr Zelensky", "PERSON", "Volodymyr Zelensky") in theirs
    assert ("Kyiv", "GPE", "") in theirs


def test_keys_are_the_tokenizers_hashes(pipeline: Pipeline) -> None:
    keys = phrases.phrase_keys(pipeline.nlp, ["Kramatorsk", "Donetsk People's Republic"])
    strings = pipeline.nlp.vocab.strings
    assert [[strings[h] for h in k] for k in keys] == [
        ["Kramatorsk"], ["Donetsk", "People", "'s", "Republic"]]


def test_a_cache_file_reads_back() -> None:
    assert phrases.read(phrases.dump(KEYS)) == KEYS
    assert phrases.read(phrases.dump([])) == []


def _build(calls: list[int], keys: list[tuple[int, ...]] = KEYS) -> Any:
    def build() -> list[tuple[int, ...]]:
        calls.append(1)
        return keys
    return build


def test_the_cache_is_built_once_then_read(tmp_path: Path) -> None:
    calls: list[int] = []
    assert phrases.load_or_build(tmp_path, "k", 3, _build(calls)) == KEYS
    assert phrases.load_or_build(tmp_path, "k", 3, _build(calls)) == KEYS
    assert calls == [1]
    assert [p.name for p in tmp_path.iterdir()] == ["phrase-keys-k.bin"]


@pytest.mark.parametrize("damage", ["flip", "cut", "empty", "other", "longer"])
def test_a_damaged_or_partial_cache_is_rebuilt_not_read(tmp_path: Path, damage: str) -> None:
    calls: list[int] = []
    phrases.load_or_build(tmp_path, "k", 3, _build(calls))
    path = tmp_path / "phrase-keys-k.bin"
    blob = path.read_bytes()
    damaged = {
        "flip": blob[:-3] + bytes([blob[-3] ^ 1]) + blob[-2:],  # one hash changed
        "cut": blob[: len(blob) - 8],  # the last hash lost
        "empty": b"",
        "other": b"sitrep-phrase-keys-0\n" + blob[len(b"sitrep-phrase-keys-1\n"):],
        "longer": blob + b"\0" * 8,
    }[damage]
    path.write_bytes(damaged)
    with pytest.raises(ValueError):
        phrases.read(damaged)
    assert phrases.load_or_build(tmp_path, "k", 3, _build(calls)) == KEYS
    assert calls == [1, 1]
    assert phrases.read(path.read_bytes()) == KEYS  # and written again


def test_a_cache_of_another_number_of_phrases_is_rebuilt(tmp_path: Path) -> None:
    calls: list[int] = []
    phrases.load_or_build(tmp_path, "k", 3, _build(calls))
    assert phrases.load_or_build(tmp_path, "k", 2, _build(calls, KEYS[:2])) == KEYS[:2]
    assert calls == [1, 1]


def _nlp(version: str) -> Language:
    return cast(Language, SimpleNamespace(
        meta={"lang": "en", "name": "core_web_sm", "version": version}))


def test_the_key_changes_with_the_phrases_and_the_model() -> None:
    """A stale cache is never read: it lies under another key."""
    key = phrases.cache_key(_nlp("3.8.0"), ["Kyiv", "Kharkiv"])
    assert phrases.cache_key(_nlp("3.8.0"), ["Kyiv", "Kharkiv"]) == key
    assert phrases.cache_key(_nlp("3.8.1"), ["Kyiv", "Kharkiv"]) != key
    assert phrases.cache_key(_nlp("3.8.0"), ["Kyiv", "Kharkov"]) != key
    assert phrases.cache_key(_nlp("3.8.0"), ["Kharkiv", "Kyiv"]) != key
    assert phrases.cache_key(_nlp("3.8.0"), ["Kyiv Kharkiv"]) != key


def test_an_unwritable_folder_still_gives_the_keys(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    calls: list[int] = []
    assert phrases.load_or_build(blocked, "k", 3, _build(calls)) == KEYS
    assert phrases.load_or_build(blocked, "k", 3, _build(calls)) == KEYS
    assert calls == [1, 1]


def test_old_caches_are_pruned(tmp_path: Path) -> None:
    import os

    for n in range(5):
        old = tmp_path / f"phrase-keys-old{n}.bin"
        old.write_bytes(b"old")
        os.utime(old, (1_000_000 + n, 1_000_000 + n))
    phrases.load_or_build(tmp_path, "new", 3, _build([]))
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "phrase-keys-new.bin", "phrase-keys-old3.bin", "phrase-keys-old4.bin"]
