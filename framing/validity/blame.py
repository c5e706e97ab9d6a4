"""Precision and recall of blame instances, blamers, targets and per-actor stance against hand labels.

The scorer takes DataFrames only, so any extractor (ours or a user's) can be judged
the same way against ``framing.datasets.blame_gold`` or any set in that format:

* an **instance** is correct when the gold set has one in the same sentence with the
  same target (after canonicalisation) and the same polarity (``blame`` / ``defend``);
* a **target** is correct on sentence + target alone (polarity ignored);
* **instance + blamer** also needs the blamer to match; ``blamer | matched`` is the
  share of matched instances whose blamer matches (precision = recall = accuracy);
* a **stance** row (``sentence_id, actor, stance``) is correct when the gold set has the
  same triple; scored per stance value and over all rows.

Names are compared case-folded with whitespace collapsed and a leading "the " dropped,
after an optional ``aliases`` mapping (``{"the tories": "Conservative Party"}``, keys
compared the same way). Blamers are groups as often as actors ("U.S. intelligence
officials"), so a blamer also matches when one name's words contain the other's ("U.S.
officials" ~ "U.S. intelligence officials"); targets must match exactly.

Sentences of one article are not independent, so the 95 % intervals come from a cluster
bootstrap that resamples articles (``sentences["article"]``) with replacement.
Only sentences listed in ``sentences`` are scored, which is how one scores one split or
one sampling stratum. An optional ``sentences["weight"]`` multiplies every count of that
sentence: with inverse sampling fractions (``blame_gold.population_weights``) precision
and recall estimate their values over the whole population the sentences were drawn
from, not over the keyword-rich sample.

>>> from framing.datasets.blame_gold import load_blame_gold     # doctest: +SKIP
>>> gold = load_blame_gold()                                     # doctest: +SKIP
>>> test = gold.sentences[gold.sentences["split"] == "test"]     # doctest: +SKIP
>>> score_blame(predicted, gold.instances, test,
...             predicted_stances=stances, gold_stances=gold.stances)  # doctest: +SKIP
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import numpy as np
import pandas as pd

from framing.errors import InputError

INSTANCE_COLUMNS = ("sentence_id", "blamer", "target", "polarity")
STANCE_COLUMNS = ("sentence_id", "actor", "stance")
RESULT_COLUMNS = (
    "level",
    "precision",
    "precision_low",
    "precision_high",
    "recall",
    "recall_low",
    "recall_high",
    "f1",
    "f1_low",
    "f1_high",
    "n_pred",
    "n_gold",
    "n_correct",
)


def _normalise(name: object) -> str:
    text = " ".join(str(name if isinstance(name, str) else "").split()).casefold()
    return text.removeprefix("the ")


def _canonical(aliases: Mapping[str, str] | None):
    table = {_normalise(k): _normalise(v) for k, v in (aliases or {}).items()}

    def canon(name: object) -> str:
        key = _normalise(name)
        return table.get(key, key)

    return canon


def _blamers_match(a: str, b: str) -> bool:
    if a == b:
        return True
    if not a or not b:
        return False
    wa, wb = set(a.split()), set(b.split())
    return wa <= wb or wb <= wa


def _prepare(frame: pd.DataFrame, columns: tuple[str, ...], name: str, keep: set[str], canon) -> pd.DataFrame:
    lacking = [c for c in columns if c not in frame.columns]
    if lacking:
        raise InputError(f"{name}: expected column(s) {lacking} not found")
    out = frame.loc[frame["sentence_id"].astype(str).isin(keep), list(columns)].copy()
    out["sentence_id"] = out["sentence_id"].astype(str)
    for col in columns[1:]:
        out[col] = [canon(v) if col != "polarity" and col != "stance" else _normalise(v) for v in out[col]]
    return out


def _counts(pred: pd.DataFrame, gold: pd.DataFrame, key: list[str]) -> tuple[Counter, Counter, Counter]:
    """Per-sentence (pred, gold, correct) counts; multiset matching on ``key``."""
    p, g = Counter(map(tuple, pred[key].to_numpy())), Counter(map(tuple, gold[key].to_numpy()))
    n_pred, n_gold, n_ok = Counter(), Counter(), Counter()
    for k, n in p.items():
        n_pred[k[0]] += n
    for k, n in g.items():
        n_gold[k[0]] += n
    for k in p.keys() & g.keys():
        n_ok[k[0]] += min(p[k], g[k])
    return n_pred, n_gold, n_ok


def _blamer_counts(pred: pd.DataFrame, gold: pd.DataFrame) -> tuple[Counter, Counter]:
    """Per sentence: matched instances, and those whose blamer also matches (greedy pairing)."""
    key = ["sentence_id", "target", "polarity"]
    pred_groups = pred.groupby(key)["blamer"].apply(list).to_dict()
    matched, agree = Counter(), Counter()
    for k, gold_blamers in gold.groupby(key)["blamer"].apply(list).items():
        left = list(pred_groups.get(k, []))
        pairs = min(len(left), len(gold_blamers))
        matched[k[0]] += pairs
        hits = 0
        for b in gold_blamers:
            found = next((i for i, p in enumerate(left) if _blamers_match(p, b)), None)
            if found is not None:
                left.pop(found)
                hits += 1
        agree[k[0]] += min(hits, pairs)
    return matched, agree


def _interval(values: np.ndarray) -> tuple[float, float]:
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return (np.nan, np.nan)
    low, high = np.percentile(finite, [2.5, 97.5])
    return float(low), float(high)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def _row(level: str, pred: np.ndarray, gold: np.ndarray, ok: np.ndarray, weights: np.ndarray | None) -> dict:
    """Point estimates from per-article counts; intervals from bootstrap article weights."""
    n_p, n_g, n_ok = pred.sum(), gold.sum(), ok.sum()
    row = {
        "level": level,
        "precision": float(_ratio(n_ok, n_p)),
        "recall": float(_ratio(n_ok, n_g)),
        "f1": float(_ratio(2 * n_ok, n_p + n_g)),
        "n_pred": float(n_p),
        "n_gold": float(n_g),
        "n_correct": float(n_ok),
    }
    boot = {"precision": (ok, pred), "recall": (ok, gold), "f1": (2 * ok, pred + gold)}
    for name, (num, den) in boot.items():
        if weights is None:
            row[f"{name}_low"] = row[f"{name}_high"] = np.nan
        else:
            row[f"{name}_low"], row[f"{name}_high"] = _interval(_ratio(weights @ num, weights @ den))
    return row


def score_blame(
    predicted_instances: pd.DataFrame,
    gold_instances: pd.DataFrame,
    sentences: pd.DataFrame,
    n_boot: int = 1000,
    random_state: int = 0,
    *,
    predicted_stances: pd.DataFrame | None = None,
    gold_stances: pd.DataFrame | None = None,
    aliases: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Score predicted blame instances (and optionally per-actor stances) against gold labels.

    ``predicted_instances`` / ``gold_instances``: columns ``sentence_id, blamer, target,
    polarity`` (``blame`` or ``defend``; other columns are ignored). ``sentences``: columns
    ``id`` and ``article`` (optional ``weight``); only these sentences are scored. Stances need both
    ``predicted_stances`` and ``gold_stances`` (``sentence_id, actor, stance``).
    Returns one row per level with precision, recall, F1, their 95 % cluster-bootstrap
    intervals (``n_boot=0``: NaN) and the (weighted) counts behind them.
    """
    for col in ("id", "article"):
        if col not in sentences.columns:
            raise InputError(f"sentences: expected column {col!r} not found")
    if (predicted_stances is None) != (gold_stances is None):
        raise InputError("pass both predicted_stances and gold_stances, or neither")
    canon = _canonical(aliases)
    ids = sentences["id"].astype(str).to_numpy()
    keep = set(ids)
    pred = _prepare(predicted_instances, INSTANCE_COLUMNS, "predicted_instances", keep, canon)
    gold = _prepare(gold_instances, INSTANCE_COLUMNS, "gold_instances", keep, canon)

    articles, article_of_sentence = np.unique(
        sentences["article"].astype(str).to_numpy(), return_inverse=True
    )
    sentence_article = dict(zip(ids, article_of_sentence))
    weight = dict(zip(ids, sentences["weight"].astype(float))) if "weight" in sentences.columns else None

    def per_article(counter: Counter) -> np.ndarray:
        out = np.zeros(len(articles))
        for sid, n in counter.items():
            out[sentence_article[sid]] += n if weight is None else n * weight[sid]
        return out

    weights = None
    if n_boot > 0:
        rng = np.random.default_rng(random_state)
        weights = rng.multinomial(len(articles), np.full(len(articles), 1 / len(articles)), size=n_boot)

    rows = []
    for level, key in (
        ("instance", ["sentence_id", "target", "polarity"]),
        ("target", ["sentence_id", "target"]),
    ):
        n_pred, n_gold, n_ok = _counts(pred, gold, key)
        rows.append(_row(level, per_article(n_pred), per_article(n_gold), per_article(n_ok), weights))
    matched, agree = _blamer_counts(pred, gold)
    n_pred, n_gold, _ = _counts(pred, gold, ["sentence_id", "target", "polarity"])
    rows.append(
        _row("instance+blamer", per_article(n_pred), per_article(n_gold), per_article(agree), weights)
    )
    m = per_article(matched)
    rows.append(_row("blamer | matched", m, m, per_article(agree), weights))

    if gold_stances is not None:
        p_st = _prepare(predicted_stances, STANCE_COLUMNS, "predicted_stances", keep, canon)
        g_st = _prepare(gold_stances, STANCE_COLUMNS, "gold_stances", keep, canon)
        for stance in ("criticised", "defended", "neutral", None):
            ps = p_st if stance is None else p_st[p_st["stance"] == stance]
            gs = g_st if stance is None else g_st[g_st["stance"] == stance]
            n_pred, n_gold, n_ok = _counts(ps, gs, list(STANCE_COLUMNS))
            level = f"stance: {stance or 'all'}"
            rows.append(_row(level, per_article(n_pred), per_article(n_gold), per_article(n_ok), weights))
    return pd.DataFrame(rows, columns=list(RESULT_COLUMNS))
