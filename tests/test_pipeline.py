"""The cascade: stage order, error policies, the timing hook, partial runs and stage versions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from sitrep.errors import InputError
from sitrep.model import Article, Failure, RawDocument, Report
from sitrep.pipeline import EXTRACTORS, STAGES, OnError, Pipeline, StageClock
from sitrep.settings import Settings

pytestmark = pytest.mark.slow

STRIKE = ("ODESA, Ukraine (Reuters) — At least seven people were killed and 18 wounded when a "
          "Russian missile hit a residential building in Odesa on Wednesday, the regional "
          "governor Oleh Kiper said. \"Rescuers are still working at the site,\" Kiper wrote.")
TALKS = ("ISTANBUL (AP) — Delegations from Kyiv and Moscow will meet in Istanbul next week to "
         "discuss a prisoner exchange, Turkey's foreign minister said on Thursday.")


class Recorder:
    """A StageTimer that keeps the order in which stages ran."""

    def __init__(self) -> None:
        self.order: list[str] = []

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self.order.append(name)
        yield


def _raw(origin: str, text: str) -> RawDocument:
    return RawDocument(origin=origin, text=text)


def test_versions_name_every_stage_and_follow_the_packages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sitrep import ingest, nlp
    from sitrep.extract import actors, counts, events, places, quotes, times

    fresh = Pipeline(Settings())
    made = fresh.versions()
    assert "nlp" not in vars(fresh)  # known without loading the model
    packages = {"ingest": ingest, "nlp": nlp, "actors": actors, "places": places,
                "times": times, "quotes": quotes, "counts": counts, "events": events}
    assert {k: made[k] for k in packages} == {k: m.VERSION for k, m in packages.items()}
    assert set(made) == {*packages, "model", "spacy"}
    assert made["model"].startswith(f"{Settings().model}-")
    monkeypatch.setattr(places, "VERSION", "sitrep.places.v999")
    assert fresh.versions()["places"] == "sitrep.places.v999"


def test_stages_run_in_cascade_order_and_reports_carry_their_versions(
    pipeline: Pipeline,
) -> None:
    recorder = Recorder()
    made = list(pipeline.run([_raw("a", STRIKE), _raw("b", TALKS)], timer=recorder))
    assert [type(x) for x in made] == [Report, Report]
    # Cleaning as documents come, parsing and extraction a batch at a time.
    assert recorder.order == ["ingest", "ingest", "nlp", *EXTRACTORS, "nlp", *EXTRACTORS]
    assert all(r.versions == pipeline.versions() for r in made if isinstance(r, Report))
    one = pipeline.extract_one(_raw("a", STRIKE))
    assert one == made[0] and one.versions == pipeline.versions()


def test_the_clock_sums_every_stage(pipeline: Pipeline) -> None:
    clock = StageClock()
    pipeline.extract_one(_raw("a", STRIKE), timer=clock)
    assert set(clock.seconds) == set(STAGES) == set(clock.cpu)
    assert clock.seconds["nlp"] > 0
    assert clock.total() == pytest.approx(sum(clock.seconds.values()))


def test_a_typed_error_is_recorded_with_its_stage_or_raised(pipeline: Pipeline) -> None:
    made = list(pipeline.run([_raw("empty", "   "), _raw("a", STRIKE)]))
    assert isinstance(made[0], Failure) and isinstance(made[1], Report)
    assert (made[0].origin, made[0].stage) == ("empty", "ingest")
    with pytest.raises(InputError):
        list(pipeline.run([_raw("empty", "   ")], on_error=OnError.RAISE))
    with pytest.raises(InputError):
        pipeline.extract_one(_raw("empty", "   "))


def test_a_bug_in_a_stage_is_raised_unless_the_boundary_records_everything(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = pipeline.times

    class Fragile:
        def timexes(self, doc: Any, article: Article) -> Any:
            if "Istanbul" in article.text:
                raise RuntimeError("a bug in times")
            return real.timexes(doc, article)

        mentions = staticmethod(real.mentions)

    monkeypatch.setattr(pipeline, "times", Fragile())
    raws = [_raw("talks", TALKS), _raw("strike", STRIKE)]
    with pytest.raises(RuntimeError, match="a bug in times"):
        list(pipeline.run(raws))
    made = list(pipeline.run(raws, on_error=OnError.RECORD_ALL))
    assert isinstance(made[0], Failure) and isinstance(made[1], Report)
    assert (made[0].stage, made[0].reason) == ("times", "RuntimeError: a bug in times")


def test_a_batch_spacy_fails_on_is_parsed_one_by_one(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = pipeline.nlp

    class Flaky:
        def pipe(self, texts: Any, batch_size: int) -> Any:
            raise RuntimeError("a batch spaCy cannot take")

        def __call__(self, text: str) -> Any:
            if "Istanbul" in text:
                raise RuntimeError("this one")
            return real(text)

    monkeypatch.setattr(pipeline, "nlp", Flaky())
    made = list(pipeline.run([_raw("strike", STRIKE), _raw("talks", TALKS)],
                             on_error=OnError.RECORD_ALL))
    assert isinstance(made[0], Report) and isinstance(made[1], Failure)
    assert (made[1].origin, made[1].stage) == ("talks", "nlp")
    monkeypatch.setattr(pipeline, "nlp", real)
    assert made[0] == pipeline.extract_one(_raw("strike", STRIKE))


def test_only_some_stages_run_when_asked(pipeline: Pipeline) -> None:
    article = pipeline.extract_one(_raw("a", STRIKE)).article
    clock = StageClock()
    found = pipeline.extract_article(article, stages=("times",), timer=clock)
    assert set(clock.seconds) == {"nlp", "times"}
    assert found.actors == found.places == found.quotes == found.events == ()
    expected = pipeline.times.timexes(pipeline.nlp(article.text), article)
    assert list(found.timexes) == expected and expected
    assert found.times == pipeline.times(pipeline.nlp(article.text), article)
    with pytest.raises(ValueError, match=r"events reads \['places', 'quotes', 'times'\]"):
        pipeline.extract_article(article, stages=("actors", "events"))
    with pytest.raises(ValueError, match="unknown extraction stages"):
        pipeline.extract_article(article, stages=("ingest",))
