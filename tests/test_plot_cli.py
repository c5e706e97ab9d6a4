"""framing plot: the article figures for the user's own article, from text or from a signals table."""

from pathlib import Path

import pandas as pd

from framing.cli import main
from framing.figures.article import PLOTS

CORPUS = Path(__file__).resolve().parent / "fixtures" / "compare_corpus.csv"


def test_plot_any_text_article(tmp_path, capsys):
    text = pd.read_csv(CORPUS).set_index("id").loc["courier-strike", "text"]
    article = tmp_path / "my-article.txt"
    article.write_text(text, encoding="utf-8")
    assert main(["plot", str(article), "--out", str(tmp_path / "figs")]) == 0
    written = sorted(p.name for p in (tmp_path / "figs").iterdir())
    assert written == sorted(f"my-article-{name}.{ext}" for name in PLOTS for ext in ("png", "csv"))
    timeline = pd.read_csv(tmp_path / "figs" / "my-article-timeline.csv")
    assert set(timeline["article_id"]) == {"my-article"}
    capsys.readouterr()


def test_plot_one_article_of_a_signals_table(tmp_path, capsys):
    signals = tmp_path / "signals.csv"
    assert main(["analyze", str(CORPUS), "--out", str(signals), "--quiet"]) == 0
    assert main(["plot", str(signals), "--out", str(tmp_path / "none")]) == 2
    assert "--article-id" in capsys.readouterr().err and not (tmp_path / "none").exists()
    assert main(["plot", str(signals), "--article-id", "wire-flood", "--out", str(tmp_path / "figs")]) == 0
    assert (tmp_path / "figs" / "wire-flood-cues.png").is_file()
