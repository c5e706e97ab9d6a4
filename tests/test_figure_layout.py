"""Every label of the confusion matrix lies inside the canvas, however many classes there are."""

from __future__ import annotations

import numpy as np
import pytest

from framing.models import figures

FRAMES = [  # the nine longest-named frames of the Media Frames Corpus codebook
    "capacity_and_resources",
    "crime_and_punishment",
    "economic",
    "fairness_and_equality",
    "health_and_safety",
    "legality_constitutionality_jurisprudence",
    "morality",
    "policy_prescription_and_evaluation",
    "security_and_defense",
]


@pytest.mark.parametrize("k", [2, 5, 9])
def test_confusion_matrix_text_stays_on_the_canvas(tmp_path, monkeypatch, k):
    drawn = []

    class Recording(figures.Figure):
        def savefig(self, *args, **kw):
            drawn.append(self)
            return super().savefig(*args, **kw)

    monkeypatch.setattr(figures, "Figure", Recording)
    labels = FRAMES[:k]
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.choice(labels, 300), rng.choice(labels, 300)
    figures.plot_confusion_matrix(y_true, y_pred, labels, tmp_path / "cm.png", title="frame: out-of-fold")
    (fig,) = drawn
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        box = ax.get_tightbbox(renderer)
        assert box.x0 >= 0 and box.y0 >= 0, f"{k} classes: text cut at the left or bottom ({box})"
        assert box.x1 <= fig.bbox.width and box.y1 <= fig.bbox.height, f"{k} classes: text cut ({box})"
