"""Notes under the article figures are computed from the figure's data, so they follow the article."""

from framing.figures.article import PLOTS
from framing.figures.notes import NOTES, figure_note


def test_notes_cover_every_article_figure():
    assert set(NOTES) == set(PLOTS)


def test_seed_notes_state_what_the_seed_figures_show(seed_table, tmp_path):
    import pandas as pd

    csvs = {name: plot(seed_table, tmp_path, stem=name)[1] for name, plot in PLOTS.items()}
    notes = {name: figure_note(name, path) for name, path in csvs.items()}
    timeline = pd.read_csv(csvs["timeline"])
    body = timeline[timeline["kind"] == "body"]
    assert f"Of {len(body)} body sentences" in notes["timeline"] and len(body) == 41
    top_alarm = int(body.loc[body["alarm_rate"].idxmax(), "sentence"])
    assert f"alarm in {int((body['alarm_score'] != 0).sum())} (highest: #{top_alarm}," in notes["timeline"]
    assert "anonymous officials: 14 sentences" in notes["sources"]
    assert "“[anonymous source]” ×14" in notes["cues"]
    assert "Donald Trump → Joe Biden (#39)" in notes["blame"]
    assert notes["actors"].startswith("Most alarm surrounds ")


def test_notes_of_another_article_say_nothing_of_the_seed(tmp_path):
    from framing import analyze

    table = analyze(
        {"other": "Officials said the bridge may reopen soon.\nThe mayor blamed the council for the delay."}
    )
    notes = " ".join(figure_note(name, plot(table, tmp_path, stem=name)[1]) for name, plot in PLOTS.items())
    assert "Of 2 body sentences" in notes
    assert "Trump" not in notes and "North Korea" not in notes
