"""framing analyze: article text to the per-sentence signals table and a terminal summary."""

from __future__ import annotations

import sys
from pathlib import Path

from framing.cli import arguments
from framing.errors import InputError


def register(commands) -> None:
    analyze = commands.add_parser(
        "analyze",
        help="per-sentence signals table with cues, and a terminal summary",
        description="Segment articles into sentences and score hedging, alarm, partisan framing and "
        "source attribution, with the cue spans behind every number.",
        epilog="example: framing analyze seeds/nbc-russia-north-korea-alliance.txt --out signals.csv "
        "--stance-out stance.csv",
    )
    analyze.add_argument(
        "paths", nargs="+", help=".txt files, folders of .txt files, or a JSONL/CSV/Parquet corpus"
    )
    arguments.add_table_output(analyze, default="<input stem>.framing.<format> in this folder")
    analyze.add_argument("--text-col", default="text", help="text column of a table corpus (default: text)")
    analyze.add_argument(
        "--id-col", help="id column of a table corpus (default: 'id' if present, else row numbers)"
    )
    analyze.add_argument("--encoding", default="utf-8", help="encoding of text files (default: utf-8)")
    analyze.add_argument("--skip-empty", action="store_true", help="skip empty documents instead of stopping")
    analyze.add_argument(
        "--n-jobs",
        type=arguments.n_jobs,
        help="processes (or dask workers) to use; -1 for all cores "
        "(default: 1 locally, one worker per core with dask)",
    )
    analyze.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local: this machine (default); dask: a Dask cluster, --out is a folder of Parquet parts",
    )
    analyze.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: a running scheduler, e.g. tcp://10.0.0.5:8786 "
        "(default: start a local cluster)",
    )
    analyze.add_argument(
        "--partition-size",
        type=arguments.positive_int,
        default=1000,
        metavar="DOCUMENTS",
        help="with --engine dask: documents per task and per output part (default: 1000)",
    )
    analyze.add_argument(
        "--chunk-size", type=arguments.positive_int, default=200, help="documents per chunk (default: 200)"
    )
    analyze.add_argument(
        "--top",
        type=arguments.positive_int,
        default=3,
        help="sentences per signal in the summary (default: 3)",
    )
    analyze.add_argument(
        "--cues-out",
        metavar="FILE",
        help="also write every cue as one row (article_id, sentence, family, category, term, "
        "start, end, negated; article-level offsets) to FILE (.csv, .parquet or .jsonl)",
    )
    arguments.add_csv_safe(analyze)
    analyze.add_argument(
        "--locale",
        default="all",
        metavar="LOCALE",
        help="actor lists: us, uk, us,uk or all (default: all; the lists share no term)",
    )
    analyze.add_argument(
        "--actors",
        metavar="TSV",
        help="your own actor list (term, category, actor, party, source, note), added to the locale's",
    )
    analyze.add_argument(
        "--stance-out",
        metavar="FILE",
        help="also write the stance table: per sentence and actor, role (blamer/target/mention) "
        "and stance (criticised/defended/neutral) with the cue",
    )
    analyze.add_argument(
        "--families",
        nargs="+",
        metavar="NAME",
        # The names are framing.analyze.FAMILY_NAMES, spelt out so that building the parser imports
        # no signal code (a test keeps the two equal).
        help="signal families to run: hedging, alarm, topic, partisan, source (default: all). "
        "Each keeps the columns it has in a full run; partisan (actors, blame) takes most of the time",
    )
    analyze.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    analyze.set_defaults(run=run_analyze)


def run_analyze(args) -> int:
    from framing.corpus import analyze_corpus, resolve_jobs
    from framing.io.writers import STDOUT, is_stdout
    from framing.text.splitters import resolve_splitter

    splitter = resolve_splitter()  # an unknown FRAMING_SPLITTER stops here, before any work
    if args.cues_out and is_stdout(args.cues_out):
        raise InputError("--cues-out needs a file: standard output can hold only one table")
    if args.engine == "dask":
        if args.cues_out:
            raise InputError("--cues-out works with the local engine only; with dask, read the cues column")
        from framing.distributed import analyze_dask

        if not args.out or (args.format or "parquet") != "parquet":
            raise InputError(
                "--engine dask writes a folder of Parquet parts: give --out DIR and no other --format"
            )
        if args.locale != "all" or args.actors or args.stance_out or args.families:
            raise InputError("--locale, --actors, --stance-out and --families work with --engine local only")
        result = analyze_dask(
            args.paths,
            args.out,
            scheduler=args.scheduler,
            text_col=args.text_col,
            id_col=args.id_col or "id",
            encoding=args.encoding,
            skip_empty=args.skip_empty,
            partition_documents=args.partition_size,
            # A remote cluster's size is not ours to cap: there --n-jobs is how many workers to wait for.
            n_workers=None
            if args.n_jobs is None
            else resolve_jobs(args.n_jobs)
            if not args.scheduler
            else args.n_jobs,
            progress=False if args.quiet else None,
        )
        print(f"wrote {result['sentences']} rows in {result['partitions']} parts to {result['out_dir']}")
        return 0
    if args.scheduler:
        raise InputError("--scheduler needs --engine dask")

    out, fmt = arguments.table_output(args, f"{default_stem(args.paths)}.framing")
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
        csv_safe=args.csv_safe,
        cues_out=args.cues_out,
        locale=args.locale,
        actors=args.actors,
        stance_out=args.stance_out,
        summarize=not args.quiet,
        families=args.families,
    )
    # When the table goes to standard output (--out - or /dev/stdout), messages go to standard error.
    report = sys.stderr if is_stdout(out) else sys.stdout
    if not args.quiet:
        print(summary.render(), file=report)
    shown = "standard output" if str(out) == STDOUT else out
    print(f"\nwrote {summary.sentences} rows to {shown} (sentence splitter: {splitter})", file=report)
    if args.cues_out:
        print(f"wrote the cues to {args.cues_out}", file=report)
    if args.stance_out:
        print(f"wrote the stance table to {args.stance_out}", file=report)
    return 0


def default_stem(paths: list[str]) -> str:
    return Path(paths[0]).stem if len(paths) == 1 else "corpus"
