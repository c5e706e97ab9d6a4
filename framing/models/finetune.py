"""A sentence encoder fine-tuned on the labelled sentences: a classifier, not a fixed feature block.

A frozen encoder (:mod:`framing.models.encoders`) places sentences by what they mean in general; a model on
top of it can only draw lines through that space. Fine-tuning moves the space itself towards the labels, as
the published BABE and stance systems do with BERT (Spinde et al. 2021). all-MiniLM-L6-v2 is small enough
(22.7 M weights) to train on a CPU: a few thousand sentences take minutes on two cores.

:class:`FineTunedEncoderClassifier` trains the encoder with a linear head on its mean-pooled tokens
(cross-entropy, AdamW, linear warm-up and decay, dropout before the head), seeded: the same data, seed and
number of threads give the same weights. The trained weights are kept as numpy arrays, so a model saved with
skops holds them (about 90 MB in float32) and the base encoder is still read from the hash-checked package.
"""

from __future__ import annotations

import copy
import numbers

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted

from framing.models.encoders import encoder_info, load_encoder
from framing.signals.base import check_texts


def _positive(name: str, value, kind=numbers.Integral) -> None:
    if isinstance(value, bool) or not isinstance(value, kind) or value <= 0:
        raise ValueError(
            f"{name} must be a positive {'integer' if kind is numbers.Integral else 'number'}, not {value!r}"
        )


#: Batches per pool: within a pool, batches are cut from texts of similar length (see ``_length_batches``).
POOL_BATCHES = 32


def _length_batches(rng: np.random.Generator, lengths: np.ndarray, batch_size: int) -> list[np.ndarray]:
    """One epoch's batches of row indices: shuffled, then sorted by length within pools of ``POOL_BATCHES``
    batches, so a batch pads to a similar length (BABE: 45 word pieces instead of 72 on average), and the
    batches shuffled again so the lengths do not come in order."""
    order = rng.permutation(len(lengths))
    pool_size = POOL_BATCHES * batch_size
    batches = []
    for start in range(0, len(order), pool_size):
        pool = order[start : start + pool_size]
        pool = pool[np.argsort(lengths[pool], kind="stable")]
        batches += [pool[i : i + batch_size] for i in range(0, len(pool), batch_size)]
    return [batches[i] for i in rng.permutation(len(batches))]


def _batches_per_epoch(n: int, batch_size: int) -> int:
    """How many batches ``_length_batches`` cuts from ``n`` texts (each pool's last batch may be short)."""
    full, rest = divmod(n, POOL_BATCHES * batch_size)
    return full * POOL_BATCHES + -(-rest // batch_size)


class FineTunedEncoderClassifier(ClassifierMixin, BaseEstimator):
    """A pretrained sentence encoder and a linear head, trained together on ``(texts, labels)``.

    Defaults follow the usual recipe for small BERT-like encoders (3 epochs, learning rate 5e-5, batches of
    16, 10 % warm-up), fixed before any benchmark, not tuned on one. ``max_length`` truncates long texts in
    word pieces. Training is always seeded, by ``random_state`` (head, dropout and batch order; None counts as 0);
    PyTorch sums in an order that depends on its number of threads, so bit-identical weights also need the same
    thread count.
    """

    def __init__(
        self,
        encoder: str = "all-MiniLM-L6-v2",
        epochs: int = 3,
        learning_rate: float = 5e-5,
        batch_size: int = 16,
        max_length: int = 128,
        warmup: float = 0.1,
        weight_decay: float = 0.01,
        dropout: float = 0.1,
        random_state: int | None = 0,
    ):
        self.encoder = encoder
        self.epochs = epochs
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.max_length = max_length
        self.warmup = warmup
        self.weight_decay = weight_decay
        self.dropout = dropout
        self.random_state = random_state

    def _check_params(self) -> None:
        for name in ("epochs", "batch_size", "max_length"):
            _positive(name, getattr(self, name))
        _positive("learning_rate", self.learning_rate, numbers.Real)
        for name in ("warmup", "dropout"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= value < 1:
                raise ValueError(f"{name} must be a number in [0, 1), not {value!r}")
        if (
            isinstance(self.weight_decay, bool)
            or not isinstance(self.weight_decay, numbers.Real)
            or (self.weight_decay < 0)
        ):
            raise ValueError(f"weight_decay must be a non-negative number, not {self.weight_decay!r}")

    def fit(self, X, y):
        self._check_params()
        texts = np.array(check_texts(self, X, reset=True), dtype=object)
        y = np.asarray(y)
        if len(y) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(y)} labels")
        check_classification_targets(y)
        self.classes_, codes = np.unique(y, return_inverse=True)
        if len(self.classes_) < 2:
            raise ValueError(f"fine-tuning needs at least two classes, got {list(self.classes_)}")
        self.weights_sha256_ = encoder_info(self.encoder)["weights_sha256"]  # fails first without the extra
        import torch

        seed = 0 if self.random_state is None else int(self.random_state)
        torch.manual_seed(seed)
        module, tokenizer = self._base()
        head = torch.nn.Linear(module.config.hidden_size, len(self.classes_))
        parameters = list(module.parameters()) + list(head.parameters())
        optimizer = torch.optim.AdamW(parameters, lr=self.learning_rate, weight_decay=self.weight_decay)
        steps = self.epochs * _batches_per_epoch(len(texts), self.batch_size)
        warm = max(1, int(self.warmup * steps))
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimizer, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (steps - s) / steps)
        )
        targets = torch.as_tensor(codes)
        rng = np.random.default_rng(seed)
        lengths = np.array([len(t) for t in texts])
        module.train()
        for _ in range(self.epochs):
            for batch in _length_batches(rng, lengths, self.batch_size):
                pooled = self._pool(module, tokenizer, texts[batch])
                pooled = torch.nn.functional.dropout(pooled, self.dropout, training=True)
                loss = torch.nn.functional.cross_entropy(head(pooled), targets[batch])
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                schedule.step()
        module.eval()
        self.encoder_state_ = {k: v.detach().numpy().copy() for k, v in module.state_dict().items()}
        self.coef_ = head.weight.detach().numpy().astype(np.float64)
        self.intercept_ = head.bias.detach().numpy().astype(np.float64)
        self._module = module
        return self

    def _base(self):
        """A trainable copy of the encoder's transformer (the loaded model stays as published) and its tokenizer."""
        first = load_encoder(self.encoder)[0]
        return copy.deepcopy(first.auto_model), first.tokenizer

    def _pool(self, module, tokenizer, texts):
        """Mean of the token vectors, padding left out, as the encoder itself pools."""
        batch = tokenizer(
            list(texts), padding=True, truncation=True, max_length=self.max_length, return_tensors="pt"
        )
        tokens = module(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).to(tokens.dtype)
        return (tokens * mask).sum(1) / mask.sum(1).clamp(min=1e-9)

    def _trained(self):
        """The trained transformer, rebuilt once from ``encoder_state_`` after loading from a file."""
        import torch

        module = getattr(self, "_module", None)
        if module is None:
            module, _ = self._base()
            module.load_state_dict(
                {k: torch.from_numpy(np.asarray(v)) for k, v in self.encoder_state_.items()}
            )
            module.eval()
            self._module = module
        return module

    def _logits(self, X) -> np.ndarray:
        import torch

        check_is_fitted(self, "encoder_state_")
        texts = check_texts(self, X, reset=False)
        module = self._trained()
        tokenizer = load_encoder(self.encoder)[0].tokenizer
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # batches of similar length pad less
        scores = np.zeros((len(texts), len(self.classes_)))
        with torch.no_grad():
            for start in range(0, len(order), 64):
                rows = order[start : start + 64]
                pooled = self._pool(module, tokenizer, [texts[i] for i in rows]).numpy().astype(np.float64)
                scores[rows] = pooled @ self.coef_.T + self.intercept_
        return scores

    def predict_proba(self, X) -> np.ndarray:
        scores = self._logits(X)
        scores -= scores.max(axis=1, keepdims=True)
        odds = np.exp(scores)
        return odds / odds.sum(axis=1, keepdims=True)

    def predict(self, X) -> np.ndarray:
        return self.classes_[np.argmax(self._logits(X), axis=1)]

    def __getstate__(self):
        # The live PyTorch module is rebuilt from encoder_state_; a saved model holds numpy arrays only.
        state = self.__dict__.copy()
        state.pop("_module", None)
        return state
