"""Cooperative, deterministic interleaving of the processes of one pod.

The shell interpreter is recursive, so a script cannot be paused with a generator. Each
process runs on a stack of its own instead (a greenlet when the `greenlet` package is there,
else a thread), but only one ever runs at a time: a process runs until it sleeps (or ends),
then hands control back, and the runner resumes whichever process wakes first (ties in the
order processes were added). The outcome is a pure function of the processes and their start
times, whatever the switching mechanism. Greenlets switch in about a microsecond; a thread
costs its creation and two semaphore hand-offs per switch, which dominated a pod's replay.

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

try:
    import greenlet
except ImportError:  # pragma: no cover - the thread fallback is tested by forcing it
    greenlet = None

FOREVER = 1 << 62
_WAIT_S = 60  # a process that neither sleeps nor ends for this long is a bug: fail loudly


class Stopped(ShellLimit):
    """Raised inside a process that the runner stops (its horizon came)."""


class _ThreadStack:
    """A process's own thread: control passes back and forth with two semaphores."""

    def __init__(self, main: Callable[[], None], name: str) -> None:
        self.name = name
        self._go, self._back = threading.Semaphore(0), threading.Semaphore(0)
        self._thread = threading.Thread(target=self._run, args=(main,), daemon=True)
        self._thread.start()

    def _run(self, main: Callable[[], None]) -> None:
        self._go.acquire()
        main()
        self._back.release()

    def resume(self) -> None:
        self._go.release()
        if not self._back.acquire(timeout=_WAIT_S):
            raise RuntimeError(f"process {self.name} did not yield")

    def hand_back(self) -> None:
        self._back.release()
        if not self._go.acquire(timeout=_WAIT_S):
            raise RuntimeError(f"process {self.name} was never resumed")

    def join(self) -> None:
        self._thread.join(timeout=_WAIT_S)


class _GreenletStack:
    """A process's own greenlet: `resume` switches to it, `hand_back` to whoever resumed it."""

    def __init__(self, main: Callable[[], None], name: str) -> None:
        self.name = name
        self._glet = greenlet.greenlet(main)

    def resume(self) -> None:
        here = greenlet.getcurrent()
        if self._glet.parent is not here:
            self._glet.parent = here  # where it returns to when it ends
        self._glet.switch()

    def hand_back(self) -> None:
        self._glet.parent.switch()

    def join(self) -> None:
        pass


def _stack_kind():
    return _GreenletStack if greenlet is not None else _ThreadStack


Stack = _stack_kind()


class Process:
    def __init__(self, name: str, start: int, body: Callable[[Process], None]) -> None:
        self.name = name
        self.now = start
        self.body = body
        self.finished = False
        self.error: BaseException | None = None
        self.killed = False
        self.result = None
        self._stack: _ThreadStack | _GreenletStack | None = None  # made when first resumed
        self._runner: Runner | None = None
        self._stop = False
        # The last moment the process lives, when known: what it does at that very moment still
        # happens (an attempt that exited on its own ends at its last step, e.g. the `echo b`
        # after `sleep 5`); only sleeping past it is cut short.
        self.deadline: int | None = None
        self.woken = False  # resumed early because what it waited for happened
        self._slot = 0      # the order of its one valid entry in the runner's queue

    def sleep(self, ms: int) -> None:
        """Let `ms` of virtual time pass for this process (hands control back)."""
        self._pause(FOREVER if ms >= FOREVER else self.now + max(0, int(ms)))

    def wait_until(self, ready: Callable[[], bool]) -> None:
        """Sleep until `ready()` holds: it is checked whenever another process has run (how
        `tail -f` waits for a file to grow without waking every second)."""
        while not ready():
            self._runner._waiters.append((self, ready))
            self._pause(FOREVER)
            if not self.woken:
                return

    def _pause(self, target: int) -> None:
        runner = self._runner
        runner._wake_waiters(self.now, self)
        runner.moment = self.now  # the moment this process is done with
        killed = self.deadline is not None and target > self.deadline
        if not killed and runner._can_continue(target):
            # Nobody else wakes before this process does: no need to switch threads.
            runner._moment_done(self.now)
            self.now = target
            runner.now = target
            return
        self.now = self.deadline if killed else target
        self.woken = False
        runner._yield(self)
        if self._stop:
            raise Stopped("stopped")
        if self.woken:
            return
        if killed:
            self.killed = True
            raise Stopped("stopped")

    def _main(self) -> None:
        try:
            if not self._stop:
                self.result = self.body(self)
        except Stopped:
            pass
        except BaseException as exc:  # noqa: BLE001 - re-raised by run() in the caller's thread
            self.error = exc
        self._runner.moment = self.now
        self.finished = True


class Runner:
    def __init__(self) -> None:
        self._queue: list[tuple[int, int, Process]] = []
        self._order = 0
        self.now = 0
        self.current: Process | None = None
        self._until = -1
        self._observe = None
        self._waiters: list[tuple[Process, Callable[[], bool]]] = []
        # The last moment the resumed process finished: it may have run on through later
        # moments itself (`Process._pause` without switching) before handing control back.
        self.moment = 0

    def _peek(self) -> tuple[int, int, Process] | None:
        """The first valid entry of the queue (entries left by a woken waiter are dropped)."""
        while self._queue and self._queue[0][2]._slot != self._queue[0][1]:
            heapq.heappop(self._queue)
        return self._queue[0] if self._queue else None

    def _can_continue(self, target: int) -> bool:
        head = self._peek()
        return target <= self._until and (head is None or head[0] > target)

    def _wake_waiters(self, at: int, running: Process | None = None) -> None:
        """Queue at `at` every waiting process whose condition now holds."""
        if not self._waiters:
            return
        still = []
        for proc, ready in self._waiters:
            if proc is not running and not proc.finished and ready():
                proc.woken = True
                proc.now = at
                self._push(proc)
            else:
                still.append((proc, ready))
        self._waiters = still

    def _moment_done(self, at: int) -> None:
        if self._observe is not None:
            self._observe(at)

    def add(self, proc: Process) -> Process:
        proc._runner = self
        self._push(proc)
        return proc

    def _push(self, proc: Process) -> None:
        self._order += 1
        proc._slot = self._order
        heapq.heappush(self._queue, (proc.now, self._order, proc))

    def _yield(self, proc: Process) -> None:
        proc._stack.hand_back()

    def _resume(self, proc: Process) -> None:
        self.current = proc
        proc._stack.resume()
        self.current = None

    def run(self, until: int, observe: Callable[[int], None] | None = None) -> None:
        """Run every process up to `until` (inclusive); `observe(t)` after each busy moment."""
        stacks = []
        started: set[int] = set()
        self._until, self._observe = until, observe
        try:
            while (head := self._peek()) is not None and head[0] <= until:
                at, order, proc = heapq.heappop(self._queue)
                self.now = at
                if id(proc) not in started:
                    started.add(id(proc))
                    proc._stack = Stack(proc._main, proc.name)
                    stacks.append(proc._stack)
                self.moment = at
                self._resume(proc)
                if proc.error is not None:
                    raise proc.error
                done = max(at, self.moment)
                self._wake_waiters(done)
                if not proc.finished and proc._slot == order:
                    self._push(proc)
                if observe is not None and ((head := self._peek()) is None or head[0] > done):
                    observe(done)
        finally:
            self._until, self._observe = -1, None
            self._stop_all(started)
            for stack in stacks:
                stack.join()

    def _stop_all(self, started: set[int]) -> None:
        self._waiters = []
        while self._queue:
            _, order, proc = heapq.heappop(self._queue)
            if proc._slot == order and id(proc) in started and not proc.finished:
                proc._stop = True
                self._resume(proc)
