"""framing sample and import-labels: the annotation loop around an annotation tool."""

from __future__ import annotations

from pathlib import Path

from framing.cli import arguments


def _labels(text: str) -> list[str]:
    return [x.strip() for x in text.split(",") if x.strip()]


def register(commands) -> None:
    from framing.annotation import FORMATS, STRATEGIES

    sample = commands.add_parser(
        "sample",
        help="pick sentences to label (stratified or by model uncertainty) and export them for annotation",
        description="Pick N sentences worth labelling from the per-sentence table of framing analyze (or from text "
        "files, analysed first): stratified by a signal or group column, at random, or where a trained model is "
        "least sure (least_confidence, margin, entropy). Seeded; sentences already labelled (--exclude: by id and "
        "by normalised-text hash) are never picked. Writes CSV, Label Studio JSON (with a labelling config) or "
        "doccano JSONL with the cues pre-highlighted as spans.",
        epilog="example: framing sample signals.csv --n 40 --by hedging_score --labels hedged,plain "
        "--out tasks.json",
    )
    sample.add_argument("path", help="per-sentence table (framing analyze output) or .txt file/folder")
    sample.add_argument(
        "--n", type=arguments.positive_int, default=50, help="number of sentences to pick (default: 50)"
    )
    sample.add_argument(
        "--out", required=True, help="tasks file: .csv, .json (Label Studio) or .jsonl (doccano)"
    )
    sample.add_argument("--format", choices=FORMATS, help="export format (default: from --out)")
    sample.add_argument("--strategy", choices=STRATEGIES, default="stratified", help="default: %(default)s")
    sample.add_argument("--by", help="column to stratify by: a numeric signal (quantile bins) or a group id")
    sample.add_argument(
        "--bins",
        type=arguments.positive_int,
        default=4,
        help="quantile bins of a numeric --by, zero apart (default: 4)",
    )
    sample.add_argument("--model", help="model from framing train, for the uncertainty strategies")
    arguments.add_trust(sample)
    sample.add_argument(
        "--exclude",
        nargs="+",
        default=[],
        metavar="TABLE",
        help="already labelled tables (id and/or text columns) whose sentences are skipped",
    )
    sample.add_argument(
        "--labels",
        type=_labels,
        default=[],
        help="comma-separated label set for the annotation tool (default: the model's labels)",
    )
    sample.add_argument(
        "--multi-label", action="store_true", help="let coders choose several labels per sentence"
    )
    sample.add_argument("--id-col", default="id", help="id column (default: id, else article_id#start)")
    sample.add_argument("--text-col", default="text", help="text column (default: text)")
    sample.add_argument("--target-col", help="stance target column, for a target-aware --model")
    sample.add_argument("--sep", help="delimiter of a CSV input (default: comma, checked)")
    arguments.add_random_seed(sample)
    sample.set_defaults(run=run_sample)

    imported = commands.add_parser(
        "import-labels",
        help="read annotations back (Label Studio JSON, doccano JSONL, CSV) as a table for framing train",
        description="Read a Label Studio JSON export, a doccano JSONL export or a filled-in CSV from framing sample "
        "and write id, text, label rows. Refuses with one line naming the task or row: missing ids, unknown "
        "labels (--labels), several labels without --label-sep, and items labelled differently twice.",
        epilog="example: framing import-labels project-export.json --labels hedged,plain --out labelled.csv",
    )
    imported.add_argument("path", help="the tool's export: .json (Label Studio), .jsonl (doccano) or .csv")
    imported.add_argument("--out", required=True, help="labelled table to write (.csv, .parquet or .jsonl)")
    imported.add_argument("--format", choices=FORMATS, help="input format (default: from the extension)")
    imported.add_argument(
        "--labels", type=_labels, help="comma-separated allowed labels; others are an error"
    )
    imported.add_argument(
        "--label-sep", help="join several labels per sentence with this separator (multi-label)"
    )
    imported.add_argument("--label-col", default="label", help="label column of a CSV (default: label)")
    imported.set_defaults(run=run_import_labels)


def run_sample(args) -> int:
    from framing.annotation import export_tasks, sample_file

    chosen, model_labels = sample_file(
        args.path,
        args.n,
        strategy=args.strategy,
        by=args.by,
        bins=args.bins,
        model=args.model,
        trusted=args.trust,
        exclude=args.exclude,
        id_col=args.id_col,
        text_col=args.text_col,
        target_col=args.target_col,
        sep=args.sep,
        random_state=args.random_state,
    )
    protected = [args.path, *args.exclude, *([args.model] if args.model else [])]
    written = export_tasks(
        chosen,
        args.out,
        fmt=args.format,
        labels=args.labels or model_labels,
        multi_label=args.multi_label,
        protected=protected,
    )
    print(
        f"picked {len(chosen)} of {chosen.attrs['pool']} sentences ({args.strategy}); "
        f"{chosen.attrs['excluded']} already labelled were skipped"
    )
    for path in written:
        print(f"wrote {path}")
    return 0


def run_import_labels(args) -> int:
    from framing.annotation import import_labels
    from framing.io.writers import infer_format, write_table

    table = import_labels(
        args.path, fmt=args.format, labels=args.labels, label_sep=args.label_sep, label_col=args.label_col
    )
    out = Path(args.out)
    write_table(table, out, infer_format(out), protected=[args.path])
    print(
        f"wrote {len(table)} labelled sentences to {out}; {table.attrs['unlabelled']} unlabelled item(s) skipped"
    )
    return 0
