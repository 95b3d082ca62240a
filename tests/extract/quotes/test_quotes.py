"""Quotes through the whole pipeline: kinds, spans, cues and speakers on short wire stories."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sitrep.model import Quote, Report
from sitrep.report import to_json, validate

Extract = Callable[..., Report]


def quotes_of(extract: Extract, text: str) -> tuple[Report, tuple[Quote, ...]]:
    report = extract(text)
    validate(to_json(report))
    for q in report.quotes:
        assert report.article.text[q.start : q.end] == q.text
    return report, report.quotes


def find(quotes: tuple[Quote, ...], fragment: str, kind: str | None = None) -> Quote:
    hits = [q for q in quotes if fragment in q.text and kind in (None, q.kind)]
    assert hits, f"no quote containing {fragment!r} in {[q.text for q in quotes]}"
    return hits[0]


def mention(report: Report, q: Quote) -> str:
    assert q.speaker_mention is not None
    return report.article.text[q.speaker_mention[0] : q.speaker_mention[1]]


def test_second_quoted_sentence_after_the_attribution_has_the_same_speaker(
    extract: Extract,
) -> None:
    text = (
        "KYIV, March 4 - Ukraine rejected the offer on Monday.\n\n"
        '"We will not negotiate under fire," said Defence Minister Anna Kovalenko. '
        '"Our answer has not changed."\n'
    )
    report, quotes = quotes_of(extract, text)
    first = find(quotes, "We will not negotiate under fire")
    second = find(quotes, "Our answer has not changed.")
    assert first.kind == second.kind == "direct"
    assert first.text == "We will not negotiate under fire,"
    assert first.speaker == second.speaker == "Anna Kovalenko"
    assert first.cue == "said"
    assert mention(report, first) == "Anna Kovalenko"


def test_curly_quote_over_several_sentences_and_paragraphs(extract: Extract) -> None:
    text = (
        "Olena Petrenko, a 64-year-old retired teacher, spent the night in a metro station "
        "in Kharkiv with her two grandchildren.\n\n"
        "“I heard three explosions, one after another. The kitchen windows just flew in.\n\n"
        "“We have nowhere else to go,” she said.\n"
    )
    report, quotes = quotes_of(extract, text)
    opening = find(quotes, "I heard three explosions")
    closing = find(quotes, "We have nowhere else to go")
    assert "The kitchen windows just flew in." in opening.text
    assert opening.speaker == closing.speaker == "Olena Petrenko"
    assert mention(report, closing) == "she"
    assert opening.kind == "direct"


def test_partial_quotes_inside_reported_speech(extract: Extract) -> None:
    text = (
        "Foreign ministry spokeswoman Maria Lopez spoke to reporters in Geneva on Tuesday.\n\n"
        'Lopez said the government would "look at every option on the table" before the '
        "summit. She added that any deal must respect “the will of the people”.\n"
    )
    _, quotes = quotes_of(extract, text)
    options = find(quotes, "look at every option", "partial")
    assert options.kind == "partial"
    assert options.text == "look at every option on the table"
    assert options.speaker == "Maria Lopez"
    will = [q for q in quotes if q.text == "the will of the people"]
    assert will and will[0].kind == "partial" and will[0].speaker == "Maria Lopez"


@pytest.mark.parametrize(
    ("sentence", "cue", "content"),
    [
        ("Kovalenko said the convoy had been hit twice.", "said", "the convoy had been hit twice"),
        ("Kovalenko told reporters that the bridge was closed.", "told", "the bridge was closed"),
        ("Kovalenko warned that more strikes were likely.", "warned", "more strikes were likely"),
        ("Kovalenko insisted the army had not retreated.", "insisted", "had not retreated"),
        ("Kovalenko claimed the drones came from the north.", "claimed", "came from the north"),
        ("Kovalenko added that talks could resume in May.", "added", "talks could resume"),
        ("Kovalenko denied the reports of a withdrawal.", "denied", "reports of a withdrawal"),
        ("Kovalenko urged Western allies to send air defences.", "urged", "to send air defences"),
    ],
)
def test_indirect_speech_with_cue_verbs(
    extract: Extract, sentence: str, cue: str, content: str
) -> None:
    text = f"Defence Minister Anna Kovalenko visited the front on Sunday.\n\n{sentence}\n"
    _, quotes = quotes_of(extract, text)
    quote = find(quotes, content, "indirect")
    assert quote.cue == cue
    assert quote.speaker == "Anna Kovalenko"


def test_according_to_and_in_a_statement(extract: Extract) -> None:
    text = (
        "At least seven people were killed in the strike on Sumy, according to regional "
        "officials.\n\n"
        "The Defence Ministry said in a statement that 12 drones were shot down overnight.\n\n"
        "The ministry said the air defence units had worked all night.\n"
    )
    report, quotes = quotes_of(extract, text)
    according = find(quotes, "seven people were killed")
    assert according.kind == "indirect"
    assert according.cue == "according to"
    assert according.speaker is not None and "officials" in according.speaker
    assert "according" not in according.text
    statement = find(quotes, "12 drones were shot down")
    assert statement.cue == "said"
    units = find(quotes, "air defence units had worked")
    assert units.speaker is not None and units.speaker.endswith("Ministry")
    assert mention(report, units) == "ministry"


def test_named_subject_after_the_cue_and_a_short_name_later(extract: Extract) -> None:
    text = (
        '"The proposal is a trap dressed as a ceasefire," said foreign ministry spokeswoman '
        "Maria Lopez.\n\n"
        "Lopez said the government had not received any written offer.\n"
    )
    report, quotes = quotes_of(extract, text)
    trap = find(quotes, "a trap dressed as a ceasefire")
    assert trap.speaker == "Maria Lopez"
    assert mention(report, trap) == "Maria Lopez"
    offer = find(quotes, "had not received any written offer")
    assert offer.speaker == "Maria Lopez"
    assert mention(report, offer) == "Lopez"


def test_unnamed_bodies_keep_their_own_words(extract: Extract) -> None:
    text = "Authorities said power had been restored to 20,000 homes in the region.\n"
    report, quotes = quotes_of(extract, text)
    power = find(quotes, "power had been restored")
    assert power.speaker == "Authorities"
    assert mention(report, power) == "Authorities"


def test_dash_attribution_after_a_quote(extract: Extract) -> None:
    text = (
        "Readers sent us their thoughts on the ceasefire.\n\n"
        "“Nobody in my street believes it will hold past the weekend.” ― Ivan Melnyk\n"
    )
    _, quotes = quotes_of(extract, text)
    assert find(quotes, "Nobody in my street").speaker == "Ivan Melnyk"


def test_unbalanced_marks_do_not_spoil_the_next_paragraph(extract: Extract) -> None:
    text = (
        "“The talks are dead, the envoy told the agency.\n\n"
        "“We will fight“ said the commander, Oleh Marchenko. "
        "The country’s ’90s-era tanks are still in use, he added.\n\n"
        "“We need shells, not promises,” said Marchenko.\n"
    )
    _, quotes = quotes_of(extract, text)
    shells = find(quotes, "We need shells, not promises")
    assert shells.text == "We need shells, not promises,"
    assert shells.speaker == "Oleh Marchenko"
    assert not any("’90s" in q.text and q.kind != "indirect" for q in quotes)


def test_nested_quote_and_headline(extract: Extract) -> None:
    text = (
        "Envoy: Talks Are ‘Dead for Now’\n\n"
        "“They told us ‘leave before dark’ and we left everything behind,” said Halyna "
        "Bondar, a nurse from Pokrovsk.\n"
    )
    _, quotes = quotes_of(extract, text)
    nested = find(quotes, "leave before dark")
    assert nested.text == "They told us ‘leave before dark’ and we left everything behind,"
    assert nested.speaker == "Halyna Bondar"


@pytest.mark.parametrize(
    "text",
    [
        "“" * 3 + " Nothing but marks " + "”" * 2,
        " ".join(['He said "yes" and “no” or ”maybe“ \'so\' ’n’.'] * 50),
        "A lone “ mark in a long enough sentence about the front line.",
        "Ukraine’s ‘ ’ ' \" weird \u200b\u202e unicode ﬁ ligatures and emoji 🚀 said the ministry.",
    ],
)
def test_odd_marks_never_crash(extract: Extract, text: str) -> None:
    _, quotes = quotes_of(extract, text)
    assert all(0 <= q.start <= q.end for q in quotes)


def test_transcript_turns_and_a_headline_attribution(extract: Extract) -> None:
    text = (
        "Kovalenko: Talks Are Dead for Now\n\n"
        "Defence Minister Anna Kovalenko spoke to the host, Petro Savchuk, on Sunday.\n\n"
        "SAVCHUK: Minister, will the army hold the line near Pokrovsk this winter?\n\n"
        "KOVALENKO: We will hold it, and we will need every shell our partners can send.\n"
    )
    report, quotes = quotes_of(extract, text)
    headline = find(quotes, "Talks Are Dead for Now")
    assert headline.kind == "indirect"
    assert headline.speaker == "Anna Kovalenko"
    turn = find(quotes, "We will hold it")
    assert turn.kind == "direct"
    assert turn.cue == ":"
    assert turn.speaker == "Anna Kovalenko"
    assert mention(report, turn) == "KOVALENKO"
    assert find(quotes, "will the army hold the line").speaker == "Petro Savchuk"


def test_parenthetical_cue_reports_both_sides_of_its_sentence(extract: Extract) -> None:
    text = (
        "Defence Minister Anna Kovalenko visited Odesa on Friday.\n\n"
        "The port, she said, would reopen to grain ships within two weeks.\n\n"
        "Kovalenko announced a new convoy system for ships leaving the Black Sea ports.\n"
    )
    _, quotes = quotes_of(extract, text)
    port = find(quotes, "would reopen to grain ships", "indirect")
    assert port.speaker == "Anna Kovalenko"
    assert port.text == "would reopen to grain ships within two weeks"
    subject = find(quotes, "The port", "indirect")
    assert subject.text == "The port"
    assert subject.speaker_mention == port.speaker_mention
    convoy = find(quotes, "a new convoy system", "indirect")
    assert convoy.cue == "announced"
    assert convoy.text.endswith("Black Sea ports")


def test_no_quote_without_speech(extract: Extract) -> None:
    text = (
        "Russian forces attacked Kharkiv overnight, and three people accused of looting were "
        "detained. The city welcomed the first aid convoy on Monday.\n"
    )
    _, quotes = quotes_of(extract, text)
    assert quotes == ()


def test_speech_nouns_with_an_owner(extract: Extract) -> None:
    text = (
        "Russia's claim that the strike hit an ammunition depot was rejected by Kyiv.\n\n"
        "The claim that the port was closed spread quickly online.\n"
    )
    report, quotes = quotes_of(extract, text)
    [claim] = [q for q in quotes if q.cue == "claim"]
    assert claim.text == "that the strike hit an ammunition depot"
    assert claim.speaker == "Russia"
    # The rejection is Kyiv's, of the whole claim: an attitude the claim lies inside.
    rejected = find(quotes, "Russia's claim that the strike hit an ammunition depot", "indirect")
    assert (rejected.cue, mention(report, rejected)) == ("rejected", "Kyiv")
    assert not any("the port was closed" in q.text for q in quotes)


def test_she_skips_a_man_named_with_a_gendered_title(extract: Extract) -> None:
    text = (
        "Halyna Bondar, a nurse, has worked at the Pokrovsk hospital since 2014.\n\n"
        "Regional spokesman Ivan Melnyk said the hospital would be evacuated on Friday.\n\n"
        "“We will leave when the last patient leaves,” she said.\n"
    )
    report, quotes = quotes_of(extract, text)
    leave = find(quotes, "We will leave when the last patient leaves")
    assert leave.speaker == "Halyna Bondar"
    assert mention(report, leave) == "she"


def test_a_tokenizer_only_pipeline_still_pairs_direct_quotes() -> None:
    from sitrep.extract.quotes.extractor import QuoteExtractor
    from sitrep.ingest.clean import to_article
    from sitrep.model import RawDocument
    from sitrep.nlp import blank_nlp
    from sitrep.settings import Settings

    text = "“The bridge is gone,” the mayor said on Monday. “We will rebuild it.”"
    article = to_article(RawDocument(origin="test", text=text), Settings())
    quotes = QuoteExtractor()(blank_nlp()(article.text), article, ())
    assert [q.text for q in quotes] == ["The bridge is gone,", "We will rebuild it."]


def test_who_said_in_a_relative_clause_is_the_noun_it_describes(extract: Extract) -> None:
    text = (
        "Maria Lopez, who said the convoy had been turned back at the border, "
        "asked for an inquiry.\n"
    )
    _, quotes = quotes_of(extract, text)
    q = find(quotes, "the convoy had been turned back", "indirect")
    assert q.cue == "said"
    assert q.speaker == "Maria Lopez"


def test_a_semicolon_ends_what_a_cue_reports(extract: Extract) -> None:
    text = (
        "The spokesman said the delay was not deliberate; engineers are still "
        "clearing the rail line near the station.\n"
    )
    _, quotes = quotes_of(extract, text)
    q = find(quotes, "the delay was not deliberate", "indirect")
    assert q.text == "the delay was not deliberate"


def test_a_programme_title_in_quote_marks_is_not_a_quote(extract: Extract) -> None:
    text = (
        'Defence Minister Anna Kovalenko told "Morning Briefing" that the bridge '
        'would reopen. "We have repaired both spans," she said.\n'
    )
    _, quotes = quotes_of(extract, text)
    assert not [q for q in quotes if q.text.strip(" ,") == "Morning Briefing"]
    assert find(quotes, "We have repaired both spans").speaker == "Anna Kovalenko"


def test_a_chanted_slogan_in_title_case_is_still_a_quote(extract: Extract) -> None:
    text = 'Thousands of protesters in Tbilisi chanted "Free Georgia Now!" outside parliament.\n'
    _, quotes = quotes_of(extract, text)
    assert find(quotes, "Free Georgia Now!").speaker is not None


def test_a_quoted_transcript_speaks_through_its_labels(extract: Extract) -> None:
    text = (
        "The minister gave an interview on Sunday. Partial transcript as follows:\n\n"
        '"HOST: Minister, will the convoy reach the port this week?\n\n'
        '"KOVALENKO: It will. The escorts are ready and the route has been cleared of mines.\n\n'
        '"(CROSSTALK.)\n\n'
        '"And the grain will move again before the winter, whatever Moscow says.\n\n'
        '"HOST: Thank you, Minister.'
    )
    _, quotes = quotes_of(extract, text)
    answer = find(quotes, "It will. The escorts are ready")
    assert answer.kind == "direct"
    assert answer.cue == ":"
    assert answer.speaker == "Kovalenko"
    assert not answer.text.startswith("KOVALENKO")
    assert find(quotes, "And the grain will move again").speaker == "Kovalenko"
    assert find(quotes, "will the convoy reach the port").speaker == "Host"
    assert not [q for q in quotes if "CROSSTALK" in q.text]
    assert not [q for q in quotes if q.text.lstrip('"').startswith(("HOST", "KOVALENKO"))]


def test_a_name_before_its_aside_speaks_when_the_parse_hangs_it_elsewhere() -> None:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from sitrep.extract.quotes.extractor import QuoteExtractor
    from sitrep.ingest.clean import to_article
    from sitrep.model import RawDocument
    from sitrep.settings import Settings

    # The small model's parse of such a sentence: "Petrov" hangs on "gap" as an apposition
    # and "said" has no subject.
    text = "“He is right. There is a gap,” Petrov, a veteran, said."
    words = ["“", "He", "is", "right", ".", "There", "is", "a", "gap", ",", "”", "Petrov",
             ",", "a", "veteran", ",", "said", "."]
    spaces = [False, True, True, False, True, True, True, True, False, False, True, False,
              True, True, False, True, False, False]
    heads = [2, 2, 2, 2, 2, 6, 16, 8, 6, 8, 11, 8, 11, 14, 11, 16, 16, 16]
    deps = ["punct", "nsubj", "ROOT", "acomp", "punct", "expl", "ccomp", "det", "attr",
            "punct", "punct", "appos", "punct", "det", "appos", "punct", "ROOT", "punct"]
    pos = ["PUNCT", "PRON", "AUX", "ADJ", "PUNCT", "PRON", "VERB", "DET", "NOUN", "PUNCT",
           "PUNCT", "PROPN", "PUNCT", "DET", "NOUN", "PUNCT", "VERB", "PUNCT"]
    lemmas = [w.lower() for w in words]
    lemmas[16] = "say"
    doc = Doc(Vocab(), words=words, spaces=spaces, heads=heads, deps=deps, pos=pos,
              lemmas=lemmas)
    article = to_article(RawDocument(origin="test", text=text), Settings())
    assert doc.text == article.text
    quotes = QuoteExtractor()(doc, article, ())
    direct = [q for q in quotes if q.kind == "direct"]
    assert [q.text for q in direct] == ["He is right. There is a gap,"]
    assert direct[0].speaker == "Petrov"
    assert not [q for q in quotes if q.kind == "indirect"]  # "There is a gap,” Petrov"


def test_he_is_the_named_subject_of_the_clause_his_clause_hangs_on() -> None:
    from spacy.tokens import Doc

    from sitrep.extract.quotes.lexicon import CueLexicon
    from sitrep.extract.quotes.speakers import SpeakerResolver
    from sitrep.model import Actor
    from sitrep.nlp import blank_nlp

    # "McAuliffe" is no actor (NER missed it); the nearest earlier person is Kovalenko.
    text = "Kovalenko spoke. McAuliffe said talks failed, but he refused to comment."
    words = ["Kovalenko", "spoke", ".", "McAuliffe", "said", "talks", "failed", ",", "but",
             "he", "refused", "to", "comment", "."]
    spaces = [True, False, True, True, True, True, False, True, True, True, True, True,
              False, False]
    heads = [1, 1, 1, 4, 4, 6, 4, 4, 4, 10, 4, 12, 10, 4]
    deps = ["nsubj", "ROOT", "punct", "nsubj", "ROOT", "nsubj", "ccomp", "punct", "cc",
            "nsubj", "conj", "aux", "xcomp", "punct"]
    pos = ["PROPN", "VERB", "PUNCT", "PROPN", "VERB", "NOUN", "VERB", "PUNCT", "CCONJ",
           "PRON", "VERB", "PART", "VERB", "PUNCT"]
    tags = ["NNP", "VBD", ".", "NNP", "VBD", "NNS", "VBD", ",", "CC", "PRP", "VBD", "TO",
            "VB", "."]
    vocab = blank_nlp().vocab
    doc = Doc(vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, tags=tags)
    assert doc.text == text
    kovalenko = Actor("Anna Kovalenko", "person", "UKR", "GOV", None, ((0, 9),))
    resolver = SpeakerResolver(doc, (kovalenko,), [], CueLexicon.load(), text)
    he = resolver.resolve(doc[9])
    assert he is not None
    assert he.name == "McAuliffe"
    assert he.mention == (doc[9].idx, doc[9].idx + 2)


def test_stray_marks_anywhere_never_crash_or_break_offsets(extract: Extract) -> None:
    import random

    base = (
        "Kyiv, Ukraine — “We will not negotiate under fire,” said Defence Minister Anna "
        "Kovalenko. “Our answer has not changed.”\n\n"
        "Smith said the government would “look at every option on the table” before the "
        "summit, and the country’s envoy added that any deal must respect ‘the will of the "
        "people.’\n\n"
        "The strike, the ministry said, was aimed at fuel depots. According to officials, "
        "three people were killed.\n\n"
        "\"It is over,\" he said. \"We are leaving\n\n\"Tomorrow we go home.\""
    )
    marks = ['"', "“", "”", "‘", "’", "'", "''", "\n\n", ":", " — ", "(", ")"]
    rng = random.Random(7)
    for _ in range(25):
        chars = list(base)
        for _ in range(rng.randrange(1, 10)):
            chars.insert(rng.randrange(len(chars) + 1), rng.choice(marks))
        _, quotes = quotes_of(extract, "".join(chars))  # validates offsets and the schema
        for q in quotes:
            assert q.start < q.end


@pytest.mark.parametrize(
    ("headline", "content", "speaker"),
    [
        (
            "Anna Kovalenko Speaks ‘Directly To The Troops’ After The Strike",
            "Directly To The Troops",
            "Anna Kovalenko",
        ),
        (
            "Kovalenko: Convoy Will Sail, Grain Talks Are ‘Finished’",
            "Finished",
            "Anna Kovalenko",
        ),
    ],
)
def test_a_headline_quote_in_single_marks_speaks_for_its_label_or_opening_name(
    extract: Extract, headline: str, content: str, speaker: str
) -> None:
    text = (
        f"{headline}\n\n"
        "KYIV — Defence Minister Anna Kovalenko visited the port on Friday.\n"
    )
    _, quotes = quotes_of(extract, text)
    hits = [q for q in quotes if q.text == content]
    assert len(hits) == 1, [q.text for q in quotes]
    assert hits[0].speaker == speaker


def test_a_headline_that_opens_with_a_possessive_title_has_no_quote(extract: Extract) -> None:
    text = (
        "Anna Kovalenko’s ‘Black Sea’ Explores The History Of The Fleet\n\n"
        "KYIV — Defence Minister Anna Kovalenko wrote a book.\n"
    )
    _, quotes = quotes_of(extract, text)
    assert not [q for q in quotes if q.text == "Black Sea"]


def test_a_cue_in_an_as_clause_reports_the_clause_it_hangs_on(extract: Extract) -> None:
    text = ("As several military analysts have pointed out, the brigade cannot hold the "
            "bridgehead without air cover.")
    report = extract(text)
    [q] = [q for q in report.quotes if "pointed" in (q.cue or "")]
    assert q.text == "the brigade cannot hold the bridgehead without air cover"
    assert q.cue_class == "speech"


def test_an_as_clause_that_reports_its_own_clause_is_not_read_as_one(extract: Extract) -> None:
    text = "The convoy left on Monday, as the governor said it would."
    report = extract(text)
    assert not [q for q in report.quotes if q.text.startswith("The convoy left")]


def test_a_paragraph_after_a_cue_and_a_colon_is_a_block_quote(extract: Extract) -> None:
    text = ("Kuleba spoke after the talks in Brussels.\n\nThe foreign minister added:\n\n"
            "We will not trade territory for a pause. Our partners know this.\n\n"
            "The talks resume next week.")
    report = extract(text)
    [q] = [q for q in report.quotes if q.cue == "added"]
    assert q.text == "We will not trade territory for a pause. Our partners know this."
    assert q.cue_class == "speech"
    assert q.speaker is not None and "Kuleba" in q.speaker


def test_a_colon_that_introduces_a_list_is_no_block_quote(extract: Extract) -> None:
    text = ("The aid package includes the following:\n\n"
            "Artillery shells, armoured vehicles and air defence missiles.")
    report = extract(text)
    assert not [q for q in report.quotes if q.text.startswith("Artillery")]


def test_the_speaker_of_an_as_clause_is_its_own_subject(extract: Extract) -> None:
    text = ("As one Twitter user @kyivwatch pointed out, the front line has barely moved since "
            "the spring.")
    report = extract(text)
    [q] = [q for q in report.quotes if "pointed" in (q.cue or "")]
    assert q.speaker is not None and "front" not in q.speaker
    assert q.speaker_mention is not None
    assert report.article.text[slice(*q.speaker_mention)].endswith("@kyivwatch")
