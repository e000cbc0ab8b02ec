"""Limits: an endless loop stops with a message; sleep goes through the injected hook."""

import pytest

from kubesim.shell import Shell


def test_an_endless_loop_stops_with_a_clear_message(run):
    result = run("while true; do echo y; done")
    assert result.exit_code == 124
    assert result.stderr == "bash: stopped after 10,000 steps: a command line may run at most " \
                            "10,000 commands and loop rounds\n"
    assert result.stdout.startswith("y\ny\n")


def test_the_budget_covers_nested_shells_and_substitutions(run):
    result = run("sh -c 'while :; do x=$(echo); done'")
    assert result.exit_code == 124
    assert result.stderr.count("stopped after") == 1


def test_the_budget_is_per_line(shell):
    shell.max_steps = 100  # each round costs two steps: the round and its command
    assert shell.run("for i in $(seq 40); do :; done").exit_code == 0
    assert shell.run("for i in $(seq 40); do :; done").exit_code == 0
    assert shell.run("for i in $(seq 60); do :; done").exit_code == 124


def test_output_is_capped(run):
    result = run("seq 1000000 | sed p | sed p")
    assert result.exit_code == 124
    assert "output limit reached" in result.stderr


def test_awk_loops_have_their_own_budget(run):
    result = run("awk 'BEGIN { while (1) n++ }'")
    assert result.exit_code == 124
    assert "awk: stopped after 1,000,000 steps" in result.stderr


@pytest.mark.parametrize("duration, seconds", [
    ("30", 30), ("45s", 45), ("2m", 120), ("1h", 3600), ("0.5", 0.5), ("1d", 86400),
])
def test_sleep_hands_its_seconds_to_the_hook(duration, seconds):
    slept = []
    shell = Shell(on_sleep=slept.append)
    assert shell.run(f"sleep {duration}").exit_code == 0
    assert slept == [seconds]


def test_sleep_without_a_hook_moves_the_shells_own_clock(run):
    assert run("date +%T; sleep 90; date +%T").stdout == "00:00:00\n00:01:30\n"


def test_sleep_refuses_a_bad_interval_as_coreutils(run):
    result = run("sleep soon")
    assert result.stderr == "sleep: invalid time interval 'soon'\n" \
                            "Try 'sleep --help' for more information.\n"
    assert result.exit_code == 1
    assert run("sleep").stderr.startswith("sleep: missing operand\n")


def test_sleep_in_a_loop_advances_time_each_round():
    slept = []
    shell = Shell(on_sleep=slept.append)
    shell.run("for i in 1 2 3; do sleep 10; done")
    assert slept == [10, 10, 10]
