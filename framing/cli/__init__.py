"""Command line: each command parses its arguments, calls one library function, and reports.

One module per command family owns its parsers and runners (``register`` adds
them); this module only assembles them. No logic lives here that the library
lacks; errors the user can fix (``FramingError``) print as one line and exit
with status 2.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from framing.cli import agreement, analyze, benchmark, compare, figures, models, plot, validate
from framing.errors import FramingError

# The order commands appear in ``framing --help``.
COMMAND_MODULES = (analyze, compare, agreement, models, benchmark, validate, plot, figures)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="framing",
        description="Explained hedging, alarm and partisan-framing signals for news text.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


class Terminated(BaseException):
    """SIGTERM, raised like KeyboardInterrupt so every ``except BaseException`` cleanup runs."""


def _terminate(signum, frame) -> None:
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # A batch system's kill is SIGTERM: clean up as for Ctrl-C (temporary files, workers), then exit 143.
    in_main_thread = threading.current_thread() is threading.main_thread()  # signal() works only there
    previous = signal.signal(signal.SIGTERM, _terminate) if in_main_thread else None
    try:
        return args.run(args)
    except FramingError as err:
        print(f"framing {args.command}: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"framing {args.command}: interrupted; no output was written", file=sys.stderr)
        return 130
    except Terminated:
        print(f"framing {args.command}: terminated; no output was written", file=sys.stderr)
        return 128 + signal.SIGTERM
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)
