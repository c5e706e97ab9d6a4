"""framing agreement: inter-annotator agreement, and how a tool agrees with the annotators."""

from __future__ import annotations

from framing.cli.arguments import positive_int, seed
from framing.errors import InputError


def register(commands) -> None:
    agreement = commands.add_parser(
        "agreement",
        help="Krippendorff's alpha, Cohen's and Fleiss' kappa and percent agreement of annotators, with intervals",
        description="LABELS has one row per rating (item, annotator, label). Prints Krippendorff's alpha at "
        "--level, Fleiss' kappa, percent agreement, Cohen's kappa for every pair of annotators and specific "
        "agreement per category, each with a bootstrap 95% interval resampling items. With --tool, a tool's "
        "labels (a thresholded signal, a model's predictions) are put beside the annotators in the same terms.",
        epilog="example: framing agreement labels.csv --item-col sentence_id --annotator-col coder "
        "--label-col frame --level nominal --out agreement.csv",
    )
    agreement.add_argument(
        "labels", help="ratings table (.csv/.tsv/.jsonl/.parquet/.xlsx), one row per rating"
    )
    agreement.add_argument(
        "--item-col", default="item", help="column identifying the rated item (default: item)"
    )
    agreement.add_argument(
        "--annotator-col", default="annotator", help="column naming the annotator (default: annotator)"
    )
    agreement.add_argument("--label-col", default="label", help="column holding the label (default: label)")
    agreement.add_argument(
        "--level",
        choices=("nominal", "ordinal", "interval", "ratio"),
        default="nominal",
        help="level of measurement for alpha (default: nominal)",
    )
    agreement.add_argument(
        "--order", help="comma-separated order of non-numeric ordinal labels, lowest first"
    )
    agreement.add_argument(
        "--tool", help="table of a tool's labels keyed by --item-col: compared with the annotators"
    )
    agreement.add_argument("--tool-label-col", help="label column of --tool (default: --label-col)")
    agreement.add_argument(
        "--n-boot", type=positive_int, default=1000, help="bootstrap replicates (default: 1000)"
    )
    agreement.add_argument("--seed", type=seed, default=0, help="random seed of the bootstrap (default: 0)")
    agreement.add_argument("--out", help="write every statistic as one tidy CSV table")
    agreement.set_defaults(run=run_agreement)


def run_agreement(args) -> int:
    import pandas as pd

    from framing.agreement import agreement, read_ratings, tool_agreement
    from framing.figures.style import write_data

    table = read_ratings(args.labels)
    order = [s.strip() for s in args.order.split(",")] if args.order else None
    options = {
        "item_col": args.item_col,
        "annotator_col": args.annotator_col,
        "label_col": args.label_col,
        "level": args.level,
        "order": order,
        "n_boot": args.n_boot,
        "random_state": args.seed,
    }
    result = agreement(table, **options)
    print(
        f"{result.n_ratings} ratings of {result.n_items} items by {result.n_annotators} annotators "
        f"(95% intervals: {args.n_boot} bootstrap resamples of items)"
    )
    print(_show(result.summary[["statistic", "value", "ci_low", "ci_high"]]))
    print("\nCohen's kappa per pair of annotators:")
    print(_show(result.pairs))
    print("\nspecific agreement per category:")
    print(_show(result.categories))
    tidy = result.tidy()
    if args.tool:
        tool_table = read_ratings(args.tool)
        label = args.tool_label_col or args.label_col
        missing = [c for c in (args.item_col, label) if c not in tool_table.columns]
        if missing:
            raise InputError(f"--tool table lacks column(s) {', '.join(missing)}")
        tool = tool_table.dropna(subset=[label]).set_index(tool_table[args.item_col].astype(str))[label]
        versus = tool_agreement(table, tool, **options)
        print("\nthe tool beside the annotators:")
        print(_show(versus))
        tidy = pd.concat([tidy, versus.assign(table="tool", subject="tool", n=len(tool))], ignore_index=True)
    if args.out:
        write_data(tidy, args.out, sort_by=("table", "statistic", "subject"))
        print(f"\nwrote {args.out}")
    return 0


def _show(frame) -> str:
    return frame.to_string(index=False, float_format=lambda v: f"{v:.3f}")
