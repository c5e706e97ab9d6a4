"""Tests for framing.datasets: fixture-based (always) and against the real external data
(``@pytest.mark.external``, skipped when ../shared/data/external is absent)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from framing.datasets import (
    COLUMNS,
    CONSTRUCTS,
    SPLITS,
    TASKS,
    available_tasks,
    default_data_dir,
    load_hedge_cue_lists,
    load_task,
)
from framing.datasets._common import group_split, normalise
from framing.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures" / "external"


def check_schema(df: pd.DataFrame, name: str) -> None:
    task = TASKS[name]
    assert list(df.columns) == list(COLUMNS)
    assert len(df) > 0
    for col in COLUMNS:
        assert all(type(v) is str for v in df[col]), f"{name}: {col} not all str"
    assert df["id"].is_unique
    texts = set(df["text"])  # unique texts only: FNC-1 repeats long bodies thousands of times
    assert all(t and t == normalise(t) for t in texts)
    assert set(df["label"]) <= set(task.labels)
    assert set(df["split"]) <= set(SPLITS)
    assert df["group"].str.len().gt(0).all()
    # no group straddles train and test in OUR splits
    if "OUR split" in task.split_note:
        assert df.groupby("group")["split"].nunique().max() == 1
    if task.construct == "stance":
        assert df["target"].str.len().gt(0).all()
    else:
        assert (df["target"] == "").all()
    # duplicates of (target, text) were removed and counted
    assert not df.duplicated(["target", "text"]).any()
    a = df.attrs
    assert a["task"] == name
    assert a["n_source_rows"] - a["dropped_empty"] - a["dropped_duplicates"] == len(df)
    assert sum(a["source_label_counts"].values()) == a["n_source_rows"]


# --------------------------------------------------------------------------- registry


def test_registry_contents():
    expected = {
        "conll2010-wiki",
        "szeged-news",
        "szeged-wiki",
        "babe-bias",
        "basil-bias",
        "basil-lexical-bias",
        "basil-informational-bias",
        "ptc-any-technique",
        "ptc-fear",
        "ptc-loaded-language",
        "ptc-exaggeration",
        "ptc-name-calling",
        "gne-fear",
        "gne-alarm",
        "gvfc-frame",
        "gwsd-stance",
        "fnc1-stance",
    }
    assert set(TASKS) == expected
    for name, task in TASKS.items():
        assert task.name == name
        assert task.construct in CONSTRUCTS
        assert (FIXTURES / task.dataset).is_dir()
        assert task.split_note.startswith(("OUR split", "OFFICIAL"))
        if task.kind == "binary":
            assert task.positive_label in task.labels and len(task.labels) == 2
        else:
            assert task.positive_label is None and len(task.labels) >= 3
        for pub in task.published:
            assert 0 < pub.value <= 1 and pub.metric and pub.citation and pub.split
        assert task.files


def test_task_is_frozen():
    with pytest.raises(AttributeError):
        TASKS["babe-bias"].name = "x"  # type: ignore[misc]


def test_published_references_and_caveats():
    conll = TASKS["conll2010-wiki"].published[0]
    assert conll.value == pytest.approx(0.602)
    assert "NOT comparable" in conll.note or "not comparable" in conll.note.lower()
    assert TASKS["babe-bias"].published[0].value == pytest.approx(0.804)
    assert all("not verified" in p.note.lower() for p in TASKS["fnc1-stance"].published)
    assert TASKS["gwsd-stance"].published == () and TASKS["szeged-news"].published == ()


def test_constructs_cover_signal_families():
    constructs = {t.construct for t in TASKS.values()}
    assert {"hedging", "alarm", "partisan", "stance", "frame", "bias"} <= constructs


def test_group_split_deterministic_and_grouped():
    groups = [f"g{i % 10}" for i in range(100)]
    a, b = group_split(groups), group_split(list(reversed(groups)))
    assert a == list(reversed(b))  # depends on the set of groups only, not on row order
    test_groups = {g for g, s in zip(groups, a) if s == "test"}
    assert len(test_groups) == 2
    assert group_split(["only"]) == ["train"]


def test_default_data_dir_relative_to_repo(monkeypatch, tmp_path):
    repo_root = Path(__file__).resolve().parents[1]
    expected = (repo_root.parent / "shared" / "data" / "external").resolve()
    monkeypatch.chdir(repo_root)  # an installed package finds the data beside the current checkout
    assert default_data_dir() == (expected if expected.is_dir() else None)
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (tmp_path / "shared" / "data" / "external").mkdir(parents=True)
    monkeypatch.chdir(checkout)
    found = default_data_dir()
    assert found in {(tmp_path / "shared" / "data" / "external").resolve(), expected}


# --------------------------------------------------------------------------- fixtures

# name -> (n rows, label counts, split counts, dropped duplicates)
FIXTURE_EXPECT = {
    "conll2010-wiki": (12, {"certain": 7, "uncertain": 5}, {"train": 8, "test": 4}, 1),
    "szeged-news": (9, {"certain": 4, "uncertain": 5}, {"train": 8, "test": 1}, 1),
    "szeged-wiki": (7, {"certain": 4, "uncertain": 3}, {"train": 5, "test": 2}, 0),
    "babe-bias": (10, {"biased": 4, "non-biased": 6}, {"train": 9, "test": 1}, 1),
    "basil-bias": (11, {"biased": 6, "none": 5}, {"train": 6, "test": 5}, 1),
    "basil-lexical-bias": (11, {"lexical": 3, "other": 8}, {"train": 6, "test": 5}, 1),
    "basil-informational-bias": (11, {"informational": 4, "other": 7}, {"train": 6, "test": 5}, 1),
    "ptc-any-technique": (14, {"propaganda": 8, "none": 6}, {"train": 10, "test": 4}, 1),
    "ptc-fear": (14, {"fear": 2, "none": 12}, {"train": 10, "test": 4}, 1),
    "ptc-loaded-language": (14, {"loaded_language": 3, "none": 11}, {"train": 10, "test": 4}, 1),
    "ptc-exaggeration": (14, {"exaggeration": 4, "none": 10}, {"train": 10, "test": 4}, 1),
    "ptc-name-calling": (14, {"name_calling": 2, "none": 12}, {"train": 10, "test": 4}, 1),
    "gne-fear": (10, {"fear": 2, "other": 8}, {"train": 8, "test": 2}, 0),
    "gne-alarm": (10, {"alarm": 4, "other": 6}, {"train": 8, "test": 2}, 0),
    "gvfc-frame": (
        9,
        {
            "gun_control": 1,
            "gun_rights": 1,
            "mental_health": 1,
            "public_opinion": 1,
            "politics": 1,
            "public_safety": 1,
            "economic": 1,
            "society_culture": 1,
            "race_ethnicity": 1,
        },
        {"train": 7, "test": 2},
        1,
    ),
    "gwsd-stance": (8, {"agree": 3, "disagree": 3, "neutral": 2}, {"train": 5, "test": 3}, 1),
    "fnc1-stance": (
        11,
        {"agree": 3, "disagree": 2, "discuss": 3, "unrelated": 3},
        {"train": 7, "test": 4},
        2,
    ),
}

# name -> {id: (label, split, group, text or None, target or None)}
FIXTURE_ROWS = {
    "conll2010-wiki": {
        "conll2010:8": (
            "certain",
            "train",
            "conll2010:title:Glass Valley Railway",
            'Trains ran "twice a day" in summer.',
            "",
        ),  # &quot; unescaped
        "conll2010:12": ("uncertain", "test", "conll2010:title:Marsh Lantern Festival", None, ""),
        "conll2010:0": ("certain", "train", "conll2010:title:Harbor Bridge", "Harbor Bridge", ""),
    },
    "szeged-news": {
        "factbank:FIX19990101.0001.txt:S1.4": (
            "certain",
            "train",
            "factbank:FIX19990101.0001.txt",
            "Construction begins in March.",
            "",
        ),
        "factbank:FIX19990102.0002.txt:S1.3": (
            "uncertain",
            "train",
            "factbank:FIX19990102.0002.txt",
            "Forecasters are examining whether the river will crest tonight.",
            "",
        ),
        "factbank:FIX19990103.0003.txt:S1.2": (
            "uncertain",
            "test",
            "factbank:FIX19990103.0003.txt",
            None,
            "",
        ),
    },
    "szeged-wiki": {
        "wiki:Lake Orrin_101:S1.3": (
            "uncertain",
            "train",
            "wiki:Lake Orrin_101",
            "It is probably the deepest lake in the county.",
            "",
        ),
        "wiki:Tova Brenn_303:S1.2": ("certain", "test", "wiki:Tova Brenn_303", None, ""),
    },
    "babe-bias": {
        "babe:sg2:4": (
            "biased",
            "train",
            "https://news.example/c",
            "The governor's shameless stunt drew jeers from the crowd.",
            "",
        ),
        "babe:sg2:6": ("non-biased", "test", "babe:sg2:6", None, ""),  # empty news_link -> group = id
        "babe:sg2:11": (
            "non-biased",
            "train",
            "https://news.example/f",
            '"We will not back down," the union leader said; talks resume Monday.',
            "",
        ),
    },
    "basil-bias": {
        "basil:0a0a0a0a-1111-4222-8333-444444444444_1:p1": (
            "biased",
            "train",
            "basil:0a0a0a0a-1111-4222-8333-444444444444",
            "Opponents called the plan a reckless giveaway to developers.",
            "",
        ),
        "basil:0b0b0b0b-5555-4666-8777-888888888888_2:p1": (
            "none",
            "test",
            "basil:0b0b0b0b-5555-4666-8777-888888888888",
            None,
            "",
        ),
    },
    "basil-lexical-bias": {
        "basil:0b0b0b0b-5555-4666-8777-888888888888_2:p0": (
            "lexical",
            "test",
            "basil:0b0b0b0b-5555-4666-8777-888888888888",
            None,
            "",
        ),
        "basil:0a0a0a0a-1111-4222-8333-444444444444_2:p2": (
            "other",
            "train",
            "basil:0a0a0a0a-1111-4222-8333-444444444444",
            None,
            "",
        ),
    },
    "basil-informational-bias": {
        "basil:0a0a0a0a-1111-4222-8333-444444444444_2:p2": (
            "informational",
            "train",
            "basil:0a0a0a0a-1111-4222-8333-444444444444",
            None,
            "",
        ),
    },
    "ptc-any-technique": {
        "ptc:900000001:1": (
            "propaganda",
            "train",
            "ptc:900000001",
            "Council vows to stop the invasion of toxic factories",
            "",
        ),
        "ptc:900000001:3": ("none", "train", "ptc:900000001", None, ""),
        "ptc:900000003:4": ("propaganda", "test", "ptc:900000003", None, ""),
    },
    "ptc-fear": {
        "ptc:900000001:4": ("fear", "train", "ptc:900000001", None, ""),
        "ptc:900000002:6": ("fear", "train", "ptc:900000002", None, ""),
    },
    "ptc-exaggeration": {
        # a span crossing the line break labels both lines (overlap rule)
        "ptc:900000002:4": (
            "exaggeration",
            "train",
            "ptc:900000002",
            "Grain prices rose 3 percent last quarter.",
            "",
        ),
        "ptc:900000002:6": ("exaggeration", "train", "ptc:900000002", None, ""),
    },
    "ptc-loaded-language": {"ptc:900000002:3": ("loaded_language", "train", "ptc:900000002", None, "")},
    "ptc-name-calling": {"ptc:900000002:1": ("name_calling", "train", "ptc:900000002", None, "")},
    "gne-fear": {
        "gne:4:a1b2c3d4": (
            "fear",
            "train",
            "gne:4:a1b2c3d4",
            "Residents flee as wildfire nears the town",
            "",
        ),
        "gne:0:a1b2c3d4": ("fear", "train", "gne:0:a1b2c3d4", None, ""),  # repeated GNE id, distinct row
        "gne:6:f6a7b8c9": ("other", "test", "gne:6:f6a7b8c9", None, ""),
    },
    "gne-alarm": {"gne:6:f6a7b8c9": ("alarm", "test", "gne:6:f6a7b8c9", None, "")},
    "gvfc-frame": {
        "gvfc:3": (
            "gun_rights",
            "train",
            "gvfc:3",
            "Gun owners rally at capitol to defend Second Amendment",
            "",
        ),
        "gvfc:6": ("politics", "test", "gvfc:6", None, ""),
    },
    "gwsd-stance": {
        "gwsd:1_1_t0": (
            "disagree",
            "test",
            "gwsd:1_1_t0",
            "The senator called the climate bill an expensive hoax.",
            "Climate change/global warming is a serious concern.",
        ),
        "gwsd:2_0_t0": ("disagree", "train", "gwsd:2_0_t0", None, None),
    },
    "fnc1-stance": {
        "fnc1:train:1": (
            "disagree",
            "train",
            "fnc1:train-body:3",
            (
                "Reports that a celebrity chef bought an island are false, a spokesperson said. "
                "The chef has no such plans."
            ),
            "Celebrity chef buys private island",
        ),
        "fnc1:train:3": (
            "unrelated",
            "train",
            "fnc1:train-body:7",
            None,
            "Plane makes emergency landing on highway",
        ),
        "fnc1:test:4": ("discuss", "test", "fnc1:test-body:2", None, "Rangers track mysterious animal"),
    },
}


@pytest.mark.parametrize("name", sorted(TASKS))
def test_fixture_task(name):
    df = load_task(name, FIXTURES)
    check_schema(df, name)
    n, labels, splits, dups = FIXTURE_EXPECT[name]
    assert len(df) == n
    assert df["label"].value_counts().to_dict() == labels
    assert df["split"].value_counts().to_dict() == splits
    assert df.attrs["dropped_duplicates"] == dups
    rows = df.set_index("id")
    for rid, (label, split, group, text, target) in FIXTURE_ROWS.get(name, {}).items():
        row = rows.loc[rid]
        assert (row["label"], row["split"], row["group"]) == (label, split, group), rid
        if text is not None:
            assert row["text"] == text
        if target is not None:
            assert row["target"] == target


def test_fixture_specific_drops():
    babe = load_task("babe-bias", FIXTURES)
    assert "babe:sg2:7" not in set(babe["id"])  # "No agreement"
    assert "babe:sg2:8" not in set(babe["id"])  # whitespace-variant duplicate of row 4 ...
    assert babe.attrs["conflicting_duplicates"] == 1  # ... with a different label
    basil = load_task("basil-bias", FIXTURES)
    assert basil.attrs["dropped_empty"] == 1
    # the duplicate sentence of article _2 (p1) is dropped, the first (article _1, p2) kept
    assert "basil:0a0a0a0a-1111-4222-8333-444444444444_1:p2" in set(basil["id"])
    assert "basil:0a0a0a0a-1111-4222-8333-444444444444_2:p1" not in set(basil["id"])
    wiki = load_task("szeged-wiki", FIXTURES)
    assert not wiki["text"].isin(["Lake Orrin", "Pell Street Market", "Tova Brenn"]).any()  # titles dropped
    ptc = load_task("ptc-any-technique", FIXTURES)
    assert "ptc:900000002:7" not in set(ptc["id"])  # boilerplate line repeated across articles
    assert "ptc:900000002:5" not in set(ptc["id"])  # whitespace-only line
    gwsd = load_task("gwsd-stance", FIXTURES)
    assert not gwsd["id"].str.contains("_s").any()  # screening rows without posteriors
    assert "gwsd:1_1_t3" not in set(gwsd["id"])  # duplicate sentence
    fnc = load_task("fnc1-stance", FIXTURES)
    assert {"fnc1:train:5", "fnc1:test:3"}.isdisjoint(set(fnc["id"]))  # duplicate pairs


def test_fixture_load_is_deterministic():
    for name in ("conll2010-wiki", "ptc-fear", "fnc1-stance"):
        pd.testing.assert_frame_equal(load_task(name, FIXTURES), load_task(name, FIXTURES))


def test_fnc1_bodies_are_shared_objects():
    df = load_task("fnc1-stance", FIXTURES)
    train = df[df["group"] == "fnc1:train-body:7"]["text"].tolist()
    assert len(train) == 3 and all(t is train[0] for t in train)


def test_official_split_test_rows_win_duplicates(tmp_path):
    data = tmp_path / "ext"
    shutil.copytree(FIXTURES / "gwsd", data / "gwsd")
    tsv = data / "gwsd" / "GWSD.tsv"
    lines = tsv.read_text(encoding="utf-8").splitlines(keepends=True)
    # make the held-out test sentence 1_0_t3 also appear (later) as a train row
    extra = next(ln for ln in lines if "\t1_0_t3\t" in ln).replace("1_0_t3\tTrue", "9_9_t9\tFalse")
    tsv.write_text("".join(lines[:3] + [extra] + lines[3:]), encoding="utf-8")
    df = load_task("gwsd-stance", data)
    assert "gwsd:1_0_t3" in set(df["id"]) and "gwsd:9_9_t9" not in set(df["id"])
    assert (df["split"] == "test").sum() == 3


def test_hedge_cue_lists_fixture():
    cues = load_hedge_cue_lists(FIXTURES)
    assert cues == {
        "islam2020_hedge": ["suggest", "believe", "perhaps", "probably", "roughly"],
        "islam2020_booster": ["clearly", "obviously", "certainly", "of course"],
        "columbia_relational": ["think", "believe", "seem", "suppose"],
        "columbia_combined": ["in my view", "sort of", "kind of", "think"],
    }


def test_available_tasks(tmp_path):
    assert available_tasks(FIXTURES) == list(TASKS)
    shutil.copytree(FIXTURES / "babe", tmp_path / "babe")
    assert available_tasks(tmp_path) == ["babe-bias"]
    assert available_tasks(tmp_path / "nope") == []


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize("name", sorted(TASKS))
def test_missing_file_error(tmp_path, name):
    task = TASKS[name]
    data = tmp_path / "ext"
    shutil.copytree(FIXTURES / task.dataset, data / task.dataset)
    victim = data / task.files[0]
    if victim.is_dir():
        shutil.rmtree(victim)
    else:
        victim.unlink()
    with pytest.raises(InputError) as err:
        load_task(name, data)
    msg = str(err.value)
    assert "\n" not in msg
    assert Path(task.files[0]).name in msg
    assert "data_dir" in msg and f"{task.dataset}/" in msg


def test_missing_directory_and_unknown_task(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        load_task("babe-bias", tmp_path / "missing")
    with pytest.raises(InputError, match="unknown task"):
        load_task("semeval2016-stance", FIXTURES)
    with pytest.raises(InputError, match="hedge_words.txt"):
        load_hedge_cue_lists(tmp_path)


def test_malformed_files(tmp_path):
    (tmp_path / "babe").mkdir()
    (tmp_path / "babe" / "final_labels_SG2.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(InputError, match="expected column"):
        load_task("babe-bias", tmp_path)
    (tmp_path / "conll2010_wiki_pattern").mkdir()
    (tmp_path / "conll2010_wiki_pattern" / "uncertainty-conll2010.csv").write_text('"x","y","z"\n')
    with pytest.raises(InputError, match="Pattern file"):
        load_task("conll2010-wiki", tmp_path)
    (tmp_path / "szeged_uncertainty").mkdir()
    (tmp_path / "szeged_uncertainty" / "factbank.xml").write_text("<Annotation><broken>")
    with pytest.raises(InputError, match="not valid XML"):
        load_task("szeged-news", tmp_path)


# --------------------------------------------------------------------------- real data

REAL = default_data_dir()
needs_real = pytest.mark.skipif(REAL is None, reason="../shared/data/external (next to the repo) is absent")

# name -> (n_source_rows, source label counts (from SOURCE.md/INDEX.md after the task's documented filter),
#          final rows, final split counts)
REAL_EXPECT = {
    # SOURCE.md: 3,000 rows, 1,500 / 1,500
    "conll2010-wiki": (3000, {"certain": 1500, "uncertain": 1500}, 2957, {"train": 2320, "test": 637}),
    # SOURCE.md: factbank 3,129 sentences, 554 uncertain
    "szeged-news": (3129, {"certain": 2575, "uncertain": 554}, 3110, {"train": 2633, "test": 477}),
    # SOURCE.md: wiki 20,748 sentences (2,606 uncertain) incl. 4,530 titles (3 of them uncertain), dropped here
    "szeged-wiki": (
        20748 - 4530,
        {"certain": 13615, "uncertain": 2606 - 3},
        16143,
        {"train": 12949, "test": 3194},
    ),
    # SOURCE.md: Biased 1,810 / Non-biased 1,863 / No agreement 1 (dropped)
    "babe-bias": (3673, {"biased": 1810, "non-biased": 1863}, 3670, {"train": 2922, "test": 748}),
    # SOURCE.md: 7,984 sentences; none 6,361 / inf-only 1,174 / lex-only 405 / both 44
    "basil-bias": (7984, {"biased": 1174 + 405 + 44, "none": 6361}, 7950, {"train": 6266, "test": 1684}),
    "basil-lexical-bias": (
        7984,
        {"lexical": 405 + 44, "other": 6361 + 1174},
        7950,
        {"train": 6266, "test": 1684},
    ),
    "basil-informational-bias": (
        7984,
        {"informational": 1174 + 44, "other": 6361 + 405},
        7950,
        {"train": 6266, "test": 1684},
    ),
    # SOURCE.md: 16,673 lines; overlap rule: 4,753 any technique, 335 Appeal_to_fear-prejudice
    "ptc-any-technique": (
        16673,
        {"propaganda": 4753, "none": 16673 - 4753},
        15249,
        {"train": 12578, "test": 2671},
    ),
    "ptc-fear": (16673, {"fear": 335, "none": 16673 - 335}, 15249, {"train": 12578, "test": 2671}),
    # (not stated in SOURCE.md; counted with the same overlap rule)
    "ptc-loaded-language": (
        16673,
        {"loaded_language": 1889, "none": 14784},
        15249,
        {"train": 12578, "test": 2671},
    ),
    "ptc-exaggeration": (16673, {"exaggeration": 456, "none": 16217}, 15249, {"train": 12578, "test": 2671}),
    "ptc-name-calling": (16673, {"name_calling": 941, "none": 15732}, 15249, {"train": 12578, "test": 2671}),
    # SOURCE.md: 4,999 headlines; fear 419, negative_anticipation 323
    "gne-fear": (4999, {"fear": 419, "other": 4580}, 4999, {"train": 3999, "test": 1000}),
    "gne-alarm": (4999, {"alarm": 419 + 323, "other": 4999 - 742}, 4999, {"train": 3999, "test": 1000}),
    # SOURCE.md: 1,301 with a primary frame (1: 38, 2: 215, 3: 380, 4: 65, 5: 130, 6: 114, 7: 237, 8: 41, 9: 81)
    "gvfc-frame": (
        1301,
        {
            "gun_rights": 38,
            "gun_control": 215,
            "politics": 380,
            "mental_health": 65,
            "public_safety": 130,
            "race_ethnicity": 114,
            "public_opinion": 237,
            "society_culture": 41,
            "economic": 81,
        },
        1298,
        {"train": 1038, "test": 260},
    ),
    # SOURCE.md: 2,050 labelled (neutral 873 / agree 777 / disagree 400), 200 held-out test
    "gwsd-stance": (
        2050,
        {"agree": 777, "disagree": 400, "neutral": 873},
        2042,
        {"train": 1842, "test": 200},
    ),
    # SOURCE.md: train 49,972 (mirror) + test 25,413; test: unrelated 18,349 / discuss 4,464 / agree 1,903 /
    # disagree 697; train proportions 0.7313095 / 0.1782798 / 0.0736012 / 0.0168094
    "fnc1-stance": (
        49972 + 25413,
        {"unrelated": 36545 + 18349, "discuss": 8909 + 4464, "agree": 3678 + 1903, "disagree": 840 + 697},
        74668,
        {"train": 49521, "test": 25147},
    ),
}


@pytest.mark.external
@needs_real
@pytest.mark.parametrize("name", sorted(TASKS))
def test_real_task(name):
    df = load_task(name, REAL)
    check_schema(df, name)
    n_source, source_labels, n_final, splits = REAL_EXPECT[name]
    assert df.attrs["n_source_rows"] == n_source
    assert df.attrs["source_label_counts"] == source_labels
    assert len(df) == n_final
    assert df["split"].value_counts().to_dict() == splits
    # plausibility: every label present; dedup barely changes the distribution
    counts = df["label"].value_counts()
    assert set(counts.index) == set(TASKS[name].labels)
    for label, n in source_labels.items():
        assert abs(counts[label] / len(df) - n / n_source) < 0.02  # PTC: dropped boilerplate is "none"
    # OUR 80/20 group split: test share of groups ~20 %, both splits contain every label
    task = TASKS[name]
    if "OUR split" in task.split_note:
        share = df.groupby("group")["split"].first().eq("test").mean()
        assert share == pytest.approx(0.2, abs=0.01)
        assert set(df.loc[df["split"] == "test", "label"]) == set(task.labels)


@pytest.mark.external
@needs_real
def test_real_official_test_sets():
    gwsd = load_task("gwsd-stance", REAL)
    assert gwsd.loc[gwsd["split"] == "test", "label"].value_counts().to_dict() == {
        "neutral": 85,
        "agree": 76,
        "disagree": 39,
    }
    fnc = load_task("fnc1-stance", REAL)
    test = fnc.loc[fnc["split"] == "test", "label"].value_counts(normalize=True)
    official = pd.Series({"unrelated": 18349, "discuss": 4464, "agree": 1903, "disagree": 697}) / 25413
    assert (test - official).abs().max() < 0.005
    train = fnc.loc[fnc["split"] == "train", "label"].value_counts(normalize=True)
    readme = pd.Series({"unrelated": 0.73131, "discuss": 0.17828, "agree": 0.0736012, "disagree": 0.0168094})
    assert (train - readme).abs().max() < 0.005


@pytest.mark.external
@needs_real
def test_real_known_rows_and_groups():
    ptc = load_task("ptc-any-technique", REAL)
    assert ptc["group"].nunique() == 371
    basil = load_task("basil-bias", REAL)
    assert basil["group"].nunique() == 100  # event triplets
    assert basil["id"].str.split(":").str[1].nunique() == 300  # articles
    news = load_task("szeged-news", REAL)
    assert news["group"].nunique() == 208
    babe = load_task("babe-bias", REAL)
    assert babe.attrs["dropped_duplicates"] == 3
    conll = load_task("conll2010-wiki", REAL)
    titles = conll[conll["group"].str.startswith("conll2010:title:")]
    assert conll.loc[conll["text"].str.contains("&quot;"), "id"].empty  # entities unescaped
    assert len(titles) > 1500  # article excerpts; the untitled tail rows are singleton groups
    assert available_tasks(REAL) == list(TASKS)


@pytest.mark.external
@needs_real
def test_real_hedge_cue_lists():
    cues = load_hedge_cue_lists(REAL)
    assert {"believe", "suggest", "probably"} <= set(cues["islam2020_hedge"])
    assert len(cues["islam2020_hedge"]) > 60 and len(cues["islam2020_booster"]) > 100
    assert not any(c.startswith("#") or "_" in c for lst in cues.values() for c in lst)
