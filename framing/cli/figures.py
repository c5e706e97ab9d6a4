"""framing figures: regenerate every committed figure, or check it against the manifest."""

from __future__ import annotations

import sys
from pathlib import Path


def register(commands) -> None:
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
    figures.set_defaults(run=run_figures)


def run_figures(args) -> int:
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
