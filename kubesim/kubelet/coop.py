"""Cooperative, deterministic interleaving of the processes of one pod.

The shell interpreter is recursive, so a script cannot be paused with a generator. Each
process runs in its own thread instead, but only one thread ever runs at a time: a process
runs until it sleeps (or ends), then hands control back, and the runner resumes whichever
process wakes first (ties in the order processes were added). The outcome is a pure function
of the processes and their start times, whatever the thread timing.

A process is a callable `body(proc)` that lets virtual time pass only through
`proc.sleep(ms)`. `run(until)` stops every process still alive at `until` (raising `Stopped`
inside it) so no thread outlives the call. Observers see the world after each moment at which
something ran, which is what the kubelet needs to find when a probe's outcome changes.
"""

from __future__ import annotations

import heapq
import threading
from collections.abc import Callable

from ..shell.registry import ShellLimit

FOREVER = 1 << 62
_WAIT_S = 60  # a process that neither sleeps nor ends for this long is a bug: fail loudly


class Stopped(ShellLimit):
    """Raised inside a process that the runner stops (its horizon came)."""


class Process:
    def __init__(self, name: str, start: int, body: Callable[[Process], None]) -> None:
        self.name = name
        self.now = start
        self.body = body
        self.finished = False
        self.error: BaseException | None = None
        self.killed = False
        self.result = None
        self._go = threading.Semaphore(0)
        self._runner: Runner | None = None
        self._stop = False
        self.deadline: int | None = None  # the moment the process is killed, when known

    def sleep(self, ms: int) -> None:
        """Let `ms` of virtual time pass for this process (hands control back)."""
        target = FOREVER if ms >= FOREVER else self.now + max(0, int(ms))
        killed = self.deadline is not None and target >= self.deadline
        runner = self._runner
        if not killed and runner._can_continue(target):
            # Nobody else wakes before this process does: no need to switch threads.
            runner._moment_done(self.now)
            self.now = target
            runner.now = target
            return
        self.now = self.deadline if killed else target
        self._runner._yield(self)
        if self._stop or killed:
            if killed and not self._stop:
                self.killed = True
            raise Stopped("stopped")

    def _main(self) -> None:
        self._go.acquire()
        try:
            if not self._stop:
                self.result = self.body(self)
        except Stopped:
            pass
        except BaseException as exc:  # noqa: BLE001 - re-raised by run() in the caller's thread
            self.error = exc
        self.finished = True
        self._runner._done.release()


class Runner:
    def __init__(self) -> None:
        self._queue: list[tuple[int, int, Process]] = []
        self._order = 0
        self._done = threading.Semaphore(0)
        self.now = 0
        self.current: Process | None = None
        self._until = -1
        self._observe = None

    def _can_continue(self, target: int) -> bool:
        return target <= self._until and (not self._queue or self._queue[0][0] > target)

    def _moment_done(self, at: int) -> None:
        if self._observe is not None:
            self._observe(at)

    def add(self, proc: Process) -> Process:
        proc._runner = self
        self._order += 1
        heapq.heappush(self._queue, (proc.now, self._order, proc))
        return proc

    def _yield(self, proc: Process) -> None:
        self._done.release()
        if not proc._go.acquire(timeout=_WAIT_S):
            raise RuntimeError(f"process {proc.name} was never resumed")

    def _resume(self, proc: Process) -> None:
        self.current = proc
        proc._go.release()
        if not self._done.acquire(timeout=_WAIT_S):
            raise RuntimeError(f"process {proc.name} did not yield")
        self.current = None

    def run(self, until: int, observe: Callable[[int], None] | None = None) -> None:
        """Run every process up to `until` (inclusive); `observe(t)` after each busy moment."""
        threads = []
        started: set[int] = set()
        self._until, self._observe = until, observe
        try:
            while self._queue and self._queue[0][0] <= until:
                at, _, proc = heapq.heappop(self._queue)
                self.now = at
                if id(proc) not in started:
                    started.add(id(proc))
                    thread = threading.Thread(target=proc._main, daemon=True)
                    threads.append(thread)
                    thread.start()
                self._resume(proc)
                if proc.error is not None:
                    raise proc.error
                if not proc.finished:
                    self._order += 1
                    heapq.heappush(self._queue, (proc.now, self._order, proc))
                if observe is not None and (not self._queue or self._queue[0][0] > at):
                    observe(at)
        finally:
            self._until, self._observe = -1, None
            self._stop_all(started)
            for thread in threads:
                thread.join(timeout=_WAIT_S)

    def _stop_all(self, started: set[int]) -> None:
        while self._queue:
            _, _, proc = heapq.heappop(self._queue)
            if id(proc) in started and not proc.finished:
                proc._stop = True
                self._resume(proc)
