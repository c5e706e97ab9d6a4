"""Figures: byte-identical across runs, every point traceable to a sentence, and the manifest check."""

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing.errors import InputError
from framing.figures import (
    FIGURES,
    MANIFEST_NAME,
    article,
    check_figures,
    default_out_dir,
    make_figures,
    register,
    write_manifest,
)
from framing.figures.style import write_data

ROOT = Path(__file__).resolve().parents[1]
ARTICLE_ID = "nbc-russia-north-korea-alliance"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module", autouse=True)
def _in_repo():
    """Figures find seeds/ beside the source tree, or in the current folder when framing is installed."""
    before = Path.cwd()
    os.chdir(ROOT)
    yield
    os.chdir(before)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("figures-a")
    make_figures(out)
    return out


@pytest.fixture(scope="module")
def seed(seed_text) -> pd.DataFrame:
    from framing import analyze

    return analyze({ARTICLE_ID: seed_text})


@pytest.mark.slow
def test_figures_are_byte_identical_across_runs_and_processes(
    made, tmp_path, make_figures_in_new_process, file_bytes
):
    # A second run in a fresh interpreter with another hash seed, into another folder.
    other = tmp_path / "figures-b"
    make_figures_in_new_process(other, hash_seed=12345)
    first, second = file_bytes(made), file_bytes(other)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert not different, f"figure files differ between runs: {different}"


def test_every_figure_writes_a_png_and_a_csv_keyed_by_sentence(made, seed):
    sentences = set(zip(seed["article_id"], seed["sentence"], strict=True))
    # Article figures only: the classifier figures plot a model, not sentences (tests/test_classifier_figures.py).
    for name in (n for n in FIGURES if n.startswith("article-")):
        png, csv = made / f"{name}.png", made / f"{name}.csv"
        assert png.read_bytes().startswith(PNG_SIGNATURE), name
        assert b"matplotlib" not in png.read_bytes(), f"{name}: software version leaked into the PNG"
        raw = csv.read_bytes()
        assert raw.endswith(b"\n") and b"\r" not in raw, name
        data = pd.read_csv(csv, keep_default_na=False)
        assert {"article_id", "sentence"} <= set(data.columns), name
        assert len(data), f"{name}: no rows"
        keys = set(zip(data["article_id"].astype(str), data["sentence"].astype(int), strict=True))
        assert keys <= sentences, f"{name}: rows that trace to no sentence: {sorted(keys - sentences)[:3]}"


def test_timeline_marks_the_top_sentences(made, seed):
    data = pd.read_csv(made / "article-timeline.csv", keep_default_na=False).set_index("sentence")
    body = seed[seed["kind"] == "body"]
    for family in ("hedging", "alarm", "partisan"):
        top = int(body.loc[body[f"{family}_rate"].idxmax(), "sentence"])  # the earliest on a tie
        marked = [n for n, tops in data["top_of"].items() if family in tops.split(";")]
        assert marked == [top], family
    assert "boilerplate" not in set(data["kind"])
    assert set(data.loc[data["kind"] == "heading"].index) == set(
        seed.loc[seed["kind"] == "heading", "sentence"]
    )
    assert len(data) == (seed["kind"] != "boilerplate").sum()


def test_sources_groups_and_wording_only_hedging(made, seed):
    data = pd.read_csv(made / "article-sources.csv", keep_default_na=False)
    body = seed[seed["kind"] == "body"]
    assert data["source_kind"].value_counts().to_dict() == body["source_kind"].value_counts().to_dict()
    assert {"anonymous_official", "named_person"} <= set(data["source_kind"])
    anonymous = data[data["source_kind"] == "anonymous_official"]
    assert (anonymous["hedging_score"] - anonymous["hedging_from_wording"] == 1).all()
    others = data[data["source_kind"] != "anonymous_official"]
    assert (others["hedging_score"] == others["hedging_from_wording"]).all()


def test_cue_counts_match_the_table(made, seed):
    data = pd.read_csv(made / "article-cues.csv", keep_default_na=False)
    cues = article.cue_table(seed[seed["kind"] != "boilerplate"])
    alarm = cues[cues["family"] == "alarm"]
    assert (data["family"] == "alarm").sum() == len(alarm)
    assert "argument_verb" not in set(data["category"])  # rule-only cues feed no score
    top = data[(data["family"] == "alarm") & (data["term_rank"] == 1)]
    # weapons words are topic, not alarm (alarm.tsv 0.3.0): the most frequent alarm cue is a threat word
    assert set(top["term"]) == {"provocative"}
    assert top["term_count"].iloc[0] == (alarm["term"] == "provocative").sum()
    anonymous = data[data["category"] == "anonymous_source"]
    assert set(anonymous["term"]) == {article.ANONYMOUS_TERM}
    assert len(anonymous) == (seed["hedging_anonymous_source"] > 0).sum()


def test_blame_pairs_on_the_seed(seed):
    blame = article.blame_table(seed).set_index("sentence")
    # Trump: "both wars are a result of Biden's leadership"; then the administration's rebuttal defends Biden.
    assert (blame.loc[39, "pair"], blame.loc[39, "kind"], blame.loc[39, "cue"]) == (
        "Donald Trump → Joe Biden",
        "blame",
        "a result of",
    )
    assert (blame.loc[40, "pair"], blame.loc[40, "kind"]) == (
        "Biden administration officials → Joe Biden",
        "rebuttal",
    )
    assert blame.loc[5, "pair"] == "U.S. intelligence officials → Russia"
    resolved = seed[(seed["kind"] == "body") & (seed["blame_target"] != "")]
    assert set(resolved["sentence"]) == set(blame.index[blame["blame_target"] != ""])


def test_actors_merge_forms_and_skip_the_quoted_source(seed):
    actors = article.find_actors(seed)
    by_actor = actors.groupby("actor")
    sentences = by_actor["sentence"].apply(set)
    assert {"North Korea", "Russia", "Vladimir Putin", "Kim Jong Un", "Joe Biden", "U.S."} <= set(
        sentences.index
    )
    forms = by_actor["mentions"].apply(lambda s: set(";".join(s).split(";")))
    assert {"Pyongyang", "North Korean", "North Korea"} <= forms["North Korea"]
    assert {"Moscow", "Russian", "Russia"} <= forms["Russia"]
    assert {"Putin", "Vladimir Putin"} <= forms["Vladimir Putin"]
    # "according to six senior U.S. officials" is the source of #0, not a mention of the U.S.
    assert "U.S." in seed.loc[0, "source_text"] and 0 not in sentences["U.S."]
    assert not {"Officials", "Satellite", "Relations", "September", "October"} & set(sentences.index)
    summed = by_actor["alarm_score"].sum().sort_values(ascending=False)
    assert list(summed.index[:2]) == ["Russia", "North Korea"]  # 10.5, 9.5 once weapons words left alarm
    parts = article.alarm_contributions(actors, article.alarm_categories(seed))
    np.testing.assert_allclose(parts.sum(axis=1), actors["alarm_score"])


def test_article_figures_refuse_several_articles(seed, tmp_path):
    two = pd.concat([seed, seed.assign(article_id="other")], ignore_index=True)
    with pytest.raises(InputError, match="one article"):
        article.plot_timeline(two, tmp_path)


def test_article_figures_on_an_article_without_blame_or_actors(tmp_path):
    from framing import analyze

    table = analyze({"calm": "The weather was mild on Tuesday.\nPeople walked in the park."})
    paths = article.article_figures(table, tmp_path, prefix="calm")
    assert [p.name for p in paths[:2]] == ["calm-timeline.png", "calm-timeline.csv"]
    assert all(p.is_file() for p in paths) and len(paths) == 10
    assert pd.read_csv(tmp_path / "calm-blame.csv").empty
    assert pd.read_csv(tmp_path / "calm-actors.csv").empty


def test_write_data_is_order_independent_and_normalised(tmp_path):
    frame = pd.DataFrame({"article_id": ["a", "a", "b"], "sentence": [2, 1, 0], "x": [-0.0, 1 / 3, 1e-9]})
    write_data(frame, tmp_path / "one.csv", sort_by=("article_id", "sentence"))
    write_data(frame.iloc[::-1], tmp_path / "two.csv", sort_by=("article_id", "sentence"))
    one = (tmp_path / "one.csv").read_bytes()
    assert one == (tmp_path / "two.csv").read_bytes()
    assert one == b"article_id,sentence,x\na,1,0.333333\na,2,0\nb,0,1e-09\n"


def test_check_passes_then_names_the_altered_figure(made, tmp_path, file_bytes):
    manifest = write_manifest(made, tmp_path / MANIFEST_NAME, regenerate=False)
    assert check_figures(made, manifest) == []

    recorded = json.loads(manifest.read_text(encoding="utf-8"))
    assert set(recorded["figures"]) == set(FIGURES)
    assert set(recorded["versions"]) == {"python", "matplotlib", "numpy", "pandas", "freetype"}

    altered = tmp_path / "altered"
    altered.mkdir()
    for name, content in file_bytes(made).items():
        (altered / name).write_bytes(content)
    csv = altered / "article-blame.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("Donald Trump", "Someone Else"), encoding="utf-8")
    problems = check_figures(altered, manifest)
    assert len(problems) == 1 and problems[0].startswith("article-blame: data article-blame.csv")

    (altered / "article-cues.png").unlink()
    (altered / "stale.png").write_bytes(PNG_SIGNATURE)
    problems = check_figures(altered, manifest)
    assert any(p.startswith("article-cues:") and "missing" in p for p in problems)
    assert any(p.startswith("stale.png:") for p in problems)


def test_check_names_a_figure_whose_regenerated_data_changed(made, tmp_path):
    manifest = write_manifest(made, tmp_path / MANIFEST_NAME, regenerate=False)
    recorded = json.loads(manifest.read_text(encoding="utf-8"))
    recorded["figures"]["article-actors"]["article-actors.csv"]["sha256"] = "0" * 64
    manifest.write_text(json.dumps(recorded), encoding="utf-8")
    problems = check_figures(None, manifest)
    assert problems == ["article-actors: data article-actors.csv (regenerated) differs from the manifest"]


def test_images_are_compared_only_under_the_recorded_versions(made, tmp_path):
    manifest = write_manifest(made, tmp_path / MANIFEST_NAME, regenerate=False)
    recorded = json.loads(manifest.read_text(encoding="utf-8"))
    recorded["figures"]["article-timeline"]["article-timeline.png"]["sha256"] = "0" * 64
    manifest.write_text(json.dumps(recorded), encoding="utf-8")
    expected = "article-timeline: image article-timeline.png (regenerated) differs from the manifest under the same versions"
    assert check_figures(None, manifest) == [expected]

    recorded["versions"]["matplotlib"] = "0.0"
    manifest.write_text(json.dumps(recorded), encoding="utf-8")
    notes: list[str] = []
    assert check_figures(None, manifest, notes=notes) == []
    assert notes and notes[0].startswith("image not compared: versions differ (matplotlib 0.0 → ")


def test_registry_names_are_unique_and_known():
    with pytest.raises(ValueError, match="already registered"):
        register("article-timeline", lambda out_dir: [])
    with pytest.raises(InputError, match="unknown figure"):
        make_figures(ROOT / "out" / "never-written", names=["no-such-figure"])


@pytest.mark.slow
def test_committed_figures_match_their_manifest():
    """docs/figures must be regenerated (framing figures --update-manifest) when the figures' data change."""
    notes: list[str] = []
    assert default_out_dir() == ROOT / "docs" / "figures"
    problems = check_figures(default_out_dir(), notes=notes)
    assert problems == [], "\n".join(["stale figures; run: framing figures --update-manifest", *problems])


def test_article_figures_accept_a_table_read_back_from_csv(seed, made, tmp_path):
    """``framing analyze --out x.csv`` then figures: empty strings come back as NaN."""
    seed.to_csv(tmp_path / "seed.csv", index=False)
    table = pd.read_csv(tmp_path / "seed.csv")
    assert table["blamer"].isna().any()
    paths = article.article_figures(table, tmp_path / "figures")
    for path in paths:
        if path.suffix == ".csv":
            assert path.read_bytes() == (made / path.name).read_bytes(), path.name
