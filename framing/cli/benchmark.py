"""framing benchmark: public benchmarks scored once on their test splits, beside published numbers."""

from __future__ import annotations

import sys
from pathlib import Path

from framing.cli import arguments

#: A block's --signals / --dense choice as run_benchmarks takes it (None: the task's documented setting).
_TOGGLE = {"on": True, "off": False, "cv": "cv"}


def register(commands) -> None:
    from framing.models import MODELS

    benchmark = commands.add_parser(
        "benchmark",
        help="train on a public benchmark's training split, score once on its test split, beside published numbers",
        description="Model selection by grouped cross-validation on the training split only, one score on the "
        "test split with bootstrap 95% intervals, a majority and a signals-only baseline, and the published "
        "numbers for the same metric and split with a note on whether they are comparable.",
        epilog="example: framing benchmark all --data-dir ../shared/data/external --n-jobs 2",
    )
    benchmark.add_argument(
        "names", nargs="+", metavar="NAME", help="task names (framing.datasets.TASKS) or 'all'"
    )
    arguments.add_data_dir(benchmark)
    benchmark.add_argument(
        "--models", nargs="+", choices=MODELS, help="candidate models (default: per-task settings)"
    )
    benchmark.add_argument(
        "--c-grid",
        nargs="+",
        type=arguments.positive_float,
        metavar="C",
        help="regularisation strengths to try",
    )
    benchmark.add_argument(
        "--folds", type=arguments.folds, help="cross-validation folds on the training split"
    )
    benchmark.add_argument("--seed", type=arguments.seed, help="random seed (default: 0)")
    benchmark.add_argument(
        "--n-jobs", type=arguments.n_jobs, help="processes for cross-validation (default: 1)"
    )
    benchmark.add_argument(
        "--n-boot", type=arguments.positive_int, help="bootstrap resamples (default: 1000)"
    )
    benchmark.add_argument(
        "--signals", choices=("on", "off", "cv"), help="signal features on, off, or chosen by CV"
    )
    benchmark.add_argument(
        "--dense",
        choices=("on", "off", "cv"),
        help="the task's dense block (a latent space, or the sentence encoder of the embeddings extra) on, off, "
        "or chosen by CV (default: per-task settings)",
    )
    benchmark.add_argument(
        "--max-train", type=arguments.positive_int, help="cap on training rows (seeded sample)"
    )
    benchmark.add_argument(
        "--no-threshold-tuning",
        action="store_true",
        help="do not tune decisions on out-of-fold predictions (binary thresholds, class weights)",
    )
    benchmark.add_argument(
        "--no-documented-settings",
        action="store_true",
        help="ignore the per-task settings recorded in framing.benchmarks",
    )
    benchmark.add_argument(
        "--out", default="docs/benchmarks.md", help="markdown report (default: docs/benchmarks.md)"
    )
    benchmark.add_argument("--json", help="results as JSON (default: <out>.json)")
    benchmark.add_argument(
        "--merge",
        action="store_true",
        help="keep the other tasks' results already in the JSON file and replace only the "
        "tasks run now (the page and figure then cover all of them)",
    )
    benchmark.add_argument("--figure", help="figure PNG (default: <out>.png)")
    benchmark.add_argument("--quiet", action="store_true", help="no progress messages")
    benchmark.set_defaults(run=run_benchmark)


def run_benchmark(args) -> int:
    from framing.benchmarks import run_benchmarks, write_benchmarks_page
    from framing.corpus import resolve_jobs
    from framing.errors import InputError
    from framing.io.writers import check_output

    out = Path(args.out)
    json_path = Path(args.json) if args.json else out.with_suffix(".json")
    figure = Path(args.figure) if args.figure else out.with_suffix(".png")
    for output in (out, json_path, figure):
        check_output(output)  # before any model is trained
    if args.merge and not json_path.is_file():
        raise InputError(f"--merge needs earlier results in {json_path}; run without --merge first")
    results = run_benchmarks(
        "all" if args.names == ["all"] else args.names,
        args.data_dir,
        documented=not args.no_documented_settings,
        models=args.models,
        c_grid=args.c_grid,
        folds=args.folds,
        random_state=args.seed,
        n_jobs=None if args.n_jobs is None else resolve_jobs(args.n_jobs),
        n_boot=args.n_boot,
        use_signals=_TOGGLE.get(args.signals),
        use_dense=_TOGGLE.get(args.dense),
        max_train=args.max_train,
        tune_threshold=False if args.no_threshold_tuning else None,
        tune_weights=False if args.no_threshold_tuning else None,
        progress=None if args.quiet else (lambda message: print(message, file=sys.stderr)),
    )
    write_benchmarks_page(results, out, json_path=json_path, figure=figure, merge=args.merge)
    print(f"wrote {out}, {json_path} and {figure}")
    return 0
