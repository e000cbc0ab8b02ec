"""Live sandboxes in this process: each learner's `Cluster` in memory, and what drives it.

`Registry` keeps the clusters that are open (least recently used first out, never one that
somebody watches). A `LiveSandbox` runs commands, plays time in slices, keeps keyframes for
the scrubber, and remembers what it last pushed so that frames carry only what changed.
Everything here is synchronous and guarded by the sandbox's lock; the consumer and the
scheduler call it from threads or in short slices (labs/sandbox/scheduler.py).
"""

import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F

from kubesim.cluster import Cluster
from labs.grading.world import attach_scripted
from labs.models import Sandbox
from labs.sandbox import board as boards
from labs.sandbox import journal
from labs.sandbox.ownership import limits_for

SPEEDS = (1, 4, 16)
KEYFRAME_EVERY_MS = 30_000  # virtual time between keyframes
MAX_KEYFRAMES = 200
MAX_SUBFRAMES = 4
SCROLLBACK = 200


@dataclass
class TermEntry:
    number: int
    line: str
    stdout: str
    stderr: str
    exit_code: int
    virtual_ms: int
    prompt: str = "$"


@dataclass
class Keyframe:
    virtual_ms: int
    log_length: int
    data: bytes


@dataclass
class LiveSandbox:
    id: int
    cluster: Cluster
    revision: int
    created: object = None  # the row's creation time: ids can be reused after a delete
    speed: int = 0
    lock: threading.RLock = field(default_factory=threading.RLock)
    watchers: dict = field(default_factory=dict)  # channel name -> language
    anchor: tuple = (0.0, 0)  # (wall seconds, virtual ms) when play last started
    last_flush: float = 0.0
    last_save: float = 0.0
    last_used: float = field(default_factory=time.monotonic)
    saved_log_length: int = 0
    shown_rv: int = 0  # the store's resourceVersion the last frame showed
    subframes: list = field(default_factory=list)  # pod overrides still to show, oldest first
    sent: dict = field(default_factory=dict)  # language -> fragment id -> html last pushed
    render_keys: dict = field(default_factory=dict)  # language -> what the last frame showed
    keyframes: list = field(default_factory=list)
    scrollback: deque = field(default_factory=lambda: deque(maxlen=SCROLLBACK))
    lanes: dict = field(default_factory=dict)  # timeline: pod key -> [(virtual ms, class)]
    dirty: bool = True
    ticked: bool = False  # the clock moved since the last frame (nothing else may have)
    nested: dict | None = None  # a `kubectl exec -it ... -- sh` the terminal is inside
    restart: object = None  # a lab's sandbox: makes the lab's world again (labs/lab_sandboxes.py)
    journaled: int = 0  # log entries stored in the journal (labs/sandbox/journal.py)
    answers: dict = field(default_factory=dict)  # log position -> answer, until journaled
    answered: dict = field(default_factory=dict)  # client id -> log position, this process
    reset_pending: bool = False  # reset in memory, not yet stored
    holder: str = ""  # with several workers: this worker's channel while it owns the sandbox
    fence: int = 0  # ... and the lease's fencing number (0: one process, no lease)

    # -- commands --------------------------------------------------------------------------
    def run(self, line: str, stdin: str = "", shown: str | None = None, prompt: str = "$") -> TermEntry:
        self._keyframe_if_due()
        result = self.cluster.run(line, stdin)
        entry = TermEntry(len(self.cluster.log), line if shown is None else shown, result.stdout,
                          result.stderr, result.exit_code, self.cluster.clock.now, prompt)
        self.dirty = True
        return self._show(entry)

    def note(self, line: str, prompt: str = "$") -> TermEntry:
        """A terminal line that runs nothing in the cluster (`exit` from a nested shell). It is
        logged as a moment without a command, so the journal keeps it."""
        self.cluster.mark_time()
        return self._show(TermEntry(len(self.cluster.log), line, "", "", 0, self.cluster.clock.now, prompt))

    def _show(self, entry: TermEntry) -> TermEntry:
        self.scrollback.append(entry)
        self.answers[entry.number] = {"terminal": True, "shown": entry.line, "stdout": entry.stdout,
                                      "stderr": entry.stderr, "exit": entry.exit_code, "prompt": entry.prompt}
        return entry

    def apply(self, text: str):
        self._keyframe_if_due()
        outcome = self.cluster.apply(text)
        if outcome.applied:
            self._answer_privately(outcome.stdout, outcome.stderr)
        self.dirty = True
        return outcome

    def run_quietly(self, line: str, stdin: str):
        """A command the terminal does not show (the editor's Delete): its answer goes to the
        asking tab only."""
        result = self.cluster.run(line, stdin)
        self._answer_privately(result.stdout, result.stderr)
        self.dirty = True
        return result

    def _answer_privately(self, stdout: str, stderr: str) -> None:
        self.answers[len(self.cluster.log)] = {"terminal": False, "stdout": stdout or "", "stderr": stderr or ""}

    def check(self, text: str) -> list:
        return self.cluster.check(text)

    # -- time ------------------------------------------------------------------------------
    def play(self, speed: int) -> None:
        self.speed = speed if speed in SPEEDS else 1
        self.anchor = (time.monotonic(), self.cluster.clock.now)

    def pause(self) -> None:
        self.speed = 0
        self._mark_time()

    def step(self) -> None:
        """Every event of the next moment that has one (all of them, so a replay agrees)."""
        self.speed = 0
        at = self.cluster.clock.next_time()
        if at is not None:
            self._keyframe_if_due()
            self.cluster.advance_to(at)
        self._mark_time()
        self.dirty = True

    def settle(self) -> None:
        self.speed = 0
        self._keyframe_if_due()
        self.cluster.settle()
        self._mark_time()
        self.dirty = True

    def advance_slice(self, budget_s: float) -> bool:
        """Play toward the wall clock's target for at most `budget_s` of CPU; True if done."""
        if not self.speed:
            return True
        wall, virtual = self.anchor
        target = virtual + int((time.monotonic() - wall) * 1000 * self.speed)
        if target - self.cluster.clock.now > 5_000 * self.speed:
            # Far behind (a slow machine, a huge cluster): drop the backlog, keep pace from here.
            self.anchor = (time.monotonic(), self.cluster.clock.now)
            target = self.cluster.clock.now
        started = time.perf_counter()
        clock = self.cluster.clock
        version = self.cluster.store.resource_version
        try:
            while True:
                self._keyframe_if_due()
                at = clock.next_time()
                if at is None or at > target:
                    if target > clock.now:
                        self.cluster.advance_to(target)
                        self.ticked = True
                    return True
                # Whole moments only: every event at `at` runs before anything else may happen.
                self.cluster.advance_to(at)
                self.ticked = True
                if time.perf_counter() - started > budget_s:
                    return False
        finally:
            if self.cluster.store.resource_version != version:
                self.dirty = True  # the cluster changed, not just its clock

    def _mark_time(self) -> None:
        log = self.cluster.log
        if self.cluster.clock.now > (log[-1]["t"] if log else 0):
            self.cluster.mark_time()

    # -- keyframes and the scrubber --------------------------------------------------------
    def _keyframe_if_due(self) -> None:
        now = self.cluster.clock.now
        last = self.keyframes[-1].virtual_ms if self.keyframes else 0
        if now - last >= KEYFRAME_EVERY_MS:
            self.keyframes.append(Keyframe(now, len(self.cluster.log), self.cluster.to_bytes()))
            if len(self.keyframes) > MAX_KEYFRAMES:
                del self.keyframes[1::2]  # thin out evenly, keep the first and newest

    def at(self, virtual_ms: int) -> Cluster:
        """A copy of this cluster as it was at `virtual_ms`: nearest keyframe plus the log."""
        virtual_ms = max(0, min(int(virtual_ms), self.cluster.clock.now))
        base = None
        for frame in self.keyframes:
            if frame.virtual_ms <= virtual_ms:
                base = frame
        if base is None:
            past = self.fresh_cluster()
            start = 0
        else:
            past = Cluster.from_bytes(base.data)
            attach_scripted(past)  # a lab's scripted events happen in the past too
            start = base.log_length
        for entry in self.cluster.log[start:]:
            if entry["t"] > virtual_ms:
                break
            past.advance_to(entry["t"])
            if entry["line"] is not None:
                past.run(entry["line"], entry["stdin"])
        past.advance_to(virtual_ms)
        return past

    # -- frames ----------------------------------------------------------------------------
    def next_overrides(self):
        """Pod states for the next frame: moments the store passed through between two frames
        (Pending, then ContainerCreating, ... within one instant) are shown one by one."""
        store = self.cluster.store
        if store.resource_version != self.shown_rv:
            self.subframes = (self.subframes + _subframes(store.history, self.shown_rv))[-MAX_SUBFRAMES:]
            self._record_lanes(self.shown_rv)
            self.shown_rv = store.resource_version
        if self.subframes:
            return self.subframes.pop(0)
        return None

    def _record_lanes(self, since_rv: int) -> None:
        """Timeline steps per pod and per container: (virtual ms, class), restarts marked."""
        for change in _changes_since(self.cluster.store.history, since_rv):
            if change.plural != "pods":
                continue
            obj = change.obj
            namespace, name = obj["metadata"].get("namespace", ""), obj["metadata"]["name"]
            if namespace in boards.SYSTEM_NAMESPACES:
                continue
            if change.new is None:
                self._step((namespace, name, ""), change.time, "gone")
                continue
            ready, status, _restarts = boards.pod_summary(change.new)
            self._step((namespace, name, ""), change.time, boards.phase_class(change.new, ready, status))
            pod_status = change.new.get("status") or {}
            old_counts = _restart_counts(change.old)
            for init, statuses in ((True, pod_status.get("initContainerStatuses") or []),
                                   (False, pod_status.get("containerStatuses") or [])):
                for cs in statuses:
                    key = (namespace, name, ("init:" if init else "") + cs.get("name", ""))
                    if int(cs.get("restartCount") or 0) > old_counts.get(cs.get("name"), 0):
                        self._step(key, change.time, "restart")
                    self._step(key, change.time, _container_class(cs))
        if len(self.lanes) > 120:
            for key in list(self.lanes)[:-120]:
                del self.lanes[key]

    def _step(self, key: tuple, at: int, css: str) -> None:
        lane = self.lanes.setdefault(key, [])
        if css == "restart":
            lane.append((at, css))
        elif lane and lane[-1][0] == at and lane[-1][1] != "restart":
            lane[-1] = (at, css)
        elif not lane or lane[-1][1] != css:
            lane.append((at, css))

    # -- storage ---------------------------------------------------------------------------
    def save(self) -> None:
        """Write snapshot + log (the lock is held by the caller)."""
        self._mark_time()
        data = self.cluster.to_bytes()
        rows = Sandbox.objects.filter(id=self.id)
        if self.fence:
            rows = rows.filter(holder=self.holder, fence=self.fence)  # an old owner stores nothing
        rows.update(
            state=data, virtual_ms=self.cluster.clock.now, speed=self.speed,
            revision=F("revision") + 1,
        )
        self.revision += 1
        self.saved_log_length = len(self.cluster.log)
        self.last_save = time.monotonic()

    def fresh_cluster(self) -> Cluster:
        """This sandbox at its start: the default world, or its lab's world."""
        fresh = self.restart() if self.restart else Cluster(self.cluster.seed, self.cluster.nodes)
        fresh.limits = self.cluster.limits  # a reset keeps the sandbox's size limits
        return fresh

    def reset(self) -> None:
        self.cluster = self.fresh_cluster()
        self.reset_pending = True
        self.journaled = 0
        self.answers.clear()
        self.speed = 0
        self.keyframes.clear()
        self.scrollback.clear()
        self.lanes.clear()
        self.subframes.clear()
        self.render_keys.clear()
        self.nested = None
        self.shown_rv = self.cluster.store.resource_version
        self.dirty = True


def _restart_counts(pod: dict | None) -> dict:
    status = (pod or {}).get("status") or {}
    return {cs.get("name"): int(cs.get("restartCount") or 0)
            for cs in (status.get("initContainerStatuses") or []) + (status.get("containerStatuses") or [])}


FAILING_WAITS = {"CrashLoopBackOff", "ErrImagePull", "ImagePullBackOff", "CreateContainerConfigError",
                 "RunContainerError", "InvalidImageName"}


def _container_class(cs: dict) -> str:
    state = cs.get("state") or {}
    if "running" in state:
        return "ready" if cs.get("ready") else "running"
    if "terminated" in state:
        return "succeeded" if int(state["terminated"].get("exitCode") or 0) == 0 else "failing"
    reason = (state.get("waiting") or {}).get("reason", "")
    return "failing" if reason in FAILING_WAITS else "creating"


def _changes_since(history, since_rv: int) -> list:
    out = []
    for change in reversed(history):
        if change.resource_version <= since_rv:
            break
        out.append(change)
    out.reverse()
    return out


def _subframes(history, since_rv: int) -> list[dict]:
    sequences: dict[tuple, list] = {}
    for change in _changes_since(history, since_rv):
        if change.plural != "pods":
            continue
        obj = change.obj
        key = (obj["metadata"].get("namespace", ""), obj["metadata"]["name"])
        seq = sequences.setdefault(key, [])
        signature = boards.pod_signature(change.new)
        if not seq or seq[-1][0] != signature:
            seq.append((signature, change.new))
    longest = max((len(s) for s in sequences.values()), default=0)
    frames = []
    for i in range(min(longest - 1, MAX_SUBFRAMES)):
        frames.append({key: seq[min(i, len(seq) - 1)][1] for key, seq in sequences.items()})
    return frames


class Registry:
    """The live sandboxes of this process, least recently used first."""

    def __init__(self) -> None:
        self.entries: OrderedDict[int, LiveSandbox] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, sandbox: Sandbox) -> LiveSandbox:
        """The live copy of `sandbox`, loaded from its snapshot when not in memory (or stale)."""
        with self.lock:
            live = self.entries.get(sandbox.id)
            if live is not None and live.created != sandbox.created:
                self.entries.pop(sandbox.id)
                live = None
            if live is not None and live.revision >= sandbox.revision:
                self.entries.move_to_end(sandbox.id)
                live.last_used = time.monotonic()
                return live
        fresh = load(sandbox)
        with self.lock:
            live = self.entries.get(sandbox.id)
            if live is not None and live.created == sandbox.created and live.revision >= sandbox.revision:
                return live
            if live is not None and live.created == sandbox.created:
                fresh.watchers = live.watchers
            self.entries[sandbox.id] = fresh
            self._evict(keep=sandbox.id)
            return fresh

    def peek(self, sandbox_id: int) -> LiveSandbox | None:
        return self.entries.get(sandbox_id)

    def drop(self, sandbox_id: int) -> None:
        with self.lock:
            self.entries.pop(sandbox_id, None)

    def playing(self) -> list[LiveSandbox]:
        return [e for e in list(self.entries.values()) if e.speed and e.watchers]

    def _evict(self, keep: int | None = None) -> None:
        now = time.monotonic()
        idle = settings.SANDBOX_IDLE_SECONDS
        for sandbox_id, live in list(self.entries.items()):
            over = len(self.entries) > settings.SANDBOX_LIVE_MAX
            if live.watchers or sandbox_id == keep:
                continue
            if over or now - live.last_used > idle:
                self.entries.pop(sandbox_id)

    def evict_idle(self) -> None:
        with self.lock:
            self._evict()


def load(sandbox: Sandbox) -> LiveSandbox:
    """The sandbox from its snapshot and the journal entries stored after it."""
    data = bytes(sandbox.state or b"")
    cluster = Cluster.from_bytes(data) if data else Cluster(sandbox.seed, sandbox.nodes)
    attach_scripted(cluster)  # a lab's scripted events (handlers are not in the snapshot)
    cluster.limits = limits_for(sandbox)  # as the owner is now (a guest who signed up grows)
    saved, saved_at, saved_rv = len(cluster.log), cluster.clock.now, cluster.store.resource_version
    shown = journal.catch_up(cluster, sandbox)
    live = LiveSandbox(id=sandbox.id, cluster=cluster, revision=sandbox.revision,
                       created=sandbox.created, speed=sandbox.speed,
                       saved_log_length=saved, journaled=len(cluster.log))
    if data:
        # The snapshot is a keyframe: the scrubber need not replay from the start.
        live.keyframes.append(Keyframe(saved_at, saved, data))
    live._record_lanes(saved_rv)  # the timeline since the snapshot, as the journal replayed it
    for row in shown:
        if row.answer.get("terminal"):
            live.scrollback.append(TermEntry(row.seq, row.answer["shown"], row.answer["stdout"],
                                             row.answer["stderr"], row.answer["exit"], row.t,
                                             row.answer["prompt"]))
    live.nested = shown[-1].answer.get("nested") if shown else None
    live.restart = _lab_restarter(sandbox)
    live.shown_rv = cluster.store.resource_version
    # The browser's terminal is a terminal: `kubectl exec -it` gets no "Unable to use a TTY".
    cluster.shell.interactive = True
    if live.speed:
        live.play(live.speed)
    return live


registry = Registry()


def _lab_restarter(sandbox: Sandbox):
    if sandbox.lab_id is None:
        return None
    from labs.lab_sandboxes import restarter

    return restarter(sandbox)
