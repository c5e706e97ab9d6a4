"""Article-level, length-fair measures of every signal in a ``framing.analyze`` table.

A long article has more cues than a short one; comparing raw counts compares
lengths. Each article is therefore reduced to rates that do not grow with it:

- ``<family>_per100``: cues of the family per 100 tokens, as a ratio of sums
  over the article's body sentences (total cues / total tokens x 100), so a
  one-line sentence does not weigh as much as a long one;
- ``<family>_share``: share of body sentences with at least one cue of the family;
- ``<family>_score_per100`` and ``<family>_<category>_per100``: the family's
  score and each category count per 100 tokens;
- ``<column>`` for a per-sentence ``*_rate`` column: its token-weighted mean,
  which is the ratio of sums when the rate is a count per token;
- ``source_<kind>_share``: share of body sentences attributed to each source kind.

Families are found by their ``<family>_total`` or ``<family>_score`` column, so
families added later (``topic_security_*``) are measured without a change here;
a family without a total column has its cues counted from the ``cues`` JSON. Tokens come from an
``n_tokens`` column when the table has one, else from :data:`TOKEN`.
Measures equal on every article (a rate column that is a family's total per
token) are listed once.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd

from framing.errors import InputError

TOKEN = re.compile(r"\w+(?:['’]\w+)*")
TOKENS_COLUMN = "n_tokens"
# Columns ending in these are not cue counts: scores, rates, totals, offsets, flags of resolution.
_NOT_COUNTS = ("_total", "_score", "_rate", "_start", "_end")
_KEY_COLUMNS = {"article_id", "paragraph", "sentence", "start", "end", "kind", "text", "cues", TOKENS_COLUMN}


def token_counts(table: pd.DataFrame) -> np.ndarray:
    """Tokens per sentence: the table's ``n_tokens`` column, else word tokens of ``text``."""
    if TOKENS_COLUMN in table.columns:
        return pd.to_numeric(table[TOKENS_COLUMN], errors="raise").to_numpy(dtype=float)
    return np.array([len(TOKEN.findall(str(t))) for t in table["text"].fillna("")], dtype=float)


def families(table: pd.DataFrame) -> list[str]:
    """Signal families present in the table, in column order (``hedging`` for ``hedging_total`` or ``hedging_score``)."""
    found: list[str] = []
    for column in table.columns:
        for suffix in ("_total", "_score"):
            if column.endswith(suffix) and column[: -len(suffix)] not in found:
                found.append(column[: -len(suffix)])
    return found


def cue_totals(table: pd.DataFrame, family: str) -> np.ndarray:
    """Cues of ``family`` per sentence: its ``<family>_total`` column, else its non-negated cues in ``cues``."""
    if f"{family}_total" in table.columns:
        return pd.to_numeric(table[f"{family}_total"], errors="raise").to_numpy(dtype=float)
    if "cues" not in table.columns:
        raise InputError(f"no {family}_total column and no cues column to count {family} cues from")
    return np.array(
        [
            sum(1 for cue in json.loads(cues) if cue["family"] == family and not cue.get("negated"))
            if cues
            else 0
            for cues in table["cues"].fillna("").astype(str)
        ],
        dtype=float,
    )


def body_sentences(table: pd.DataFrame) -> pd.DataFrame:
    """Body sentences only: headings and boilerplate ("Post a comment") are not the article's prose."""
    missing = [c for c in ("article_id", "text") if c not in table.columns]
    if missing:
        raise InputError(f"signals table lacks column(s) {', '.join(missing)}: pass a framing.analyze table")
    if "kind" in table.columns:
        table = table[table["kind"].astype(str) == "body"]
    return table.reset_index(drop=True)


def article_measures(table: pd.DataFrame, group_cols=()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per article with every length-fair measure, and a catalogue saying what each measure is.

    ``group_cols`` (outlet, event ...) must be constant within an article and are
    carried into the article table. Articles without body tokens are dropped
    (they have no rate).
    """
    body = body_sentences(table)
    if body.empty:
        raise InputError("the table has no body sentences to compare")
    for column in group_cols:
        if column not in body.columns:
            raise InputError(f"signals table lacks the grouping column {column!r}")
        varying = body.groupby("article_id")[column].nunique(dropna=False)
        if (varying > 1).any():
            raise InputError(
                f"{column!r} varies within article {varying[varying > 1].index[0]!r}: it must be per article"
            )
    tokens = token_counts(body)
    article = body["article_id"].astype(str).to_numpy()
    order, index = np.unique(article, return_inverse=True)
    token_sum = np.bincount(index, weights=tokens, minlength=len(order))
    sentences = np.bincount(index, minlength=len(order)).astype(float)

    def per_article(values: np.ndarray) -> np.ndarray:
        return np.bincount(index, weights=values, minlength=len(order))

    def numeric(column: str) -> np.ndarray:
        return pd.to_numeric(body[column], errors="raise").to_numpy(dtype=float)

    columns: dict[str, np.ndarray] = {}
    catalogue: list[tuple[str, str, str, str]] = []

    def add(name: str, values: np.ndarray, family: str, source: str, kind: str) -> None:
        if any(np.allclose(kept, values, equal_nan=True, rtol=1e-9, atol=1e-12) for kept in columns.values()):
            return
        columns[name] = values
        catalogue.append((name, family, source, kind))

    def per100(values: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return per_article(values) / token_sum * 100

    found = families(body)
    with np.errstate(invalid="ignore", divide="ignore"):
        for family in found:
            total = cue_totals(body, family)
            origin = f"{family}_total" if f"{family}_total" in body.columns else f"cues ({family})"
            add(f"{family}_per100", per100(total), family, origin, "cues per 100 tokens")
            add(
                f"{family}_share",
                per_article((total > 0).astype(float)) / sentences,
                family,
                origin,
                "share of sentences with a cue",
            )
            if f"{family}_score" in body.columns:
                add(
                    f"{family}_score_per100",
                    per100(numeric(f"{family}_score")),
                    family,
                    f"{family}_score",
                    "score per 100 tokens",
                )
            for column in _category_columns(body, family):
                add(f"{column}_per100", per100(numeric(column)), family, column, "count per 100 tokens")
        for column in (c for c in body.columns if c.endswith("_rate")):
            add(
                column,
                per_article(numeric(column) * tokens) / token_sum,
                max((f for f in found if column.startswith(f"{f}_")), key=len, default=column.split("_")[0]),
                column,
                "token-weighted rate",
            )
        if "source_kind" in body.columns:
            kinds = body["source_kind"].fillna("none").astype(str).replace("", "none")
            for kind in sorted(kinds.unique()):
                add(
                    f"source_{kind}_share",
                    per_article((kinds == kind).to_numpy(dtype=float)) / sentences,
                    "source",
                    "source_kind",
                    "share of sentences",
                )

    articles = pd.DataFrame(
        {"article_id": order, "n_sentences": sentences.astype(int), "n_tokens": token_sum}
    )
    if group_cols:
        groups = body.groupby(index)[list(group_cols)].first().reset_index(drop=True)  # rows in `order`
        articles = pd.concat([articles, groups], axis=1)
    articles = pd.concat([articles, pd.DataFrame(columns)], axis=1)
    articles = articles[articles["n_tokens"] > 0].reset_index(drop=True)
    catalogue_frame = pd.DataFrame(catalogue, columns=["measure", "family", "column", "unit"])
    return articles, catalogue_frame


def _category_columns(body: pd.DataFrame, family: str) -> list[str]:
    prefix = f"{family}_"
    longer = [f for f in families(body) if f != family and f.startswith(prefix)]  # topic vs topic_security
    return [
        c
        for c in body.columns
        if c.startswith(prefix)
        and not c.endswith(_NOT_COUNTS)
        and c not in _KEY_COLUMNS
        and not any(c.startswith(f"{f}_") for f in longer)
        and pd.api.types.is_numeric_dtype(pd.to_numeric(body[c], errors="coerce"))
        and pd.to_numeric(body[c], errors="coerce").notna().all()
    ]
