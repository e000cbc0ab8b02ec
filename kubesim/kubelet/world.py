"""A pod's processes replayed from the sandbox's creation up to a moment: `PodWorld`.

The kubelet keeps no process state between events. What a container is doing at time t is a
pure function of the pod, its volumes' sources and the plan the kubelet recorded: when each
container attempt started and stopped, its postStart hook, and every `kubectl exec` into it.
`PodWorld(...).run(t)` rebuilds the filesystems and runs every process (through the shell
interpreter, interleaved by `coop`) up to t; the result says which processes have exited and
when, which containers listen on which ports, what the files hold and what was logged.
Callers use it to find a script's exit time, a probe's outcomes, an HTTP answer, `exec`
output and logs. A step budget per process bounds the cost: a loop that would still be
running after the budget is taken to run forever unchanged (DESIGN.md, "Limits").
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field

from .. import clock as clk
from ..shell.interp import ExitShell, Shell
from ..shell.registry import Input, Invocation, NullOutput, Output, ShellLimit, Streams
from . import container as ct
from . import coop, images, programs, sessions

STEPS_PER_PROCESS = 20_000
HORIZON_MS = 3600 * 1000
# A process that reaches another pod (wget, nc) makes that pod's world replay inside its own:
# a chain of pods asking each other, or a loop asking every second for an hour, must not
# nest or repeat without bound. Past these, the asking process is taken to run unchanged, as
# after its step budget.
MAX_NESTING = 3
NESTED_RUNS = 64
# Answers kept per exec or session line (see PodWorld, `record`); its later calls are asked anew.
MAX_ANSWERS_PER_EXEC = 100


@dataclass(frozen=True)
class Entry:
    """One process in the plan: a container attempt's main process, a hook or an exec."""

    at: int
    container: str
    attempt: int
    what: str                    # main, postStart, preStop, exec, session
    argv: tuple[str, ...] = ()   # a session line: (line,)
    end: int | None = None       # its last moment: it exited, was killed, or its container ended
    stdin: bytes = b""
    ident: str = ""              # tells apart execs of the same moment
    session: str = ""            # a session line: the shell's state before it (sessions.py)


@dataclass
class Served:
    kind: str
    ports: tuple[int, ...]
    docroot: str
    since: int
    until: int | None = None
    argv: tuple[str, ...] = ()


STDOUT, STDERR = 1, 2


@dataclass
class Outcome:
    finished: bool = False
    status: int | None = None
    ended: int | None = None
    stalled: bool = False
    waiting: bool = False        # blocked until another process changes something (`tail -f`)
    exited: bool = False         # a session line ran `exit`
    shell: dict | None = None    # a session line: the shell's state after it
    output: list[tuple[int, int, str]] = field(default_factory=list)  # (moment, fd, text)

    def text(self, fd: int | None = None) -> str:
        """What the process wrote on `fd` (both streams, in the order written, when None)."""
        return "".join(t for _, f, t in self.output if fd is None or f == fd)


class _Log:
    """A process's stdout or stderr: the runtime keeps both in one log, each write stamped
    with its moment and stream, as containerd's CRI log does."""

    def __init__(self, world: PodWorld, outcome: Outcome, fd: int) -> None:
        self.world, self.outcome, self.fd = world, outcome, fd

    def write(self, data) -> None:
        text = data.decode(errors="replace") if isinstance(data, (bytes, bytearray)) else data
        self.outcome.output.append((self.world.local_now(), self.fd, text))


def site_of(entry: Entry | None, name: str, attempt: int, argv) -> str:
    """Names one place a process asks the outside: the process and the words it runs."""
    who = f"{entry.container}/{entry.attempt}/{entry.what}/{entry.ident or entry.at}" if entry is not None \
        else f"{name}/{attempt}/probe"
    return who + "|" + " ".join(argv)


class PodWorld:
    """`observed`: what the programs that look outside the pod (nslookup, wget, ...) answered
    before the last changes outside, as {site: [[until, stdout, stderr, status], ...]}: a
    replay gives a call at moment t the answer of the first interval ending after t, and asks
    the cluster as it is now only after the last change. The kubelet keeps these in the
    pod's record (worker.py, `outside_changed`): the past stays as it was observed.

    `record` (the pod's runtime record) keeps, for each `kubectl exec` and session line, the
    answers its outside calls got when they happened (`answers`: {exec id: [[site, t, stdout,
    stderr, status], ...]}, in call order). A replay gives each such call its answer again
    instead of asking anew: asking has effects of its own (IPVS round robin, an ingress
    controller's turn, connection counts), which a call made once must not repeat."""

    def __init__(self, cluster, pod: dict, plan: list[Entry], observed: dict | None = None,
                 record: dict | None = None) -> None:
        self.cluster = cluster
        self.pod = pod
        self.plan = sorted(plan, key=lambda e: (e.at, e.what != "main", e.container))
        self.runner = coop.Runner()
        self.outcomes: dict[Entry, Outcome] = {}
        self.served: dict[tuple[str, int], Served] = {}
        self.fs: dict[tuple[str, int], object] = {}
        self.mount_problems: list[str] = []
        self._outcome_of: dict[coop.Process, Outcome] = {}
        self._entry_of: dict[coop.Process, Entry] = {}
        self.observed = observed or {}
        self.calls: dict[str, list] = {}       # site -> [t, stdout, stderr, status] of its first live call
        self.record = record
        self._asked: dict[str, int] = {}         # exec id -> outside calls it made in this replay
        self.looked_outside: set[Entry] = set()  # processes that asked something outside the pod
        self.probes_looked_outside = False
        self._containers = {c["name"]: c for c in (pod["spec"].get("initContainers") or [])
                            + pod["spec"]["containers"]}
        self._volumes = self._build_volumes()
        self.nested_runs = 0
        for entry in self.plan:
            self.outcomes[entry] = Outcome()
            proc = coop.Process(f"{entry.container}/{entry.what}", entry.at, self._body(entry))
            self._outcome_of[proc] = self.outcomes[entry]
            self._entry_of[proc] = entry
            self.runner.add(proc)

    # -- time ------------------------------------------------------------------------------
    def local_now(self) -> int:
        current = self.runner.current
        return current.now if current is not None else self.runner.now

    def wall(self) -> float:
        return clk.EPOCH.timestamp() + self.local_now() / 1000

    def run(self, until: int, observe=None) -> PodWorld:
        stack = replaying(self.cluster)
        if stack:
            # Run from inside a process of another replay (it asked this pod something).
            outer = stack[0]
            outer.nested_runs += 1
            if len(stack) >= MAX_NESTING or outer.nested_runs > NESTED_RUNS:
                raise ShellLimit("too many requests between pods in one replay")
        else:
            self.nested_runs = 0
        stack.append(self)
        try:
            self.runner.run(until, observe)
        finally:
            stack.pop()
        for (name, attempt), served in self.served.items():
            end = self._end_of(name, attempt)
            if end is not None and served.until is None:
                served.until = end
        return self

    def _end_of(self, name: str, attempt: int) -> int | None:
        for entry in self.plan:
            if entry.what == "main" and entry.container == name and entry.attempt == attempt:
                outcome = self.outcomes[entry]
                return outcome.ended if outcome.finished else entry.end
        return None

    # -- filesystems -----------------------------------------------------------------------
    def _build_volumes(self) -> dict:
        out = {}
        for volume in self.pod["spec"].get("volumes") or []:
            node, problem = ct.volume_node(self.cluster, self.pod, volume, self.wall)
            if problem:
                self.mount_problems.append(problem)
            out[volume["name"]] = node
        return out

    def image_of(self, name: str) -> images.Image | None:
        try:
            return images.lookup(images.resolve(self._containers[name].get("image", "")))
        except images.InvalidReference:
            return None

    def filesystem(self, name: str, attempt: int):
        key = (name, attempt)
        if key not in self.fs:
            spec = self._containers[name]
            mounts = {m["mountPath"]: self._volumes[m["name"]] for m in spec.get("volumeMounts") or []
                      if self._volumes.get(m.get("name")) is not None}
            if self.pod["spec"].get("automountServiceAccountToken", True) is not False \
                    and ct.SA_DIR not in mounts:
                node, _ = ct.volume_node(self.cluster, self.pod, {"name": "sa", "projected": {}}, self.wall)
                mounts[ct.SA_DIR] = node
            self.fs[key] = ct.rootfs(self.pod, spec, self.image_of(name), mounts, self.wall)
        return self.fs[key]

    def shell_for(self, name: str, attempt: int, proc: coop.Process | None) -> Shell:
        spec = self._containers[name]
        image = self.image_of(name)
        started = next((e.at for e in self.plan if e.what == "main" and e.container == name and e.attempt == attempt),
                       None)
        env, _ = ct.environment(self.cluster, self.pod, spec, image, started)

        def serve(ctx, kind, argv):
            self._serve(name, attempt, kind, argv, ctx.shell.cwd)
            if proc is not None:
                proc.sleep(coop.FOREVER)

        def wait(ctx, ready):
            if proc is None:
                return False  # a probe's exec cannot wait: it times out
            outcome = self._outcome_of.get(proc)
            if outcome is not None:
                outcome.waiting = True
            proc.wait_until(ready)
            if outcome is not None:
                outcome.waiting = False
            return True

        def outside(ctx, fn):
            entry = self._entry_of.get(proc) if proc is not None else None
            if entry is not None:
                self.looked_outside.add(entry)
            else:
                self.probes_looked_outside = True  # an exec probe (`nslookup`, `wget` ...)
            if not ct.prints_only(ctx.argv):
                return fn(ctx)
            site, at = site_of(entry, name, attempt, ctx.argv), self.local_now()
            kept, turn = self._kept_answers(entry), 0
            if kept is not None:
                turn = self._asked[entry.ident] = self._asked.get(entry.ident, -1) + 1
            if kept is not None and turn < len(kept) and kept[turn][:2] == [site, at]:
                answer = kept[turn][1:]
            else:
                answer = next((a for a in self.observed.get(site, ()) if at < a[0]), None)
            if answer is None:
                out, err = Output(), Output()
                status = fn(Invocation(ctx.argv, Streams(ctx.stdin_stream, out, err), ctx.env, ctx.shell))
                answer = [at, out.getvalue().decode(errors="replace"), err.getvalue().decode(errors="replace"),
                          status]
                self.calls.setdefault(site, answer)
                # Kept once it has happened: a replay that runs ahead of the cluster's time (to
                # find when an exec ends) asks now what it will ask again then.
                if kept is not None and turn == len(kept) < MAX_ANSWERS_PER_EXEC and at <= self.cluster.clock.now:
                    kept.append([site, *answer])
            ctx.stdout.write(answer[1])
            ctx.stderr.write(answer[2])
            return answer[3]

        kubelet = getattr(self.cluster, "kubelet", None)
        commands = ct.registry(self.cluster.shell.commands, image, serve, wait, outside,
                               kubelet.command_cache if kubelet is not None else None)
        if commands.lookup("ps") is not None:
            commands.register("ps", programs.ps_command(lambda argv: self.processes(name, proc, argv),
                                                        image is not None and "busybox" in image.binaries),
                              path=commands.lookup("ps").path)
        shell = Shell(self.filesystem(name, attempt), env=env, commands=commands, clock=self.wall, name="sh",
                      on_sleep=(lambda s: proc.sleep(round(s * 1000))) if proc else (lambda s: None),
                      max_steps=STEPS_PER_PROCESS)
        workdir = spec.get("workingDir") or (image.workdir if image else "/")
        shell.fs.ensure_dir(workdir)
        shell.chdir(workdir)
        return shell

    def _kept_answers(self, entry: Entry | None) -> list | None:
        """The answers kept for an exec or session line's calls, or None for other processes."""
        if self.record is None or entry is None or entry.what not in ("exec", "session") or not entry.ident:
            return None
        return self.record.setdefault("answers", {}).setdefault(entry.ident, [])

    def _serve(self, name: str, attempt: int, kind: str, argv: list[str], cwd: str) -> None:
        if kind == "stress" and _stress_bytes(argv) > _memory_limit(self._containers[name]):
            kind = "oom"  # the kernel's OOM killer ends it as soon as it allocates past the limit
        ports, docroot = _server_ports(kind, argv, cwd, self.image_of(name))
        self.served[(name, attempt)] = Served(kind, ports, docroot, self.local_now(), argv=tuple(argv))

    # -- processes --------------------------------------------------------------------------
    def _body(self, entry: Entry):
        def body(proc: coop.Process):
            outcome = self.outcomes[entry]
            if entry.end is not None:
                proc.deadline = entry.end
            shell = self.shell_for(entry.container, entry.attempt, proc)
            out, err = _Log(self, outcome, STDOUT), _Log(self, outcome, STDERR)
            streams = Streams(Input(entry.stdin), out, err)
            status = 0
            argv = list(entry.argv)
            if argv and shell.commands.lookup(argv[0]) is None and shell.commands.lookup(argv[0].rsplit("/", 1)[-1]):
                argv[0] = argv[0].rsplit("/", 1)[-1]
            try:
                if entry.what == "session":
                    status = sessions.run_line(shell, entry, outcome, streams)
                elif entry.what == "postStart" or entry.what == "preStop":
                    status = shell.call(argv, Streams(Input(), out, err))
                elif not argv:
                    # An adopted process the simulator knows no command for (a system pod of the
                    # default world, e.g. kindnet): it runs until it is stopped.
                    proc.sleep(coop.FOREVER)
                else:
                    status = shell.call(argv, streams)
            except ExitShell as exc:
                status = exc.status
            except coop.Stopped:
                raise
            except ShellLimit:
                outcome.stalled = True
                proc.sleep(coop.FOREVER)
            outcome.finished, outcome.status, outcome.ended = True, status & 0xFF, proc.now
        return body

    # -- processes as `ps` shows them -----------------------------------------------------------
    NGINX_WORKERS = 8           # worker_processes auto: one per CPU of the node (8)
    NGINX_WORKER_GAP = 28       # PIDs the entrypoint's scripts used before the first worker
    EXEC_GAP = 5                # PIDs `runc exec` uses before the exec'd process

    def processes(self, container: str, asking: coop.Process | None = None,
                  argv: list[str] | None = None) -> list[tuple[int, str, str]]:
        """(PID, user, command line) of every live process `container` can see now. With
        `shareProcessNamespace` the pod has one PID namespace whose PID 1 is the sandbox's
        /pause (run as 65535, the pause image's USER) and every container's processes follow
        in the order they started; otherwise the container's own process is PID 1."""
        shared = bool(self.pod["spec"].get("shareProcessNamespace"))
        now = self.local_now()
        rows: list[tuple[int, str, str]] = [(1, "65535", "/pause")] if shared else []
        last = 6 if shared else 0  # the highest PID used so far (the runtime's init steps took 2-6)
        for entry in self.plan:
            if entry.at > now or not shared and entry.container != container:
                continue
            if entry.what == "main":
                pid = last + 1 if shared else 1  # a container of its own starts a new namespace
            else:
                pid = last + self.EXEC_GAP
            last = pid
            served = self.served.get((entry.container, entry.attempt)) if entry.what == "main" else None
            if served is not None and served.kind == "nginx":
                last = pid + self.NGINX_WORKER_GAP + self.NGINX_WORKERS - 1
            if self.outcomes[entry].finished or entry.end is not None and now > entry.end:
                continue
            if served is not None and served.kind == "nginx":
                rows.append((pid, "root", "nginx: master process " + " ".join(served.argv)))
                rows.extend((pid + self.NGINX_WORKER_GAP + i, "101", "nginx: worker process")
                            for i in range(self.NGINX_WORKERS))
                continue
            words = ["sh"] if entry.what == "session" else list(served.argv if served is not None else entry.argv)
            rows.append((pid, "root", " ".join(words)))
        asker = self._entry_of.get(asking) if asking is not None else None
        if argv and asker is not None and (asker.what == "session" or list(asker.argv) != list(argv)):
            # `ps` run by a shell (a script, a session line) is a process of its own.
            rows.append((max(pid for pid, _, _ in rows) + 1, "root", " ".join(argv)))
        return rows

    def still_asking(self) -> bool:
        """Is a process that asked the outside still running (its future may change with it)?"""
        if self.probes_looked_outside:
            return True
        return any(not self.outcomes[e].finished for e in self.looked_outside)

    def outcome(self, name: str, attempt: int, what: str = "main") -> Outcome | None:
        for entry, outcome in self.outcomes.items():
            if entry.container == name and entry.attempt == attempt and entry.what == what:
                return outcome
        return None

    def outcome_of(self, ident: str) -> Outcome | None:
        """The outcome of the exec or session line recorded as `ident`."""
        for entry, outcome in self.outcomes.items():
            if entry.ident == ident:
                return outcome
        return None

    def listening(self, port: int, at: int) -> tuple[str, int, Served] | None:
        for (name, attempt), served in sorted(self.served.items()):
            until = served.until if served.until is not None else self._end_of(name, attempt)
            if port in served.ports and served.since <= at and (until is None or at < until):
                return name, attempt, served
        return None

    def logs(self, name: str, attempt: int) -> str:
        """The container's log: its main process's stdout and stderr merged in the order
        written (`kubectl logs` shows both)."""
        parts = []
        for entry in self.plan:
            if entry.container == name and entry.attempt == attempt and entry.what == "main":
                parts.append(self.outcomes[entry].text())
        return "".join(parts)


def _server_ports(kind: str, argv: list[str], cwd: str, image: images.Image | None) -> tuple[tuple[int, ...], str]:
    args = list(argv[1:])
    if kind == "nginx":
        return (image.ports if image and image.ports else (80,)), "/usr/share/nginx/html"
    if kind == "httpd":
        root = "/var/www/html" if image and "apache2-foreground" in image.binaries else "/usr/local/apache2/htdocs"
        return (80,), root
    if kind == "python-http":
        rest = args[2:]
        port, docroot = 8000, cwd
        i = 0
        while i < len(rest):
            if rest[i] in ("-d", "--directory") and i + 1 < len(rest):
                docroot, i = rest[i + 1], i + 2
                continue
            if rest[i] in ("-b", "--bind") and i + 1 < len(rest):
                i += 2
                continue
            if rest[i].isdigit():
                port = int(rest[i])
            i += 1
        return (port,), docroot
    if kind == "busybox-httpd":
        port, home = 80, cwd
        for i, a in enumerate(args):
            if a == "-p" and i + 1 < len(args):
                port = int(args[i + 1].rsplit(":", 1)[-1])
            if a == "-h" and i + 1 < len(args):
                home = args[i + 1]
        return (port,), home
    if kind == "hello-app":
        return (8080,), ""
    if kind == "hello-go":
        return (80,), ""
    if kind == "serve-hostname":
        return (9376,), ""
    if kind == "node-hello":
        return (8080,), ""
    if kind == "agnhost":
        sub = args[0] if args else "pause"
        ports = {"liveness": (8080,), "netexec": (8080, 8081), "serve-hostname": (9376,),
                 "test-webserver": (80,)}.get(sub, ())
        for a in args:
            if a.startswith("--http-port="):
                ports = (int(a.split("=", 1)[1]),)
        return ports, ""
    if kind == "tcp":
        return (image.ports if image else ()), ""
    return (), ""


def _stress_bytes(argv: list[str]) -> int:
    from ..scheduler import quantity

    for i, a in enumerate(argv):
        if a == "--vm-bytes" and i + 1 < len(argv):
            return quantity.amount("memory", argv[i + 1].replace("M", "Mi").replace("G", "Gi").replace("ii", "i"))
    return 0


def _memory_limit(spec: dict) -> int:
    from ..scheduler import quantity

    limit = ((spec.get("resources") or {}).get("limits") or {}).get("memory")
    return quantity.amount("memory", limit) if limit else 1 << 62


def describe_argv(argv) -> str:
    return " ".join(shlex.quote(a) for a in argv)

def replaying(cluster) -> list[PodWorld]:
    """The worlds being replayed right now, outermost first: a process of the last one runs.

    Only one thread runs at a time (`coop`), so one list per cluster is enough."""
    kubelet = getattr(cluster, "kubelet", None)
    if kubelet is None:
        return []
    return kubelet.replaying


def live_world(cluster, pod: dict) -> PodWorld | None:
    """The world of `pod` if one of its processes is running right now: a request from inside
    the pod (localhost, its own IP) is answered by that world as it is at that moment, never
    by a replay of the pod inside itself (which would replay the request again, forever)."""
    uid = pod["metadata"].get("uid")
    for world in reversed(replaying(cluster)):
        if world.pod["metadata"].get("uid") == uid:
            return world
    return None


__all__ = ["HORIZON_MS", "Entry", "NullOutput", "Outcome", "PodWorld", "Served", "describe_argv", "live_world",
           "replaying"]
