"""Length-fair scores: cues per 100 tokens, so a long sentence does not win by construction.

Every family's score is a count of cues, and a sentence with twice the words
has about twice the chances to contain one. A rate divides the count by the
sentence's length in tokens (whitespace-separated words, as ``str.split``
gives them: cheap, language-neutral and what a reader counts as words).

Two choices, measured on the train splits of the validity tasks
(``docs/validity.md``, "Length-fair scores"):

- **A floor of `MIN_TOKENS` tokens in the denominator.** A three-word headline
  with one cue would otherwise read 33 per 100 tokens and top every ranking;
  with the floor it reads 10. Ten tokens is about half a median news sentence
  (19-23 tokens in the labelled sets). Against the human labels the floor
  ranked better than the plain rate on 11 of 14 train tasks (ROC-AUC +0.001 to
  +0.006) and 0.001-0.003 worse on the other three.
- **Ratio of sums for several sentences** (an article, an actor's sentences):
  total cues / total tokens * 100, the same floor applied to the total. A mean
  of sentence rates would give a two-word fragment the weight of a long
  sentence; the ratio of sums weighs each sentence by its length, so it equals
  the rate of the article read as one text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from framing.signals.matcher import Batch

#: Rates are cues per this many tokens.
PER_TOKENS = 100
#: Denominator floor: a sentence (or set of sentences) shorter than this counts as this long.
MIN_TOKENS = 10


def count_tokens(texts: Sequence[str]) -> np.ndarray:
    """Whitespace-separated tokens of each text (``len(text.split())``)."""
    return np.fromiter((len(text.split()) for text in texts), dtype=np.int64, count=len(texts))


def batch_tokens(batch: Batch) -> np.ndarray:
    """`count_tokens` of a batch's texts, counted once however many families read them."""
    if "n_tokens" not in batch.cache:
        batch.cache["n_tokens"] = count_tokens(batch.texts)
    return batch.cache["n_tokens"]


def rate(count, n_tokens, *, min_tokens: int = MIN_TOKENS) -> np.ndarray:
    """``count`` per `PER_TOKENS` tokens, the denominator floored at ``min_tokens``.

    For several sentences pass the summed counts and summed tokens (ratio of sums).
    """
    count = np.asarray(count, dtype=float)
    return count * PER_TOKENS / np.maximum(np.asarray(n_tokens, dtype=float), min_tokens)


def rate_column(score_column: str) -> str:
    """Name of the rate beside a score column: ``alarm_score`` -> ``alarm_rate``."""
    return score_column.removesuffix("_score") + "_rate"
