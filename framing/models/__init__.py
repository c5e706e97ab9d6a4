"""Classifiers for framing and stance: validated data, leak-free model selection, honest scores, safe files.

The command line wraps :func:`train_model`, :func:`evaluate_model` and
:func:`predict_table`; the pieces they are built from are importable for
notebooks and benchmarks.
"""

from framing.models.api import evaluate_model, predict_table, train_model
from framing.models.data import LabelledData, load_labelled
from framing.models.figures import plot_confusion_matrix
from framing.models.metrics import classification_report_ci
from framing.models.persistence import TRUSTED_TYPES, load_model, save_model
from framing.models.pipeline import MODELS, build_pipeline
from framing.models.selection import DEFAULT_MODELS, TrainResult, train

__all__ = [
    "DEFAULT_MODELS",
    "MODELS",
    "TRUSTED_TYPES",
    "LabelledData",
    "TrainResult",
    "build_pipeline",
    "classification_report_ci",
    "evaluate_model",
    "load_labelled",
    "load_model",
    "plot_confusion_matrix",
    "predict_table",
    "save_model",
    "train",
    "train_model",
]
