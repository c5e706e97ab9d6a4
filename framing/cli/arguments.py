"""Argument types and options shared by the commands: bad numbers are refused at parse time, in one line.

argparse calls the types on the raw string; an ``ArgumentTypeError`` becomes
``framing CMD: error: argument --x: <message>`` with exit status 2, before any
file is read or any model fitted. An option several commands take with the same
meaning is added by one ``add_*`` function here, so its name, default and help
cannot drift apart between them.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

SEED_LIMIT = 2**32  # numpy's RandomState takes seeds in [0, 2**32)


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None


def _at_least(minimum: int, name: str, refusal: str):
    """An integer type refusing values below ``minimum`` with ``refusal`` (formatted with the value)."""

    def parse(text: str) -> int:
        value = _integer(text)
        if value < minimum:
            raise argparse.ArgumentTypeError(refusal.format(value))
        return value

    parse.__name__ = name
    return parse


#: 1, 2, 3, ...: counts such as --chunk-size, --top, --n-boot.
positive_int = _at_least(1, "positive_int", "must be a positive whole number, not {}")
#: 0, 1, 2, ...: counts where 0 means none (validate --n-boot).
non_negative_int = _at_least(0, "non_negative_int", "must be 0 or a positive whole number, not {}")
#: Cross-validation needs at least two folds.
folds = _at_least(2, "folds", "cross-validation needs at least 2 folds, not {}")


def seed(text: str) -> int:
    value = _integer(text)
    if not 0 <= value < SEED_LIMIT:
        raise argparse.ArgumentTypeError(f"must be between 0 and {SEED_LIMIT - 1}, not {value}")
    return value


def n_jobs(text: str) -> int:
    """scikit-learn's convention: a number of processes, -1 for every core, -2 for all but one; never 0."""
    value = _integer(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must not be 0: give a number of processes, or -1 for every core")
    return value


def positive_float(text: str) -> float:
    """A finite number above zero (regularisation strengths)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, not {text!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a finite number above 0, not {text}")
    return value


def add_csv_safe(parser: argparse.ArgumentParser) -> None:
    """``--csv-safe`` for the commands that write tables of article text (analyze, predict)."""
    parser.add_argument(
        "--csv-safe",
        action="store_true",
        help="prefix text cells starting with = + - @ with ' so spreadsheets do not run them as formulas "
        "(changes those cells' text; CSV only)",
    )


def add_random_seed(parser: argparse.ArgumentParser) -> None:
    """``--seed``, passed on as ``random_state`` (train, evaluate, sample)."""
    parser.add_argument("--seed", dest="random_state", type=seed, default=0, help="random seed (default: 0)")


def add_csv_sep(parser: argparse.ArgumentParser) -> None:
    """``--sep`` for the commands that read a table of sentences (train, evaluate, predict)."""
    parser.add_argument("--sep", help="delimiter of a CSV input (default: comma, checked against the header)")


def add_trust(parser: argparse.ArgumentParser) -> None:
    """``--trust`` for the commands that load a model file (evaluate, predict, sample)."""
    parser.add_argument(
        "--trust",
        action="append",
        default=[],
        metavar="TYPE",
        help="trust an extra type in the model file (only after inspecting it)",
    )


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    """``--data-dir`` for the commands that read the public datasets (benchmark, validate)."""
    parser.add_argument(
        "--data-dir",
        help="folder holding babe/, szeged_uncertainty/, ... "
        "(default: ../shared/data/external next to the repository)",
    )


def add_table_output(parser: argparse.ArgumentParser, default: str) -> None:
    """``--out`` and ``--format`` for the commands that write one table (analyze, predict).

    ``default`` tells the help which file is written without ``--out``.
    """
    parser.add_argument(
        "--out", help=f"output file, or - for standard output with --format (default: {default})"
    )
    parser.add_argument(
        "--format", choices=("csv", "parquet", "jsonl"), help="output format (default: from --out)"
    )


def table_output(args: argparse.Namespace, default_stem: str) -> tuple[Path, str]:
    """Where and how to write the table: ``--format``, else ``--out``'s suffix, else CSV.

    Without ``--out`` the table goes to ``<default_stem>.<format>`` in this folder.
    """
    from framing.io.writers import infer_format

    fmt = infer_format(args.out, args.format) if args.out else (args.format or "csv")
    return (Path(args.out) if args.out else Path(f"{default_stem}.{fmt}")), fmt
