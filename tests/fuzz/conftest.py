"""Prints how many examples each fuzz target ran, and how long they took."""

from tests.fuzz.harness import COUNTS, PROFILE, SECONDS


def pytest_terminal_summary(terminalreporter):
    if not COUNTS:
        return
    terminalreporter.section(f"fuzz examples (profile {PROFILE})")
    for target in sorted(COUNTS):
        terminalreporter.write_line(f"{target}: {COUNTS[target]:,} examples in {SECONDS[target]:.1f} s")
