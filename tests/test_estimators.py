"""The scikit-learn contract for every signal family (check_estimator assumes numeric input,
so these are the equivalent checks for text transformers)."""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import StandardScaler

from framing.errors import InputError
from framing.signals import FAMILIES

SENTENCES = [
    "Officials said Russia could possibly help North Korea, according to a report.",
    "We have no doubt that the threat is real and escalating.",
    "Trump has argued that the wars are a result of Biden's leadership.",
    "The weather was mild.",
]


@pytest.fixture(params=FAMILIES, ids=lambda f: f.__name__)
def family(request):
    return request.param


def test_init_stores_parameters_verbatim_and_clone_round_trips(family):
    est = family()
    params = est.get_params()
    copy = clone(est)
    assert copy.get_params() == params
    assert copy is not est
    key = next(iter(params))
    est.set_params(**{key: "changed"})
    assert est.get_params()[key] == "changed"


def test_transform_before_fit_raises_not_fitted(family):
    with pytest.raises(NotFittedError):
        family().transform(SENTENCES)


def test_bare_string_is_rejected_like_countvectorizer(family):
    est = family().fit(SENTENCES)
    with pytest.raises(
        ValueError, match="Iterable over raw text documents expected, string object received."
    ):
        est.transform("a single sentence")
    with pytest.raises(ValueError, match="Iterable over raw text documents expected"):
        family().fit("a single sentence")


def test_non_text_items_are_rejected(family):
    est = family().fit(SENTENCES)
    with pytest.raises(ValueError, match="not str"):
        est.transform(["fine", None])


def test_output_shape_names_and_pandas_output(family):
    est = family().fit(SENTENCES)
    X = est.transform(SENTENCES)
    names = est.get_feature_names_out()
    assert X.shape == (len(SENTENCES), len(names))
    assert len(set(names)) == len(names)
    frame = (
        family()
        .set_output(transform="pandas")
        .fit(SENTENCES)
        .transform(pd.Series(SENTENCES, index=[5, 6, 7, 8]))
    )
    assert list(frame.columns) == list(names)
    assert list(frame.index) == [5, 6, 7, 8]
    np.testing.assert_array_equal(frame.to_numpy(), X)


def test_transform_is_deterministic_and_batch_independent(family):
    est = family().fit(SENTENCES)
    whole = est.transform(SENTENCES)
    one_by_one = np.vstack([est.transform([s]) for s in SENTENCES])
    np.testing.assert_array_equal(whole, one_by_one)
    np.testing.assert_array_equal(whole, est.transform(list(reversed(SENTENCES)))[::-1])


def test_works_inside_pipeline_and_feature_union():
    union = FeatureUnion([(f.__name__, f()) for f in FAMILIES])
    pipe = Pipeline([("signals", union), ("scale", StandardScaler())]).set_output(transform="pandas")
    out = pipe.fit_transform(SENTENCES)
    assert out.shape[0] == len(SENTENCES)
    assert all("__" in c for c in out.columns)


def test_sklearn_tags_declare_string_input(family):
    tags = family().__sklearn_tags__()
    assert tags.input_tags.string and not tags.input_tags.two_d_array


def test_invalid_parameters_fail_at_fit_not_init():
    from framing.signals import AlarmSignals, HedgingSignals, PartisanSignals

    HedgingSignals(negation_window=-1)  # __init__ never validates
    with pytest.raises(ValueError, match="negation_window"):
        HedgingSignals(negation_window=-1).fit(SENTENCES)
    with pytest.raises(ValueError, match="negation_window"):
        AlarmSignals(negation_window="3").fit(SENTENCES)
    with pytest.raises(ValueError, match="weights name categories"):
        PartisanSignals(weights={"nonsense": 1.0}).fit(SENTENCES)
    with pytest.raises(InputError, match="neither a packaged lexicon"):
        HedgingSignals(lexicon="no-such-lexicon").fit(SENTENCES)


def test_user_lexicon_replaces_the_packaged_one(tmp_path):
    from framing.signals import AlarmSignals

    path = tmp_path / "mine.tsv"
    path.write_text("term\tcategory\tsource\nweather\tthreat\tmine\n", encoding="utf-8")
    est = AlarmSignals(lexicon=str(path)).fit(SENTENCES)
    assert list(est.get_feature_names_out()) == ["alarm_threat", "alarm_total", "alarm_score"]
    assert est.transform(SENTENCES)[:, 0].tolist() == [0, 0, 0, 1]
