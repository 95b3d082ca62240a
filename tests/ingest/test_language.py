"""The language identifier: py3langid's model, decompressed once into a cache and mapped."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from sitrep.errors import LanguageError
from sitrep.ingest import language
from tests import paths

FIXTURES = paths.FIXTURES / "ingest"
TEXTS = {
    "en": (FIXTURES / "kharkiv-reuters.txt").read_text(encoding="utf-8"),
    "de": (FIXTURES / "german.txt").read_text(encoding="utf-8"),
    "fr": "Les frappes russes ont touché Kharkiv dans la nuit, a déclaré le maire de la ville, "
          "qui a fait état de trois blessés et de dégâts importants au réseau électrique.",
    "uk": "Російські дрони атакували Харків уночі, повідомив міський голова. За його словами, "
          "троє людей поранені, пошкоджено енергетичну інфраструктуру міста.",
}


def _folders(cache: Path) -> list[Path]:
    return [p for p in cache.iterdir() if p.name.startswith("langid-")]


def test_the_cached_model_gives_py3langids_own_answers(tmp_path: Path) -> None:
    theirs = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    first = language._identifier(tmp_path)  # decompresses and writes the cache
    (folder,) = _folders(tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{name}.npy" for name in language._ARRAYS)
    language._identifier.cache_clear()
    mapped = language._identifier(tmp_path)  # reads it back, memory-mapped
    assert mapped is not first
    for code, text in TEXTS.items():
        expected = theirs.classify(text)
        assert expected[0] == code
        assert first.classify(text) == expected
        assert mapped.classify(text) == expected
        assert language.detect(text, tmp_path) == (code, expected[1])


@pytest.mark.parametrize("damage", [b"not an array", b""])  # b"": cut short by a power loss
def test_a_damaged_cache_is_rebuilt(tmp_path: Path, damage: bytes) -> None:
    language._identifier(tmp_path)
    (folder,) = _folders(tmp_path)
    (folder / "ptc.npy").write_bytes(damage)
    language._identifier.cache_clear()
    assert language.detect(TEXTS["de"], tmp_path)[0] == "de"
    rebuilt = np.load(folder / "ptc.npy", mmap_mode="r")
    assert rebuilt.shape == LanguageIdentifier.from_model_file(MODEL_FILE).nb_ptc.shape
    language._identifier.cache_clear()
    assert language.detect(TEXTS["fr"], tmp_path)[0] == "fr"  # from the rebuilt cache


def test_an_unwritable_cache_folder_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be")
    assert language.check(TEXTS["en"], "x", ("en",), blocked) == "en"
    with pytest.raises(LanguageError, match=r"looks like German \(de\)"):
        language.check(TEXTS["de"], "x", ("en",), blocked)
