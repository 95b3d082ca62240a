"""The quote text search: case-blind in every script, a literal % or _ in the words."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from sitrep.store import schema as t
from sitrep.store.database import Store
from sitrep.store.queries import find_quotes

pytest_plugins = ["tests.store.helpers"]

QUOTES = ("The CEASEFIRE must hold, 100% of it.", "Сили оборони відбили АТАКУ поблизу міста.",
          "We will not negotiate under fire.", "Prices rose 100 percent in a year.")


def _texts(store: Store, words: str) -> list[str]:
    return sorted(q["text"] for q in find_quotes(store, text=words))


def test_words_are_found_in_any_case_and_any_script(store: Store) -> None:
    with store.engine.begin() as conn:
        conn.execute(sa.insert(t.articles).values(
            id="a" * 64, language="en", origin="test", text="...",
            ingested_at=dt.datetime(2024, 6, 1), published=dt.date(2024, 6, 1)))
        conn.execute(sa.insert(t.quotes), [
            {"article_id": "a" * 64, "text": text, "start": 100 * i, "end": 100 * i + len(text),
             "kind": "direct", "speaker": "someone", "cue": "said", "cue_class": "speech"}
            for i, text in enumerate(QUOTES)])
    assert _texts(store, "ceasefire MUST") == [QUOTES[0]]
    assert _texts(store, "Атаку поблизу") == [QUOTES[1]]
    assert _texts(store, "сили") == [QUOTES[1]]
    # A % in the words is a percent sign, not "anything".
    assert _texts(store, "100%") == [QUOTES[0]]
    assert _texts(store, "100_p") == []
    assert _texts(store, "nothing like this") == []
