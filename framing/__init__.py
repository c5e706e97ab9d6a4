"""framing: explained hedging, alarm and partisan-framing signals and classifiers for news text."""

from framing.analyze import analyze
from framing.comparison import compare
from framing.signals import AlarmSignals, HedgingSignals, PartisanSignals, SourceAttribution, TopicSignals
from framing.stance import blame_instances, blame_network, stance_table
from framing.summary import summarize

__version__ = "0.1.0"

__all__ = [
    "AlarmSignals",
    "HedgingSignals",
    "PartisanSignals",
    "SourceAttribution",
    "TopicSignals",
    "__version__",
    "analyze",
    "blame_instances",
    "blame_network",
    "compare",
    "stance_table",
    "summarize",
]
