"""The orchestrating cascade: raw document -> article -> nlp doc -> mentions -> report.

The one place that runs the stages in order; the CLI, the API, the batch worker, the evaluators
and the stage benchmark all call it. Each stage is its own package, with its ``VERSION``:

    ingest   ingest.clean.to_article   RawDocument -> Article       (cleaning, dateline, language;
                                                                   asks the places gazetteer
                                                                   whether "ODESA - " is a town)
    nlp      nlp.build_nlp             Article.text -> spacy Doc    (model + genre rules)
    actors   extract.actors            Doc -> actors, and metonymic spans
    places   extract.places            Doc, metonyms -> places      (GeoNames, offline)
    times    extract.times             Doc, Article -> temporal expressions
    quotes   extract.quotes            Doc, actors -> quotes
    events   extract.events            Doc, all mentions -> events  (with extract.counts)

The caller decides what a failing document becomes (``OnError``), whether stages are timed
(a ``StageTimer`` such as ``StageClock``) and, for the evaluators, which extraction stages run.
"""

from __future__ import annotations

import enum
import logging
import time
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, replace
from functools import cached_property
from types import MappingProxyType
from typing import Protocol

from spacy import about as spacy_about
from spacy.language import Language
from spacy.tokens import Doc

from sitrep import ingest as ingest_stage
from sitrep import nlp as nlp_stage
from sitrep.errors import SitrepError, UsageError
from sitrep.extract import actors as actors_stage
from sitrep.extract import counts as counts_stage
from sitrep.extract import events as events_stage
from sitrep.extract import places as places_stage
from sitrep.extract import quotes as quotes_stage
from sitrep.extract import times as times_stage
from sitrep.extract.actors.extractor import ActorExtractor
from sitrep.extract.events.extractor import EventExtractor
from sitrep.extract.events.relevance import off_topic
from sitrep.extract.places.extractor import PlaceExtractor
from sitrep.extract.quotes.extractor import QuoteExtractor
from sitrep.extract.times.extractor import TimeExtractor, Timex
from sitrep.geo.gazetteer import Gazetteer
from sitrep.ingest.clean import to_article
from sitrep.model import (
    Actor,
    Article,
    Event,
    Failure,
    Place,
    Quote,
    RawDocument,
    Report,
    Span,
    TimeMention,
)
from sitrep.settings import Settings

log = logging.getLogger(__name__)

STAGES = ("ingest", "nlp", "actors", "places", "times", "quotes", "events")
"""Every stage, in the order the cascade runs them."""
EXTRACTORS = STAGES[2:]
"""The stages after parsing, each reading the doc and what the stages before it found."""
NEEDS = MappingProxyType({
    "places": frozenset({"actors"}),
    "quotes": frozenset({"actors"}),
    "events": frozenset({"actors", "places", "times", "quotes"}),
})
"""The extraction stages whose output each extraction stage reads."""


class OnError(enum.Enum):
    """What the cascade does with a document that fails in a stage."""

    RAISE = "raise"
    """Raise the stage's error and let the caller decide (``extract_one``, the evaluators)."""
    RECORD = "record"
    """A typed error becomes a Failure and the run goes on; anything else is a bug, raised."""
    RECORD_ALL = "record-all"
    """Every error becomes a Failure, unexpected ones logged in full (the batch boundary)."""

    def records(self, err: Exception) -> bool:
        """Whether this error ends as a recorded Failure rather than raised."""
        return self is OnError.RECORD_ALL or (
            self is OnError.RECORD and isinstance(err, SitrepError))


class StageTimer(Protocol):
    """Told how long each stage takes: the cascade runs each stage inside ``stage(name)``."""

    def stage(self, name: str) -> AbstractContextManager[object]:
        """A context around one stage's work on one document (nlp: on its share of a batch)."""
        ...


class StageClock:
    """A StageTimer that sums wall-clock and CPU seconds per stage."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Add the time spent in the block to the named stage."""
        start, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.seconds[name] += time.perf_counter() - start
            self.cpu[name] += time.process_time() - cpu

    def total(self) -> float:
        """Wall-clock seconds over every stage."""
        return sum(self.seconds.values())


class _Untimed:
    """The StageTimer of a caller that does not time."""

    def stage(self, name: str) -> AbstractContextManager[object]:
        return nullcontext()


@dataclass(frozen=True, slots=True)
class Mentions:
    """What the extraction stages found in one article; a stage not run leaves its fields empty."""

    article: Article
    actors: tuple[Actor, ...] = ()
    metonyms: frozenset[Span] = frozenset()
    """Spans of place names that stand for an actor ("Kyiv rejected"): not places."""
    places: tuple[Place, ...] = ()
    timexes: tuple[Timex, ...] = ()
    """Every temporal expression, durations and sets included (the times evaluator scores these)."""
    times: tuple[TimeMention, ...] = ()
    """The dates among them, as the report gives them."""
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    relevant: bool = True
    """Whether the article is about conflict or politics; one that is not has no events."""

    def report(self, versions: Mapping[str, str]) -> Report:
        """The report of these mentions, made by the stages of ``versions``."""
        return Report(article=self.article, actors=self.actors, places=self.places,
                      times=self.times, quotes=self.quotes, events=self.events,
                      relevant=self.relevant, versions=versions)


@dataclass
class Pipeline:
    """Loads the model and the gazetteers once; turns raw documents into reports."""

    settings: Settings

    @cached_property
    def nlp(self) -> Language:
        try:
            return nlp_stage.build_nlp(self.settings)
        except ModuleNotFoundError as err:
            if err.name != self.settings.model.split(".")[0]:
                raise
            raise UsageError(
                "SITREP_MODEL",
                f"no installed spaCy model package named {self.settings.model!r}; "
                "install the project (make install) or set SITREP_MODEL to an installed model",
            ) from None

    @cached_property
    def actors(self) -> ActorExtractor:
        return ActorExtractor()

    @cached_property
    def places(self) -> PlaceExtractor:
        return PlaceExtractor(Gazetteer.load(self.settings.cache_path))

    @cached_property
    def times(self) -> TimeExtractor:
        return TimeExtractor()

    @cached_property
    def quotes(self) -> QuoteExtractor:
        return QuoteExtractor()

    @cached_property
    def events(self) -> EventExtractor:
        return EventExtractor()

    def _town_size(self, name: str) -> int | None:
        """The population of the largest town or region the places gazetteer knows by a name:
        ingest's question for a bare dateline ("ODESA - ...", never "NATO - ...")."""
        sizes = [m.entry.population for m in self.places.gazetteer.lookup(name)
                 if m.entry.kind in ("city", "region")]
        return max(sizes, default=None)

    @cached_property
    def _model(self) -> str:
        return f"{self.settings.model}-{nlp_stage.model_version(self.settings.model)}"

    def versions(self) -> dict[str, str]:
        """The version of every stage, and of the model and spaCy that parse, without loading."""
        # Read from the stage packages on every call: nothing here can go stale.
        return {
            "ingest": ingest_stage.VERSION,
            "nlp": nlp_stage.VERSION,
            "model": self._model,
            "spacy": spacy_about.__version__,
            "actors": actors_stage.VERSION,
            "places": places_stage.VERSION,
            "times": times_stage.VERSION,
            "quotes": quotes_stage.VERSION,
            "counts": counts_stage.VERSION,
            "events": events_stage.VERSION,
        }

    def warm_up(self) -> None:
        """Load everything now rather than on the first article (for servers and benchmarks)."""
        for stage in STAGES[1:]:
            getattr(self, stage)

    def run(self, raws: Iterable[RawDocument | Failure], *, on_error: OnError = OnError.RECORD,
            timer: StageTimer | None = None) -> Iterator[Report | Failure]:
        """One report or one failure per input, in input order, parsing in batches.

        A Failure given in is passed on as it is; one made here names its ``stage``.
        """
        clock = _timer(timer)
        batch: list[Article | Failure] = []
        articles = 0
        for raw in raws:
            item = raw if isinstance(raw, Failure) else self._article(raw, on_error, clock)
            batch.append(item)
            articles += isinstance(item, Article)
            if articles >= self.settings.batch_size:
                yield from self._flush(batch, on_error, clock)
                batch, articles = [], 0
        if batch:
            yield from self._flush(batch, on_error, clock)

    def extract_one(self, raw: RawDocument, *, timer: StageTimer | None = None) -> Report:
        """One report for one raw document; raises the stage's typed error on bad input."""
        clock = _timer(timer)
        with clock.stage("ingest"):
            article = to_article(raw, self.settings, self._town_size)
        return self.extract_article(article, timer=clock).report(self.versions())

    def extract_article(self, article: Article, *, stages: Collection[str] = EXTRACTORS,
                        timer: StageTimer | None = None) -> Mentions:
        """Parse one article and run the given extraction stages on it; raises on failure."""
        _check(stages)
        clock = _timer(timer)
        with clock.stage("nlp"):
            doc = self.nlp(article.text)
        return self.mentions(doc, article, stages=stages, timer=clock)

    def extract_doc(self, doc: Doc, article: Article, *,
                    timer: StageTimer | None = None) -> Report:
        """All mentions of one parsed article, as a report; raises on failure."""
        return self.mentions(doc, article, timer=timer).report(self.versions())

    def mentions(self, doc: Doc, article: Article, *, stages: Collection[str] = EXTRACTORS,
                 timer: StageTimer | None = None) -> Mentions:
        """Run the given extraction stages, in cascade order, on one parsed article."""
        _check(stages)
        found = self._extract(doc, article, stages, OnError.RAISE, _timer(timer))
        assert isinstance(found, Mentions)  # OnError.RAISE records nothing
        return found

    def _extract(self, doc: Doc, article: Article, stages: Collection[str], on_error: OnError,
                 clock: StageTimer) -> Mentions | Failure:
        """The stages after parsing, in order, or the failure of the first that breaks."""
        found = Mentions(article)
        for name in EXTRACTORS:
            if name not in stages:
                continue
            try:
                with clock.stage(name):
                    found = self._stage(name, doc, found)
            except Exception as err:
                if not on_error.records(err):
                    raise
                return failure(_origin(article), name, err)
        return found

    def _stage(self, name: str, doc: Doc, found: Mentions) -> Mentions:
        """One extraction stage: what it adds to what the stages before it found."""
        article = found.article
        if name == "actors":
            result = self.actors(doc, article)
            return replace(found, actors=result.actors, metonyms=result.metonyms)
        if name == "places":
            return replace(found, places=self.places(doc, article, found.metonyms))
        if name == "times":
            timexes = self.times.timexes(doc, article)
            return replace(found, timexes=tuple(timexes), times=self.times.mentions(timexes))
        if name == "quotes":
            return replace(found, quotes=self.quotes(doc, article, found.actors))
        # events, the last: ``_check`` lets no other name through. Sport, business or weather
        # news names attacks, strikes and defeats that are no conflict events.
        if off_topic(doc, article) is not None:
            return replace(found, events=(), relevant=False)
        return replace(found, events=self.events(doc, article, found.actors, found.places,
                                                 found.times, found.quotes))

    def _article(self, raw: RawDocument, on_error: OnError,
                 clock: StageTimer) -> Article | Failure:
        try:
            with clock.stage("ingest"):
                return to_article(raw, self.settings, self._town_size)
        except Exception as err:
            if not on_error.records(err):
                raise
            return failure(raw.origin, "ingest", err)

    def _flush(self, batch: list[Article | Failure], on_error: OnError,
               clock: StageTimer) -> Iterator[Report | Failure]:
        articles = [x for x in batch if isinstance(x, Article)]
        docs = self._parse(articles, on_error, clock)
        versions = self.versions()
        for item in batch:
            if isinstance(item, Failure):
                yield item
                continue
            doc = next(docs)
            if isinstance(doc, Failure):
                yield doc
                continue
            found = self._extract(doc, item, EXTRACTORS, on_error, clock)
            yield found if isinstance(found, Failure) else found.report(versions)

    def _parse(self, articles: list[Article], on_error: OnError,
               clock: StageTimer) -> Iterator[Doc | Failure]:
        """Docs for a batch of articles, in order; one by one only if the batch fails."""
        docs: Iterator[Doc] | None = None
        done = 0
        while done < len(articles):
            try:
                with clock.stage("nlp"):
                    if docs is None:
                        docs = iter(self.nlp.pipe((a.text for a in articles),
                                                  batch_size=self.settings.batch_size))
                    doc = next(docs)
            except UsageError:
                raise  # a model that cannot load is the run's error, not each article's
            except Exception:
                if on_error is OnError.RAISE:
                    raise
                # Retried one by one below, where the document that breaks spaCy is found.
                log.warning("spaCy failed on a batch of %d; parsing one by one",
                            len(articles) - done)
                break
            done += 1
            yield doc
        for article in articles[done:]:
            try:
                with clock.stage("nlp"):
                    doc = self.nlp(article.text)
            except Exception as err:
                if not on_error.records(err):
                    raise
                yield failure(_origin(article), "nlp", err)
                continue
            yield doc


def failure(origin: str, stage: str, err: Exception) -> Failure:
    """A recorded failure. Typed errors are expected bad input; anything else is a bug, logged."""
    if isinstance(err, SitrepError):
        return Failure(origin, err.reason, stage=stage)
    # Only OnError.RECORD_ALL gets here: the batch boundary, where one document must never stop
    # a run of millions, so every exception ends as a record and unexpected ones are logged.
    log.exception("%s: unexpected %s in stage %s", origin, type(err).__name__, stage)
    return Failure(origin, f"{type(err).__name__}: {err}", stage=stage)


def _timer(timer: StageTimer | None) -> StageTimer:
    return _UNTIMED if timer is None else timer


def _origin(article: Article) -> str:
    return article.origin or article.url or article.id


def _check(stages: Collection[str]) -> None:
    unknown = set(stages) - set(EXTRACTORS)
    if unknown:
        raise ValueError(f"unknown extraction stages {sorted(unknown)}; choose from {EXTRACTORS}")
    for name in stages:
        missing = NEEDS.get(name, frozenset()) - set(stages)
        if missing:
            raise ValueError(f"stage {name} reads {sorted(missing)}: run them too")


_UNTIMED = _Untimed()
