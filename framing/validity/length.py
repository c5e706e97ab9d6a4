"""Does a signal measure more than length? Three comparisons with a token-count baseline.

A cue count grows with the words a sentence has, and in several labelled sets
the positives are longer (a propaganda paragraph has more room for a
technique), so length alone ranks the labels above chance. For each signal
`length_comparison` reports, all with paired cluster-bootstrap intervals
(the same resamples of whole groups as the signal's own AUC):

- ``auc_minus_length``: the signal's ROC-AUC minus the ROC-AUC of the token
  count (longer = more positive). Above 0: it ranks better than length alone.
- ``gain_over_length``: ROC-AUC of a logistic regression on log length and
  the signal minus that of log length alone, both **out of fold** (group-wise
  stratified K-fold, seeded; every row is scored by a model that never saw its
  group). Above 0: the signal carries information length does not. The
  intervals resample the out-of-fold predictions (the models are not refitted
  per replicate), so they describe the evaluation sample, not refitting noise.
- ``stratified_roc_auc``: the ROC-AUC among pairs of sentences in the same
  length quintile (a positive is compared only with negatives of about its
  length), i.e. the pair-weighted mean of the within-quintile AUCs. 0.5 means
  the signal ranks nothing once length is held about fixed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from framing.validity.metrics import _interval, _metrics_from_counts, _replicates, _units

#: Length strata for ``stratified_roc_auc``: quintiles of the token count.
N_STRATA = 5
#: Folds of the cross-fitted logistic models (fewer when a task has fewer groups per class).
N_FOLDS = 5

COLUMNS = (
    "auc_minus_length",
    "auc_minus_length_low",
    "auc_minus_length_high",
    "gain_over_length",
    "gain_over_length_low",
    "gain_over_length_high",
    "stratified_roc_auc",
    "stratified_roc_auc_low",
    "stratified_roc_auc_high",
)


def length_comparison(
    y,
    score,
    n_tokens,
    groups=None,
    *,
    n_boot: int = 1000,
    random_state: int | Sequence[int] = 0,
    fold_seed: int = 0,
) -> dict[str, float]:
    """The `COLUMNS` for one signal: its AUC against length, its gain over length, its within-length AUC.

    ``random_state`` seeds the bootstrap (use the same seed as the signal's
    `binary_metrics` so the resamples are shared); ``fold_seed`` the folds.
    """
    y = np.asarray(y).astype(bool)
    score = np.asarray(score, dtype=float)
    n_tokens = np.asarray(n_tokens, dtype=float)
    unit, _ = _units(groups, len(y))
    out = dict.fromkeys(COLUMNS, float("nan"))
    if y.all() or not y.any():
        return out

    def paired(a: np.ndarray, b: np.ndarray, prefix: str) -> None:
        values = auc_difference(y, a, b, groups, n_boot=n_boot, random_state=random_state)
        out[prefix], out[f"{prefix}_low"], out[f"{prefix}_high"] = values

    paired(score, n_tokens, "auc_minus_length")
    predictions = cross_fitted(y, n_tokens, score, unit, random_state=fold_seed)
    if predictions is not None:
        paired(*predictions, "gain_over_length")
    out.update(stratified_roc_auc(y, score, n_tokens, groups, n_boot=n_boot, random_state=random_state))
    return out


def auc_difference(
    y, score, baseline, groups=None, *, n_boot: int = 1000, random_state: int | Sequence[int] = 0
) -> tuple[float, float, float]:
    """ROC-AUC of ``score`` minus that of ``baseline`` on the same rows, and its paired 95 % interval.

    Both are resampled with the same draws of whole groups (use the seed of the signal's
    own `binary_metrics`), so the interval is of the difference, not of two AUCs.
    """
    y = np.asarray(y).astype(bool)
    score, baseline = np.asarray(score, dtype=float), np.asarray(baseline, dtype=float)
    if y.all() or not y.any() or not np.isfinite(baseline).all():
        return float("nan"), float("nan"), float("nan")
    unit, n_units = _units(groups, len(y))
    point = _auc(y, score) - _auc(y, baseline)
    boots = None
    if n_boot:
        boots = (
            _replicates(y, score, unit, n_units, n_boot, random_state)["roc_auc"]
            - _replicates(y, baseline, unit, n_units, n_boot, random_state)["roc_auc"]
        )
    return (point, *_interval(point, boots))


def stratified_roc_auc(
    y, score, n_tokens, groups=None, *, n_boot: int = 1000, random_state: int | Sequence[int] = 0
) -> dict[str, float]:
    """``stratified_roc_auc`` and its interval: the AUC among pairs in the same length quintile."""
    y = np.asarray(y).astype(bool)
    score = np.asarray(score, dtype=float)
    unit, n_units = _units(groups, len(y))
    strata = length_strata(n_tokens)
    point, boots = _stratified_auc(y, score, strata, unit, n_units, n_boot, random_state)
    low, high = _interval(point, boots)
    return {"stratified_roc_auc": point, "stratified_roc_auc_low": low, "stratified_roc_auc_high": high}


def _auc(y: np.ndarray, score: np.ndarray) -> float:
    values, code = np.unique(score, return_inverse=True)
    counts = (np.bincount(code[y], minlength=len(values)), np.bincount(code[~y], minlength=len(values)))
    return float(_metrics_from_counts(*counts, values)["roc_auc"])


def length_strata(n_tokens, k: int = N_STRATA) -> np.ndarray:
    """Stratum (0 .. k-1) of each row by quantiles of its token count; tied lengths share a stratum."""
    n_tokens = np.asarray(n_tokens, dtype=float)
    if not len(n_tokens):
        return np.zeros(0, dtype=np.int64)
    edges = np.unique(np.quantile(n_tokens, np.linspace(0, 1, k + 1)[1:-1]))
    return np.searchsorted(edges, n_tokens, side="left").astype(np.int64)


def _stratified_auc(y, score, strata, unit, n_units, n_boot, random_state) -> tuple[float, np.ndarray | None]:
    """Pair-weighted mean of the within-stratum AUCs, and its replicates (paired draws of units)."""
    num = den = 0.0
    rep_num = np.zeros(n_boot)
    rep_den = np.zeros(n_boot)
    for s in np.unique(strata).tolist():
        m = strata == s
        ys = y[m]
        if ys.all() or not ys.any():
            continue
        pairs = float(ys.sum()) * float((~ys).sum())
        num += _auc(ys, score[m]) * pairs
        den += pairs
        if n_boot:
            reps = _replicates(ys, score[m], unit[m], n_units, n_boot, random_state)
            rep_pairs = reps["n_pos"] * reps["n_neg"]
            rep_num += np.where(rep_pairs > 0, np.nan_to_num(reps["roc_auc"]) * rep_pairs, 0.0)
            rep_den += rep_pairs
    if not den:
        return float("nan"), None
    boots = None
    if n_boot:
        with np.errstate(invalid="ignore", divide="ignore"):
            boots = np.where(rep_den > 0, rep_num / rep_den, np.nan)
    return num / den, boots


def cross_fitted(
    y: np.ndarray,
    n_tokens: np.ndarray,
    score: np.ndarray,
    unit: np.ndarray,
    *,
    random_state: int = 0,
    extra: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray] | None:
    """Out-of-fold probabilities of (log length + signal) and of (log length) alone, on the same folds.

    ``extra`` (one value per row) joins both models: (log length + extra + signal) against
    (log length + extra), which asks whether the signal adds to another baseline (VADER).
    Folds keep whole groups (``unit``) together and stratify by label. None when
    there are too few groups of each class for two folds.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    n_splits = min(N_FOLDS, len(np.unique(unit[y])), len(np.unique(unit[~y])))
    if n_splits < 2:
        return None
    base = np.log1p(n_tokens)[:, None]  # log length, and the other baseline's column if given
    if extra is not None:
        base = np.column_stack([base[:, 0], extra])
    both = np.column_stack([base, score])
    augmented, alone = np.empty(len(y)), np.empty(len(y))
    if len(np.unique(unit)) == len(unit):  # one row per group: the plain (much faster) stratified folds
        splits = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=random_state).split(both, y)
    else:
        folds = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
        splits = folds.split(both, y, groups=unit)
    for train, test in splits:
        if y[train].all() or not y[train].any():
            return None
        for X, out in ((both, augmented), (base, alone)):
            model = make_pipeline(StandardScaler(), LogisticRegression(solver="newton-cholesky"))
            out[test] = model.fit(X[train], y[train]).predict_proba(X[test])[:, 1]
    return augmented, alone
