"""What a trained classifier learned and where it fails, as tidy tables.

These functions read what :func:`framing.models.train` returns (the refitted
pipeline, the out-of-fold predictions, the report):

- :func:`cv_table` and :func:`scores_table`: model selection and the chosen
  model's out-of-fold scores with their bootstrap intervals, one row per number;
- :func:`class_weights` and :func:`top_features`: the features that push a
  sentence towards each class, with the block they come from (our signals, word
  n-grams, character n-grams, target features);
- :func:`error_table` and :func:`cue_shares`: the misclassified sentences with
  the cues :func:`framing.analyze` found in them, and which cues are more common
  among the mistakes;
- :func:`compare_feature_sets` and :func:`paired_difference`: signals only,
  n-grams only and both, scored on the same grouped folds, so what the signals
  add is measured with an interval.

The figures drawn from these tables live in :mod:`framing.figures.classifier`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from framing.analyze import analyze
from framing.models.data import check_classes
from framing.models.metrics import classification_report_ci, encode, scores
from framing.models.pipeline import build_pipeline
from framing.models.selection import _fold_f1, _take, splits

#: Feature blocks of the pipelines of :mod:`framing.models.pipeline`, by name prefix, with a reader's label.
BLOCKS = {
    "signals": "signal",
    "words": "word n-gram",
    "chars": "char n-gram",
    "target_words": "target × word",
    "target_mention": "target mention",
    "lsa": "latent semantic space",
    "pair_words": "paired-text word n-gram",
    "pair_similarity": "pair similarity",
}
#: The three feature sets :func:`compare_feature_sets` scores.
FEATURE_SETS = ("signals only", "n-grams only", "both")
BASELINE = "majority baseline"


def cv_table(result) -> pd.DataFrame:
    """One row per candidate of :func:`framing.models.train` plus the majority baseline.

    Columns: ``candidate``, ``macro_f1_mean`` and ``macro_f1_sd`` over the
    folds, ``folds``, ``chosen`` (the candidate refitted on all rows). Rows keep
    the order candidates were tried in; the baseline comes last.
    """
    cv = result.report["cv"]
    rows = [
        {
            "candidate": name,
            "macro_f1_mean": scores["macro_f1_mean"],
            "macro_f1_sd": scores["macro_f1_sd"],
            "folds": len(scores["fold_macro_f1"]),
            "chosen": name == cv["chosen"],
        }
        for name, scores in result.cv.items()
    ]
    base = cv["baseline_majority"]
    rows.append(
        {
            "candidate": BASELINE,
            "macro_f1_mean": base["macro_f1_mean"],
            "macro_f1_sd": base["macro_f1_sd"],
            "folds": len(base["fold_macro_f1"]),
            "chosen": False,
        }
    )
    return pd.DataFrame(rows)


def scores_table(report: Mapping) -> pd.DataFrame:
    """A :func:`framing.models.classification_report_ci` report as one row per class and metric.

    Columns: ``label`` (a class, or ``(all)`` for accuracy and macro-F1),
    ``metric``, ``value``, ``ci_low``, ``ci_high`` and ``support`` (sentences of
    that class). Pass ``result.report["out_of_fold"]`` for the chosen model.
    """
    rows = []
    for metric in ("macro_f1", "accuracy"):
        rows.append({"label": "(all)", "metric": metric, **report[metric], "support": report["n"]})
    for label in report["labels"]:
        scores = report["per_class"][label]
        for metric in ("precision", "recall", "f1"):
            rows.append({"label": label, "metric": metric, **scores[metric], "support": scores["support"]})
    return pd.DataFrame(rows, columns=["label", "metric", "value", "ci_low", "ci_high", "support"])


def feature_table(pipeline) -> pd.DataFrame:
    """Every input feature of a :func:`framing.models.build_pipeline` pipeline with its block.

    Columns: ``name`` (scikit-learn's full feature name), ``block`` (a value of
    :data:`BLOCKS`) and ``feature`` (the signal, n-gram or target word, without
    prefixes). Character n-grams keep their spaces (``char_wb`` pads words with one).
    """
    names = [str(n) for n in pipeline[:-1].get_feature_names_out()]
    rows = []
    for name in names:
        rest = name.removeprefix("text__")  # target-aware and pair pipelines
        prefix, _, feature = rest.partition("__")
        if prefix not in BLOCKS:
            raise ValueError(f"feature {name!r} belongs to no known block ({', '.join(BLOCKS)})")
        if prefix == "signals":
            feature = feature.partition("__")[2]  # drop the family: hedging__hedging_modal -> hedging_modal
        rows.append({"name": name, "block": BLOCKS[prefix], "feature": feature})
    return pd.DataFrame(rows, columns=["name", "block", "feature"])


def class_weights(pipeline) -> tuple[list[str], np.ndarray]:
    """The classes and a ``(classes, features)`` matrix of centred weights of the pipeline's linear model.

    Every model of :mod:`framing.models.pipeline` scores a sentence as a linear
    function of its features per class: logistic regression and SGD by their
    coefficients, the linear SVM by its coefficients (averaged over its
    calibration folds), complement naive Bayes by its per-class feature log
    weights. Adding the same number to every class's weight of a feature does
    not change any prediction, so each feature's weights are centred (minus
    their mean over the classes): a positive weight pushes a sentence towards
    that class, relative to the others. A binary model's single coefficient
    ``w`` becomes ``-w/2`` and ``+w/2``.
    """
    model = pipeline[-1]
    model = getattr(
        model, "estimator_", model
    )  # a tuned decision (WeightedDecisionClassifier) wraps the model
    classes = [str(c) for c in model.classes_]
    if hasattr(model, "feature_log_prob_"):
        weights = np.asarray(model.feature_log_prob_, dtype=float)
    elif hasattr(model, "calibrated_classifiers_"):
        weights = np.mean(
            [np.asarray(c.estimator.coef_, dtype=float) for c in model.calibrated_classifiers_], axis=0
        )
    elif hasattr(model, "coef_"):
        weights = np.asarray(model.coef_, dtype=float)
    else:
        raise TypeError(f"{type(model).__name__} has no per-feature weights to inspect")
    if weights.shape[0] == 1 and len(classes) == 2:
        weights = np.vstack([-weights[0], weights[0]]) / 2  # as centring two classes' rows would
    return classes, weights - weights.mean(axis=0, keepdims=True)


def top_features(pipeline, labels: Sequence[str] | None = None, k: int = 10) -> pd.DataFrame:
    """The ``k`` features with the largest positive weight for each class, strongest first.

    ``labels`` picks and orders the classes (default: all, in the model's
    order). Returns columns ``label``, ``rank`` (1 = strongest), ``block``,
    ``feature`` and ``weight`` (see :func:`class_weights`); fewer than ``k``
    rows for a class when fewer features have a positive weight. Ties are
    broken by block then feature so the table never depends on feature order.

    Weights are per unit of each feature as the model sees it: signals are
    scaled to at most 1, while an n-gram's TF-IDF value in a sentence is
    usually well below 1, so rank features within a block with more
    confidence than across blocks.
    """
    if not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be a positive integer, not {k!r}")
    classes, weights = class_weights(pipeline)
    labels = classes if labels is None else [str(label) for label in labels]
    unknown = [label for label in labels if label not in classes]
    if unknown:
        raise ValueError(f"label(s) {unknown} not among the model's classes {classes}")
    features = feature_table(pipeline)
    if len(features) != weights.shape[1]:
        raise ValueError(f"{len(features)} feature names for {weights.shape[1]} weights")
    frames = []
    for label in labels:
        table = features.assign(weight=weights[classes.index(label)])
        table = table[table["weight"] > 0]
        order = np.lexsort(
            (table["feature"].to_numpy(), table["block"].to_numpy(), -table["weight"].to_numpy())
        )
        table = table.iloc[order[:k]]
        frames.append(
            pd.DataFrame(
                {
                    "label": label,
                    "rank": np.arange(1, len(table) + 1),
                    "block": table["block"].to_numpy(),
                    "feature": table["feature"].to_numpy(),
                    "weight": table["weight"].to_numpy(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def cue_table(texts: Sequence[str]) -> pd.DataFrame:
    """Every cue :func:`framing.analyze` finds in each text: one row per cue.

    Each text is analysed as its own document (so a sentence the segmenter
    splits still gets all its cues). Columns: ``row`` (the text's position,
    from 0), ``family``, ``category``, ``text`` (the matched words) and
    ``negated``; rows in text order, then by position in the text.
    """

    columns = ["row", "family", "category", "text", "negated"]
    texts = [str(t) for t in texts]
    if not texts:
        return pd.DataFrame(columns=columns)
    table = analyze(texts)
    rows = []
    for article, cues in zip(table["article_id"], table["cues"], strict=True):
        for cue in json.loads(cues) if cues else []:
            rows.append([int(article), cue["family"], cue["category"], cue["text"], bool(cue["negated"])])
    return pd.DataFrame(rows, columns=columns)


def sentence_cues(texts: Sequence[str]) -> list[str]:
    """For each text, its cues (:func:`cue_table`) as ``family/category: matched text; …`` ("" if none)."""
    found: list[list[str]] = [[] for _ in texts]
    for cue in cue_table(texts).itertuples(index=False):
        found[cue.row].append(
            f"{cue.family}/{cue.category}: {cue.text}" + (" (negated)" if cue.negated else "")
        )
    return ["; ".join(c) for c in found]


def cue_shares(texts: Sequence[str], misclassified) -> pd.DataFrame:
    """How often each cue category fires in misclassified sentences and in correctly classified ones.

    ``misclassified`` is a boolean per text. One row per ``family`` and
    ``category`` that fired at least once, with the share of misclassified
    and of correct sentences holding it (``share_misclassified``,
    ``share_correct``) and their difference; most over-represented in the
    mistakes first. A cue much more common among the mistakes marks sentences
    the model finds hard.
    """
    wrong = np.asarray(misclassified, dtype=bool)
    if len(wrong) != len(texts):
        raise ValueError(f"{len(wrong)} flags for {len(texts)} texts")
    cues = cue_table(texts).drop_duplicates(["row", "family", "category"])
    columns = ["family", "category", "share_misclassified", "share_correct", "difference"]
    if cues.empty:
        return pd.DataFrame(columns=columns)
    cues["misclassified"] = wrong[cues["row"].to_numpy()]
    counts = (
        cues.groupby(["family", "category"])["misclassified"].agg(wrong="sum", total="size").reset_index()
    )
    n_wrong, n_right = int(wrong.sum()), int((~wrong).sum())
    counts["share_misclassified"] = counts["wrong"] / n_wrong if n_wrong else 0.0
    counts["share_correct"] = (counts["total"] - counts["wrong"]) / n_right if n_right else 0.0
    counts["difference"] = counts["share_misclassified"] - counts["share_correct"]
    counts = counts.sort_values(
        ["difference", "family", "category"], ascending=[False, True, True], kind="mergesort"
    )
    return counts[columns].reset_index(drop=True)


def error_table(data, predicted, proba, *, cues: bool = True) -> pd.DataFrame:
    """The sentences whose out-of-fold prediction is wrong, the most confident mistakes first.

    ``data`` is the :class:`framing.models.LabelledData` the model was trained
    on; ``predicted``/``proba`` its out-of-fold predictions and probabilities
    (``TrainResult.oof_pred`` and ``oof_proba``, columns in ``data.labels``
    order; rows without a prediction are skipped). Columns: ``row`` (data row counted from 1 after the header, as in
    the loader's messages), ``group`` (if any), ``text``, ``true``,
    ``predicted``, ``p_predicted``, ``p_true`` and, with ``cues``, the cues
    that fired (:func:`sentence_cues`).
    """
    predicted = np.asarray(predicted, dtype=object)
    proba = np.asarray(proba, dtype=float)
    index = {label: i for i, label in enumerate(data.labels)}
    # rows without a prediction (pairs that no pair fold tested) are not mistakes
    predicted_rows = np.array([label is not None for label in predicted], dtype=bool)
    wrong = np.flatnonzero((predicted != data.y) & predicted_rows)
    table = pd.DataFrame(
        {
            "row": wrong + 1,
            "group": [data.groups[i] for i in wrong] if data.groups is not None else "",
            "text": [data.texts[i] for i in wrong],
            "true": data.y[wrong],
            "predicted": predicted[wrong],
            "p_predicted": [proba[i, index[predicted[i]]] for i in wrong],
            "p_true": [proba[i, index[data.y[i]]] for i in wrong],
        }
    )
    if data.groups is None:
        table = table.drop(columns="group")
    if cues:
        table["cues"] = sentence_cues(table["text"].tolist()) if len(table) else []
    order = np.lexsort((table["row"].to_numpy(), -table["p_predicted"].to_numpy()))
    return table.iloc[order].reset_index(drop=True)


def take_groups(frame: pd.DataFrame, max_rows: int, *, group_col: str = "group", random_state: int = 0):
    """At most ``max_rows`` rows of ``frame``, made of whole groups drawn in a seeded random order.

    Groups are visited in a random order (seeded) and kept while the total
    stays within ``max_rows``, so no article is cut in half; rows keep their
    original order. A frame within the limit is returned whole.
    """
    if not isinstance(max_rows, int) or max_rows < 1:
        raise ValueError(f"max_rows must be a positive integer, not {max_rows!r}")
    if len(frame) <= max_rows:
        return frame
    sizes = frame[group_col].value_counts().sort_index()
    order = np.random.default_rng(random_state).permutation(len(sizes))
    kept, total = [], 0
    for i in order:
        if total + sizes.iloc[i] <= max_rows:
            kept.append(sizes.index[i])
            total += int(sizes.iloc[i])
    return frame[frame[group_col].isin(kept)]


def feature_set_pipeline(feature_set: str, model: str = "logreg", *, random_state: int = 0):
    """:func:`framing.models.build_pipeline` on ``signals only``, ``n-grams only`` or ``both``."""
    if feature_set not in FEATURE_SETS:
        raise ValueError(f"unknown feature set {feature_set!r}; choose from {', '.join(FEATURE_SETS)}")
    return build_pipeline(
        model,
        use_signals=feature_set != "n-grams only",
        use_ngrams=feature_set != "signals only",
        random_state=random_state,
    )


def compare_feature_sets(
    data,
    *,
    folds: int = 5,
    model: str = "logreg",
    feature_sets: Sequence[str] = FEATURE_SETS,
    random_state: int = 0,
    n_boot: int = 1000,
) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """Score each feature set with ``model`` on the same seeded (grouped, stratified) folds as ``train``.

    Returns a table with one row per feature set (``feature_set``,
    ``macro_f1_mean`` and ``macro_f1_sd`` over the folds, then the out-of-fold
    ``macro_f1`` with its bootstrap interval ``ci_low``/``ci_high``, resampling
    groups when ``data`` has them, and the out-of-fold F1 of each class as
    ``f1_<label>``) and the out-of-fold predictions per feature set, for
    :func:`paired_difference`.
    """

    if data.targets is not None:
        raise ValueError("compare_feature_sets takes text-only data (no stance target)")
    check_classes(data.y, data.groups, data.path, data.label_col, folds)
    folds_idx = splits(data, folds, random_state)
    rows, predictions = [], {}
    for feature_set in feature_sets:
        oof = np.empty(len(data), dtype=object)
        fold_scores = []
        for train_idx, test_idx in folds_idx:
            pipeline = feature_set_pipeline(feature_set, model, random_state=random_state)
            pipeline.fit(_take(data.texts, train_idx), data.y[train_idx])
            oof[test_idx] = pipeline.predict(_take(data.texts, test_idx))
            fold_scores.append(_fold_f1(data.y[test_idx], oof[test_idx]))
        report = classification_report_ci(
            data.y, oof, data.labels, groups=data.groups, n_boot=n_boot, random_state=random_state
        )
        rows.append(
            {
                "feature_set": feature_set,
                "macro_f1_mean": float(np.mean(fold_scores)),
                "macro_f1_sd": float(np.std(fold_scores, ddof=1)),
                "macro_f1": report["macro_f1"]["value"],
                "ci_low": report["macro_f1"]["ci_low"],
                "ci_high": report["macro_f1"]["ci_high"],
                **{f"f1_{label}": report["per_class"][label]["f1"]["value"] for label in data.labels},
            }
        )
        predictions[feature_set] = oof
    return pd.DataFrame(rows), predictions


def paired_difference(
    y_true,
    pred_a,
    pred_b,
    labels: Sequence[str],
    *,
    groups=None,
    metric: str = "macro_f1",
    n_boot: int = 1000,
    confidence: float = 0.95,
    random_state: int = 0,
) -> dict[str, float]:
    """``metric`` of ``pred_a`` minus that of ``pred_b`` with a paired percentile bootstrap interval.

    Both predictions are scored on the same resamples (of sentences, or of
    whole ``groups``), so the interval is for the difference itself, much
    narrower than comparing two separate intervals. ``metric`` is
    ``macro_f1``, ``accuracy``, or ``f1:<label>`` for one class.
    """

    labels = [str(label) for label in labels]
    k = len(labels)
    true = encode(y_true, labels, "y_true")
    cells = [true * k + encode(p, labels, "predictions") for p in (pred_a, pred_b)]
    if metric.startswith("f1:"):
        column = labels.index(metric[3:])

        def pick(s):
            return s["f1"][..., column]
    elif metric in ("macro_f1", "accuracy"):

        def pick(s):
            return s[metric]
    else:
        raise ValueError(f"metric must be macro_f1, accuracy or f1:<label>, not {metric!r}")
    unit = (
        np.arange(len(true))
        if groups is None
        else np.unique(np.asarray(groups, dtype=object), return_inverse=True)[1]
    )
    n_units = int(unit.max()) + 1
    rng = np.random.default_rng(random_state)
    draws = rng.multinomial(n_units, np.full(n_units, 1.0 / n_units), size=n_boot).astype(float)
    values, samples = [], []
    for c in cells:
        per_unit = np.bincount(unit * k * k + c, minlength=n_units * k * k).reshape(n_units, k * k)
        values.append(float(pick(scores(per_unit.sum(axis=0).reshape(k, k)))))
        samples.append(pick(scores((draws @ per_unit).reshape(n_boot, k, k))))
    alpha = 1 - confidence
    low, high = np.percentile(samples[0] - samples[1], [100 * alpha / 2, 100 * (1 - alpha / 2)])
    return {"value": values[0] - values[1], "ci_low": float(low), "ci_high": float(high)}
