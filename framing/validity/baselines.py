"""The baselines a signal must beat besides length: VADER's sentiment and a plain n-gram model.

A lexicon score earns its name only if it ranks its construct better than what a
researcher would reach for first. Length is one such baseline
(`framing.validity.length`); these are the other two:

- **VADER** (Hutto & Gilbert 2014, the ``vaderSentiment`` package), the sentiment
  lexicon most used on news text. ``vader_negative`` is VADER's ``neg``, the share
  of the sentence's words that carry negative sentiment; ``vader_sentiment`` is
  ``1 - neu``, the share carrying any sentiment. Both are reported on every task.
  Each construct has one designated form (`VADER_FORM`), fixed by what the
  construct is before any score was seen, so a comparison cannot pick the weaker
  of the two: alarm (fear, threat, escalation) is negative affect; loaded,
  biased and partisan wording, and hedging, are compared with evaluative wording
  of either sign.
- **n-grams** (``ngram_lr``): TF-IDF of word 1- and 2-grams into a logistic
  regression, with fixed settings and no tuning. It is supervised. On ``test``
  and ``dev`` it is fitted on the task's train split; on ``train`` and ``all``
  each row is scored out of fold, with whole groups held out together. A lexicon
  that matches it ranks the labels as well as training a classifier would; one
  far below it leaves room that a supervised model takes.

VADER is optional (the ``bench`` extra). Without it the VADER rows are left out
and the table says so in ``attrs["skipped_baselines"]``, not silently.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.validity.length import auc_difference, cross_fitted
from framing.validity.metrics import _units

#: Baseline signals and the form each is reported under.
VADER_SIGNALS = ("vader_sentiment", "vader_negative")
NGRAM_SIGNAL = "ngram_lr"
VADER_FORM_NAME, NGRAM_FORM_NAME = "sentiment", "supervised"
#: The VADER form each construct is compared with (see the module docstring for why).
VADER_FORM = {
    "hedging": "vader_sentiment",
    "alarm": "vader_negative",
    "partisan": "vader_sentiment",
    "bias": "vader_sentiment",
}
#: Folds of the out-of-fold n-gram scores (fewer when a class has fewer groups).
N_FOLDS = 5

COLUMNS = (
    "auc_minus_vader",
    "auc_minus_vader_low",
    "auc_minus_vader_high",
    "gain_over_vader",
    "gain_over_vader_low",
    "gain_over_vader_high",
    "auc_minus_ngram",
    "auc_minus_ngram_low",
    "auc_minus_ngram_high",
)


def vader_scores(texts: Sequence[str]) -> dict[str, np.ndarray] | None:
    """``vader_sentiment`` (1 - neu) and ``vader_negative`` (neg) of each text; None without vaderSentiment."""
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        return None
    analyzer = SentimentIntensityAnalyzer()
    scores = [analyzer.polarity_scores(text) for text in texts]
    return {
        "vader_sentiment": np.fromiter((1.0 - s["neu"] for s in scores), dtype=float, count=len(scores)),
        "vader_negative": np.fromiter((s["neg"] for s in scores), dtype=float, count=len(scores)),
    }


def _ngram_model(random_state: int):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
        LogisticRegression(C=1.0, max_iter=2000, random_state=random_state),
    )


def _fit(texts: list[str], y: np.ndarray, random_state: int):
    """The fitted n-gram model, or None when no word occurs twice in ``texts`` (a handful of sentences)."""
    try:
        return _ngram_model(random_state).fit(texts, y)
    except ValueError as error:  # sklearn's words for a vocabulary left empty
        if "no terms remain" in str(error) or "empty vocabulary" in str(error):
            return None
        raise


def ngram_scores(
    texts: Sequence[str],
    y,
    groups=None,
    *,
    train_texts: Sequence[str] | None = None,
    train_y=None,
    random_state: int = 0,
) -> np.ndarray:
    """The n-gram model's probability of the positive class for each text.

    With ``train_texts`` and ``train_y`` the model is fitted on them once and scores
    ``texts``; without, ``texts`` are scored out of fold (stratified, whole ``groups``
    held out together, seeded). NaN everywhere when a training set holds one class or no word twice.
    """
    from sklearn.model_selection import StratifiedGroupKFold

    y = np.asarray(y).astype(bool)
    out = np.full(len(texts), np.nan)
    if train_texts is not None:
        train_y = np.asarray(train_y).astype(bool)
        model = (
            _fit(list(train_texts), train_y, random_state) if train_y.any() and not train_y.all() else None
        )
        if model is not None and len(texts):
            out[:] = model.predict_proba(list(texts))[:, 1]
        return out
    unit, _ = _units(groups, len(y))
    n_splits = min(N_FOLDS, len(np.unique(unit[y])), len(np.unique(unit[~y])))
    if n_splits < 2:
        return out
    folds = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
    texts = list(texts)
    for train, test in folds.split(texts, y, groups=unit):
        if y[train].all() or not y[train].any():
            return np.full(len(texts), np.nan)
        model = _fit([texts[i] for i in train], y[train], random_state)
        if model is None:
            return np.full(len(texts), np.nan)
        out[test] = model.predict_proba([texts[i] for i in test])[:, 1]
    return out


def baseline_comparison(
    y,
    score,
    baselines: dict[str, np.ndarray],
    construct: str,
    n_tokens,
    groups=None,
    *,
    n_boot: int,
    random_state,
    fold_seed: int = 0,
) -> dict[str, float]:
    """The `COLUMNS` for one signal: its AUC minus the designated VADER form's and minus the n-gram model's,
    and ``gain_over_vader``, the out-of-fold AUC gain of adding the signal to a logistic model on log length
    and that VADER form (folds as ``gain_over_length``'s: `framing.validity.length.cross_fitted`). A signal
    can rank below VADER and still add to it: then it measures something VADER does not."""
    out = dict.fromkeys(COLUMNS, float("nan"))
    vader = VADER_FORM.get(construct)
    for prefix, name in (("auc_minus_vader", vader), ("auc_minus_ngram", NGRAM_SIGNAL)):
        if name in baselines:
            values = auc_difference(
                y, score, baselines[name], groups, n_boot=n_boot, random_state=random_state
            )
            out[prefix], out[f"{prefix}_low"], out[f"{prefix}_high"] = values
    if vader in baselines:
        y = np.asarray(y).astype(bool)
        unit, _ = _units(groups, len(y))
        predictions = cross_fitted(
            y,
            np.asarray(n_tokens, dtype=float),
            np.asarray(score, dtype=float),
            unit,
            random_state=fold_seed,
            extra=baselines[vader],
        )
        if predictions is not None:
            values = auc_difference(y, *predictions, groups, n_boot=n_boot, random_state=random_state)
            out["gain_over_vader"], out["gain_over_vader_low"], out["gain_over_vader_high"] = values
    return out


def baseline_flag(versus: dict[str, float]) -> str:
    """Which comparisons with the two baselines a signal fails ("" when it passes all, or none is defined).

    Passing means a paired interval above 0: an AUC above VADER's, a gain over a length + VADER
    model, an AUC above the n-gram model's.
    """
    flags = []
    if np.isfinite(versus["auc_minus_vader"]) and not versus["auc_minus_vader_low"] > 0:
        flags.append("AUC not above VADER's")
    if np.isfinite(versus["gain_over_vader"]) and not versus["gain_over_vader_low"] > 0:
        flags.append("adds nothing to length + VADER")
    if np.isfinite(versus["auc_minus_ngram"]) and not versus["auc_minus_ngram_low"] > 0:
        flags.append("AUC not above the n-gram model's")
    return "; ".join(flags)


def task_baselines(
    frame: pd.DataFrame,
    texts: Sequence[str],
    vader: dict[str, np.ndarray] | None,
    positive_label: str,
    training: pd.DataFrame | None,
    random_state: int = 0,
) -> dict[str, np.ndarray]:
    """Baseline signal -> score of each row of one task's ``frame`` (rows index ``texts`` by ``row``).

    ``training`` holds the task's train rows when the scored split is not train itself. The
    n-gram model is left out when it cannot be fitted (a training set, or every fold, of one class).
    """
    rows = frame["row"].to_numpy()
    out = {name: values[rows] for name, values in vader.items()} if vader is not None else {}
    y = (frame["label"] == positive_label).to_numpy()
    mine = [texts[i] for i in rows]
    if training is not None:
        ngrams = ngram_scores(
            mine,
            y,
            train_texts=training["text"].tolist(),
            train_y=(training["label"] == positive_label).to_numpy(),
            random_state=random_state,
        )
    else:
        ngrams = ngram_scores(mine, y, frame["group"].to_numpy(dtype=object), random_state=random_state)
    if np.isfinite(ngrams).all():  # not when a training set holds one class: no row rather than a NaN one
        out[NGRAM_SIGNAL] = ngrams
    return out
