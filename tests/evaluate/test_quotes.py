"""The PolNeAR scorer: brat relations, overlap ratio, one-to-one matching, offsets, speakers."""

from __future__ import annotations

from sitrep.evaluate.quotes import (
    GoldCueClasses,
    GoldQuote,
    OffsetMap,
    PredictedQuote,
    load_ann,
    match,
    merge,
    ratio,
    speaker_right,
)
from sitrep.extract.quotes.cue_class import CueClasses
from sitrep.model import Quote

TEXT = '"We will hold," said Anna Kovalenko. "We have no choice."\n\nShe warned of more strikes.'
ANN = (
    "T1\tContent 0 15;37 57\t...\n"
    "T2\tCue 16 20\tsaid\n"
    "T3\tSource 21 35\tAnna Kovalenko\n"
    "T4\tAttribution 16 20\tsaid\n"
    "E1\tAttribution:T4 Content:T1 Cue:T2 Source:T3\n"
)


def test_load_ann_keeps_discontinuous_content_and_source() -> None:
    [gold] = load_ann(ANN, TEXT)
    assert gold.content == ((0, 15), (37, 57))
    assert gold.source_text == "Anna Kovalenko"


def test_ratio_is_overlap_over_the_longer_span() -> None:
    assert ratio(set(range(0, 10)), set(range(5, 25))) == 5 / 20
    assert ratio(set(), set(range(3))) == 0.0


def test_direct_quotes_of_one_attribution_form_one_unit_and_match() -> None:
    quotes = (
        Quote("We will hold,", 1, 14, "direct", "Anna Kovalenko", (21, 35), "said", "speech"),
        Quote("We have no choice.", 38, 56, "direct", "Anna Kovalenko", (21, 35), "said", "speech"),
        Quote(
            "of more strikes", 70, 85, "indirect", "Anna Kovalenko", (59, 62), "warned", "speech"
        ),
    )
    preds = merge(quotes, OffsetMap(TEXT, TEXT), TEXT)
    assert len(preds) == 2
    golds = load_ann(ANN, TEXT)
    assert match(preds, golds, 0.8) == [(0, 0)]
    assert speaker_right(preds[0], golds[0])


def test_offsets_map_back_when_the_cleaner_changed_the_text() -> None:
    raw = "Kyiv,\u00a0March 3.  Officials said the bridge was closed."
    clean = "Kyiv, March 3. Officials said the bridge was closed."
    to_raw = OffsetMap(raw, clean)
    start = clean.index("the bridge")
    assert raw[to_raw.offset(start) :].startswith("the bridge")


def test_speaker_rule_accepts_a_surname_and_rejects_someone_else() -> None:
    gold = GoldQuote(((0, 5),), ((100, 130),), "longtime pollster Pat Caddell")
    assert speaker_right(PredictedQuote(((0, 5),), "Pat Caddell", (300, 307)), gold)
    assert not speaker_right(PredictedQuote(((0, 5),), "Alex Marlow", (300, 311)), gold)


def test_load_ann_keeps_the_cue_text() -> None:
    (gold,) = load_ann(ANN, TEXT)
    assert gold.cue_text == "said"


def test_gold_cue_classes_come_from_the_cue_words_lemmas() -> None:
    lemmas = {
        "said": ["say"], "told reporters": ["tell", "reporter"], "wants": ["want"],
        "according to": ["accord", "to"], ":": [":"], "―": ["―"], "condemned": ["condemn"],
        "called for": ["call", "for"], "has said": ["have", "say"], "sings": ["sing"],
        "looking out on": ["look", "out", "on"],
    }
    gold_class = GoldCueClasses(lambda text: lemmas[text], CueClasses.load())
    assert gold_class("said", False) == gold_class("Told reporters", False) == "speech"
    assert gold_class("According to", False) == gold_class(":", True) == "speech"
    assert gold_class("―", True) == gold_class("has said", False) == "speech"
    assert gold_class("called for", False) == "speech"
    assert gold_class("wants", False) == "intention"
    assert gold_class("condemned", False) == "evaluation"
    # a cue in no list: quoted words are speech, reported content a stance
    assert gold_class("looking out on", True) == "speech"
    assert gold_class("looking out on", False) == "stance"


def test_a_partial_quote_beside_its_clause_joins_the_clause_unit() -> None:
    text = 'Petrov claimed the vote was "rigged" but "nobody will say so."'
    mention = (0, 6)
    quotes = (
        Quote(text[22:41], 22, 41, "indirect", "Ivan Petrov", mention, "claimed", "speech"),
        Quote(text[42:61], 42, 61, "partial", "Ivan Petrov", mention, "claimed", "speech"),
        Quote(text[14:21], 14, 21, "indirect", "Ivan Petrov", (100, 106), "claimed", "speech"),
    )
    preds = merge(quotes, OffsetMap(text, text), text)
    assert sorted(len(p.spans) for p in preds) == [1, 2]


def test_two_parts_around_their_own_attribution_form_one_unit() -> None:
    text = "The strike, the ministry said, was aimed at depots. Later, the ministry said, it ended."
    mention = (16, 24)
    later = (57, 65)
    quotes = (
        Quote(text[0:10], 0, 10, "indirect", "ministry", mention, "said", "speech"),
        Quote(text[31:50], 31, 50, "indirect", "ministry", mention, "said", "speech"),
        # the same speaker and cue, but not around this mention: its own unit
        Quote(text[52:57], 52, 57, "indirect", "ministry", mention, "said", "speech"),
        Quote(text[77:86], 77, 86, "indirect", "ministry", later, "said", "speech"),
    )
    preds = merge(quotes, OffsetMap(text, text), text)
    assert sorted(len(p.spans) for p in preds) == [1, 1, 2]
    joined = next(p for p in preds if len(p.spans) == 2)
    assert joined.spans == ((0, 10), (31, 50))
