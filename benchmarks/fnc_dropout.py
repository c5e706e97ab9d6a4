"""FNC-1: UCLMR's network trained with their dropout, against the kept ``mlp_uclmr``; pair-fold CV on train only.

    OMP_NUM_THREADS=1 python benchmarks/fnc_dropout.py [--data-dir ../shared/data/external] [--epochs 20 45 90]

(one BLAS thread, as measured: float32 sums in another order can move a score in the last digits).

``mlp_uclmr`` trains UCLMR's network (Riedel et al. 2017) with scikit-learn, which has no dropout, so it
trains 20 epochs with L2 alone instead of their 90 with dropout. This script trains the network as they
did: keep probability 0.6 on the hidden layer and on the logits, L2 of 1e-5 on every weight and bias
summed with the cross-entropy over each batch of 500, Adam at 0.01, gradients clipped to a global norm
of 5, Glorot-uniform weights; written in numpy (float32, sparse input) because scikit-learn cannot.
Each setting is fitted on the same 3 pair folds of the training pairs and the same features as the
kept model (``framing.benchmarks.DOCUMENTED_SETTINGS``, n-grams only, pair variant
``uclmr_similarity``), seed 0, and its FNC-1 score is printed per fold with the fit's CPU seconds.
The rule of the earlier FNC-1 challengers holds: the test split is scored only if CV chooses a
challenger by its mean and the paired interval of the difference lies above 0. No test pair is read here.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.preprocessing import LabelEncoder

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from framing.benchmarks.challenger import training_data
from framing.benchmarks.metrics import _fold_score
from framing.benchmarks.run import DOCUMENTED_SETTINGS
from framing.benchmarks.selection import _fold_matrices
from framing.models.pipeline import classifier
from framing.models.selection import splits

TASK = "fnc1-stance"


class DropoutMLPClassifier(ClassifierMixin, BaseEstimator):
    """One hidden ReLU layer and a softmax, trained with dropout as UCLMR trained theirs (see the module docstring).

    Dropout is only for training: ``predict_proba`` runs the full network. ``random_state``
    seeds the initial weights, the batch order and the dropout masks.
    """

    def __init__(
        self,
        hidden: int = 100,
        keep_prob: float = 0.6,
        l2: float = 1e-5,
        learning_rate: float = 0.01,
        batch_size: int = 500,
        epochs: int = 90,
        clip_norm: float = 5.0,
        random_state=0,
    ):
        self.hidden = hidden
        self.keep_prob = keep_prob
        self.l2 = l2
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.epochs = epochs
        self.clip_norm = clip_norm
        self.random_state = random_state

    def fit(self, X, y):
        X = sp.csr_matrix(X, dtype=np.float32)
        enc = LabelEncoder().fit(y)
        self.classes_ = enc.classes_
        t = enc.transform(y)
        n, d = X.shape
        k = len(self.classes_)
        rng = np.random.default_rng(self.random_state)
        lim1, lim2 = np.sqrt(6 / (d + self.hidden)), np.sqrt(6 / (self.hidden + k))
        params = [
            rng.uniform(-lim1, lim1, (d, self.hidden)).astype(np.float32),
            np.zeros(self.hidden, np.float32),
            rng.uniform(-lim2, lim2, (self.hidden, k)).astype(np.float32),
            np.zeros(k, np.float32),
        ]
        m = [np.zeros_like(p) for p in params]
        v = [np.zeros_like(p) for p in params]
        b1, b2, eps, step = 0.9, 0.999, 1e-8, 0
        Y = np.eye(k, dtype=np.float32)[t]
        keep = self.keep_prob
        for _ in range(self.epochs):
            order = rng.permutation(n)
            for start in range(0, n, self.batch_size):
                idx = order[start : start + self.batch_size]
                Xb, Yb = X[idx], Y[idx]
                W1, c1, W2, c2 = params
                Z1 = Xb @ W1 + c1
                A1 = np.maximum(Z1, 0)
                M1 = (rng.random(A1.shape, dtype=np.float32) < keep) / np.float32(keep)
                H = A1 * M1
                Z2 = H @ W2 + c2
                M2 = (rng.random(Z2.shape, dtype=np.float32) < keep) / np.float32(keep)
                L = Z2 * M2
                L -= L.max(axis=1, keepdims=True)
                P = np.exp(L)
                P /= P.sum(axis=1, keepdims=True)
                dL = P - Yb  # summed cross-entropy over the batch
                dZ2 = dL * M2
                gW2 = H.T @ dZ2 + self.l2 * W2
                gc2 = dZ2.sum(axis=0) + self.l2 * c2
                dZ1 = (dZ2 @ W2.T) * M1 * (Z1 > 0)
                gW1 = np.asarray(Xb.T @ dZ1) + self.l2 * W1
                gc1 = dZ1.sum(axis=0) + self.l2 * c1
                grads = [gW1, gc1, gW2, gc2]
                norm = np.sqrt(sum(float((g * g).sum()) for g in grads))
                if norm > self.clip_norm:
                    grads = [g * (self.clip_norm / norm) for g in grads]
                step += 1
                lr = self.learning_rate * np.sqrt(1 - b2**step) / (1 - b1**step)
                for p, g, mi, vi in zip(params, grads, m, v):
                    mi *= b1
                    mi += (1 - b1) * g
                    vi *= b2
                    vi += (1 - b2) * g * g
                    p -= lr * mi / (np.sqrt(vi) + eps)
        self.params_ = params
        return self

    def predict_proba(self, X):
        X = sp.csr_matrix(X, dtype=np.float32)
        W1, c1, W2, c2 = self.params_
        Z2 = np.maximum(X @ W1 + c1, 0) @ W2 + c2
        Z2 -= Z2.max(axis=1, keepdims=True)
        P = np.exp(Z2)
        return P / P.sum(axis=1, keepdims=True)

    def predict(self, X):
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", default=str(ROOT.parent / "shared" / "data" / "external"))
    parser.add_argument("--epochs", type=int, nargs="+", default=[20, 45, 90])
    args = parser.parse_args()
    settings = DOCUMENTED_SETTINGS[TASK]
    data = training_data(TASK, args.data_dir, pairs=True)
    labels = list(data.labels)
    variant = ("none", False, False)  # n-grams only: the documented FNC-1 features
    scores: dict[str, list[float]] = {}
    for fold, (train, test) in enumerate(splits(data, settings["folds"], 0)):
        X_train, X_test = _fold_matrices(
            data.X, None, train, test, {variant}, None, settings["pair_variant"], y=data.y
        )[variant]
        candidates = {"mlp_uclmr (kept)": classifier("mlp_uclmr", random_state=0)}
        candidates |= {
            f"dropout, {e} epochs": DropoutMLPClassifier(epochs=e, random_state=0) for e in args.epochs
        }
        for name, model in candidates.items():
            start = time.process_time()
            model.fit(X_train, data.y[train])
            score = _fold_score("fnc_score", data.y[test], model.predict(X_test), labels)
            scores.setdefault(name, []).append(score)
            print(f"fold {fold}: {name}: {score:.4f} ({time.process_time() - start:.0f} s)", flush=True)
    print("\n| model | FNC-1 score per pair fold | mean |\n|---|---|---:|")
    for name, values in scores.items():
        print(f"| {name} | {', '.join(f'{v:.3f}' for v in values)} | {np.mean(values):.3f} |")


if __name__ == "__main__":
    main()
