"""Every numeric option is validated when the command line is parsed, before any work."""

from __future__ import annotations

import argparse

import pytest

from framing.cli import arguments, build_parser, main


def subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def numeric_options():
    for command, parser in subparsers().items():
        for action in parser._actions:
            if (
                action.option_strings
                and action.type in (int, float)
                or action.type in vars(arguments).values()
            ):
                yield command, action


NUMERIC = list(numeric_options())
IDS = [f"{command} {action.option_strings[0]}" for command, action in NUMERIC]

# What each validator must refuse; "0" is allowed only where it means "none".
REFUSED = {
    arguments.positive_int: ["0", "-5", "1.5", "many"],
    arguments.non_negative_int: ["-1", "x"],
    arguments.folds: ["1", "0", "-3"],
    arguments.seed: ["-1", str(2**32)],
    arguments.n_jobs: ["0", "two"],
    arguments.positive_float: ["0", "-1", "nan", "inf", "x"],
}


def test_every_numeric_option_is_found():
    assert len(NUMERIC) >= 20
    assert {c for c, _ in NUMERIC} >= {"analyze", "train", "evaluate", "benchmark", "validate"}


@pytest.mark.parametrize(("command", "action"), NUMERIC, ids=IDS)
def test_numeric_option_uses_a_validator(command, action):
    assert action.type in REFUSED, f"{command} {action.option_strings[0]} takes a bare {action.type}"


def _required_arguments(parser: argparse.ArgumentParser) -> list[str]:
    """Placeholder values for a command's positionals and required options, so only the number under test is bad."""
    argv: list[str] = []
    for action in parser._actions:
        if not action.option_strings and action.dest != "help":
            argv.append("x")
        elif action.required:
            argv += [action.option_strings[0], "x"]
    return argv


@pytest.mark.parametrize(("command", "action"), NUMERIC, ids=IDS)
def test_numeric_option_refuses_bad_values_at_parse_time(command, action, capsys):
    required = _required_arguments(subparsers()[command])
    option = action.option_strings[0]
    for bad in REFUSED[action.type]:
        with pytest.raises(SystemExit) as info:
            main([command, *required, option, bad])
        assert info.value.code == 2
        err = capsys.readouterr().err
        message = err.strip().splitlines()[-1]
        assert message.startswith(f"framing {command}: error: argument {option}"), err
        assert "Traceback" not in err


@pytest.mark.parametrize(
    ("validator", "good"),
    [
        (arguments.positive_int, "1"),
        (arguments.non_negative_int, "0"),
        (arguments.folds, "2"),
        (arguments.seed, "0"),
        (arguments.n_jobs, "-1"),
        (arguments.positive_float, "0.5"),
    ],
)
def test_valid_values_pass(validator, good):
    assert validator(good) == type(validator(good))(good)


def test_help_shows_no_doubled_percent_signs():
    for command, parser in subparsers().items():
        assert "%%" not in parser.format_help(), command


def test_n_jobs_is_capped_at_the_available_cores_with_a_note(monkeypatch, caplog):
    import os

    from framing import corpus

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    with caplog.at_level("WARNING"):
        assert corpus.resolve_jobs(16) == 2
    assert "using 2 processes, not 16" in caplog.text
    assert corpus.resolve_jobs(2) == 2 and corpus.resolve_jobs(-1) == 2 and corpus.resolve_jobs(-5) == 1


def test_train_passes_capped_jobs_to_the_library(monkeypatch, tmp_path):
    import os

    import framing.models

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    seen = {}

    def fake_train_model(data, **kw):
        seen.update(kw)
        raise framing.errors.InputError("stop here")

    monkeypatch.setattr(framing.models, "train_model", fake_train_model)
    code = main(
        ["train", "d.csv", "--label", "y", "--out", str(tmp_path / "m.skops"), "--n-jobs", "16", "--quiet"]
    )
    assert code == 2 and seen["n_jobs"] == 2
