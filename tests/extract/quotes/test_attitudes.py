"""Quotes from attitude, intention and topic cues, and reported clauses that end in a partial
quote: "officials fear that ...", "Kovalenko wants to ...", "complained about ...", "said the
offer was “a trap.”"."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from sitrep.extract.quotes.clauses import content_clause
from sitrep.extract.quotes.lexicon import CueLexicon
from sitrep.model import Quote, Report
from sitrep.report import to_json, validate

Extract = Callable[..., Report]

LEAD = "Foreign Minister Ivan Petrov met the envoy in Vienna on Tuesday.\n\n"
"""A first paragraph that names the speaker the later sentences refer to."""


def quotes_of(extract: Extract, text: str) -> tuple[Report, tuple[Quote, ...]]:
    report = extract(text)
    validate(to_json(report))
    for q in report.quotes:
        assert report.article.text[q.start : q.end] == q.text
    return report, report.quotes


def only(quotes: tuple[Quote, ...], text: str, kind: str) -> Quote:
    hits = [q for q in quotes if q.text == text and q.kind == kind]
    assert len(hits) == 1, f"no single {kind} quote {text!r} in {[q.text for q in quotes]}"
    return hits[0]


def reported(extract: Extract, sentence: str, content: str) -> Quote:
    """The one indirect quote with exactly this text in LEAD + sentence."""
    _, quotes = quotes_of(extract, LEAD + sentence)
    return only(quotes, content, "indirect")


def find(quotes: tuple[Quote, ...], fragment: str) -> Quote:
    hits = [q for q in quotes if fragment in q.text]
    assert hits, f"no quote containing {fragment!r} in {[q.text for q in quotes]}"
    return hits[0]


def mention(report: Report, q: Quote) -> str:
    assert q.speaker_mention is not None
    return report.article.text[q.speaker_mention[0] : q.speaker_mention[1]]


@pytest.mark.parametrize(
    ("tail", "clause", "partial"),
    [
        (
            "was “a trap for fools.”",
            "the offer was “a trap for fools.”",
            "a trap for fools.",
        ),
        (
            'was "a trap for fools."',
            'the offer was "a trap for fools."',
            "a trap for fools.",
        ),
        (
            "was “a trap for fools”.",
            "the offer was “a trap for fools”",
            "a trap for fools",
        ),
    ],
)
def test_reported_clause_ending_in_a_partial_quote_keeps_the_closing_mark(
    extract: Extract, tail: str, clause: str, partial: str
) -> None:
    text = f"{LEAD}Petrov said the offer {tail}\n"
    _, quotes = quotes_of(extract, text)
    reported = only(quotes, clause, "indirect")
    assert reported.cue == "said"
    assert reported.speaker == "Ivan Petrov"
    inner = only(quotes, partial, "partial")
    assert reported.start < inner.start and inner.end < reported.end
    assert inner.speaker == "Ivan Petrov"


@pytest.mark.parametrize(
    ("sentence", "cue", "content"),
    [
        (
            "Western officials believe that Russia is preparing a new offensive in the east.",
            "believe",
            "that Russia is preparing a new offensive in the east",
        ),
        (
            "Western officials expect that the talks will collapse before winter.",
            "expect",
            "that the talks will collapse before winter",
        ),
        (
            "Western officials fear that the front line could break near Kupiansk.",
            "fear",
            "that the front line could break near Kupiansk",
        ),
    ],
)
def test_attitude_verbs_report_their_clause_for_their_subject(
    extract: Extract, sentence: str, cue: str, content: str
) -> None:
    text = f"NATO defence ministers met in Brussels on Thursday.\n\n{sentence}\n"
    report, quotes = quotes_of(extract, text)
    quote = only(quotes, content, "indirect")
    assert quote.cue == cue
    assert quote.speaker == "Western officials"
    assert mention(report, quote) == "Western officials"


def test_a_survey_finding_is_attributed_to_the_survey(extract: Extract) -> None:
    text = (
        "The institute polled 2,000 residents of Kharkiv in May.\n\n"
        "The survey found that most residents oppose any territorial concessions.\n"
    )
    report, quotes = quotes_of(extract, text)
    quote = only(quotes, "that most residents oppose any territorial concessions", "indirect")
    assert quote.cue == "found"
    assert mention(report, quote) == "survey"


@pytest.mark.parametrize("verb", ["proves", "demonstrates"])
def test_an_impersonal_subject_is_no_source(extract: Extract, verb: str) -> None:
    text = (
        "The Defence Ministry published new casualty figures on Monday.\n\n"
        f"It {verb} that the army is tired.\n"
    )
    _, quotes = quotes_of(extract, text)
    assert not any(q.cue == verb for q in quotes)
    assert not any("the army is tired" in q.text for q in quotes)


@pytest.mark.parametrize("verb", ["shows", "reveals"])
def test_an_impersonal_subject_is_no_source_for_verbs_that_are_also_speech_verbs(
    extract: Extract, verb: str
) -> None:
    text = (
        "The Defence Ministry published new casualty figures on Monday.\n\n"
        f"It {verb} that the army is tired.\n"
    )
    _, quotes = quotes_of(extract, text)
    assert not any(q.cue == verb for q in quotes)


@pytest.mark.parametrize(
    ("sentence", "cue", "content"),
    [
        (
            "Kovalenko wants to reopen the port before the harvest.",
            "wants",
            "to reopen the port before the harvest",
        ),
        (
            "Kovalenko refused to discuss the prisoner exchange.",
            "refused",
            "to discuss the prisoner exchange",
        ),
    ],
)
def test_intention_verbs_report_their_infinitive(
    extract: Extract, sentence: str, cue: str, content: str
) -> None:
    text = f"Defence Minister Anna Kovalenko visited Odesa on Friday.\n\n{sentence}\n"
    report, quotes = quotes_of(extract, text)
    quote = only(quotes, content, "indirect")
    assert quote.text.startswith("to ")
    assert quote.cue == cue
    assert quote.speaker == "Anna Kovalenko"
    assert mention(report, quote) == "Kovalenko"


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("The mayor complained about the shortage of generators.", "complained"),
        ("The mayor spoke about the shortage of generators.", "spoke"),
    ],
)
def test_topic_verbs_report_their_prepositional_object(
    extract: Extract, sentence: str, cue: str
) -> None:
    text = f"The city lost power after the overnight strike.\n\n{sentence}\n"
    report, quotes = quotes_of(extract, text)
    quote = only(quotes, "the shortage of generators", "indirect")
    assert quote.cue == cue
    assert mention(report, quote) == "mayor"


@pytest.mark.parametrize(
    ("sentence", "not_a_topic"),
    [
        ("The mayor spoke on Monday.", "Monday"),
        ("A senior official spoke on condition of anonymity.", "condition of anonymity"),
        (
            "A senior official, who spoke on condition of anonymity, said the grid was failing.",
            "condition of anonymity",
        ),
    ],
)
def test_times_and_conditions_are_not_topics(
    extract: Extract, sentence: str, not_a_topic: str
) -> None:
    text = f"The city lost power after the overnight strike.\n\n{sentence}\n"
    _, quotes = quotes_of(extract, text)
    assert not any(not_a_topic in q.text for q in quotes)
    assert not any(q.cue == "spoke" for q in quotes)


def test_a_time_before_the_topic_does_not_hide_it(extract: Extract) -> None:
    text = (
        "The city lost power after the overnight strike.\n\n"
        "The mayor complained on Monday about the shortage of generators.\n"
    )
    _, quotes = quotes_of(extract, text)
    quote = only(quotes, "the shortage of generators", "indirect")
    assert quote.cue == "complained"


def test_an_intention_alone_is_its_own_quote(extract: Extract) -> None:
    """The control for the nesting test below: "plans" is a cue when nothing reports it."""
    text = f"{LEAD}The army plans to withdraw from the town.\n"
    _, quotes = quotes_of(extract, text)
    quote = only(quotes, "to withdraw from the town", "indirect")
    assert quote.cue == "plans"


@pytest.mark.parametrize(
    ("sentence", "clause", "inner_cue"),
    [
        (
            "Petrov said the army plans to withdraw from the town.",
            "the army plans to withdraw from the town",
            "plans",
        ),
        (
            "Petrov said he wants to reopen the embassy in Kyiv.",
            "he wants to reopen the embassy in Kyiv",
            "wants",
        ),
    ],
)
def test_a_cue_inside_reported_speech_is_left_to_the_outer_attribution(
    extract: Extract, sentence: str, clause: str, inner_cue: str
) -> None:
    text = f"{LEAD}{sentence}\n"
    _, quotes = quotes_of(extract, text)
    outer = only(quotes, clause, "indirect")
    assert outer.cue == "said"
    assert outer.speaker == "Ivan Petrov"
    assert not any(q.cue == inner_cue for q in quotes)
    assert [q for q in quotes if outer.start <= q.start and q.end <= outer.end] == [outer]


def test_a_stance_word_attributes_its_topic_to_the_subject(extract: Extract) -> None:
    text = "Senator Maria Lopez was sharply critical of the new sanctions package.\n"
    _, quotes = quotes_of(extract, text)
    q = find(quotes, "the new sanctions package")
    assert q.text == "the new sanctions package"
    assert q.cue == "critical"
    assert q.speaker == "Maria Lopez"


def test_a_phrasal_cue_reports_its_clause(extract: Extract) -> None:
    text = "Ivan Petrov pointed out that the corridor had been shelled twice.\n"
    _, quotes = quotes_of(extract, text)
    q = find(quotes, "the corridor had been shelled twice")
    assert q.cue == "pointed"
    assert q.speaker == "Ivan Petrov"


def test_a_topic_noun_with_an_owner_reports_its_object(extract: Extract) -> None:
    text = "The envoy criticised Ivan Petrov's comments about the prisoner exchange.\n"
    _, quotes = quotes_of(extract, text)
    q = only(quotes, "the prisoner exchange", "indirect")
    assert q.cue == "comments"
    assert q.speaker == "Ivan Petrov"


def test_a_negated_topic_verb_reports_nothing(extract: Extract) -> None:
    _, quotes = quotes_of(extract, "The Russian defence ministry did not comment on the claim.\n")
    assert not [q for q in quotes if q.cue == "comment"]


def test_the_role_noun_speaks_for_the_person_who_holds_the_title(extract: Extract) -> None:
    text = (
        "Foreign Minister Ivan Petrov met the envoy in Geneva on Monday. "
        "The minister said the offer was a trap.\n"
    )
    _, quotes = quotes_of(extract, text)
    assert find(quotes, "the offer was a trap").speaker == "Ivan Petrov"


def test_an_aside_after_the_topic_is_not_what_was_said(extract: Extract) -> None:
    text = (
        "Ivan Petrov complained about the new border checks, which were introduced "
        "in March.\n"
    )
    _, quotes = quotes_of(extract, text)
    assert only(quotes, "the new border checks", "indirect").speaker == "Ivan Petrov"


def test_a_list_after_the_topic_runs_on(extract: Extract) -> None:
    text = "Ivan Petrov complained about the checks, the queues and the fees.\n"
    _, quotes = quotes_of(extract, text)
    assert only(quotes, "the checks, the queues and the fees", "indirect").cue == "complained"


def test_what_a_speech_verb_reports_stays_in_its_own_paragraph(extract: Extract) -> None:
    _, quotes = quotes_of(
        extract,
        LEAD + "Crews can clear ten mines a day over the summer, Petrov said\n\n"
        "The brigade plans to reopen the road in May.",
    )
    q = only(quotes, "Crews can clear ten mines a day over the summer", "indirect")
    assert q.speaker == "Ivan Petrov"
    assert not [q for q in quotes if q.cue == "said" and "brigade" in q.text]


def test_of_two_clauses_hung_on_said_the_first_after_it_is_what_was_said() -> None:
    # A parse as the small model gives it: "accused" hung on "said" beside the real content.
    words = ["Officials", "said", "they", "were", "sure", "and", "rebels", "accused", "the", "army"]
    heads = [1, 1, 3, 1, 3, 7, 7, 1, 9, 7]
    deps = ["nsubj", "ROOT", "nsubj", "ccomp", "acomp", "cc", "nsubj", "ccomp", "det", "dobj"]
    lemmas = ["official", "say", "they", "be", "sure", "and", "rebel", "accuse", "the", "army"]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, lemmas=lemmas)
    said = doc[1]
    span = content_clause(said, doc.text, CueLexicon.load())
    assert span is not None
    assert doc.text[span[0] : span[1]] == "they were sure"


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        (
            "Petrov said after the talks he would not accept the offer if it were made.",
            "he would not accept the offer if it were made",
        ),
        ("Petrov said on Monday the troops would stay.", "the troops would stay"),
        ("Petrov said, when asked, that the talks had failed.", "that the talks had failed"),
    ],
)
def test_a_reported_clause_leaves_the_cue_its_time_and_asides(
    extract: Extract, sentence: str, content: str
) -> None:
    assert reported(extract, sentence, content).speaker == "Ivan Petrov"


@pytest.mark.parametrize(
    ("sentence", "speaker", "content"),
    [
        (
            "Those close to him say that the minister would have to resign.",
            "Those close to him",
            "that the minister would have to resign",
        ),
        ("Some in the party said the vote was rigged.", "Some in the party", "the vote was rigged"),
        ("Others argued that the plan would fail.", "Others", "that the plan would fail"),
        ("Those who attended said the hall was full.", "Those who attended", "the hall was full"),
    ],
)
def test_a_group_pronoun_speaks_as_the_group_it_names(
    extract: Extract, sentence: str, speaker: str, content: str
) -> None:
    report, quotes = quotes_of(extract, LEAD + sentence)
    q = only(quotes, content, "indirect")
    assert q.speaker == speaker
    assert mention(report, q) == speaker


def test_a_bare_those_is_no_speaker(extract: Extract) -> None:
    _, quotes = quotes_of(extract, LEAD + "Those said the talks had failed.")
    assert not [q for q in quotes if q.speaker == "Those"]


def test_according_to_reports_the_side_with_the_main_verb(extract: Extract) -> None:
    _, quotes = quotes_of(
        extract,
        LEAD + "Exports would rise by as much as 19 percent, according to the central bank, "
        "more than twice what it projected for the rest of the region last spring.",
    )
    q = only(quotes, "Exports would rise by as much as 19 percent", "indirect")
    assert q.cue == "according to"


@pytest.mark.parametrize(
    ("sentence", "before", "after"),
    [
        (
            "The strike, Petrov said, was aimed at fuel depots.",
            "The strike",
            "was aimed at fuel depots",
        ),
        (
            "Though the first handover was smooth, he said, replacing the commander now "
            "would be far more bitter.",
            "Though the first handover was smooth",
            "replacing the commander now would be far more bitter",
        ),
        (
            "Replacing him, he added, would take months.",
            "Replacing him",
            "would take months",
        ),
    ],
)
def test_a_cue_between_commas_reports_the_sentence_on_both_sides(
    extract: Extract, sentence: str, before: str, after: str
) -> None:
    _, quotes = quotes_of(extract, LEAD + sentence)
    first, second = only(quotes, before, "indirect"), only(quotes, after, "indirect")
    assert first.speaker == second.speaker == "Ivan Petrov"
    assert first.speaker_mention == second.speaker_mention
    assert first.cue == second.cue
    assert not [q for q in quotes if "said," in q.text or "added," in q.text]


def test_evidence_shows_its_object_but_an_impersonal_it_shows_nothing(extract: Extract) -> None:
    report, quotes = quotes_of(
        extract,
        LEAD + "Satellite images show damage to three hangars at the air base. It shows the limits "
        "of the plan.",
    )
    q = only(quotes, "damage to three hangars at the air base", "indirect")
    assert mention(report, q) == "Satellite images"
    assert not [q for q in quotes if "limits" in q.text]


def test_a_clause_that_opens_with_a_partial_quote_is_reported(extract: Extract) -> None:
    _, quotes = quotes_of(
        extract,
        LEAD + "Petrov said “budget reforms” and the collection of unpaid taxes would pay for it.",
    )
    q = find(quotes, "and the collection of unpaid taxes would pay for it")
    assert q.kind == "indirect"
    assert q.speaker == "Ivan Petrov"


def test_tell_without_anyone_told_is_no_speech(extract: Extract) -> None:
    _, quotes = quotes_of(
        extract,
        LEAD + "Petrov said it was too early to tell whether the blast was caused by a drone. "
        "He told reporters the inquiry would take weeks.",
    )
    assert not [q for q in quotes if q.cue == "tell"]
    assert only(quotes, "the inquiry would take weeks", "indirect").cue == "told"


def test_an_object_and_the_clause_that_describes_it_are_reported_together() -> None:
    # The parse the small model gives "cited remarks Trump had made about her": "made" a
    # ccomp of "cited" rather than a relative clause of "remarks".
    words = ["Clinton", "cited", "remarks", "Trump", "had", "made", "about", "her"]
    heads = [1, 1, 1, 5, 5, 1, 5, 6]
    deps = ["nsubj", "ROOT", "dobj", "nsubj", "aux", "ccomp", "prep", "pobj"]
    lemmas = ["Clinton", "cite", "remark", "Trump", "have", "make", "about", "she"]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, lemmas=lemmas)
    span = content_clause(doc[1], doc.text, CueLexicon.load())
    assert span is not None
    assert doc.text[span[0] : span[1]] == "remarks Trump had made about her"
    told = Doc(Vocab(), words=words, heads=heads, deps=deps,
               lemmas=["Clinton", "tell", *lemmas[2:]])
    span = content_clause(told[1], told.text, CueLexicon.load())
    assert span is not None
    assert told.text[span[0] : span[1]] == "Trump had made about her"  # the one told


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        (
            "The ministry announced new sanctions on three companies accused of supplying "
            "drone components to the Russian military, the latest in a series of measures.",
            "new sanctions on three companies accused of supplying drone components to the "
            "Russian military",
        ),
        (
            "Kyiv announced a curfew, a ban on alcohol sales and a new draft law.",
            "a curfew, a ban on alcohol sales and a new draft law",
        ),
        ("Kyiv announced a ceasefire on Monday.", "a ceasefire"),
        (
            "Petrov announced a plan to rebuild the bridge by the end of the year.",
            "a plan to rebuild the bridge by the end of the year",
        ),
    ],
)
def test_what_was_announced_stops_before_an_apposition_or_its_date_but_a_list_runs_on(
    extract: Extract, sentence: str, content: str
) -> None:
    assert reported(extract, sentence, content).cue == "announced"


@pytest.mark.parametrize(
    "sentence",
    [
        "Petrov is a veteran diplomat who said the talks would fail.",
        "Petrov rarely gives interviews and is a cautious man who has repeatedly said the "
        "talks would fail.",
    ],
)
def test_a_relative_clause_on_a_predicate_speaks_for_its_subject(
    extract: Extract, sentence: str
) -> None:
    assert reported(extract, sentence, "the talks would fail").speaker == "Ivan Petrov"


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        ("Petrov called the senator a nasty man.", "the senator a nasty man"),
        ("Kyiv called for talks.", "talks"),
        ("Petrov called the mayor on Friday to express his thanks.", None),
        ("The council called an emergency meeting to discuss the test.", None),
    ],
)
def test_call_is_speech_when_it_names_or_calls_for_something(
    extract: Extract, sentence: str, content: str | None
) -> None:
    _, quotes = quotes_of(extract, LEAD + sentence)
    called = [q for q in quotes if q.cue == "called"]
    if content is None:
        assert not called, [q.text for q in called]
    else:
        assert [q.text for q in called] == [content]


@pytest.mark.parametrize(
    ("sentence", "cue", "content", "cue_class"),
    [
        ("Petrov backed the ceasefire plan.", "backed", "the ceasefire plan", "stance"),
        ("Petrov mocked the new sanctions package.", "mocked", "the new sanctions package",
         "evaluation"),
        ("He discussed the prisoner exchange.", "discussed", "the prisoner exchange", "speech"),
    ],
)
def test_an_attitude_object_verb_reports_its_object_for_a_person(
    extract: Extract, sentence: str, cue: str, content: str, cue_class: str
) -> None:
    quote = reported(extract, sentence, content)
    assert quote.cue == cue
    assert quote.speaker == "Ivan Petrov"
    assert quote.cue_class == cue_class


@pytest.mark.parametrize(
    "sentence",
    [
        "The new law supports families displaced by the fighting.",
        "Ukrainian troops defended Bakhmut for months.",
    ],
)
def test_an_attitude_object_verb_needs_someone_to_hold_the_view(
    extract: Extract, sentence: str
) -> None:
    _, quotes = quotes_of(extract, LEAD + sentence + "\n")
    assert not any(q.cue in ("supports", "defended") for q in quotes)


def test_an_attribution_inside_what_another_said_is_part_of_it(extract: Extract) -> None:
    """Nested attributions: what Petrov reports Moscow claimed is Petrov's report."""
    _, quotes = quotes_of(
        extract, LEAD + "Petrov said that Moscow claimed the strike hit an empty depot.\n"
    )
    outer = only(quotes, "that Moscow claimed the strike hit an empty depot", "indirect")
    assert outer.speaker == "Ivan Petrov"
    assert not any(q.cue == "claimed" for q in quotes)


@pytest.mark.parametrize(
    ("sentence", "content", "speaker", "cue_class"),
    [
        ("The ceasefire plan was backed by Petrov.", "The ceasefire plan", "Ivan Petrov",
         "stance"),
        ("The strike was condemned by Petrov.", "The strike", "Ivan Petrov", "evaluation"),
        ("The shelling was first reported by Reuters.", "The shelling", "Reuters", "speech"),
    ],
)
def test_a_passive_cue_reports_its_subject_for_its_agent(
    extract: Extract, sentence: str, content: str, speaker: str, cue_class: str
) -> None:
    quote = reported(extract, sentence, content)
    assert quote.speaker == speaker
    assert quote.cue_class == cue_class


def test_a_passive_cue_with_a_pronoun_subject_or_an_addressee_reports_nothing(
    extract: Extract,
) -> None:
    _, quotes = quotes_of(
        extract, LEAD + "It was reported by Reuters. The envoy was told by Petrov to wait.\n"
    )
    assert not any(q.text in ("It", "The envoy") for q in quotes)
