"""Annotator rationales: the words annotators marked as the reason for a label, learned as a feature block.

Why: a sentence label says *that* a sentence is biased, not *which* words make it so, and n-gram models
spread that credit over every word of the sentence. Where annotators also marked the words behind their
label (BABE's ``biased_words``; "annotator rationales", Zaidan, Eisner & Piatko 2007), each word's rate of
being marked across the training sentences that contain it is a sharper cue: "slammed" is marked in most
sentences it occurs in, "said" in almost none. :class:`RationaleScores` learns these rates from training
sentences and describes any sentence, marked or not, by the rates of its words. Rationales are needed to
fit only: new sentences need their text alone.

A training sentence's own marks nearly give its label away (marks are made in biased sentences), so the
features of the training rows come from rates learned on the *other* folds (cross-fitting, as
scikit-learn's ``TargetEncoder`` treats its training rows); ``fit`` followed by ``transform`` on the same
rows would not, and a model fitted on such features would trust them far too much.
"""

from __future__ import annotations

import ast
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.model_selection import GroupKFold, KFold, StratifiedGroupKFold, StratifiedKFold
from sklearn.utils.validation import check_is_fitted

from framing.errors import InputError

_WORD = re.compile(r"[a-z][a-z'-]*")
_LIST = re.compile(r"^\s*\[.*\]\s*$", re.DOTALL)
#: The features, in column order: the highest rate among the sentence's words, the sums of the two and three
#: highest, how many words are marked in more than 20 % and 40 % of their training sentences, the mean rate.
FEATURES = ("top1", "top2_sum", "top3_sum", "n_over_0.2", "n_over_0.4", "mean")


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters, apostrophes, hyphens): the unit a rationale marks."""
    return _WORD.findall(text.lower())


def parse_rationale(value: object) -> tuple[str, ...]:
    """The marked words of one row, lower-cased: a list, a Python-style list literal (BABE's
    ``"['slammed', 'radical']"``), a ``;``-separated string, or empty (``""``, ``None``, NaN, ``"[]"``)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ()
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return ()
        if _LIST.match(text):
            try:
                items = ast.literal_eval(text)  # a literal only: never evaluates code
            except (ValueError, SyntaxError) as error:
                raise InputError(f"cannot read the rationale {value[:80]!r} as a list of words") from error
        else:
            items = text.split(";")
    elif isinstance(value, Iterable):
        items = value
    else:
        raise InputError(f"a rationale must be a list of words or a string, not {type(value).__name__}")
    if not isinstance(items, list | tuple) or not all(isinstance(item, str) for item in items):
        raise InputError(f"a rationale must be a list of words, got {value!r:.80}")
    return tuple(w for item in items for w in words(item))


def _texts(X) -> list[str]:
    if isinstance(X, pd.DataFrame):
        if "text" not in X.columns:
            raise ValueError("rationale features need a 'text' column")
        return [str(t) for t in X["text"].tolist()]
    if isinstance(X, str):
        raise TypeError("expected a list of texts, not one string")
    return [str(t) for t in X]


class RationaleScores(TransformerMixin, BaseEstimator):
    """Each word's smoothed rate of being marked in training sentences holding it, summarised per sentence.

    ``fit`` needs a frame with ``text`` and ``rationale`` (the marked words, see :func:`parse_rationale`)
    and, optionally, ``group``: cross-fitted folds then keep a group (an article) on one side.
    ``smoothing`` pulls a word seen in few sentences towards the overall marked rate (a word in 5 training
    sentences weighs half prior, half its own rate at the default 5). ``cv`` folds, seeded by
    ``random_state``, give the training rows their features in ``fit_transform``.
    """

    def __init__(self, smoothing: float = 5.0, cv: int = 5, random_state=0):
        self.smoothing = smoothing
        self.cv = cv
        self.random_state = random_state

    def _check_params(self) -> None:
        if not (isinstance(self.smoothing, int | float) and self.smoothing > 0):
            raise ValueError(f"smoothing must be a positive number, not {self.smoothing!r}")
        if not (isinstance(self.cv, int) and self.cv >= 2):
            raise ValueError(f"cv must be an integer of at least 2, not {self.cv!r}")

    @staticmethod
    def _training_frame(X) -> tuple[list[list[str]], list[tuple[str, ...]], np.ndarray | None]:
        if not isinstance(X, pd.DataFrame) or not {"text", "rationale"} <= set(X.columns):
            raise ValueError(
                "fitting rationale features needs a DataFrame with 'text' and 'rationale' columns "
                "(the words annotators marked in each training sentence)"
            )
        tokens = [words(t) for t in _texts(X)]
        marks = [parse_rationale(value) for value in X["rationale"].tolist()]
        if not any(marks):
            raise InputError("no training sentence has a rationale: there is nothing to learn the rates from")
        groups = X["group"].to_numpy(dtype=object) if "group" in X.columns else None
        return tokens, marks, groups

    def _rates(self, tokens: Sequence[list[str]], marks: Sequence[tuple[str, ...]]) -> tuple[dict, float]:
        seen: Counter = Counter()
        marked: Counter = Counter()
        for sentence, sentence_marks in zip(tokens, marks, strict=True):
            distinct = set(sentence)
            seen.update(distinct)
            marked.update(distinct.intersection(sentence_marks))
        prior = sum(marked.values()) / max(1, sum(seen.values()))
        k = float(self.smoothing)
        return {w: (marked[w] + prior * k) / (n + k) for w, n in seen.items()}, prior

    @staticmethod
    def _describe(tokens: Sequence[list[str]], rates: dict, prior: float) -> np.ndarray:
        out = np.empty((len(tokens), len(FEATURES)))
        for i, sentence in enumerate(tokens):
            values = np.array([rates.get(w, prior) for w in sentence] or [prior])
            top = np.sort(values)[::-1]
            out[i] = (
                top[0],
                top[:2].sum(),
                top[:3].sum(),
                (values > 0.2).sum(),
                (values > 0.4).sum(),
                values.mean(),
            )
        return out

    def fit(self, X, y=None):
        self._check_params()
        tokens, marks, _ = self._training_frame(X)
        self.rates_, self.prior_ = self._rates(tokens, marks)
        return self

    def _folds(self, n: int, y, groups, k: int):
        """``k`` folds, seeded: grouped if there are ``k`` groups, and stratified if every class has ``k`` rows."""
        stratify = y is not None and min(Counter(np.asarray(y).tolist()).values()) >= k
        if groups is not None and len(set(groups.tolist())) >= k:
            splitter = (
                StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=self.random_state)
                if stratify
                else GroupKFold(n_splits=k)
            )
            return splitter.split(np.zeros(n), y, groups)
        if stratify:
            return StratifiedKFold(k, shuffle=True, random_state=self.random_state).split(np.zeros(n), y)
        return KFold(k, shuffle=True, random_state=self.random_state).split(np.zeros(n))

    def fit_transform(self, X, y=None, **fit_params):
        """Fit on all rows, and describe each training row by rates learned without its fold (``cv`` folds,
        fewer if there are fewer rows)."""
        self._check_params()
        tokens, marks, groups = self._training_frame(X)
        self.rates_, self.prior_ = self._rates(tokens, marks)
        if len(tokens) < 2:
            raise InputError("rationale features need at least 2 training sentences to cross-fit their rates")
        out = np.empty((len(tokens), len(FEATURES)))
        for train, held_out in self._folds(len(tokens), y, groups, min(self.cv, len(tokens))):
            rates, prior = self._rates([tokens[i] for i in train], [marks[i] for i in train])
            out[held_out] = self._describe([tokens[i] for i in held_out], rates, prior)
        return out

    def transform(self, X) -> np.ndarray:
        check_is_fitted(self, "rates_")
        return self._describe([words(t) for t in _texts(X)], self.rates_, self.prior_)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return np.array([f"rationale_{name}" for name in FEATURES], dtype=object)

    # skops writes each dictionary entry as its own node: the rates travel as one JSON string instead, as
    # NgramTfidf's vocabulary does.
    def __getstate__(self):
        state = dict(super().__getstate__())
        rates = state.pop("rates_", None)
        if rates is not None:
            state["rates_json_"] = json.dumps(rates, ensure_ascii=False, sort_keys=True)
        return state

    def __setstate__(self, state):
        state = dict(state)
        rates = state.pop("rates_json_", None)
        super().__setstate__(state)
        if rates is not None:
            self.rates_ = json.loads(rates)


class TextColumn(TransformerMixin, BaseEstimator):
    """The ``text`` column of a frame (or the texts themselves), for blocks that read text alone."""

    def fit(self, X, y=None):
        return self

    def transform(self, X) -> list[str]:
        return _texts(X)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.requires_fit = False
        return tags
