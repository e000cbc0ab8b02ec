"""The shell's default clock: virtual time that moves only when told to.

A clock is any callable returning seconds since the Unix epoch. The cluster passes its own (its
virtual time plus the fixed epoch); alone, the shell uses `FixedClock`, which starts at the
simulator's epoch, 2026-01-01T00:00:00Z, and moves only through `advance` (what `sleep` does).
"""

from __future__ import annotations

EPOCH = 1_767_225_600.0  # 2026-01-01T00:00:00Z


class FixedClock:
    def __init__(self, start: float = EPOCH) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
