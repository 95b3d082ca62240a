"""The orchestrating cascade: raw document -> article -> nlp doc -> mentions -> report.

Each stage is its own module; this one only wires them in order, once per batch:

    ingest.clean.to_article   RawDocument -> Article            (cleaning, dateline, language)
    nlp.build_nlp             Article.text -> spacy Doc         (model + genre rules)
    extract.actors            Doc -> ActorResult                (actors, and metonymic spans)
    extract.places            Doc, metonyms -> places           (GeoNames, offline)
    extract.times             Doc, Article -> times             (resolved against publication)
    extract.quotes            Doc, actors -> quotes
    extract.events            Doc, all mentions -> events
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from spacy.language import Language
from spacy.tokens import Doc

from sitrep.errors import SitrepError
from sitrep.extract.actors.extractor import ActorExtractor
from sitrep.extract.events.extractor import EventExtractor
from sitrep.extract.places.extractor import PlaceExtractor
from sitrep.extract.quotes.extractor import QuoteExtractor
from sitrep.extract.times.extractor import TimeExtractor
from sitrep.geo.gazetteer import Gazetteer
from sitrep.ingest.clean import to_article
from sitrep.model import Article, Failure, RawDocument, Report
from sitrep.nlp import build_nlp
from sitrep.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Pipeline:
    """Loads the model and the gazetteers once; turns raw documents into reports."""

    settings: Settings

    @cached_property
    def nlp(self) -> Language:
        return build_nlp(self.settings)

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

    def warm_up(self) -> None:
        """Load everything now rather than on the first article (for servers and benchmarks)."""
        for stage in ("nlp", "actors", "places", "times", "quotes", "events"):
            getattr(self, stage)

    def run(self, raws: Iterable[RawDocument | Failure]) -> Iterator[Report | Failure]:
        """One report or one failure per input, in input order, parsing in batches."""
        batch: list[Article | Failure] = []
        for item in self._articles(raws):
            batch.append(item)
            if sum(isinstance(x, Article) for x in batch) >= self.settings.batch_size:
                yield from self._flush(batch)
                batch = []
        if batch:
            yield from self._flush(batch)

    def _articles(self, raws: Iterable[RawDocument | Failure]) -> Iterator[Article | Failure]:
        for raw in raws:
            if isinstance(raw, Failure):
                yield raw
                continue
            try:
                yield to_article(raw, self.settings)
            except SitrepError as err:
                yield Failure(raw.origin, err.reason)

    def _flush(self, batch: list[Article | Failure]) -> Iterator[Report | Failure]:
        articles = [x for x in batch if isinstance(x, Article)]
        docs = iter(self.nlp.pipe((a.text for a in articles), batch_size=self.settings.batch_size))
        for item in batch:
            if isinstance(item, Failure):
                yield item
                continue
            doc = next(docs)
            try:
                yield self.extract_doc(doc, item)
            except SitrepError as err:
                yield Failure(item.origin or item.url or item.id, err.reason)

    def extract_doc(self, doc: Doc, article: Article) -> Report:
        """All mentions of one parsed article, as a report."""
        actor_result = self.actors(doc, article)
        places = self.places(doc, article, actor_result.metonyms)
        times = self.times(doc, article)
        quotes = self.quotes(doc, article, actor_result.actors)
        events = self.events(doc, article, actor_result.actors, places, times, quotes)
        return Report(
            article=article,
            actors=actor_result.actors,
            places=places,
            times=times,
            quotes=quotes,
            events=events,
        )

    def extract_one(self, raw: RawDocument) -> Report:
        """One report for one raw document; raises the stage's typed error on bad input."""
        article = to_article(raw, self.settings)
        return self.extract_doc(self.nlp(article.text), article)
