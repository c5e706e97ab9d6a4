"""Save and load trained pipelines with skops, never pickle, so opening a shared model cannot run code.

A pickle file executes whatever it names when loaded; a skops file is data,
and loading it only builds types that are explicitly trusted. Besides the
types skops trusts by default (scikit-learn and numpy), our pipelines hold the
few listed in ``TRUSTED_TYPES``; a file that needs anything else is refused
until the user has inspected and named it. The model and its metadata (label
names, training-data checksum, versions, CV scores) live in one file, written
atomically, so they cannot drift apart.
"""

from __future__ import annotations

import errno
import json
import stat
import warnings
import zipfile
from collections.abc import Iterable
from pathlib import Path

import sklearn
import skops.io as sio

from framing.errors import ModelFileError
from framing.io.readers import _show
from framing.io.writers import atomic_output

FORMAT = "framing-model"
FORMAT_VERSION = 1

#: Types our pipelines contain beyond those skops trusts by default (see ``build_pipeline``).
TRUSTED_TYPES = frozenset(
    {
        "framing.models.decisions.WeightedDecisionClassifier",
        "framing.models.dense.LatentSemanticSpace",
        "framing.models.encoders.SentenceEncoder",
        "framing.models.ensemble.SeedEnsembleClassifier",
        "framing.models.finetune.FineTunedEncoderClassifier",
        "framing.models.ensemble.SoftVoteClassifier",
        "framing.models.nbsvm.NBSVMClassifier",
        "framing.models.pairs.PairOverlap",
        "framing.models.pairs.PairSimilarity",
        "framing.models.pairs.PairTermVectors",
        "framing.models.pairs.PairTopicSimilarity",
        "framing.models.pipeline.NgramTfidf",
        "framing.models.pipeline.TargetConjunctions",
        "framing.models.pipeline.TargetMention",
        "framing.models.rationales.RationaleScores",
        "framing.models.rationales.TextColumn",
        "framing.models.stacking.PairStackClassifier",
        "framing.signals.alarm.AlarmSignals",
        "framing.signals.attribution.SourceAttribution",
        "framing.signals.hedging.HedgingSignals",
        "framing.signals.partisan.PartisanSignals",
        "framing.signals.topic.TopicSignals",
        "sklearn.calibration._CalibratedClassifier",
        "sklearn.calibration._SigmoidCalibration",
        "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
        "sklearn.neural_network._stochastic_optimizers.AdamOptimizer",
    }
)

# Zip-bomb guards, checked from the zip directory before anything is inflated. The declared size
# bounds what Python's zipfile will inflate (it stops there and fails the CRC check), so checking
# it is enough. Our models: schema.json ~0.6 MB at ratio ~11 for the 52-sentence fixture, arrays at
# ratio 1-20; deflate cannot exceed ~1030:1, which is what bombs use.
MAX_MEMBER_BYTES = 1 << 30  #: uncompressed size of any one member
MAX_TOTAL_BYTES = 2 << 30  #: uncompressed size of all members together
MAX_RATIO = 100  #: uncompressed / compressed, for members over RATIO_FLOOR_BYTES
RATIO_FLOOR_BYTES = 1 << 20


def save_model(pipeline, path, *, metadata: dict, protected: Iterable = ()) -> Path:
    """Write ``pipeline`` and JSON-able ``metadata`` to ``path`` (a ``.skops`` file) atomically.

    The file appears complete or not at all (a temporary file beside it is
    renamed over it); ``protected`` paths (the training data) are never
    overwritten. Metadata is stored as a JSON string so its values stay
    plain data whatever they hold.
    """
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "sklearn_version": sklearn.__version__,
        "metadata_json": json.dumps(metadata, sort_keys=True, ensure_ascii=False, allow_nan=False),
        "pipeline": pipeline,
    }
    with atomic_output(path, protected=protected) as handle:
        sio.dump(document, handle, compression=zipfile.ZIP_DEFLATED)
    return Path(path)


def load_model(path, *, trusted: Iterable[str] | None = None):
    """``(pipeline, metadata)`` from a file written by :func:`save_model`.

    Refuses (``ModelFileError``) a missing or corrupt file, a skops file that is
    not a framing model, and any file holding a type outside ``TRUSTED_TYPES``
    and ``trusted``: pass ``trusted=[...]`` only after inspecting those types.
    """
    path = Path(path)
    _check_is_model_file(path)
    _check_sizes(path)
    try:
        found = sio.get_untrusted_types(file=path)
    except Exception as err:  # noqa: BLE001 - any malformed schema is refused in one line, not a traceback
        raise _unreadable(path, err) from None
    allowed = TRUSTED_TYPES | set(trusted or ())
    unexpected = sorted(set(found) - allowed)
    if unexpected:
        raise ModelFileError(
            f"model file {_show(path)} contains type(s) framing does not trust: {', '.join(unexpected)}; "
            f"loading them could run code, so inspect the file with skops.io.visualize({str(path)!r}) and, only "
            "if you trust its origin, pass trusted=[...] naming them (CLI: --trust TYPE)"
        )
    try:
        document = sio.load(path, trusted=sorted(set(found)))
    except Exception as err:  # noqa: BLE001 - trusted types with absurd contents fail in any way they like
        raise ModelFileError(
            f"cannot load model file {_show(path)} ({type(err).__name__}: {_brief(err)}); it was probably saved "
            f"with other versions of framing or scikit-learn (now {sklearn.__version__}): retrain it"
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT or "pipeline" not in document:
        raise ModelFileError(
            f"{_show(path)} is a skops file but not a framing model; train one with framing train"
        )
    if document.get("format_version") != FORMAT_VERSION:
        raise ModelFileError(
            f"model file {_show(path)} has format version {document.get('format_version')!r}, this framing "
            f"reads version {FORMAT_VERSION}; upgrade framing or retrain the model"
        )
    try:
        metadata = json.loads(document["metadata_json"])
    except (TypeError, ValueError):
        raise ModelFileError(f"model file {_show(path)} has corrupt metadata; retrain it") from None
    pipeline = document["pipeline"]
    if not (callable(getattr(pipeline, "predict", None)) and _fitted_classes(pipeline)) or not isinstance(
        metadata, dict
    ):
        raise ModelFileError(
            f"model file {_show(path)} does not hold a fitted classifier with its metadata; retrain it"
        )
    trained_with = document.get("sklearn_version")
    if trained_with != sklearn.__version__:
        warnings.warn(
            f"{path} was trained with scikit-learn {trained_with} and is used with {sklearn.__version__}; "
            "predictions may differ, retrain to be sure",
            stacklevel=2,
        )
    return pipeline, metadata


def _check_is_model_file(path: Path) -> None:
    """A regular file, or a one-line reason (missing, a directory, a FIFO or device, a link loop)."""
    try:
        mode = path.stat().st_mode
    except OSError as err:
        if err.errno == errno.ELOOP:
            where = "is a symbolic link loop"
        elif path.is_symlink():
            where = "is a broken symbolic link"
        else:
            where = "does not exist"
        raise ModelFileError(
            f"model file {_show(path)} {where}; train one with: framing train DATA --label COL --out {path}"
        ) from None
    if not stat.S_ISREG(mode):
        where = "is a directory" if stat.S_ISDIR(mode) else "is not a regular file (a FIFO, device or socket)"
        raise ModelFileError(
            f"model file {_show(path)} {where}; pass the .skops file written by framing train"
        )


def _check_sizes(path: Path) -> None:
    """Refuse a zip bomb from its directory alone: per-member and total size caps, compression ratio."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
        raise _unreadable(path, err) from None
    refuse = f"model file {_show(path)} is refused before unpacking"
    advice = "it is not a model framing wrote (a zip bomb?); retrain it or get it from its source again"
    for member in members:
        size, packed = member.file_size, max(member.compress_size, 1)
        if size > MAX_MEMBER_BYTES:
            raise ModelFileError(
                f"{refuse}: {_show(member.filename)} would unpack to {_size(size)}, over the "
                f"{_size(MAX_MEMBER_BYTES)} limit per member; {advice}"
            )
        if size > RATIO_FLOOR_BYTES and size / packed > MAX_RATIO:
            raise ModelFileError(
                f"{refuse}: {_show(member.filename)} has a compression ratio of {size / packed:.0f}:1, over "
                f"the {MAX_RATIO}:1 limit; {advice}"
            )
    total = sum(member.file_size for member in members)
    if total > MAX_TOTAL_BYTES:
        raise ModelFileError(
            f"{refuse}: its {len(members)} members would unpack to {_size(total)} in all, over the "
            f"{_size(MAX_TOTAL_BYTES)} limit; {advice}"
        )


def _size(n: int) -> str:
    return f"{n / (1 << 30):.1f} GB" if n >= 1 << 30 else f"{n / (1 << 20):.1f} MB"


def _fitted_classes(pipeline) -> bool:
    try:
        return len(pipeline.classes_) >= 1
    except Exception:  # noqa: BLE001 - an unfitted or malformed estimator raises whatever it raises
        return False


def _brief(err: Exception) -> str:
    return " ".join(str(err).split())[:160] or "no detail"


def _unreadable(path: Path, err: Exception) -> ModelFileError:
    """The one-line refusal of a file that skops or zipfile cannot read (truncated, or not a model at all)."""
    return ModelFileError(
        f"{_show(path)} is not a readable skops model file ({type(err).__name__}: {_brief(err)}); "
        "it may be truncated or not a model: retrain it or copy it again"
    )
