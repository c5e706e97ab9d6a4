"""Command line: each command parses its arguments, calls one library function, and reports.

No logic lives here that the library lacks; errors the user can fix
(``FramingError``) print as one line and exit with status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from framing.errors import FramingError


def _analyze(args) -> int:
    from framing.corpus import analyze_corpus
    from framing.io.writers import infer_format

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
        n_jobs=args.n_jobs,
        chunk_size=args.chunk_size,
        progress=False if args.quiet else None,
        top=args.top,
    )
    if not args.quiet:
        print(summary.render())
    print(f"\nwrote {summary.sentences} rows to {out}")
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
    analyze.add_argument("--n-jobs", type=int, default=1, help="processes to use; -1 for all cores (default: 1)")
    analyze.add_argument("--chunk-size", type=int, default=200, help="documents per chunk (default: 200)")
    analyze.add_argument("--top", type=int, default=3, help="sentences per signal in the summary (default: 3)")
    analyze.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    analyze.set_defaults(run=_analyze)
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
