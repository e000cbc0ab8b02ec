"""`Cluster`: one simulated Kubernetes cluster, driven by command lines.

A cluster is determined by its seed, its starting world and the ordered, timestamped
command lines given to it. It is kept as a snapshot plus the log of those lines; replaying
the log from the start reaches the same snapshot (`verify`).
"""

import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from . import clock as clk
from . import editor, workstation
from .apiserver.limits import Limits
from .apiserver.server import APIServer
from .shell.fs import VirtualFS
from .shell.interp import Shell
from .shell.registry import Result
from .store import Store
from .verbs import Verbs
from .version import SIM_VERSION
from .world import build_world

MAX_LINE = 10_000
SETTLE_HORIZON_S = 600
MAX_EVENTS_PER_ADVANCE = 2_000_000


@dataclass
class Controller:
    """A reconcile loop: watch handlers enqueue keys; `sync(key)` converges one object."""

    name: str
    sync: Callable[[str], None]
    queue: dict[str, None] = field(default_factory=dict)  # an ordered, de-duplicating set

    def enqueue(self, key: str) -> None:
        self.queue[key] = None


class Cluster:
    coalesce = False  # see advance_to

    def __init__(self, seed: int = 0, nodes: int = 2, *, world: bool = True, snapshot: dict | None = None,
                 log: list[dict] | None = None, limits: Limits | None = None) -> None:
        snap = snapshot
        self.seed = snap["seed"] if snap else seed
        self.nodes = snap["nodes"] if snap else nodes
        self.clock = clk.Clock.load(snap["clock"]) if snap else clk.Clock()
        self.streams = clk.Streams.load(snap["streams"]) if snap else clk.Streams(seed)
        self.store = Store(self.clock, self.streams)
        self.api = APIServer(self.store)
        # The host's cap on objects and pods (apiserver/limits.py); kept in the snapshot, so a
        # replay refuses what the original refused.
        self.api.limits = Limits.load(snap.get("limits")) if snap else limits
        self.state: dict = json.loads(json.dumps(snap["state"])) if snap else {}
        self.log: list[dict] = list(log or [])
        self.handlers: dict[str, Callable[[clk.Event], None]] = {}
        self.controllers: list[Controller] = []
        if snap:
            fs = VirtualFS.restore(snap["shell"]["fs"], self.wall_seconds)
        else:
            fs = workstation.new_home(self.wall_seconds)
        self.shell = self._new_shell(fs)
        self._wire()
        if snap:
            self.store.load(snap["store"])
            self.shell.vars.update(snap["shell"]["vars"])
            self.shell.cwd = snap["shell"]["cwd"]
        elif world:
            self.state.update(build_world(self.store, self.nodes))
            self.reconcile()  # the world at time zero is converged (its Endpoints and EndpointSlices exist)

    # -- wiring ----------------------------------------------------------------------------
    def _wire(self) -> None:
        from . import controllers, kubelet, scheduler
        from . import network as networking
        from .apiserver import wiring
        from .kubectl import commands

        wiring.connect(self.api)
        commands.register(self)
        self.verbs = Verbs(self)
        self.register_command("cluster", self.verbs)
        scheduler.install(self)
        kubelet.install(self)
        controllers.install(self)
        networking.install(self)

    def _new_shell(self, fs) -> Shell:
        shell = Shell(fs, env={"USER": "learner", "HOSTNAME": "workstation"}, commands=None,
                      clock=self.wall_seconds, on_sleep=lambda seconds: self.advance(seconds))
        return shell

    def wall_seconds(self) -> float:
        """The virtual time as Unix seconds (what `date` and file times show)."""
        return clk.EPOCH.timestamp() + self.clock.now / 1000

    def wall_seconds_at(self, ms: int) -> float:
        return clk.EPOCH.timestamp() + ms / 1000

    def add_controller(self, name: str, sync: Callable[[str], None]) -> Controller:
        controller = Controller(name, sync)
        self.controllers.append(controller)
        return controller

    def register_command(self, name: str, fn) -> None:
        self.shell.commands.register(name, fn)

    # -- driving ---------------------------------------------------------------------------
    def run(self, line: str, stdin: str | bytes = b"") -> Result:
        """Run one command line as the learner's terminal would, and log it."""
        stdin_bytes = stdin.encode() if isinstance(stdin, str) else stdin
        if len(line) > MAX_LINE:
            return Result("", f"error: the command line is {len(line):,} characters long; "
                              f"the limit is {MAX_LINE:,}\n", 1)
        self.log.append({"t": self.clock.now, "line": line, "stdin": stdin_bytes.decode(errors="replace")})
        self.reconcile()
        result = self.shell.run(line, stdin_bytes)
        self.reconcile()
        return result

    def check(self, text: str) -> list:
        """Every diagnostic for a manifest, without applying it (the editor, as one types)."""
        return editor.check(self.api, text)

    def apply(self, text: str) -> "editor.ApplyResult":
        """Apply a manifest from the editor: all diagnostics if anything is wrong, else
        `kubectl apply -f -` with it (logged like any command line)."""
        diagnostics = self.check(text)
        if any(d.severity == "error" for d in diagnostics):
            return editor.ApplyResult(diagnostics)
        result = self.run("kubectl apply -f -", text)
        return editor.ApplyResult(diagnostics, result.stdout, result.stderr, True)

    def advance(self, seconds: float) -> None:
        """Let virtual time pass, processing every event due on the way."""
        self.advance_to(self.clock.now + round(seconds * 1000))

    def advance_to(self, target_ms: int) -> None:
        self.reconcile()
        for _ in range(MAX_EVENTS_PER_ADVANCE):
            event = self.clock.pop_due(target_ms)
            if event is None:
                break
            self.handle(event)
            # With `coalesce`, controllers run once the events of an instant are all handled,
            # as a work queue coalesces what happened together (cost grows with moments, not
            # events). Off by default: it changes resourceVersions in golden transcripts.
            if not self.coalesce or self.clock.next_time() != event.at:
                self.reconcile()
        self.reconcile()
        self.clock.now = max(self.clock.now, target_ms)

    def wait_until(self, done: Callable[[], bool], timeout_ms: int, idle_ends: bool = False) -> bool:
        """Let virtual time pass until `done()` holds or `timeout_ms` have passed (what
        `kubectl wait`, `delete` and `rollout status` do); True if it holds.

        When nothing more is scheduled, the wait runs out its time, unless `idle_ends`: then it
        stops at once (a delete that can never finish should not jump the clock ahead).
        """
        deadline = self.clock.now + timeout_ms
        self.reconcile()
        while not done():
            at = self.clock.next_time()
            if at is None and idle_ends:
                return False
            if at is None or at > deadline:
                self.advance_to(deadline)
                return done()
            self.advance_to(at)
        return True

    def step(self) -> clk.Event | None:
        """Run the next event only (the live view's "step")."""
        at = self.clock.next_time()
        if at is None:
            return None
        self.reconcile()
        event = self.clock.pop_due(at)
        if event is not None:
            self.handle(event)
            self.reconcile()
        return event

    def settle(self, horizon_s: float = SETTLE_HORIZON_S, budget_s: float = 3600) -> bool:
        """Run until nothing changes before `horizon_s` from now; False if `budget_s` ran out."""
        limit = self.clock.now + int(budget_s * 1000)
        self.reconcile()
        while True:
            at = self.clock.next_time()
            if at is None or at > self.clock.now + horizon_s * 1000:
                return True
            if at > limit:
                self.clock.now = limit
                return False
            self.advance_to(at)

    def mark_time(self) -> None:
        """Record in the log that time was advanced without a command (the live view's play)."""
        self.log.append({"t": self.clock.now, "line": None, "stdin": ""})

    def handle(self, event: clk.Event) -> None:
        handler = self.handlers.get(event.kind)
        if handler is not None:
            handler(event)

    def reconcile(self, limit: int = 1_000_000) -> None:
        """Let every controller sync its queued keys, until all queues are empty."""
        for _ in range(limit):
            busy = next((c for c in self.controllers if c.queue), None)
            if busy is None:
                return
            key = next(iter(busy.queue))
            del busy.queue[key]
            busy.sync(key)
        raise RuntimeError("controllers did not converge")

    @property
    def limits(self) -> Limits | None:
        return self.api.limits

    @limits.setter
    def limits(self, value: Limits | None) -> None:
        self.api.limits = value

    # -- snapshots -------------------------------------------------------------------------
    def snapshot(self) -> dict:
        snap = {
            "version": SIM_VERSION,
            "seed": self.seed,
            "nodes": self.nodes,
            "clock": self.clock.dump(),
            "streams": self.streams.dump(),
            "store": self.store.dump(),
            "state": self.state,
            "shell": {"fs": self.shell.fs.snapshot(), "vars": dict(sorted(self.shell.vars.items())),
                      "cwd": self.shell.cwd},
        }
        if self.limits is not None:
            snap["limits"] = self.limits.dump()  # only when set: unlimited snapshots stay as they were
        return snap

    @classmethod
    def from_snapshot(cls, snap: dict, log: list[dict] | None = None) -> "Cluster":
        return cls(snapshot=snap, log=log)

    def replay(self) -> "Cluster":
        """A new cluster built from the same seed and world with this one's log replayed."""
        fresh = Cluster(self.seed, self.nodes, limits=self.limits)
        for entry in self.log:
            fresh.advance_to(entry["t"])
            if entry["line"] is None:
                fresh.mark_time()
            else:
                fresh.run(entry["line"], entry["stdin"])
        fresh.advance_to(self.clock.now)
        return fresh

    def verify(self) -> bool:
        """Does replaying the log from the start reach this very snapshot?"""
        return dumps(self.replay().snapshot()) == dumps(self.snapshot())

    # -- state files ----------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        return zlib.compress(dumps({"format": "kubesim", "snapshot": self.snapshot(), "log": self.log}).encode(), 6)

    @classmethod
    def from_bytes(cls, data: bytes) -> "Cluster":
        doc = json.loads(zlib.decompress(data))
        return cls.from_snapshot(doc["snapshot"], doc["log"])


def dumps(data) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
