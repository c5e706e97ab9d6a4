"""Per-sentence signal families, each a scikit-learn transformer that explains itself with cue spans."""

from framing.signals.alarm import AlarmSignals
from framing.signals.attribution import SourceAttribution
from framing.signals.base import CUE_COLUMNS, CueFamily, Extraction
from framing.signals.hedging import HedgingSignals
from framing.signals.partisan import PartisanSignals
from framing.signals.topic import TopicSignals

FAMILIES = (HedgingSignals, AlarmSignals, TopicSignals, PartisanSignals, SourceAttribution)

__all__ = [
    "CUE_COLUMNS",
    "FAMILIES",
    "AlarmSignals",
    "CueFamily",
    "Extraction",
    "HedgingSignals",
    "PartisanSignals",
    "SourceAttribution",
    "TopicSignals",
]
