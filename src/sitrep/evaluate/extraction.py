"""ScrapingHub article-extraction benchmark: our cleaning path against plain trafilatura.

Scored as the data README says: precision, recall and F1 over 4-gram shingles of whitespace
tokens, per page, averaged over pages. Both extractors run in the same pass, on the same pages.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from statistics import fmean

from sitrep.errors import EvalError, SitrepError
from sitrep.evaluate import EvalResult, Metric
from sitrep.ingest.clean import clean_html_text
from sitrep.ingest.decode import decode
from sitrep.ingest.html import plain_text
from sitrep.settings import Settings

SHINGLE = 4
_ANCHORS = {"P": "trafilatura 2.0: 0.938", "R": "trafilatura 2.0: 0.978",
            "F1": "trafilatura 2.0: 0.958"}


@dataclass(frozen=True, slots=True)
class PageScore:
    """Shingle precision, recall and F1 of one page."""

    precision: float
    recall: float
    f1: float


def shingles(text: str, n: int = SHINGLE) -> set[tuple[str, ...]]:
    """The set of n-grams of whitespace tokens; a text shorter than n is one shingle."""
    tokens = text.split()
    if not tokens:
        return set()
    if len(tokens) < n:
        return {tuple(tokens)}
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def score_page(predicted: str, gold: str) -> PageScore:
    """Shingle P/R/F1 of one page; an empty prediction scores 0 (an empty gold body, 1)."""
    pred, true = shingles(predicted), shingles(gold)
    if not true:
        return PageScore(1.0, 1.0, 1.0) if not pred else PageScore(0.0, 1.0, 0.0)
    hit = len(pred & true)
    p = hit / len(pred) if pred else 0.0
    r = hit / len(true)
    return PageScore(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def run(path: Path, settings: Settings) -> EvalResult:
    """Score sitrep's cleaning and plain trafilatura on every page under path."""
    gold = _load_gold(path)
    ids = sorted(gold)[: settings.eval_limit] if settings.eval_limit else sorted(gold)
    ours: list[PageScore] = []
    baseline: list[PageScore] = []
    failures = 0
    for page_id in ids:
        body, url = gold[page_id]
        html = _load_html(path, page_id)
        text = _safe(clean_html_text, html, page_id, url)
        failures += not text
        ours.append(score_page(text, body))
        baseline.append(score_page(_safe(_plain, html, page_id, url), body))
    metrics = (*_metrics("", ours, True), *_metrics("trafilatura ", baseline, False))
    notes: tuple[str, ...] = (
        "P/R/F1: sitrep's cleaning path (trafilatura tree + cleaner); 'trafilatura': "
        "trafilatura.extract with its default options, same pages, same run",
    )
    if failures:
        notes += (f"{failures} page(s) where sitrep found no text",)
    return EvalResult("extraction", str(path), len(ids), metrics, notes)


def _metrics(prefix: str, scores: list[PageScore], anchored: bool) -> tuple[Metric, ...]:
    """Mean precision, recall and F1 over pages, named with a prefix."""
    values = {"P": fmean(s.precision for s in scores) if scores else 0.0,
              "R": fmean(s.recall for s in scores) if scores else 0.0,
              "F1": fmean(s.f1 for s in scores) if scores else 0.0}
    return tuple(Metric(f"{prefix}{name}", value, _ANCHORS[name] if anchored else None)
                 for name, value in values.items())


def _plain(html: str, origin: str, url: str | None) -> str:
    """Plain trafilatura's text, in the extractor signature."""
    return plain_text(html, url)


def _safe(extract: Callable[[str, str, str | None], str], html: str, page_id: str,
          url: str | None) -> str:
    """An extractor's text, or empty text where it raises on a page."""
    try:
        return extract(html, page_id, url)
    except SitrepError:
        return ""


def _load_gold(path: Path) -> dict[str, tuple[str, str | None]]:
    """The gold bodies and URLs by page id."""
    truth = path / "ground-truth.json"
    try:
        data = json.loads(truth.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise EvalError(str(truth), f"cannot read the ground truth ({err})") from err
    if not isinstance(data, dict):
        raise EvalError(str(truth), "expected an object {id: {articleBody, url}}")
    return {k: (str(v.get("articleBody") or ""), v.get("url")) for k, v in data.items()}


def _load_html(path: Path, page_id: str) -> str:
    """One page's HTML, decoded as its bytes allow."""
    page = path / "html" / f"{page_id}.html.gz"
    try:
        data = gzip.decompress(page.read_bytes())
    except OSError as err:
        raise EvalError(str(page), f"cannot read the page ({err})") from err
    try:
        return decode(data, str(page))
    except SitrepError:
        return data.decode("utf-8", errors="replace")
