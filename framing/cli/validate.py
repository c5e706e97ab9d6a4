"""framing validate: each signal score against public human labels."""

from __future__ import annotations

from framing.cli import arguments

# The blame set's splits (framing.validity.blame_eval.SPLITS, written out so the parser imports no analysis code).
BLAME_SPLITS = ("dev", "test", "test2", "test3", "test_us", "test_us2", "test_us3")


def register(commands) -> None:
    validate = commands.add_parser(
        "validate",
        help="ROC/PR-AUC of the signal scores against public human labels",
        description="Compare hedging_score, alarm_score and partisan_score (counts and rates per 100 tokens) with "
        "human labels of public datasets: ROC-AUC and PR-AUC with (cluster) bootstrap 95% intervals, positive "
        "rate, F1 of score > 0, each beside a length-only baseline (token count: AUC difference, out-of-fold gain "
        "over a length model, AUC within length quintiles; signals that do not beat length are flagged), beside "
        "VADER's sentiment and a plain n-gram model fitted on the train split (AUC differences; signals that do "
        "not beat both are flagged), and the cues behind false alarms and misses.",
        epilog="example: framing validate --data-dir ../shared/data/external --markdown docs/validity.md",
    )
    arguments.add_data_dir(validate)
    validate.add_argument(
        "--split",
        choices=("train", "dev", "test", "all"),
        default="test",
        help="split to score (default: test)",
    )
    validate.add_argument(
        "--tasks",
        nargs="+",
        metavar="TASK",
        help="tasks to run (default: every validity task whose files exist)",
    )
    validate.add_argument(
        "--n-boot",
        type=arguments.non_negative_int,
        default=1000,
        help="bootstrap replicates, 0 for none (default: 1000)",
    )
    validate.add_argument("--seed", type=arguments.seed, default=0, help="bootstrap seed (default: 0)")
    validate.add_argument(
        "--top",
        type=arguments.positive_int,
        default=10,
        help="false-alarm cues and missed words per task (default: 10)",
    )
    validate.add_argument("--out", help="write the table as CSV")
    validate.add_argument(
        "--markdown", help="write the report; in an existing file only the generated block is replaced"
    )
    validate.add_argument("--figure", help="write a PNG of the ROC curves")
    validate.add_argument(
        "--diagnostics-split",
        choices=("train", "dev", "test", "all", "none"),
        default="train",
        help="split whose cue diagnostics go into the report (default: train)",
    )
    validate.add_argument(
        "--blame",
        action="store_true",
        help="also score the blame rules and the actor-stance table against the hand-labelled "
        "blame set (data/labelled/blame_*.csv) on --blame-split",
    )
    validate.add_argument(
        "--blame-split",
        choices=BLAME_SPLITS,
        help="with --blame: the blame set's split (default: --split, which must then be dev or test); "
        "test2, test3 (BBC politics), test_us, test_us2 and test_us3 (BASIL's U.S. news) are fresh held-out "
        "splits, each drawn after the one before had been read",
    )
    validate.add_argument("--blame-out", metavar="FILE", help="with --blame: write its table as CSV")
    validate.add_argument(
        "--blame-actors",
        metavar="TSV",
        help="with --blame: your own actor list added to the locales' (as framing analyze --actors), "
        "e.g. the office holders of the corpus's country and period",
    )
    validate.set_defaults(run=run_validate)


def run_validate(args) -> int:
    from pathlib import Path

    from framing.errors import InputError
    from framing.io.readers import check_text_file
    from framing.io.writers import check_output
    from framing.validity import baseline_markdown, validate, validity_markdown

    if args.blame_out and not args.blame:
        raise InputError("--blame-out needs --blame")
    if args.blame_actors and not args.blame:
        raise InputError("--blame-actors needs --blame")
    if args.blame_split and not args.blame:
        raise InputError("--blame-split needs --blame")
    if args.blame and not args.blame_split and args.split not in ("dev", "test"):
        raise InputError(
            f"the blame set has {', '.join(BLAME_SPLITS)} splits: use --blame-split, or --split dev or test, "
            "with --blame"
        )
    for output in (args.out, args.markdown, args.figure, args.blame_out):
        if output:
            check_output(output)  # a typo in a folder fails now, not after every task has been scored

    if args.blame_actors:  # a missing list fails now, not after every task has been scored
        check_text_file(Path(args.blame_actors))
    if args.markdown and Path(args.markdown).is_file():
        check_text_file(Path(args.markdown))  # an existing report is edited in place, so it must be text

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
    print(baseline_markdown(table))
    if table.attrs.get("skipped_baselines"):
        print("baselines left out (library not installed): " + ", ".join(table.attrs["skipped_baselines"]))
    if table.attrs.get("skipped"):
        print("skipped (files absent): " + ", ".join(table.attrs["skipped"]))
    if args.blame:
        run_blame(args)
    return 0


def run_blame(args) -> None:
    """Precision and recall of blame instances, blamers, targets and stance (framing.validity.blame_eval)."""
    from framing.io.writers import atomic_output
    from framing.validity.blame_eval import evaluate_blame_extractor

    split = args.blame_split or args.split
    table = evaluate_blame_extractor(
        split, args.data_dir, actors=args.blame_actors, n_boot=args.n_boot, random_state=args.seed
    )
    print(f"\nblame set, {split} split (precision and recall with article-bootstrap 95% intervals):")
    for row in table.itertuples(index=False):
        recall = (
            ""
            if row.level == "blamer | matched"
            else (f"  recall {row.recall:.2f} [{row.recall_low:.2f}, {row.recall_high:.2f}]")
        )
        print(
            f"  {row.level:20s} precision {row.precision:.2f} [{row.precision_low:.2f}, {row.precision_high:.2f}]"
            f"{recall}  ({int(row.n_pred)} predicted, {int(row.n_gold)} gold, {int(row.n_correct)} correct)"
        )
    if args.blame_out:
        with atomic_output(args.blame_out, text=True) as handle:
            table.to_csv(handle, index=False, float_format="%.6g", lineterminator="\n")
