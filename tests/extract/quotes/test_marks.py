"""Pairing quote marks: per paragraph, bounded, never mis-pairing the rest of an article."""

from __future__ import annotations

from sitrep.extract.quotes.marks import pair_quotes


def contents(text: str) -> list[str]:
    return [text[m.start : m.end] for m in pair_quotes(text)]


def test_straight_and_curly_marks_pair_alike() -> None:
    text = 'He said: "We are ready." She replied: “So are we.”'
    assert contents(text) == ["We are ready.", "So are we."]


def test_quote_over_two_paragraphs_continues_when_the_next_opens_with_a_mark() -> None:
    text = "“The shelling began at dawn.\n\n“Then the power went out,” she said.\n\nCalm returned."
    marked = pair_quotes(text)
    assert [text[m.start : m.end] for m in marked] == [
        "The shelling began at dawn.",
        "Then the power went out,",
    ]
    assert marked[0].close_at is None
    assert marked[1].continued


def test_missing_close_ends_with_its_paragraph_and_the_next_one_resyncs() -> None:
    text = (
        "“The talks are over, the envoy said.\n\n"
        "Later the minister said “nothing has changed” here."
    )
    assert contents(text) == ["The talks are over, the envoy said.", "nothing has changed"]


def test_opening_mark_used_as_a_closing_one() -> None:
    text = "“We will fight“ he said. Then “we will rebuild.”"
    assert contents(text) == ["We will fight", "we will rebuild."]


def test_nested_single_marks_stay_inside_the_double_quote() -> None:
    text = "“They told us ‘leave now’ and we left,” the farmer said."
    assert contents(text) == ["They told us ‘leave now’ and we left,"]


def test_apostrophes_are_not_quote_marks() -> None:
    text = "The country’s ’90s rock ’n’ roll scene, the players’ union and Kyiv's mayor."
    assert contents(text) == []


def test_headline_single_quotes_are_paired_where_no_double_marks_exist() -> None:
    text = "Minister: Talks Are ‘Dead for Now’\n\nThe minister spoke on Monday."
    assert contents(text) == ["Dead for Now"]


def test_a_lone_mark_and_many_marks_do_not_crash() -> None:
    assert contents("“") == []
    assert contents('"') == []
    noisy = ' '.join(['"a" “b” ”c“ \'d’ „e'] * 40)
    marked = pair_quotes(noisy)
    assert all(0 <= m.start <= m.end <= len(noisy) for m in marked)
    assert len(marked) >= 80
