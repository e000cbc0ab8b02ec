"""Probes: what each check answers at a moment, and when a probe's result next changes.

Outcomes come from the replayed world (`world.PodWorld`): exec probes run their command in
the container's filesystem as it is then, httpGet asks the pod's server (`serve.answer`),
tcpSocket and grpc need a listener. `cluster probe fail|pass` adds health overrides from a
moment on. Outcomes only change at moments when some process ran (or an override begins), so
a probe's outcome is a step function; `next_transition` walks the probe's grid (first probe
when the container starts, then every `periodSeconds`, skipped before `initialDelaySeconds`)
with the kubelet's worker rules (consecutive runs against success/failure thresholds) and
jumps over stretches where nothing can change. The kubelet schedules only that moment.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..shell.interp import ExitShell
from ..shell.registry import Input, Output, ShellLimit, Streams
from . import serve

KINDS = ("startup", "liveness", "readiness")
FIELD = {"startup": "startupProbe", "liveness": "livenessProbe", "readiness": "readinessProbe"}
TITLE = {"startup": "Startup", "liveness": "Liveness", "readiness": "Readiness"}


@dataclass(frozen=True)
class Settings:
    delay_ms: int
    period_ms: int
    timeout_s: int
    success: int
    failure: int

    @classmethod
    def of(cls, probe: dict) -> Settings:
        return cls(int(probe.get("initialDelaySeconds") or 0) * 1000, int(probe.get("periodSeconds") or 10) * 1000,
                   int(probe.get("timeoutSeconds") or 1), int(probe.get("successThreshold") or 1),
                   int(probe.get("failureThreshold") or 3))


def resolve_port(spec: dict, port) -> int:
    if isinstance(port, int) or (isinstance(port, str) and port.isdigit()):
        return int(port)
    for p in spec.get("ports") or []:
        if p.get("name") == port:
            return int(p["containerPort"])
    return 0


def check(world, spec: dict, probe: dict, attempt: int, at: int, ip: str, override: str | None) -> tuple[bool, str]:
    """(success, failure message) of one probe run at `at`.

    Messages are the probers' own (kubernetes/kubernetes pkg/probe/http/http.go: "HTTP probe
    failed with statuscode: %d"; pkg/probe/tcp/tcp.go and the HTTP client: Go's dial error;
    pkg/probe/exec: the command's output), which prober/prober.go wraps as "%s probe failed:
    %s" in the Unhealthy event (`unhealthy_message`)."""
    if "exec" in probe:
        if override == "fail":
            return False, ""
        if override == "pass":
            return True, ""
        return _exec(world, spec["name"], attempt, (probe["exec"] or {}).get("command") or [], probe)
    if "httpGet" in probe:
        get = probe["httpGet"] or {}
        port = resolve_port(spec, get.get("port"))
        path = get.get("path") or "/"
        scheme = (get.get("scheme") or "HTTP").lower()
        url = f"{scheme}://{ip}:{port}{path if path.startswith('/') else '/' + path}"
        if override == "fail":
            return False, "HTTP probe failed with statuscode: 500"
        answer = serve.answer(world, port, path, at)
        if override == "pass":
            return True, ""
        if answer is None:
            return False, f'Get "{url}": dial tcp {ip}:{port}: connect: connection refused'
        if 200 <= answer.status < 400:
            return True, ""
        return False, f"HTTP probe failed with statuscode: {answer.status}"
    if "tcpSocket" in probe or "grpc" in probe:
        source = probe.get("tcpSocket") or probe.get("grpc") or {}
        port = resolve_port(spec, source.get("port"))
        ok = override == "pass" or (override != "fail" and serve.connects(world, port, at))
        if ok:
            return True, ""
        if "grpc" in probe:
            return False, f'timeout: failed to connect service "{ip}:{port}" within 1s: context deadline exceeded'
        return False, f"dial tcp {ip}:{port}: connect: connection refused"
    return True, ""


def _exec(world, name: str, attempt: int, argv: list[str], probe: dict) -> tuple[bool, str]:
    shell = world.shell_for(name, attempt, None)
    slept = []
    shell.on_sleep = lambda s: slept.append(s)
    out = Output()
    try:
        status = shell.call(list(argv), Streams(Input(), out, out)) if argv else 0
    except ExitShell as exc:
        status = exc.status
    except ShellLimit:
        status = 1
    timeout = int(probe.get("timeoutSeconds") or 1)
    if sum(slept) > timeout:
        return False, f"command timed out: \"{' '.join(argv)}\" timed out after {timeout}s"
    text = out.getvalue().decode(errors="replace")
    return status == 0, text.rstrip("\n") if status else ""


class Timeline:
    """Outcomes of one probe at the moments they may change: a step function of time."""

    def __init__(self) -> None:
        self.times: list[int] = []
        self.values: list[tuple[bool, str]] = []

    def add(self, at: int, value: tuple[bool, str]) -> None:
        if self.times and self.times[-1] == at:
            self.values[-1] = value
        elif not self.values or self.values[-1] != value:
            self.times.append(at)
            self.values.append(value)

    def at(self, t: int) -> tuple[bool, str]:
        i = bisect.bisect_right(self.times, t) - 1
        return self.values[i] if i >= 0 else (False, "")

    def next_change(self, t: int) -> int | None:
        i = bisect.bisect_right(self.times, t)
        return self.times[i] if i < len(self.times) else None


@dataclass
class Transition:
    at: int
    result: bool                    # the probe's new result
    failures: list[tuple[int, str]]  # failed probe runs leading to it (for Unhealthy events)
    state: dict                     # the worker state after it


def initial_state(kind: str) -> dict:
    """The worker's first result: readiness starts failed, liveness succeeded, startup unknown."""
    result = {"readiness": False, "liveness": True, "startup": None}[kind]
    return {"result": result, "last": None, "run": 0, "next": None}


def next_transition(kind: str, settings: Settings, started_at: int, state: dict, timeline: Timeline,
                    until: int) -> Transition | None:
    """Walk the probe grid from the state's next probe to `until`; the first result change."""
    t = state["next"] if state.get("next") is not None else started_at
    last, run, result = state.get("last"), state.get("run", 0), state["result"]
    failures: list[tuple[int, str]] = list(map(tuple, state.get("failures") or []))
    while t <= until:
        if t - started_at < settings.delay_ms:
            t += settings.period_ms
            continue
        ok, message = timeline.at(t)
        run = run + 1 if last == ok else 1
        last = ok
        failures = failures + [(t, message)] if not ok else []
        threshold = settings.success if ok else settings.failure
        if run >= threshold and ok != result:
            after = {"result": ok, "last": last if ok or kind == "readiness" else None,
                     "run": run if ok or kind == "readiness" else 0, "next": t + settings.period_ms, "failures": []}
            return Transition(t, ok, failures, after)
        if not ok and result is False and run == 1:
            # A failure that changes no result still shows as an Unhealthy event (once per
            # failing streak: the kubelet's per-period repeats are not simulated).
            after = {"result": result, "last": last, "run": run, "next": t + settings.period_ms, "failures": []}
            return Transition(t, result, failures, after)
        if run >= threshold and ok == result:
            change = timeline.next_change(t)
            if change is None:
                return None
            # Nothing can change before the outcome does: jump to the first probe after it.
            steps = max(1, -(-(change - t) // settings.period_ms))
            if ok:
                failures = []
            t += steps * settings.period_ms
            continue
        t += settings.period_ms
    return None


def unhealthy_message(kind: str, message: str) -> str:
    return f"{TITLE[kind]} probe failed: {message}"
