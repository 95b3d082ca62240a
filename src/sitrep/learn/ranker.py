"""A softmax ranker over candidate sets: an L2-regularised conditional logit on binary features.

A decision is a group of candidates, each a set of feature names; a candidate's score is the sum
of its features' weights, and the highest score wins. Training maximises the log-probability of
a group's right candidates (more than one may be right) under a softmax over the group, with an
L2 penalty, by full-batch gradient steps (Adam): deterministic, no randomness, numpy only.
Weights are saved as JSON with a version string and a note of the data they were trained on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Group:
    """One decision: each candidate's features, and which candidates are right."""

    candidates: tuple[tuple[str, ...], ...]
    right: tuple[bool, ...]


@dataclass(frozen=True)
class Ranker:
    """Feature weights: scores candidates, picks the best of a group."""

    version: str
    weights: Mapping[str, float]
    trained_on: str = ""

    def score(self, features: Iterable[str]) -> float:
        """The sum of the weights of a candidate's features (unknown features weigh 0)."""
        get = self.weights.get
        return sum(get(f, 0.0) for f in features)

    def to_json(self) -> dict[str, Any]:
        """The weights as a JSON object, largest first, rounded for a stable file."""
        ordered = sorted(self.weights.items(), key=lambda kv: (-abs(kv[1]), kv[0]))
        return {
            "version": self.version,
            "trained_on": self.trained_on,
            "weights": {k: round(v, 5) for k, v in ordered if round(v, 5) != 0.0},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], origin: str) -> Ranker:
        """A ranker from its JSON object; a ValueError names ``origin`` if it is malformed."""
        version, weights = data.get("version"), data.get("weights")
        if not isinstance(version, str) or not isinstance(weights, dict):
            raise ValueError(f"{origin}: expected a 'version' string and a 'weights' object")
        if not all(isinstance(v, (int, float)) for v in weights.values()):
            raise ValueError(f"{origin}: every weight must be a number")
        return cls(version, MappingProxyType({str(k): float(v) for k, v in weights.items()}),
                   str(data.get("trained_on", "")))


def fit(
    groups: Sequence[Group],
    version: str,
    *,
    l2: float = 1.0,
    steps: int = 400,
    rate: float = 0.05,
    min_count: int = 2,
    trained_on: str = "",
) -> Ranker:
    """A ranker trained on groups that have at least one right candidate. Features seen on
    fewer than ``min_count`` candidates are left out (weight 0)."""
    usable = [g for g in groups if any(g.right) and len(g.candidates) == len(g.right)]
    counts = Counter(f for g in usable for c in g.candidates for f in set(c))
    names = sorted(f for f, n in counts.items() if n >= min_count)
    if not usable or not names:
        return Ranker(version, MappingProxyType({}), trained_on)
    index = {f: i for i, f in enumerate(names)}
    feats: list[int] = []
    owner: list[int] = []
    right: list[float] = []
    starts: list[int] = []
    for g in usable:
        starts.append(len(right))
        for cand, ok in zip(g.candidates, g.right, strict=True):
            for f in sorted({index[f] for f in cand if f in index}):
                feats.append(f)
                owner.append(len(right))
            right.append(1.0 if ok else 0.0)
    data = _Data(np.array(feats, dtype=np.int64), np.array(owner, dtype=np.int64),
                 np.array(right), np.array(starts, dtype=np.int64), len(names))
    weights = _adam(data, l2, steps, rate)
    return Ranker(version, MappingProxyType(dict(zip(names, weights.tolist(), strict=True))),
                  trained_on)


@dataclass(frozen=True)
class _Data:
    feats: npt.NDArray[np.int64]
    """The feature index of each (candidate, feature) entry."""
    owner: npt.NDArray[np.int64]
    """The candidate of each entry."""
    right: FloatArray
    """1 for a right candidate, else 0."""
    starts: npt.NDArray[np.int64]
    """The first candidate of each group (groups are contiguous)."""
    n_features: int

    @property
    def group_of(self) -> npt.NDArray[np.int64]:
        sizes = np.diff(np.append(self.starts, len(self.right)))
        return np.repeat(np.arange(len(self.starts)), sizes)


def loss_and_gradient(w: FloatArray, data: _Data, l2: float) -> tuple[float, FloatArray]:
    """The negative log-likelihood of the right candidates plus the L2 penalty, and its
    gradient with respect to the weights."""
    n = len(data.right)
    scores = np.bincount(data.owner, weights=w[data.feats], minlength=n)
    group = data.group_of
    top = np.maximum.reduceat(scores, data.starts)
    e = np.exp(scores - top[group])
    total = np.add.reduceat(e, data.starts)
    good = np.add.reduceat(e * data.right, data.starts)
    nll = float(np.sum(np.log(total) - np.log(good)))
    p = e / total[group]
    q = e * data.right / good[group]
    grad = np.bincount(data.feats, weights=(p - q)[data.owner], minlength=data.n_features)
    return nll + 0.5 * l2 * float(w @ w), grad + l2 * w


def _adam(data: _Data, l2: float, steps: int, rate: float) -> FloatArray:
    w = np.zeros(data.n_features)
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for t in range(1, steps + 1):
        _, grad = loss_and_gradient(w, data, l2)
        m = beta1 * m + (1 - beta1) * grad
        v = beta2 * v + (1 - beta2) * grad * grad
        w -= rate * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
    return w
