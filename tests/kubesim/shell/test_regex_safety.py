"""Patterns run on a linear-time engine: a catastrophic pattern returns at once."""

import time

import pytest


@pytest.mark.parametrize("line", [
    "grep -E '(a+)+$' big.txt",
    "grep -E '(a|aa)*c' big.txt",
    "sed -E 's/(a*)*b/x/' big.txt",
    "awk '/(a+)+b/' big.txt",
])
def test_a_catastrophic_pattern_returns_fast(shell, run, line):
    shell.fs.write("/home/learner/big.txt", "a" * 5000 + "!\n")
    start = time.perf_counter()
    result = run(line)
    assert time.perf_counter() - start < 1.0
    assert result.exit_code in (0, 1)


def test_back_references_are_refused_with_a_reason(run):
    result = run("grep '\\(a\\)\\1' /dev/null")
    assert result.exit_code == 2
    assert "back-references are not supported" in result.stderr


def test_a_bad_pattern_is_reported_by_grep(run):
    result = run("grep -E 'a(' /dev/null")
    assert result.exit_code == 2
    assert result.stderr.startswith("grep: ")
