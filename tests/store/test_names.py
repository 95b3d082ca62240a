"""Actor and speaker searches find a name however a report spelled it."""

from __future__ import annotations

from dataclasses import replace

from sitrep.model import EventActor, Quote
from sitrep.store import Store
from sitrep.store.names import search_terms
from sitrep.store.queries import EventFilter, find_events, find_quotes
from tests.store.helpers import strike_report

pytest_plugins = ["tests.store.helpers"]


def test_transliterations_and_lexicon_aliases_are_one_name() -> None:
    spellings = ("Zelensky", "Zelenskyy", "Zelenskiy", "Zelenskyi", "Zelenski")
    for query in spellings:
        terms = search_terms(query)
        for name in spellings:
            assert any(t in f"president {name.lower()} said" for t in terms), (query, name)
        assert not any(t in "olena zelenska" for t in terms)
    assert "rapid support forces" in search_terms("RSF")
    assert "rsf" in search_terms("Rapid Support Forces")
    assert search_terms("Li") == ["li"]  # too short to vary
    assert search_terms("50%_off") == ["50%_off"]


def test_events_and_quotes_by_any_spelling(store: Store) -> None:
    rsf = EventActor("Rapid Support Forces", "SDN", "REB")
    report = strike_report("RSF fighters shelled El Fasher on Wednesday, killing 12.", actor1=rsf)
    speech = Quote("We will not give up", 0, 19, "direct", "Volodymyr Zelenskiy", None, "said",
                   "speech")
    store.add(replace(report, quotes=(speech,)))
    for query in ("RSF", "rapid support", "Rapid Support Forces"):
        assert len(find_events(store, EventFilter(actor=query))) == 1, query
    assert find_events(store, EventFilter(actor="SAF")) == []
    for query in ("Zelensky", "Zelenskyy", "zelenskiy"):
        assert [q["speaker"] for q in find_quotes(store, speaker=query)] == [
            "Volodymyr Zelenskiy"], query
    assert find_quotes(store, speaker="Zelenska") == []
    assert find_quotes(store, speaker="%") == []  # a wildcard is a character, not "anything"
