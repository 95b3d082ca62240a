"""The table's names are found where a name can begin, as the whole pattern's scan finds them."""

from __future__ import annotations

import pytest

from sitrep.extract.places.features import feature_pattern

TEXTS = [
    "Shelling near the Zaporizhzhia nuclear plant; ships left the Sea of Azov for the Black Sea "
    "Fleet's base. The Kerch Strait bridge, the Gulf of Aden and the Bab-el-Mandeb Strait.",
    "SEA  OF-AZOV in capitals, sea of azov in lower case, and ſea of Azov with a long s.",
    "Seas of Azov, Sea of Azovstal, Zaporizhzhia, the sea.",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_scan_finds_what_the_pattern_finds(text: str) -> None:
    names = feature_pattern()
    assert [m.span() for m in names.finditer(text)] == [
        m.span() for m in names.pattern.finditer(text)]


def test_the_scan_finds_names() -> None:
    found = [m.group() for m in feature_pattern().finditer(TEXTS[1])]
    assert found == ["SEA  OF-AZOV", "sea of azov", "ſea of Azov"]
