"""Command line: each command parses its arguments, calls one library function, and reports.

No logic lives here that the library lacks; errors the user can fix
(``FramingError``) print as one line and exit with status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from framing.errors import FramingError, InputError


def _analyze(args) -> int:
    from framing.corpus import analyze_corpus, resolve_jobs
    from framing.io.writers import infer_format

    if args.engine == "dask":
        from framing.distributed import analyze_dask

        if not args.out or (args.format or "parquet") != "parquet":
            raise InputError("--engine dask writes a folder of Parquet parts: give --out DIR and no other --format")
        result = analyze_dask(
            args.paths,
            args.out,
            scheduler=args.scheduler,
            text_col=args.text_col,
            id_col=args.id_col or "id",
            encoding=args.encoding,
            partition_documents=args.partition_size,
            n_workers=None if args.n_jobs is None else resolve_jobs(args.n_jobs),
            progress=False if args.quiet else None,
        )
        print(f"wrote {result['sentences']} rows in {result['partitions']} parts to {result['out_dir']}")
        return 0
    if args.scheduler:
        raise InputError("--scheduler needs --engine dask")

    fmt = infer_format(args.out, args.format) if args.out else (args.format or "csv")
    out = Path(args.out) if args.out else Path(f"{_default_stem(args.paths)}.framing.{fmt}")
    summary = analyze_corpus(
        args.paths,
        out,
        fmt=fmt,
        text_col=args.text_col,
        id_col=args.id_col,
        encoding=args.encoding,
        skip_empty=args.skip_empty,
        n_jobs=args.n_jobs or 1,
        chunk_size=args.chunk_size,
        progress=False if args.quiet else None,
        top=args.top,
    )
    if not args.quiet:
        print(summary.render())
    print(f"\nwrote {summary.sentences} rows to {out}")
    return 0


def _progress(quiet: bool):
    """A tqdm bar driven by ``progress(done, total, what)`` callbacks, or None when quiet."""
    if quiet:
        return None, None
    from tqdm import tqdm

    bar = tqdm(total=0, file=sys.stderr, disable=not sys.stderr.isatty())

    def update(done: int, total: int, what: str) -> None:
        bar.total = total
        bar.set_description(what)
        bar.n = done
        bar.refresh()

    return update, bar


def _print_scores(title: str, scores: dict) -> None:
    f1 = scores["macro_f1"]
    print(f"{title}: macro-F1 {f1['value']:.3f} [95% CI {f1['ci_low']:.3f}, {f1['ci_high']:.3f}], "
          f"accuracy {scores['accuracy']['value']:.3f}, n={scores['n']}")


def _train(args) -> int:
    from framing.models import train_model

    progress, bar = _progress(args.quiet)
    try:
        report = train_model(
            args.data,
            label=args.label,
            out=args.out,
            text_col=args.text_col,
            group_col=args.group_col,
            target_col=args.target_col,
            labels=args.labels,
            models=args.models,
            c_grid=args.c_grid,
            use_signals=args.use_signals,
            folds=args.folds,
            dedupe=args.dedupe,
            random_state=args.random_state,
            n_jobs=args.n_jobs,
            n_boot=args.n_boot,
            report_path=args.report,
            figure_path=args.figure,
            progress=progress,
        )
    finally:
        if bar is not None:
            bar.close()
    cv = report["cv"]
    for name, scores in sorted(cv["candidates"].items()):
        print(f"  {name:28s} CV macro-F1 {scores['macro_f1_mean']:.3f} +- {scores['macro_f1_sd']:.3f}")
    print(f"  {'majority-class baseline':28s} CV macro-F1 {cv['baseline_majority']['macro_f1_mean']:.3f}")
    print(f"chosen: {cv['chosen']}")
    _print_scores("out-of-fold", report["out_of_fold"])
    for role, path in report["outputs"].items():
        print(f"wrote {role}: {path}")
    return 0


def _evaluate(args) -> int:
    from framing.models import evaluate_model

    report = evaluate_model(
        args.model,
        args.data,
        text_col=args.text_col,
        label_col=args.label_col,
        group_col=args.group_col,
        target_col=args.target_col,
        n_boot=args.n_boot,
        random_state=args.random_state,
        report_path=args.report,
        figure_path=args.figure,
        trusted=args.trust,
    )
    _print_scores(f"held-out {args.data}", report["scores"])
    return 0


def _predict(args) -> int:
    from framing.io.writers import infer_format, write_table
    from framing.models import predict_table

    table = predict_table(
        args.model, args.path, text_col=args.text_col, target_col=args.target_col, target=args.target, trusted=args.trust
    )
    fmt = infer_format(args.out, args.format) if args.out else (args.format or "csv")
    out = Path(args.out) if args.out else Path(f"{Path(args.path).stem}.predictions.{fmt}")
    write_table(table, out, fmt, protected=[args.path, args.model])
    print(f"wrote {len(table)} rows with predictions to {out}")
    return 0


def _figures(args) -> int:
    from framing.figures import check_figures, default_out_dir, make_figures, write_manifest

    out = Path(args.out) if args.out else default_out_dir()
    if args.check:
        notes: list[str] = []
        problems = check_figures(out, notes=notes)
        for note in notes:
            print(f"note: {note}")
        for problem in problems:
            print(f"changed: {problem}", file=sys.stderr)
        if problems:
            print("regenerate with: framing figures --update-manifest", file=sys.stderr)
            return 1
        print(f"all figures in {out} match their manifest")
        return 0
    if args.update_manifest:
        print(f"wrote {write_manifest(out)}")
        return 0
    for path in make_figures(out):
        print(f"wrote {path}")
    return 0


def _validate(args) -> int:
    from framing.validity import validate, validity_markdown

    table = validate(
        args.data_dir,
        tasks=args.tasks,
        split=args.split,
        n_boot=args.n_boot,
        random_state=args.seed,
        top_cues=args.top,
        out=args.out,
        markdown=args.markdown,
        figure=args.figure,
        diagnostics_split=None if args.diagnostics_split == "none" else args.diagnostics_split,
    )
    print(validity_markdown(table))
    if table.attrs.get("skipped"):
        print("skipped (files absent): " + ", ".join(table.attrs["skipped"]))
    return 0


def _benchmark(args) -> int:
    import os

    from framing.benchmarks import (
        plot_benchmarks,
        run_benchmarks,
        write_benchmarks_json,
        write_benchmarks_markdown,
    )

    results = run_benchmarks(
        "all" if args.names == ["all"] else args.names,
        args.data_dir,
        documented=not args.no_documented_settings,
        models=args.models,
        c_grid=args.c_grid,
        folds=args.folds,
        random_state=args.seed,
        n_jobs=args.n_jobs,
        n_boot=args.n_boot,
        use_signals={"on": True, "off": False, "cv": "cv"}.get(args.signals),
        max_train=args.max_train,
        tune_threshold=False if args.no_threshold_tuning else None,
        progress=None if args.quiet else (lambda message: print(message, file=sys.stderr)),
    )
    out = Path(args.out)
    json_path = Path(args.json) if args.json else out.with_suffix(".json")
    figure = Path(args.figure) if args.figure else out.with_suffix(".png")
    write_benchmarks_json(results, json_path)
    plot_benchmarks(results, figure)
    write_benchmarks_markdown(results, out, figure=os.path.relpath(figure, out.parent))
    print(f"wrote {out}, {json_path} and {figure}")
    return 0


def _default_stem(paths: list[str]) -> str:
    return Path(paths[0]).stem if len(paths) == 1 else "corpus"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="framing",
        description="Explained hedging, alarm and partisan-framing signals for news text.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    analyze = commands.add_parser(
        "analyze",
        help="per-sentence signals table with cues, and a terminal summary",
        description="Segment articles into sentences and score hedging, alarm, partisan framing and "
        "source attribution, with the cue spans behind every number.",
        epilog="example: framing analyze seeds/nbc-russia-north-korea-alliance.txt --out signals.csv",
    )
    analyze.add_argument("paths", nargs="+", help=".txt files, folders of .txt files, or a JSONL/CSV/Parquet corpus")
    analyze.add_argument("--out", help="output file (default: <input stem>.framing.<format> in this folder)")
    analyze.add_argument("--format", choices=("csv", "parquet", "jsonl"), help="output format (default: from --out)")
    analyze.add_argument("--text-col", default="text", help="text column of a table corpus (default: text)")
    analyze.add_argument("--id-col", help="id column of a table corpus (default: 'id' if present, else row numbers)")
    analyze.add_argument("--encoding", default="utf-8", help="encoding of text files (default: utf-8)")
    analyze.add_argument("--skip-empty", action="store_true", help="skip empty documents instead of stopping")
    analyze.add_argument("--n-jobs", type=int, help="processes (or dask workers) to use; -1 for all cores "
                         "(default: 1 locally, one worker per core with dask)")
    analyze.add_argument("--engine", choices=("local", "dask"), default="local",
                         help="local: this machine (default); dask: a Dask cluster, --out is a folder of Parquet parts")
    analyze.add_argument("--scheduler", metavar="ADDRESS",
                         help="with --engine dask: a running scheduler, e.g. tcp://10.0.0.5:8786 "
                         "(default: start a local cluster)")
    analyze.add_argument("--partition-size", type=int, default=1000, metavar="DOCUMENTS",
                         help="with --engine dask: documents per task and per output part (default: 1000)")
    analyze.add_argument("--chunk-size", type=int, default=200, help="documents per chunk (default: 200)")
    analyze.add_argument("--top", type=int, default=3, help="sentences per signal in the summary (default: 3)")
    analyze.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    analyze.set_defaults(run=_analyze)

    from framing.models import DEFAULT_MODELS, MODELS

    train = commands.add_parser(
        "train",
        help="cross-validate classifiers on labelled sentences and save the best (skops)",
        description="Choose among linear models on our signal features plus word and character n-grams by "
        "stratified (grouped, seeded) cross-validation; report macro-F1 and per-class scores with bootstrap "
        "95%% intervals, and save the refitted model without pickle.",
        epilog="example: framing train data/labelled/seed_sentences.csv --label frame --out frame.skops --folds 3",
    )
    train.add_argument("data", help="labelled table: .csv, .tsv, .jsonl or .parquet")
    train.add_argument("--label", required=True, help="column holding the class labels")
    train.add_argument("--out", required=True, help="model file to write (.skops)")
    train.add_argument("--model", dest="models", nargs="+", choices=MODELS, default=list(DEFAULT_MODELS),
                       help="candidates compared by CV macro-F1 (default: %(default)s)")
    train.add_argument("--C", dest="c_grid", type=float, nargs="+", default=[1.0],
                       help="regularisation strengths to try (default: 1.0)")
    train.add_argument("--text-col", default="text", help="text column (default: text)")
    train.add_argument("--group-col", help="article or outlet id: folds never split a group; CIs resample groups")
    train.add_argument("--target-col", help="stance target column: trains a target-aware model")
    train.add_argument("--labels", type=lambda s: [x.strip() for x in s.split(",")],
                       help="comma-separated allowed labels; any other label is an error")
    train.add_argument("--folds", type=int, default=5, help="cross-validation folds (default: 5)")
    train.add_argument("--dedupe", action="store_true", help="keep the first of duplicate sentences instead of failing")
    train.add_argument("--no-signals", dest="use_signals", action="store_false", help="n-gram features only")
    train.add_argument("--seed", dest="random_state", type=int, default=0, help="random seed (default: 0)")
    train.add_argument("--n-jobs", type=int, default=1, help="processes for cross-validation; -1 for all cores")
    train.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples for intervals (default: 1000)")
    train.add_argument("--report", help="report JSON (default: <out stem>.report.json)")
    train.add_argument("--figure", help="confusion matrix PNG (default: <out stem>.confusion.png)")
    train.add_argument("--quiet", action="store_true", help="no progress bar")
    train.set_defaults(run=_train)

    evaluate = commands.add_parser(
        "evaluate",
        help="score a saved model on a held-out labelled file",
        description="Macro-F1, accuracy and per-class precision/recall/F1 with bootstrap 95%% intervals.",
        epilog="example: framing evaluate frame.skops held_out.csv --report held_out.json",
    )
    evaluate.add_argument("model", help="model file written by framing train")
    evaluate.add_argument("data", help="labelled table with the training columns")
    evaluate.add_argument("--label", dest="label_col", help="label column (default: the one used in training)")
    evaluate.add_argument("--text-col", help="text column (default: the one used in training)")
    evaluate.add_argument("--target-col", help="stance target column (default: the one used in training)")
    evaluate.add_argument("--group-col", help="resample these groups for intervals")
    evaluate.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples (default: 1000)")
    evaluate.add_argument("--seed", dest="random_state", type=int, default=0, help="random seed (default: 0)")
    evaluate.add_argument("--report", help="write the report as JSON")
    evaluate.add_argument("--figure", help="write the confusion matrix PNG")
    evaluate.add_argument("--trust", action="append", default=[], metavar="TYPE",
                          help="trust an extra type in the model file (only after inspecting it)")
    evaluate.set_defaults(run=_evaluate)

    predict = commands.add_parser(
        "predict",
        help="add predicted labels and class probabilities to sentences",
        description="Text files are segmented and analysed as by framing analyze; tables are used as they are. "
        "Adds predicted_<label> and proba_<class> columns.",
        epilog="example: framing predict frame.skops seeds/nbc-russia-north-korea-alliance.txt --out predicted.csv",
    )
    predict.add_argument("model", help="model file written by framing train")
    predict.add_argument("path", help=".txt file or folder, or a table with a text column")
    predict.add_argument("--out", help="output file (default: <path stem>.predictions.<format>)")
    predict.add_argument("--format", choices=("csv", "parquet", "jsonl"), help="output format (default: from --out)")
    predict.add_argument("--text-col", default="text", help="text column of a table (default: text)")
    predict.add_argument("--target-col", help="stance target column (default: the one used in training)")
    predict.add_argument("--target", help="one stance target for every sentence")
    predict.add_argument("--trust", action="append", default=[], metavar="TYPE",
                         help="trust an extra type in the model file (only after inspecting it)")
    predict.set_defaults(run=_predict)

    benchmark = commands.add_parser(
        "benchmark",
        help="train on a public benchmark's training split, score once on its test split, beside published numbers",
        description="Model selection by grouped cross-validation on the training split only, one score on the "
        "test split with bootstrap 95%% intervals, a majority and a signals-only baseline, and the published "
        "numbers for the same metric and split with a note on whether they are comparable.",
        epilog="example: framing benchmark all --data-dir ../shared/data/external --n-jobs 2",
    )
    benchmark.add_argument("names", nargs="+", metavar="NAME", help="task names (framing.datasets.TASKS) or 'all'")
    benchmark.add_argument("--data-dir", help="folder holding babe/, szeged_uncertainty/, ... "
                           "(default: ../shared/data/external next to the repository)")
    benchmark.add_argument("--models", nargs="+", choices=MODELS, help="candidate models (default: per-task settings)")
    benchmark.add_argument("--c-grid", nargs="+", type=float, metavar="C", help="regularisation strengths to try")
    benchmark.add_argument("--folds", type=int, help="cross-validation folds on the training split")
    benchmark.add_argument("--seed", type=int, help="random seed (default: 0)")
    benchmark.add_argument("--n-jobs", type=int, help="processes for cross-validation (default: 1)")
    benchmark.add_argument("--n-boot", type=int, help="bootstrap resamples (default: 1000)")
    benchmark.add_argument("--signals", choices=("on", "off", "cv"), help="signal features on, off, or chosen by CV")
    benchmark.add_argument("--max-train", type=int, help="cap on training rows (seeded sample)")
    benchmark.add_argument("--no-threshold-tuning", action="store_true",
                           help="do not tune binary decision thresholds on out-of-fold predictions")
    benchmark.add_argument("--no-documented-settings", action="store_true",
                           help="ignore the per-task settings recorded in framing.benchmarks")
    benchmark.add_argument("--out", default="docs/benchmarks.md", help="markdown report (default: docs/benchmarks.md)")
    benchmark.add_argument("--json", help="results as JSON (default: <out>.json)")
    benchmark.add_argument("--figure", help="figure PNG (default: <out>.png)")
    benchmark.add_argument("--quiet", action="store_true", help="no progress messages")
    benchmark.set_defaults(run=_benchmark)

    validate = commands.add_parser(
        "validate",
        help="ROC/PR-AUC of the signal scores against public human labels",
        description="Compare hedging_score, alarm_score and partisan_score with human labels of public datasets: "
        "ROC-AUC and PR-AUC with (cluster) bootstrap 95%% intervals, positive rate, F1 of score > 0, and the "
        "cues behind false alarms and misses.",
        epilog="example: framing validate --data-dir ../shared/data/external --markdown docs/validity.md",
    )
    validate.add_argument("--data-dir", help="folder holding babe/, szeged_uncertainty/, ... "
                          "(default: ../shared/data/external next to the repository)")
    validate.add_argument("--split", choices=("train", "dev", "test", "all"), default="test",
                          help="split to score (default: test)")
    validate.add_argument("--tasks", nargs="+", metavar="TASK",
                          help="tasks to run (default: every validity task whose files exist)")
    validate.add_argument("--n-boot", type=int, default=1000, help="bootstrap replicates, 0 for none (default: 1000)")
    validate.add_argument("--seed", type=int, default=0, help="bootstrap seed (default: 0)")
    validate.add_argument("--top", type=int, default=10, help="false-alarm cues and missed words per task (default: 10)")
    validate.add_argument("--out", help="write the table as CSV")
    validate.add_argument("--markdown", help="write the report; in an existing file only the generated block is replaced")
    validate.add_argument("--figure", help="write a PNG of the ROC curves")
    validate.add_argument("--diagnostics-split", choices=("train", "dev", "test", "all", "none"), default="train",
                          help="split whose cue diagnostics go into the report (default: train)")
    validate.set_defaults(run=_validate)

    figures = commands.add_parser(
        "figures",
        help="regenerate every figure of the notebooks and README, or check them against the manifest",
        description="Each figure is written as PNG with a CSV of the numbers it plots. The manifest records "
        "the hash of every CSV (checked strictly) and PNG (checked under the recorded library versions).",
        epilog="example: framing figures --check",
    )
    figures.add_argument("--out", help="figure folder (default: docs/figures)")
    mode = figures.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="regenerate in a temporary folder and compare; exit 1 on change")
    mode.add_argument("--update-manifest", action="store_true", help="regenerate and record the new hashes")
    figures.set_defaults(run=_figures)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except FramingError as err:
        print(f"framing {args.command}: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"framing {args.command}: interrupted; no output was written", file=sys.stderr)
        return 130
