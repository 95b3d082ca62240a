"""The softmax ranker: it learns which features make a candidate right, is deterministic,
and reads back what it saves."""

from __future__ import annotations

import json

import pytest

from sitrep.learn.ranker import Group, Ranker, fit


def _groups() -> list[Group]:
    # The subject is right in every group, wherever it stands among the candidates.
    out = []
    for n in range(12):
        cands = [("rel=dobj", f"word={n}"), ("rel=nsubj", f"word={n + 1}"), ("none",)]
        right = [False, True, False]
        turn = n % 3
        out.append(Group(tuple(cands[turn:] + cands[:turn]), tuple(right[turn:] + right[:turn])))
    return out


def test_the_feature_of_the_right_candidates_gains_the_most_weight() -> None:
    ranker = fit(_groups(), "test.v1", l2=0.1, min_count=1)
    assert ranker.weights["rel=nsubj"] > ranker.weights["rel=dobj"]
    assert ranker.weights["rel=nsubj"] > ranker.weights["none"]
    assert ranker.score(["rel=nsubj", "unknown"]) == ranker.weights["rel=nsubj"]


def test_a_stronger_penalty_keeps_weights_smaller() -> None:
    loose = fit(_groups(), "test.v1", l2=0.1, min_count=1)
    tight = fit(_groups(), "test.v1", l2=10.0, min_count=1)
    assert abs(tight.weights["rel=nsubj"]) < abs(loose.weights["rel=nsubj"])


def test_training_is_deterministic() -> None:
    assert fit(_groups(), "v", min_count=1).weights == fit(_groups(), "v", min_count=1).weights


def test_groups_with_no_right_candidate_and_rare_features_are_left_out() -> None:
    groups = [*_groups(), Group((("rel=nsubj",), ("lonely",)), (False, False))]
    ranker = fit(groups, "v", min_count=2)
    assert "lonely" not in ranker.weights
    assert fit([], "v").weights == {}


def test_weights_read_back_as_saved() -> None:
    ranker = fit(_groups(), "test.v1", min_count=1, trained_on="made-up groups")
    again = Ranker.from_json(json.loads(json.dumps(ranker.to_json())), "here")
    assert again.version == "test.v1" and again.trained_on == "made-up groups"
    for name, weight in ranker.weights.items():
        assert again.weights.get(name, 0.0) == pytest.approx(weight, abs=1e-5)


@pytest.mark.parametrize("bad", [{}, {"version": "v"}, {"version": "v", "weights": {"a": "x"}}])
def test_a_malformed_weight_file_is_named_in_the_error(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"weights\.json"):
        Ranker.from_json(bad, "weights.json")
