"""A misspelt option gets one message naming the right one, for every command (exit 2, no usage dump)."""

from __future__ import annotations

import argparse

import pytest

from observer.cli import build_parser, main


def leaves(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """Every runnable command: (its words, its parser)."""
    commands = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not commands:
        yield path, parser
        return
    for name, sub in commands[0].choices.items():
        yield from leaves(sub, (*path, name))


def minimal_argv(parser: argparse.ArgumentParser) -> list[str]:
    """Placeholder values for the command's positional arguments and required options."""
    argv = []
    for action in parser._actions:
        if action.option_strings and action.required:
            argv += [action.option_strings[0], action.choices[0] if action.choices else "x"]
        elif not action.option_strings and action.nargs not in ("?", "*", argparse.SUPPRESS):
            argv.append(action.choices[0] if action.choices else "x")
    for group in parser._mutually_exclusive_groups:
        if group.required:
            first = group._group_actions[0]
            argv += [first.option_strings[0]] + ([] if first.nargs == 0 else ["x"])
    return argv


def misspelt(option: str) -> str:
    """The option with its third letter doubled, as in --dissagreements."""
    return option[:3] + option[2] + option[3:]


COMMANDS = list(leaves(build_parser()))


def test_every_command_is_checked() -> None:
    assert len(COMMANDS) > 20
    assert ("reliability",) in [words for words, _ in COMMANDS]


@pytest.mark.parametrize(("words", "parser"), COMMANDS, ids=[" ".join(w) for w, _ in COMMANDS])
def test_a_misspelt_option_names_the_closest_one(words, parser, capsys) -> None:
    options = [o for a in parser._actions for o in a.option_strings if o.startswith("--") and o != "--help"]
    wrong = misspelt(options[0]) if options else "--zzzzzz"
    status = main([*words, *minimal_argv(parser), wrong])
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1 and "usage:" not in err, err
    expected = f"observer: error: unknown option {wrong} for observer {' '.join(words)}"
    assert err.startswith(expected), err
    if options:
        assert f"; did you mean {options[0]}?" in err
    assert err.rstrip().endswith(f"See observer {' '.join(words)} --help.")


def test_the_issue_example_and_an_option_with_a_value(capsys) -> None:
    assert main(["reliability", "study.observer", "--dissagreements"]) == 2
    assert capsys.readouterr().err == ("observer: error: unknown option --dissagreements for observer reliability; "
                                       "did you mean --disagreements? See observer reliability --help.\n")
    assert main(["reliability", "study.observer", "--ci-metod=bca"]) == 2
    assert "unknown option --ci-metod for observer reliability; did you mean --ci-method?" in capsys.readouterr().err


def test_an_extra_argument_is_named(capsys) -> None:
    assert main(["sessions", "a.observer", "b.observer"]) == 2
    assert capsys.readouterr().err == ("observer: error: unexpected argument 'b.observer' for observer sessions. "
                                       "See observer sessions --help.\n")
