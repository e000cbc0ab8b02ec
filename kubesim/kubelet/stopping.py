"""How containers end: exits, restarts with back-off, kills, pod termination and completion.

A mixin of the `Kubelet` (worker.py). Back-off follows kuberuntime's doBackOff with client-go's
Backoff: the first restart is immediate (after one sync, 1 s), then each exit waits 10 s,
20 s, 40 s ... capped at 5 minutes, measured from the exit; a container whose previous
back-off update is more than 10 minutes old starts over. Stopping follows killContainer:
preStop first (its time counts against the grace period), then SIGTERM; servers exit at once
(nginx with 0), a shell or `sleep` running as PID 1 ignores SIGTERM and is killed (137) when
the grace period ends.
"""

from __future__ import annotations

from . import probes, runtime, status
from .messages import DEADLINE_MESSAGE, SANDBOX_CHANGED, format_pod, go_duration
from .world import Entry

MAX_BACKOFF_S = 300
BACKOFF_RESET_MS = 600_000  # the back-off is forgotten 2 x 5 minutes after its last update
SYNC_MS = 1000              # the kubelet notices an exit and re-syncs the pod within a second
SANDBOX_MS = 1000           # RunPodSandbox plus CNI setup


class StopMixin:
    # -- a container has ended ---------------------------------------------------------------
    def mark_terminated(self, rec: dict, c: dict, code: int, reason: str, at: int, message: str = "") -> None:
        c.update(state="terminated", exitCode=code, termReason=reason, termMessage=message, finishedAt=at,
                 ready=False, started=False, stopping=False, postStartDone=True)
        if c["attempts"] and c["attempts"][-1][2] is None:
            c["attempts"][-1][2] = at
        for timer in ("probe", "hook", "life"):
            runtime.clear_timer(self.cluster, rec, f"{c['name']}|{timer}")

    def terminate(self, pod: dict, rec: dict, c: dict, code: int, reason: str, at: int, message: str = "",
                  waiting: str | None = None) -> None:
        self.mark_terminated(rec, c, code, reason, at, message)
        if rec.get("terminating"):
            c["step"] = "done"
            self.check_termination_done(pod, rec)
            return
        policy = pod["spec"].get("restartPolicy") or "Always"
        if c["kind"] == "sidecar":
            restart = True
        elif c["kind"] == "init":
            restart = code != 0 and policy != "Never"
        else:
            restart = policy == "Always" or (policy == "OnFailure" and code != 0)
        restart = c.pop("respec", False) or restart  # its definition changed: started again
        if not restart:
            c["step"] = "done"
            if c["kind"] == "init" and code == 0:
                self.advance(pod, rec)
            self.check_done(pod, rec)
            return
        c["step"] = "exited"
        if waiting:
            c.update(last=status.terminated(c), state="waiting", reason=waiting, message=message)
        runtime.set_timer(self.cluster, rec, f"{c['name']}|life", at + SYNC_MS, "kubelet.restart",
                          {"container": c["name"]})

    def _on_exit(self, pod, rec, params, at) -> None:
        c = rec["containers"][params["container"]]
        code = params["code"]
        reason = params.get("reason") or ("Completed" if code == 0 else "Error")
        self.terminate(pod, rec, c, code, reason, params["at"])

    def _on_stopped(self, pod, rec, params, at) -> None:
        c = rec["containers"][params["container"]]
        self.terminate(pod, rec, c, params["code"], params["reason"], at)

    def _on_restart(self, pod, rec, params, at) -> None:
        """doBackOff: restart now, or wait in CrashLoopBackOff until the back-off ends."""
        c = rec["containers"][params["container"]]
        finished = c["finishedAt"]
        entry = c.get("backoff")
        expired = entry is not None and finished - entry["last"] > BACKOFF_RESET_MS
        if entry and not expired and at - finished < entry["delay"] * 1000:
            if c["state"] == "terminated":
                c["last"] = status.terminated(c)
            c.update(step="crashloop", state="waiting", reason="CrashLoopBackOff",
                     message=f"back-off {go_duration(entry['delay'] * 1000)} restarting failed "
                             f"container={c['name']} pod={format_pod(pod)}")
            self.event(pod, "Warning", "BackOff",
                       f"Back-off restarting failed container {c['name']} in pod {format_pod(pod)}", c["name"])
            runtime.set_timer(self.cluster, rec, f"{c['name']}|life", finished + entry["delay"] * 1000,
                              "kubelet.restart", {"container": c["name"]})
            return
        delay = 10 if entry is None or expired else min(entry["delay"] * 2, MAX_BACKOFF_S)
        c["backoff"] = {"delay": delay, "last": finished}
        if c["state"] == "terminated":
            c["last"] = status.terminated(c)
        c["step"] = "idle"
        self.advance(pod, rec)

    # -- hooks and probes ------------------------------------------------------------------
    def _on_poststart(self, pod, rec, params, at) -> None:
        c = rec["containers"][params["container"]]
        if params["status"] == 0:
            c["postStartDone"] = True
            self.refresh_started(pod, c)
            self.advance(pod, rec)
            self.replan(pod, rec)
            return
        spec = runtime.spec_of(pod, c["name"])
        command = spec["lifecycle"]["postStart"]["exec"].get("command") or []
        output = params.get("output", "")
        self.event(pod, "Warning", "FailedPostStartHook",
                   f"Exec lifecycle hook ([{' '.join(command)}]) for Container \"{c['name']}\" in Pod "
                   f"\"{format_pod(pod)}\" failed - error: command '{' '.join(command)}' exited with "
                   f"{params['status']}: {output}, message: \"{output}\"", c["name"])
        self.stop_container(pod, rec, c, "FailedPostStartHook")

    def _on_probe(self, pod, rec, params, at) -> None:
        c = rec["containers"][params["container"]]
        kind, result = params["kind"], params["result"]
        c["probes"][kind] = dict(params["state"])
        for t, message in params.get("failures") or []:
            # Each failed run at its own moment: `describe` shows "(x3 over 10s)".
            self.event(pod, "Warning", "Unhealthy", probes.unhealthy_message(kind, message), c["name"], at=t)
        if kind == "startup" and result:
            c["probes"][kind]["passed"] = True
        if kind in ("liveness", "startup") and not result:
            # kuberuntime_manager.go (computePodActions): "Container %s failed liveness probe",
            # with ", will be restarted" only when the container is to be started again.
            message = f"Container {c['name']} failed {kind} probe"
            if c["kind"] == "sidecar" or (pod["spec"].get("restartPolicy") or "Always") != "Never":
                message += ", will be restarted"
            self.stop_container(pod, rec, c, message, probe=kind)
            return
        self.refresh_started(pod, c)
        self.advance(pod, rec)
        self.replan(pod, rec)

    # -- stopping one container --------------------------------------------------------------
    def grace_of(self, pod: dict) -> int:
        spec = pod["spec"]
        meta = pod["metadata"]
        if meta.get("deletionTimestamp") and meta.get("deletionGracePeriodSeconds") is not None:
            return int(meta["deletionGracePeriodSeconds"])
        return int(spec.get("terminationGracePeriodSeconds", 30))

    def stop_container(self, pod: dict, rec: dict, c: dict, message: str, grace: int | None = None,
                       probe: str | None = None) -> None:
        if c["state"] != "running" or c.get("stopping"):
            return
        spec = runtime.spec_of(pod, c["name"])
        if grace is None:
            grace = self.grace_of(pod)
            probe_spec = spec.get(probes.FIELD[probe]) if probe else None
            if probe_spec and probe_spec.get("terminationGracePeriodSeconds") is not None:
                grace = int(probe_spec["terminationGracePeriodSeconds"])
        self.event(pod, "Normal", "Killing", message, c["name"])
        c.update(stopping=True, ready=False)
        for timer in ("probe", "hook", "life"):
            runtime.clear_timer(self.cluster, rec, f"{c['name']}|{timer}")
        now, deadline = self.now, self.now + grace * 1000
        hook_end = now
        pre_stop = (spec.get("lifecycle") or {}).get("preStop") or {}
        extra = []
        if pre_stop.get("exec"):
            extra.append(Entry(now, c["name"], c["attempt"], "preStop", tuple(pre_stop["exec"].get("command") or ())))
        elif pre_stop.get("sleep"):
            hook_end = now + int(pre_stop["sleep"].get("seconds", 0)) * 1000
        if self.plainly_serving(pod, rec, extra):
            # A server stops when told to: at term_at, with status 0 (below, `served`).
            end, code = min(hook_end, deadline + 2000 if hook_end > deadline else deadline), 0
            self._stopped_at(pod, rec, c, end, code)
            return
        world = self.world(pod, rec, extra).run(deadline + 2000)
        if extra:
            outcome = world.outcome(c["name"], c["attempt"], "preStop")
            hook_end = outcome.ended if outcome.finished else deadline + 2000
            if outcome.finished and outcome.status:
                self.event(pod, "Warning", "FailedPreStopHook",
                           f"PreStopHook failed: command '{' '.join(pre_stop['exec'].get('command') or [])}' "
                           f"exited with {outcome.status}", c["name"])
        term_at = min(hook_end, deadline + 2000 if hook_end > deadline else deadline)
        main = world.outcome(c["name"], c["attempt"])
        served = world.served.get((c["name"], c["attempt"]))
        if main is not None and main.finished and main.ended <= term_at:
            end, code = main.ended, main.status
        elif served is not None and served.since <= term_at:
            end, code = term_at, 0
        else:
            end, code = max(deadline, term_at), 137
        self._stopped_at(pod, rec, c, end, code)

    def _stopped_at(self, pod: dict, rec: dict, c: dict, end: int, code: int) -> None:
        if c["attempts"] and c["attempts"][-1][2] is None:
            c["attempts"][-1][2] = end
        reason = "Completed" if code == 0 else "Error"
        runtime.set_timer(self.cluster, rec, f"{c['name']}|life", end, "kubelet.stopped",
                          {"container": c["name"], "code": code, "reason": reason})

    # -- the whole pod ---------------------------------------------------------------------
    def begin_termination(self, pod: dict, rec: dict, reason: str = "deleted") -> None:
        rec["terminating"] = {"since": self.now, "reason": reason}
        for c in rec["containers"].values():
            if c["state"] == "running":
                self.stop_container(pod, rec, c, f"Stopping container {c['name']}")
            else:
                runtime.clear_timer(self.cluster, rec, f"{c['name']}|life")
                c["step"] = "done"
        for name in ("sandbox", "deadline", "horizon"):
            runtime.clear_timer(self.cluster, rec, name)
        self.check_termination_done(pod, rec)

    def check_termination_done(self, pod: dict, rec: dict) -> None:
        if any(c["state"] == "running" for c in rec["containers"].values()):
            return
        reason = (rec.get("terminating") or {}).get("reason")
        rec["done"] = True
        if rec.get("sandbox"):
            rec["sandbox"]["ready"] = False
        if reason == "deadline":
            rec["phase"] = "Failed"
        pod = self.flush(pod, rec)
        if reason == "deleted":
            self.cluster.api.remove("pods", pod["metadata"].get("namespace", ""), pod["metadata"]["name"])

    def check_done(self, pod: dict, rec: dict) -> None:
        """A pod whose app containers all finished for good completes (restartPolicy Never/OnFailure)."""
        apps = [rec["containers"][c["name"]] for c in pod["spec"]["containers"]]
        if rec.get("terminating") or not rec["initDone"] and not self._init_failed(pod, rec):
            return
        if not all(c["step"] == "done" for c in apps):
            return
        sidecars = [c for c in rec["containers"].values() if c["kind"] == "sidecar" and c["state"] == "running"]
        if sidecars:
            rec["terminating"] = {"since": self.now, "reason": "completed"}
            for c in reversed(sidecars):
                self.stop_container(pod, rec, c, f"Stopping container {c['name']}")
            return
        rec["terminating"] = {"since": self.now, "reason": "completed"}
        self.check_termination_done(pod, rec)

    def _init_failed(self, pod: dict, rec: dict) -> bool:
        return any(c["kind"] == "init" and c["step"] == "done" and c.get("exitCode") for c in rec["containers"].values())

    def _on_deadline(self, pod, rec, params, at) -> None:
        rec["reason"], rec["message"] = "DeadlineExceeded", DEADLINE_MESSAGE
        self.event(pod, "Warning", "DeadlineExceeded", DEADLINE_MESSAGE)
        # A pod failed by its deadline keeps reporting its containers as they were when it
        # was judged (so `kubectl get` shows DeadlineExceeded, not the kill's Error).
        for c in rec["containers"].values():
            c["reported"] = {**status.container_status(c), "ready": False}
        self.begin_termination(pod, rec, "deadline")

    def _on_remove(self, pod, rec, params, at) -> None:
        self.cluster.api.remove("pods", pod["metadata"].get("namespace", ""), pod["metadata"]["name"])

    # -- the sandbox dies --------------------------------------------------------------------
    def kill_sandbox(self, pod: dict, rec: dict) -> None:
        self.event(pod, "Normal", "SandboxChanged", SANDBOX_CHANGED)
        world = self.world(pod, rec).run(self.now)
        for c in rec["containers"].values():
            if c["state"] == "running":
                served = world.served.get((c["name"], c["attempt"]))
                code = 0 if served is not None else 137
                self.mark_terminated(rec, c, code, "Completed" if code == 0 else "Error", self.now)
            if c["state"] == "terminated":
                c["last"] = status.terminated(c)
            runtime.clear_timer(self.cluster, rec, f"{c['name']}|life")
            waiting = "PodInitializing" if pod["spec"].get("initContainers") else "ContainerCreating"
            c.update(step="idle", backoff=None, state="waiting", reason=waiting, message="")
        rec["initDone"] = False
        rec["sandbox"]["ready"] = False
        runtime.clear_timer(self.cluster, rec, "horizon")
        runtime.set_timer(self.cluster, rec, "sandbox", self.now + SANDBOX_MS, "kubelet.sandbox")
