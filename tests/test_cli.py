"""The command line: the main job on the seed, every output format, and each bad-input case."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from framing import analyze
from framing.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "nbc-russia-north-korea-alliance.txt"


def run(argv, capsys):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_analyze_seed_writes_table_and_summary(tmp_path, capsys):
    out_path = tmp_path / "seed.csv"
    code, out, err = run(["analyze", SEED, "--out", out_path], capsys)
    assert code == 0, err
    table = pd.read_csv(out_path, keep_default_na=False)
    assert len(table) == 45
    assert table["article_id"].unique().tolist() == ["nbc-russia-north-korea-alliance"]
    expected = analyze({"nbc-russia-north-korea-alliance": SEED.read_text(encoding="utf-8")})
    assert list(table.columns) == list(expected.columns)
    pd.testing.assert_series_equal(table["hedging_score"], expected["hedging_score"], check_dtype=False)
    assert table["cues"].tolist() == expected["cues"].tolist()
    assert "most hedged" in out and "most alarming" in out and "most partisan" in out
    assert "source mix" in out and "Donald Trump -> Joe Biden" in out
    assert f"wrote 45 rows to {out_path}" in out


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_every_format_carries_the_same_values(tmp_path, capsys, fmt):
    csv_path, other = tmp_path / "a.csv", tmp_path / f"a.{fmt}"
    assert run(["analyze", SEED, "--out", csv_path, "--quiet"], capsys)[0] == 0
    assert run(["analyze", SEED, "--out", other, "--quiet"], capsys)[0] == 0
    a = pd.read_csv(csv_path, keep_default_na=False)
    b = (
        pd.read_parquet(other)
        if fmt == "parquet"
        else pd.read_json(other, lines=True, precise_float=True, dtype=False)
    )
    assert list(a.columns) == list(b.columns)
    for column in a.columns:
        assert a[column].astype(str).tolist() == b[column].astype(str).tolist(), column


def test_table_corpus_with_named_columns(tmp_path, capsys):
    corpus = tmp_path / "corpus.csv"
    pd.DataFrame(
        {"doc": ["a", "b"], "body": ["Officials could act.", "Trump blamed Biden for the war."]}
    ).to_csv(corpus, index=False)
    out_path = tmp_path / "out.jsonl"
    code, _, err = run(
        ["analyze", corpus, "--text-col", "body", "--id-col", "doc", "--out", out_path], capsys
    )
    assert code == 0, err
    rows = [json.loads(line) for line in out_path.read_text(encoding="utf-8").splitlines()]
    assert [r["article_id"] for r in rows] == ["a", "b"]
    assert rows[1]["blame_target"] == "Joe Biden"


def test_stance_out_and_locale(tmp_path, capsys):
    corpus = tmp_path / "corpus.csv"
    pd.DataFrame({"id": ["uk", "calm"], "text": ["Dr Fox accused Mr Blair of lying.", "It rained."]}).to_csv(
        corpus, index=False
    )
    stance_path = tmp_path / "stance.csv"
    code, out, err = run(
        ["analyze", corpus, "--out", tmp_path / "out.csv", "--stance-out", stance_path, "--locale", "uk"],
        capsys,
    )
    assert code == 0, err
    stance = pd.read_csv(stance_path, keep_default_na=False)
    assert stance[["article_id", "actor", "role", "stance"]].values.tolist() == [
        ["uk", "Liam Fox", "blamer", "neutral"],
        ["uk", "Tony Blair", "target", "criticised"],
        ["calm", "", "none", "no_actor_matched"],
    ]
    assert "blame (who -> whom): Liam Fox -> Tony Blair (1)" in out
    assert "no actor of locale 'uk' named in 1 article(s): calm" in out
    code, _, err = run(["analyze", corpus, "--out", tmp_path / "x.csv", "--locale", "mars"], capsys)
    assert code == 2 and "unknown locale 'mars'" in err and not (tmp_path / "x.csv").exists()


def test_families_runs_only_those_and_summarises_only_them(tmp_path, capsys):
    out_path = tmp_path / "hedging.csv"
    code, out, err = run(["analyze", SEED, "--out", out_path, "--families", "hedging", "alarm"], capsys)
    assert code == 0, err
    table = pd.read_csv(out_path, keep_default_na=False)
    full = analyze({"nbc-russia-north-korea-alliance": SEED.read_text(encoding="utf-8")})
    assert list(table.columns) == [c for c in full.columns if c in table.columns]
    assert "hedging_score" in table and "alarm_rate" in table
    assert not {"partisan_score", "topic_security_score", "source_kind", "blame", "actors"} & set(
        table.columns
    )
    pd.testing.assert_series_equal(table["alarm_rate"], full["alarm_rate"], check_dtype=False)
    assert "most hedged" in out and "most alarming" in out
    assert "most partisan" not in out and "source mix" not in out and "who -> whom" not in out
    assert "per 100 tokens of body text: hedging" in out and "partisan" not in out.split("most hedged")[0]


def test_families_refuses_what_it_cannot_do(tmp_path, capsys):
    code, _, err = run(
        [
            "analyze",
            SEED,
            "--out",
            tmp_path / "a.csv",
            "--families",
            "hedging",
            "--stance-out",
            tmp_path / "s.csv",
        ],
        capsys,
    )
    assert code == 2 and "--stance-out needs the partisan family" in err
    code, _, err = run(["analyze", SEED, "--out", tmp_path / "b.csv", "--families", "hedge"], capsys)
    assert code == 2 and "unknown signal families ['hedge']" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_families_help_names_every_family():
    """The help spells the names out (no signal import to build the parser); it must list exactly FAMILY_NAMES."""
    from framing.analyze import FAMILY_NAMES

    analyze_parser = build_parser()._subparsers._group_actions[0].choices["analyze"]
    (action,) = [a for a in analyze_parser._actions if a.dest == "families"]
    listed = action.help.split(": ", 1)[1].split(" (default")[0]
    assert tuple(listed.split(", ")) == FAMILY_NAMES


def test_validate_blame_needs_a_labelled_split(capsys):
    code, _, err = run(["validate", "--blame", "--split", "train"], capsys)
    assert code == 2 and "use --blame-split, or --split dev or test" in err
    code, _, err = run(["validate", "--blame-split", "test2"], capsys)
    assert code == 2 and "--blame-split needs --blame" in err
    code, _, err = run(["validate", "--blame-out", "x.csv"], capsys)
    assert code == 2 and "--blame-out needs --blame" in err
    code, _, err = run(["validate", "--blame-actors", "offices.tsv"], capsys)
    assert code == 2 and "--blame-actors needs --blame" in err


def test_validate_offers_every_split_of_the_blame_set():
    from framing.cli.validate import BLAME_SPLITS
    from framing.validity.blame_eval import SPLITS

    assert BLAME_SPLITS == SPLITS


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


BAD_INPUTS = {
    "empty": (lambda d: write_bytes(d / "empty.txt", b""), [], "empty"),
    "binary": (
        lambda d: write_bytes(d / "img.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20),
        [],
        "binary",
    ),
    "latin1": (
        lambda d: write_bytes(d / "l1.txt", "Caf\u00e9 officials said.".encode("latin-1")),
        [],
        "--encoding",
    ),
    "missing": (lambda d: d / "nope.txt", [], "does not exist"),
    "no-column": (
        lambda d: write_bytes(d / "c.csv", b"id,body\n1,Officials said so.\n"),
        [],
        "--text-col",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_gives_one_line_error_and_no_output(tmp_path, capsys, case):
    make, extra, needle = BAD_INPUTS[case]
    src = tmp_path / "in"
    src.mkdir()
    path = make(src)
    before = path.read_bytes() if path.exists() else None
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, _, err = run(["analyze", path, "--out", out_dir / "result.csv", *extra], capsys)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("framing analyze: error:")
    assert needle in lines[0]
    assert list(out_dir.iterdir()) == []  # no output and no temporary file left behind
    if before is not None:
        assert path.read_bytes() == before


def test_explicit_encoding_reads_latin1(tmp_path, capsys):
    path = write_bytes(tmp_path / "l1.txt", "Caf\u00e9 officials said it could happen.".encode("latin-1"))
    code, _, err = run(
        ["analyze", path, "--encoding", "latin-1", "--out", tmp_path / "o.csv", "--quiet"], capsys
    )
    assert code == 0, err
    assert pd.read_csv(tmp_path / "o.csv")["text"].tolist() == ["Caf\u00e9 officials said it could happen."]


def test_failure_keeps_an_existing_output_untouched(tmp_path, capsys):
    out_path = tmp_path / "o.csv"
    out_path.write_text("precious", encoding="utf-8")
    code, _, _ = run(["analyze", tmp_path / "missing.txt", "--out", out_path], capsys)
    assert code == 2 and out_path.read_text(encoding="utf-8") == "precious"


def test_refuses_to_overwrite_its_input(tmp_path, capsys):
    corpus = tmp_path / "c.csv"
    corpus.write_text("id,text\n1,Officials said so.\n", encoding="utf-8")
    before = corpus.read_bytes()
    code, _, err = run(["analyze", corpus, "--out", corpus], capsys)
    assert code == 2 and "refusing to write" in err and corpus.read_bytes() == before


def test_every_command_has_help_with_an_example():
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, sub in commands.items():
        text = sub.format_help()
        assert sub.description and "example:" in text, name
        assert f"framing {name}" in readme, f"README does not document `framing {name}`"


def test_module_entry_point_runs_in_a_subprocess(tmp_path):
    out_path = tmp_path / "s.parquet"
    done = subprocess.run(
        [sys.executable, "-m", "framing", "analyze", str(SEED), "--out", str(out_path), "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(pd.read_parquet(out_path)) == 45


def test_analyze_loads_no_training_or_plotting_library(tmp_path):
    """The parser lists every command; analysing an article must not pay for skops or matplotlib (seconds)."""
    code = (
        "import sys\n"
        "from framing.cli import main\n"
        f"main(['analyze', {str(SEED)!r}, '--out', {str(tmp_path / 's.csv')!r}, '--quiet'])\n"
        "print(sorted(m for m in ('skops', 'matplotlib') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert (tmp_path / "s.csv").stat().st_size > 0


SMALL = ROOT / "tests" / "fixtures" / "labelled_small.csv"


def test_train_evaluate_predict_round_trip(tmp_path, capsys):
    model = tmp_path / "frame.skops"
    code, out, err = run(
        [
            "train",
            SMALL,
            "--label",
            "frame",
            "--group-col",
            "group",
            "--model",
            "logreg",
            "--folds",
            "3",
            "--n-boot",
            "200",
            "--out",
            model,
            "--quiet",
        ],
        capsys,
    )
    assert code == 0, err
    assert "chosen: logreg" in out and "majority-class baseline" in out
    report = json.loads((tmp_path / "frame.report.json").read_text(encoding="utf-8"))
    assert report["out_of_fold"]["macro_f1"]["value"] > report["cv"]["baseline_majority"]["macro_f1_mean"]
    assert (tmp_path / "frame.confusion.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    code, out, err = run(["evaluate", model, SMALL, "--n-boot", "200"], capsys)
    assert code == 0, err and "macro-F1" in out

    predicted = tmp_path / "pred.csv"
    code, out, err = run(["predict", model, SEED, "--out", predicted], capsys)
    assert code == 0, err
    table = pd.read_csv(predicted, keep_default_na=False)
    assert len(table) == 45 and "predicted_frame" in table.columns
    probabilities = table[[c for c in table.columns if c.startswith("proba_")]]
    assert probabilities.shape[1] == 3
    assert ((probabilities.sum(axis=1) - 1).abs() < 1e-6).all()


def test_train_with_pairs_a_latent_space_and_tuned_decisions(tmp_path, capsys):
    """--pair-col, --lsa-corpus and --decision tuned end to end: the model keeps all three."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    table = pd.read_csv(SMALL, keep_default_na=False)
    for i, text in enumerate(table["text"]):
        (corpus / f"{i:02d}.txt").write_text(text + "\n", encoding="utf-8")
    model = tmp_path / "pair.skops"
    code, out, err = run(
        [
            "train",
            SMALL,
            "--label",
            "stance",
            "--pair-col",
            "target",
            "--group-col",
            "group",
            "--model",
            "logreg",
            "--folds",
            "3",
            "--n-boot",
            "200",
            "--lsa-corpus",
            corpus,
            "--lsa-components",
            "5",
            "--decision",
            "tuned",
            "--out",
            model,
            "--quiet",
        ],
        capsys,
    )
    assert code == 0, err
    assert "decision weights" in out and "Brier" in out
    report = json.loads((tmp_path / "pair.report.json").read_text(encoding="utf-8"))
    assert report["model"]["use_pair"] is True and report["model"]["lsa_corpus"]["documents"] == len(table)
    weights = report["decision"]["class_weights"]
    assert set(weights) == set(table["stance"]) and max(weights.values()) == 1.0
    assert report["decision"]["oof_macro_f1_tuned"] >= report["decision"]["oof_macro_f1_argmax"]
    assert 0 <= report["calibration"]["brier"] <= 2
    assert (tmp_path / "pair.reliability.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    predicted = tmp_path / "pred.csv"
    code, _, err = run(["predict", model, SMALL, "--out", predicted], capsys)
    assert code == 0, err
    assert len(pd.read_csv(predicted)) == len(table)
    unpaired = tmp_path / "unpaired.csv"
    table.drop(columns="target").to_csv(unpaired, index=False)
    code, _, err = run(["predict", model, unpaired, "--out", tmp_path / "x.csv"], capsys)
    assert code == 2 and "target" in err and not (tmp_path / "x.csv").exists()


def test_train_pair_variant_with_folds_that_keep_stories_apart(tmp_path, capsys, story_pairs):
    """--pair-variant picks the pair features; the folds hold out both texts' stories."""
    data = tmp_path / "pairs.csv"
    story_pairs(n_stories=9).to_csv(data, index=False)
    model = tmp_path / "uclmr.skops"
    argv = ["train", data, "--label", "label", "--pair-col", "pair", "--pair-variant", "uclmr_similarity"]
    argv += ["--model", "sgd", "mlp_uclmr", "--folds", "3", "--n-boot", "100", "--no-learning-curve"]
    code, _, err = run([*argv, "--out", model, "--quiet"], capsys)
    assert code == 0, err
    report = json.loads((tmp_path / "uclmr.report.json").read_text(encoding="utf-8"))
    assert report["model"]["pair_variant"] == "uclmr_similarity"
    assert report["cv"]["splitter"].startswith("pair_folds") and report["cv"]["untested_pairs"] > 0
    code, _, err = run(["predict", model, data, "--out", tmp_path / "pred.csv"], capsys)
    assert code == 0, err

    code, _, err = run(
        ["train", data, "--label", "label", "--pair-variant", "uclmr", "--out", tmp_path / "x.skops"], capsys
    )
    assert code == 2 and "--pair-col" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.skops").exists()


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_train_stacked_pair_model_end_to_end(tmp_path, capsys, story_pairs):
    """--model mlp_uclmr_stack trains, saves and predicts on pairs; without pairs it is a one-line error."""
    data = tmp_path / "pairs.csv"
    frame = story_pairs(n_stories=9)
    frame.to_csv(data, index=False)
    model = tmp_path / "stack.skops"
    argv = ["train", data, "--label", "label", "--pair-col", "pair", "--pair-variant", "uclmr"]
    argv += ["--model", "mlp_uclmr_stack", "--folds", "3", "--n-boot", "50", "--no-learning-curve"]
    code, _, err = run([*argv, "--out", model, "--quiet"], capsys)
    assert code == 0, err
    report = json.loads((tmp_path / "stack.report.json").read_text(encoding="utf-8"))
    assert report["model"]["chosen"].startswith("mlp_uclmr_stack")
    predicted = tmp_path / "pred.csv"
    code, _, err = run(["predict", model, data, "--out", predicted], capsys)
    assert code == 0, err
    assert len(pd.read_csv(predicted)) == len(frame)

    argv = ["train", SMALL, "--label", "frame", "--model", "mlp_uclmr_stack", "--out", tmp_path / "x.skops"]
    code, _, err = run(argv, capsys)
    assert code == 2 and "--pair-col" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.skops").exists()


def test_train_refuses_a_single_class(tmp_path, capsys):
    data = tmp_path / "one.csv"
    pd.DataFrame(
        {"text": [f"Sentence number {i} about taxes." for i in range(12)], "frame": ["economic"] * 12}
    ).to_csv(data, index=False)
    code, _, err = run(["train", data, "--label", "frame", "--out", tmp_path / "m.skops"], capsys)
    assert code == 2 and "class" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "m.skops").exists()


@pytest.mark.slow
def test_dask_engine_from_the_command_line_matches_local(tmp_path, capsys):
    pytest.importorskip("distributed")
    local, parts = tmp_path / "local.parquet", tmp_path / "parts"
    assert run(["analyze", SEED, "--out", local, "--quiet"], capsys)[0] == 0
    code, out, err = run(
        ["analyze", SEED, "--engine", "dask", "--n-jobs", "1", "--out", parts, "--quiet"], capsys
    )
    assert code == 0, err
    assert "wrote 45 rows in 1 parts" in out
    pd.testing.assert_frame_equal(pd.read_parquet(parts / "part-00000.parquet"), pd.read_parquet(local))


def test_dask_engine_needs_an_output_folder(capsys):
    code, _, err = run(["analyze", SEED, "--engine", "dask"], capsys)
    assert code == 2 and "--out DIR" in err
