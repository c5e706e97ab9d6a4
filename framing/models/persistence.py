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

import json
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
        "framing.models.pipeline.NgramTfidf",
        "framing.models.pipeline.TargetConjunctions",
        "framing.models.pipeline.TargetMention",
        "framing.signals.alarm.AlarmSignals",
        "framing.signals.attribution.SourceAttribution",
        "framing.signals.hedging.HedgingSignals",
        "framing.signals.partisan.PartisanSignals",
        "framing.signals.topic.TopicSignals",
        "sklearn.calibration._CalibratedClassifier",
        "sklearn.calibration._SigmoidCalibration",
    }
)

# What skops raises on a truncated, foreign or damaged file (checked on each kind of damage).
_UNREADABLE = (zipfile.BadZipFile, EOFError, OSError, KeyError, ValueError, TypeError, AttributeError)


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
    if not path.is_file():
        where = "is a directory" if path.is_dir() else "does not exist"
        raise ModelFileError(
            f"model file {_show(path)} {where}; train one with: framing train DATA --label COL --out {path}"
        )
    try:
        found = sio.get_untrusted_types(file=path)
    except _UNREADABLE as err:
        raise ModelFileError(
            f"{_show(path)} is not a readable skops model file ({type(err).__name__}: {_brief(err)}); "
            "it may be truncated or not a model: retrain it or copy it again"
        ) from None
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
    except _UNREADABLE as err:
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
    trained_with = document.get("sklearn_version")
    if trained_with != sklearn.__version__:
        warnings.warn(
            f"{path} was trained with scikit-learn {trained_with} and is used with {sklearn.__version__}; "
            "predictions may differ, retrain to be sure",
            stacklevel=2,
        )
    return document["pipeline"], metadata


def _brief(err: Exception) -> str:
    return " ".join(str(err).split())[:160] or "no detail"
