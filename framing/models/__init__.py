"""Classifiers for framing and stance: validated data, leak-free model selection, honest scores, safe files.

The command line wraps :func:`train_model`, :func:`evaluate_model` and
:func:`predict_table`; the pieces they are built from are importable for
notebooks and benchmarks.

Names are loaded on first use (PEP 562): ``framing analyze`` builds the whole
command-line parser, which reads the model names, and should not pay for skops
and matplotlib, which only training, evaluation and prediction need.
"""

from importlib import import_module

_HOMES = {
    "evaluate_model": "api",
    "predict_table": "api",
    "train_model": "api",
    "LabelledData": "data",
    "load_labelled": "data",
    "plot_confusion_matrix": "figures",
    "classification_report_ci": "metrics",
    "TRUSTED_TYPES": "persistence",
    "load_model": "persistence",
    "save_model": "persistence",
    "MODELS": "pipeline",
    "build_pipeline": "pipeline",
    "DEFAULT_MODELS": "selection",
    "TrainResult": "selection",
    "train": "selection",
}

__all__ = list(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))
