"""Inter-annotator agreement: Krippendorff's alpha, Cohen's and Fleiss' kappa, percent and per-category agreement.

Our own implementation (the common Python package is GPL), written from
Krippendorff's "Computing Krippendorff's Alpha-Reliability" (2011): every
statistic is computed from one items x categories count matrix, so missing
ratings are simply absent counts and a bootstrap over items is a reweighting
of rows. Units with fewer than two ratings are not pairable and are left out,
as the paper prescribes.

- :func:`agreement` takes a long table (one row per item, annotator and label)
  and returns an :class:`Agreement` with bootstrap 95% intervals resampling items.
- :func:`tool_agreement` puts a tool (a thresholded signal or a model's
  predictions) beside the annotators in the same terms, so a paper can say
  whether the tool agrees with coders as well as coders agree with each other.
- :func:`krippendorff_alpha` takes the coders x units reliability matrix of the
  paper (``NaN`` for a missing value) for quick checks.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd

from framing.errors import InputError

LEVELS = ("nominal", "ordinal", "interval", "ratio")
TOOL = "tool"


# ---------------------------------------------------------------- the ratings


@dataclass(frozen=True)
class Ratings:
    """Who gave which label to which item, as category codes (``-1`` = not rated).

    ``categories`` are sorted (numerically for ordinal/interval/ratio, or in
    the ``order`` given), so code order is value order.
    """

    items: np.ndarray
    annotators: np.ndarray
    categories: np.ndarray
    codes: np.ndarray  # (items, annotators) int

    def counts(self) -> np.ndarray:
        """Items x categories: how many annotators gave each category to each item."""
        n_items, n_cat = len(self.items), len(self.categories)
        rated = self.codes >= 0
        rows = np.repeat(np.arange(n_items), self.codes.shape[1]).reshape(self.codes.shape)[rated]
        return np.bincount(rows * n_cat + self.codes[rated], minlength=n_items * n_cat).reshape(
            n_items, n_cat
        )

    def values(self, level: str) -> np.ndarray:
        """The numeric value of each category (its rank for ordinal data without numbers)."""
        if level == "nominal":
            return np.arange(len(self.categories), dtype=float)
        try:
            return self.categories.astype(float)
        except (TypeError, ValueError):
            if level == "ordinal":
                return np.arange(len(self.categories), dtype=float)
            raise InputError(
                f"{level} agreement needs numeric labels; got {', '.join(map(str, self.categories[:4]))}"
            ) from None


def read_ratings(path) -> pd.DataFrame:
    """A ratings table (.csv, .tsv, .jsonl, .parquet, or the first sheet of an .xlsx), cells as read."""
    from framing.models.data import read_table

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        return read_table(path)
    if not path.is_file():
        raise InputError(f"ratings table {path} does not exist")
    return pd.read_excel(path, dtype=str)


def ratings_from_table(
    table: pd.DataFrame,
    *,
    item_col: str = "item",
    annotator_col: str = "annotator",
    label_col: str = "label",
    level: str = "nominal",
    order: Sequence | None = None,
) -> Ratings:
    """Validate a long table of ratings and encode it; rows with a missing label are ignored."""
    _check_level(level)
    missing = [c for c in (item_col, annotator_col, label_col) if c not in table.columns]
    if missing:
        raise InputError(
            f"ratings table lacks column(s) {', '.join(missing)}; it has {', '.join(map(str, table.columns))}"
        )
    rows = table[[item_col, annotator_col, label_col]].dropna(subset=[label_col])
    rows = rows[rows[label_col].astype(str).str.strip() != ""]
    if rows.empty:
        raise InputError(f"no ratings: column {label_col!r} is empty")
    duplicated = rows.duplicated([item_col, annotator_col])
    if duplicated.any():
        first = rows[duplicated].iloc[0]
        raise InputError(
            f"{int(duplicated.sum())} repeated (item, annotator) pairs, e.g. item {first[item_col]!r} by "
            f"{first[annotator_col]!r}: each annotator may rate an item once"
        )
    labels = rows[label_col]
    if order is not None:
        categories = np.asarray(list(order), dtype=object)
        unknown = sorted(set(labels.astype(str)) - set(map(str, categories)))
        if unknown:
            raise InputError(f"labels not in the given order: {', '.join(unknown[:5])}")
        labels = labels.astype(str)
        categories = categories.astype(str)
    elif level == "nominal":
        labels = labels.astype(str)
        categories = np.array(sorted(labels.unique()), dtype=object)
    else:
        numeric = pd.to_numeric(labels, errors="coerce")
        if numeric.isna().any():
            bad = labels[numeric.isna()].iloc[0]
            raise InputError(
                f"{level} agreement needs numeric labels (or an explicit order); {label_col!r} holds {bad!r}"
            )
        labels = numeric.astype(float)
        categories = np.array(sorted(labels.unique()), dtype=float)
    item_codes, items = _encode(rows[item_col])
    annotator_codes, annotators = _encode(rows[annotator_col])
    category_codes = pd.Index(categories).get_indexer(labels)
    codes = np.full((len(items), len(annotators)), -1, dtype=np.int64)
    codes[item_codes, annotator_codes] = category_codes
    return Ratings(items, annotators, categories, codes)


def _encode(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes and sorted distinct ids of an id column; a missing id is an error, not an item."""
    if column.isna().any():
        raise InputError(
            f"column {column.name!r} has {int(column.isna().sum())} empty cells; every rating needs it"
        )
    codes, uniques = pd.factorize(column.map(str), sort=True)
    return codes, np.asarray(uniques, dtype=object)


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise InputError(f"unknown level {level!r}; use one of {', '.join(LEVELS)}")


# ---------------------------------------------------------------- the statistics (weights = bootstrap)


def coincidences(counts: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """Krippendorff's coincidence matrix: pairable values of each unit, each pair weighted 1/(m_u - 1)."""
    m = counts.sum(axis=1)
    pairable = m >= 2
    counts, m = counts[pairable].astype(float), m[pairable]
    scale = 1.0 / (m - 1)
    if weights is not None:
        scale = scale * weights[pairable]
    weighted = counts * scale[:, None]
    return weighted.T @ counts - np.diag(weighted.sum(axis=0))


def distances(level: str, values: np.ndarray, marginals: np.ndarray) -> np.ndarray:
    """Squared difference δ² between every two categories for the level of measurement (paper, section C)."""
    _check_level(level)
    c, k = np.meshgrid(values, values, indexing="ij")
    if level == "nominal":
        return (c != k).astype(float)
    if level == "interval":
        return (c - k) ** 2
    if level == "ratio":
        total = c + k
        return np.divide((c - k) ** 2, total**2, out=np.zeros_like(total), where=total != 0)
    # ordinal: the marginal mass between the two ranks, counting each end by half
    cumulative = np.concatenate([[0.0], np.cumsum(marginals)])
    lo, hi = (
        np.minimum.outer(np.arange(len(values)), np.arange(len(values))),
        np.maximum.outer(np.arange(len(values)), np.arange(len(values))),
    )
    between = cumulative[hi + 1] - cumulative[lo] - (marginals[lo] + marginals[hi]) / 2
    return between**2


def alpha_from_coincidences(o: np.ndarray, level: str, values: np.ndarray) -> float:
    """alpha = 1 - D_o / D_e from a coincidence matrix; NaN when there is no variation to agree on."""
    marginals = o.sum(axis=1)
    n = marginals.sum()
    if n <= 1:
        return float("nan")
    delta = distances(level, values, marginals)
    observed = (o * delta).sum() / n
    expected = (np.outer(marginals, marginals) * delta).sum() / (n * (n - 1))
    return float(1.0 - observed / expected) if expected > 0 else float("nan")


def krippendorff_alpha(reliability_data, level: str = "nominal") -> float:
    """Alpha of a coders x units matrix of numeric values, ``NaN`` where a coder gave no value."""
    data = np.asarray(reliability_data, dtype=float)
    if data.ndim != 2:
        raise InputError("reliability data must be a coders x units matrix")
    categories = np.unique(data[~np.isnan(data)])
    codes = np.where(np.isnan(data), -1, np.searchsorted(categories, np.nan_to_num(data))).T
    ratings = Ratings(np.arange(data.shape[1]), np.arange(data.shape[0]), categories, codes)
    return alpha_from_coincidences(coincidences(ratings.counts()), level, ratings.values(level))


def fleiss_kappa(counts: np.ndarray, weights: np.ndarray | None = None) -> float:
    """Fleiss' kappa over items with at least two ratings (the number of raters may vary per item)."""
    counts, w = _pairable(counts, weights)
    m = counts.sum(axis=1)
    per_item = (counts * (counts - 1)).sum(axis=1) / (m * (m - 1))
    observed = np.average(per_item, weights=w)
    shares = (w[:, None] * counts).sum(axis=0) / (w * m).sum()
    expected = (shares**2).sum()
    return float((observed - expected) / (1 - expected)) if expected < 1 else float("nan")


def percent_agreement(counts: np.ndarray, weights: np.ndarray | None = None) -> float:
    """Share of agreeing pairs of ratings within an item, averaged over items with two or more ratings."""
    counts, w = _pairable(counts, weights)
    m = counts.sum(axis=1)
    return float(np.average((counts * (counts - 1)).sum(axis=1) / (m * (m - 1)), weights=w))


def category_agreement(counts: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """Specific agreement per category: of the rating pairs that involve the category, the share where both agree."""
    counts, w = _pairable(counts, weights)
    m = counts.sum(axis=1, keepdims=True)
    agreeing = (w[:, None] * counts * (counts - 1)).sum(axis=0)
    involving = (w[:, None] * counts * (m - 1)).sum(axis=0)
    return np.divide(agreeing, involving, out=np.full(len(agreeing), np.nan), where=involving > 0)


def cohen_kappa(a: np.ndarray, b: np.ndarray, n_categories: int, weights: np.ndarray | None = None) -> float:
    """Cohen's (unweighted) kappa of two coders' category codes on the same items."""
    cells = a * n_categories + b
    table = np.bincount(cells, weights=weights, minlength=n_categories**2).reshape(n_categories, n_categories)
    total = table.sum()
    if total == 0:
        return float("nan")
    observed = np.trace(table) / total
    expected = (table.sum(axis=1) @ table.sum(axis=0)) / total**2
    return float((observed - expected) / (1 - expected)) if expected < 1 else float("nan")


def _pairable(counts: np.ndarray, weights: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    keep = counts.sum(axis=1) >= 2
    w = np.ones(len(counts)) if weights is None else np.asarray(weights, dtype=float)
    return counts[keep].astype(float), w[keep]


# ---------------------------------------------------------------- report with bootstrap intervals


@dataclass
class Agreement:
    """Agreement statistics with bootstrap intervals (items resampled), as tables for pandas.

    ``summary``: one row per statistic (alpha at ``level``, Fleiss' kappa,
    percent agreement, Cohen's kappa averaged over annotator pairs weighted by
    the items they share); ``pairs``: Cohen's kappa
    and percent agreement of every two annotators on the items both rated;
    ``categories``: specific agreement per category.
    """

    level: str
    summary: pd.DataFrame
    pairs: pd.DataFrame
    categories: pd.DataFrame
    n_items: int
    n_annotators: int
    n_ratings: int

    def tidy(self) -> pd.DataFrame:
        """All three tables stacked: ``table``, ``statistic``, ``subject``, ``value``, ``ci_low``, ``ci_high``, ``n``."""
        summary = self.summary.assign(table="summary", subject="all")
        pairs = self.pairs.assign(
            table="pairs",
            statistic="cohen_kappa",
            subject=self.pairs["annotator_a"] + " vs " + self.pairs["annotator_b"],
            value=self.pairs["kappa"],
            n=self.pairs["n_items"],
        )
        categories = self.categories.assign(
            table="categories",
            statistic="specific_agreement",
            subject=self.categories["category"].astype(str),
            n=self.categories["n_ratings"],
        )
        columns = ["table", "statistic", "subject", "value", "ci_low", "ci_high", "n"]
        return pd.concat([summary[columns], pairs[columns], categories[columns]], ignore_index=True)


def agreement(
    table: pd.DataFrame,
    *,
    item_col: str = "item",
    annotator_col: str = "annotator",
    label_col: str = "label",
    level: str = "nominal",
    order: Sequence | None = None,
    n_boot: int = 1000,
    random_state: int = 0,
) -> Agreement:
    """Agreement among annotators with bootstrap 95% intervals (items resampled, seeded by ``random_state``).

    ``table`` has one row per rating. ``level`` is alpha's level of measurement;
    kappas and percent agreement treat labels as nominal. ``order`` gives the
    order of non-numeric ordinal labels.
    """
    ratings = ratings_from_table(
        table, item_col=item_col, annotator_col=annotator_col, label_col=label_col, level=level, order=order
    )
    counts = ratings.counts()
    if (counts.sum(axis=1) >= 2).sum() < 2:
        raise InputError("agreement needs at least two items rated by two or more annotators")
    values = ratings.values(level)
    pairs = _annotator_pairs(ratings)
    n_cat = len(ratings.categories)

    def statistics(w):
        kappas = [cohen_kappa(a, b, n_cat, w[items]) for _, _, items, a, b in pairs]
        agree = [_weighted_mean(a == b, w[items]) for _, _, items, a, b in pairs]
        return np.concatenate(
            [
                [
                    alpha_from_coincidences(coincidences(counts, w), level, values),
                    fleiss_kappa(counts, w),
                    percent_agreement(counts, w),
                    _pair_mean(kappas, pairs),
                ],
                kappas,
                agree,
                category_agreement(counts, w),
            ]
        )

    point, low, high = _bootstrap(statistics, len(ratings.items), n_boot, random_state)
    n_pairs = len(pairs)
    names = [f"krippendorff_alpha_{level}", "fleiss_kappa", "percent_agreement", "mean_cohen_kappa"]
    pairable = int((counts.sum(axis=1) >= 2).sum())
    summary = pd.DataFrame(
        {"statistic": names, "value": point[:4], "ci_low": low[:4], "ci_high": high[:4], "n": pairable}
    )
    pair_table = pd.DataFrame(
        {
            "annotator_a": [p[0] for p in pairs],
            "annotator_b": [p[1] for p in pairs],
            "n_items": [len(p[2]) for p in pairs],
            "kappa": point[4 : 4 + n_pairs],
            "ci_low": low[4 : 4 + n_pairs],
            "ci_high": high[4 : 4 + n_pairs],
            "percent": point[4 + n_pairs : 4 + 2 * n_pairs],
        }
    )
    rest = slice(4 + 2 * n_pairs, None)
    categories = pd.DataFrame(
        {
            "category": ratings.categories,
            "n_ratings": counts.sum(axis=0),
            "value": point[rest],
            "ci_low": low[rest],
            "ci_high": high[rest],
        }
    )
    return Agreement(
        level, summary, pair_table, categories, len(ratings.items), len(ratings.annotators), int(counts.sum())
    )


def tool_agreement(
    table: pd.DataFrame,
    tool: Mapping | pd.Series,
    *,
    item_col: str = "item",
    annotator_col: str = "annotator",
    label_col: str = "label",
    level: str = "nominal",
    order: Sequence | None = None,
    n_boot: int = 1000,
    random_state: int = 0,
) -> pd.DataFrame:
    """How a tool's labels (item -> label) agree with the annotators, beside how they agree with each other.

    Returns one row per statistic with bootstrap 95% intervals over the same
    resampled items: alpha among the humans and with the tool added as one more
    coder, mean Cohen's kappa over human pairs and of the tool with each human,
    their difference (negative: the tool agrees less than coders do), and the
    tool's kappa with the humans' majority label (items with a tied majority
    are left out). Only items some human rated count.
    """
    if annotator_col in table.columns and (table[annotator_col].astype(str) == TOOL).any():
        raise InputError(f"an annotator is already called {TOOL!r}; rename it")
    tool = pd.Series(tool)
    rated = table[item_col].astype(str).unique()
    tool.index = tool.index.astype(str)
    tool = tool[tool.index.isin(rated)]
    if tool.empty:
        raise InputError(f"the tool labels no item of {item_col!r}; are the item ids the same?")
    combined = pd.concat(
        [
            table[[item_col, annotator_col, label_col]],
            pd.DataFrame({item_col: tool.index, annotator_col: TOOL, label_col: tool.to_numpy()}),
        ],
        ignore_index=True,
    )
    ratings = ratings_from_table(
        combined,
        item_col=item_col,
        annotator_col=annotator_col,
        label_col=label_col,
        level=level,
        order=order,
    )
    tool_index = int(np.flatnonzero(ratings.annotators == TOOL)[0])
    humans = np.delete(np.arange(len(ratings.annotators)), tool_index)
    human_codes = ratings.codes[:, humans]
    human_only = Ratings(ratings.items, ratings.annotators[humans], ratings.categories, human_codes)
    human_counts, all_counts = human_only.counts(), ratings.counts()
    values = ratings.values(level)
    n_cat = len(ratings.categories)
    pairs = _annotator_pairs(ratings)
    human_pairs = [p for p in pairs if TOOL not in (p[0], p[1])]
    tool_pairs = [p for p in pairs if TOOL in (p[0], p[1])]
    majority = _majority(human_counts)
    tool_codes = ratings.codes[:, tool_index]
    with_majority = np.flatnonzero((majority >= 0) & (tool_codes >= 0))

    def statistics(w):
        human_kappa = _pair_mean(
            [cohen_kappa(a, b, n_cat, w[i]) for _, _, i, a, b in human_pairs], human_pairs
        )
        tool_kappa = _pair_mean([cohen_kappa(a, b, n_cat, w[i]) for _, _, i, a, b in tool_pairs], tool_pairs)
        return np.array(
            [
                alpha_from_coincidences(coincidences(human_counts, w), level, values),
                alpha_from_coincidences(coincidences(all_counts, w), level, values),
                human_kappa,
                tool_kappa,
                tool_kappa - human_kappa,
                cohen_kappa(tool_codes[with_majority], majority[with_majority], n_cat, w[with_majority]),
            ]
        )

    point, low, high = _bootstrap(statistics, len(ratings.items), n_boot, random_state)
    names = [
        f"alpha_{level}_humans",
        f"alpha_{level}_humans_and_tool",
        "mean_kappa_human_pairs",
        "mean_kappa_tool_vs_human",
        "kappa_tool_minus_human",
        "kappa_tool_vs_majority",
    ]
    return pd.DataFrame({"statistic": names, "value": point, "ci_low": low, "ci_high": high})


def _annotator_pairs(ratings: Ratings) -> list[tuple[str, str, np.ndarray, np.ndarray, np.ndarray]]:
    """Every two annotators with the items both rated and their two code vectors on those items."""
    out = []
    for i, j in combinations(range(len(ratings.annotators)), 2):
        both = np.flatnonzero((ratings.codes[:, i] >= 0) & (ratings.codes[:, j] >= 0))
        if len(both):
            a, b = ratings.codes[both, i], ratings.codes[both, j]
            out.append((str(ratings.annotators[i]), str(ratings.annotators[j]), both, a, b))
    return out


def _pair_mean(kappas: list[float], pairs: list) -> float:
    """Mean kappa over annotator pairs weighted by the items each pair shares (a 2-item pair barely counts)."""
    kappas = np.asarray(kappas, dtype=float)
    sizes = np.array([len(p[2]) for p in pairs], dtype=float)
    keep = ~np.isnan(kappas)
    return float(np.average(kappas[keep], weights=sizes[keep])) if keep.any() else float("nan")


def _majority(counts: np.ndarray) -> np.ndarray:
    """The strict majority (most frequent, untied) category of each item, -1 when tied or unrated."""
    top = counts.argmax(axis=1)
    best = counts.max(axis=1)
    tied = (counts == best[:, None]).sum(axis=1) > 1
    return np.where(tied | (best == 0), -1, top)


def _weighted_mean(hits: np.ndarray, w: np.ndarray) -> float:
    total = w.sum()
    return float((hits * w).sum() / total) if total > 0 else float("nan")


def _bootstrap(
    statistics: Callable[[np.ndarray], np.ndarray], n_items: int, n_boot: int, random_state: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Point values and percentile 95% intervals, resampling items with replacement (as multinomial weights)."""
    if n_boot < 1:
        raise InputError("n_boot must be at least 1")
    point = statistics(np.ones(n_items))
    rng = np.random.default_rng(random_state)
    draws = np.empty((n_boot, len(point)))
    for b in range(n_boot):
        draws[b] = statistics(rng.multinomial(n_items, np.full(n_items, 1.0 / n_items)).astype(float))
    with warnings.catch_warnings():  # a statistic undefined in every replicate stays NaN
        warnings.simplefilter("ignore", RuntimeWarning)
        low, high = np.nanpercentile(draws, [2.5, 97.5], axis=0)
    return point, low, high
