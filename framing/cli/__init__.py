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

from framing.cli import agreement, analyze, annotate, benchmark, compare, figures, models, plot, validate
from framing.errors import FramingError

# The order commands appear in ``framing --help``.
COMMAND_MODULES = (analyze, compare, agreement, models, annotate, benchmark, validate, plot, figures)


class _Version(argparse.Action):
    """``--version``: the package version and the sentence splitter this machine uses (looked up only when asked)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from framing import __version__
        from framing.text.splitters import SPLITTER_ENV, resolve_splitter, splitter_version

        try:
            splitter = resolve_splitter()
        except FramingError as err:
            parser.exit(2, f"framing {__version__}; error: {err}\n")
        print(
            f"framing {__version__}; sentence splitter: {splitter} {splitter_version(splitter)} "
            f"(choose with {SPLITTER_ENV}=blingfire|syntok)"
        )
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="framing",
        description="Explained hedging, alarm and partisan-framing signals for news text.",
    )
    parser.add_argument(
        "--version", action=_Version, help="show the version and the sentence splitter in use"
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
