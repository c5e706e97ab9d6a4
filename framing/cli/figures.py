"""framing figures: regenerate every committed figure, or check it against the manifest."""

from __future__ import annotations

import sys
from pathlib import Path

from framing.errors import InputError


def register(commands) -> None:
    figures = commands.add_parser(
        "figures",
        help="regenerate every figure of the notebooks and README, or check them against the manifest",
        description="Each figure is written as PNG with a CSV of the numbers it plots. The manifest records "
        "the hash of every CSV (checked strictly) and PNG (checked under the recorded library versions).",
        epilog="example: framing figures --check",
    )
    figures.add_argument("--out", help="figure folder (default: docs/figures)")
    figures.add_argument(
        "--seed-path",
        metavar="ARTICLE",
        help="draw only the article figures, of this .txt file "
        "instead of the seed (works outside the repository; not with --check or --update-manifest)",
    )
    mode = figures.add_mutually_exclusive_group()
    mode.add_argument(
        "--check", action="store_true", help="regenerate in a temporary folder and compare; exit 1 on change"
    )
    mode.add_argument("--update-manifest", action="store_true", help="regenerate and record the new hashes")
    figures.set_defaults(run=run_figures)


def run_figures(args) -> int:
    from framing.figures import article_registry, check_figures, default_out_dir, make_figures, write_manifest

    if args.seed_path and (args.check or args.update_manifest):
        raise InputError(
            "--seed-path draws another article; the manifest describes the seed: drop one of them"
        )
    if args.seed_path and not args.out:
        raise InputError(
            "--seed-path draws another article: give --out DIR so docs/figures is not overwritten"
        )
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
    # The other figures read repository files (docs/benchmarks.json, test fixtures).
    names = list(article_registry(args.seed_path)) if args.seed_path else None
    for path in make_figures(out, seed_path=args.seed_path, names=names):
        print(f"wrote {path}")
    return 0
