"""The kubelet of every node: runs the pods bound to it and reports their status.

Level-triggered: the pod watch only enqueues keys; `sync(key)` compares the pod with its
runtime record and starts what should run (sandbox, then init containers one at a time, then
the app containers), begins termination when the pod is being deleted, and writes the status
computed by `status.generate`. Everything that happens later is a queued event for a timer of
the record (`kubelet.*` kinds): sandbox ready, image pulled or failed, process exit, postStart
done, probe result change, restart after back-off, container stopped, active deadline.
Event messages are kubelet's own, from kubernetes/kubernetes pkg/kubelet: images/image_manager.go
(Pulling, Pulled, Failed, BackOff), kuberuntime/kuberuntime_container.go (Created, Started,
Killing, FailedPostStartHook, BackOff "Back-off restarting failed container"), prober/prober.go
(Unhealthy), kuberuntime_manager.go (SandboxChanged), active_deadline.go (DeadlineExceeded).
"""

from __future__ import annotations

from .. import clock as clk
from ..store import assoc
from . import container as ct
from . import events, images, probes, runtime, status
from .messages import go_duration
from .stopping import SANDBOX_MS, SYNC_MS, StopMixin
from .world import HORIZON_MS, PodWorld

PULL_LATENCY_MS = 700
PULL_BYTES_PER_MS = 30_000  # about 30 MB/s
PULL_FAIL_MS = 1200
MAX_BACKOFF_S = 300  # image pulls back off like containers do: 10 s doubling to 5 minutes
EVENT_KINDS = ("kubelet.sandbox", "kubelet.pulled", "kubelet.pullfailed", "kubelet.pullbackoff",
               "kubelet.exit", "kubelet.poststart", "kubelet.probe", "kubelet.restart", "kubelet.stopped",
               "kubelet.deadline", "kubelet.horizon", "kubelet.remove")


MAX_OBSERVED = 20  # intervals kept per asking site; older calls are answered as the cluster is now


def _visible_change(change) -> bool:
    """Did a pod change in a way another pod can see (its address, phase or readiness)?"""
    def seen(pod):
        status = (pod or {}).get("status") or {}
        ready = [c.get("status") for c in status.get("conditions") or () if c.get("type") == "Ready"]
        return status.get("podIP"), status.get("phase"), ready, bool(((pod or {}).get("metadata") or {})
                                                                      .get("deletionTimestamp"))
    return seen(change.old) != seen(change.new)


def _image_key(written: str) -> str:
    try:
        return images.resolve(written).full
    except images.InvalidReference:
        return written


class Kubelet(StopMixin):
    def __init__(self, cluster) -> None:
        self.cluster = cluster
        self.controller = cluster.add_controller("kubelet", self.sync)
        self.replaying: list[PodWorld] = []  # worlds running now, outermost first (world.replaying)
        self.command_cache: dict = {}  # container.registry's, for this cluster's workstation commands
        self._plain: dict[int, tuple] = {}  # see _plain_server
        cluster.store.watch(self.on_pod, "pods")
        cluster.store.watch(self.on_source, "configmaps")
        cluster.store.watch(self.on_source, "secrets")
        for plural in ("services", "endpointslices", "pods"):
            cluster.store.watch(self.on_outside, plural)
        for kind in EVENT_KINDS:
            cluster.handlers[kind] = self.on_event

    # -- watches ---------------------------------------------------------------------------
    def on_pod(self, change) -> None:
        pod = change.obj
        if (pod.get("spec") or {}).get("nodeName") or runtime.record_of(self.cluster, runtime.pod_key(pod)):
            self.controller.enqueue(runtime.pod_key(pod))

    def on_source(self, change) -> None:
        # A pod waiting for a ConfigMap or Secret is retried when one appears or changes.
        for rec in runtime.root(self.cluster)["pods"].values():
            if rec.get("blocked"):
                self.controller.enqueue(rec["key"])

    # -- helpers ---------------------------------------------------------------------------
    @property
    def now(self) -> int:
        return self.cluster.clock.now

    def pod(self, rec: dict) -> dict | None:
        ns, name = rec["key"].split("/", 1)
        pod = self.cluster.store.get("pods", ns, name)
        return pod if pod is not None and pod["metadata"].get("uid") == rec["uid"] else None

    def event(self, pod: dict, type_: str, reason: str, message: str, name: str | None = None,
              at: int | None = None) -> None:
        node = pod["spec"]["nodeName"]
        events.record_kubelet(self.cluster, pod, type_, reason, message, node,
                              runtime.field_path(pod, name) if name else None, at)

    def stopped(self, node: str) -> bool:
        return runtime.node_state(self.cluster, node)["stopped"]

    def flush(self, pod: dict, rec: dict) -> dict:
        """Write the status the record implies, if it differs from the stored one."""
        new = status.generate(pod, rec, self.now)
        if new == pod.get("status"):
            return pod
        return self.cluster.api.update_status("pods", assoc(pod, ("status",), new))

    # -- sync ------------------------------------------------------------------------------
    def sync(self, key: str) -> None:
        ns, name = key.split("/", 1)
        pod = self.cluster.store.get("pods", ns, name)
        rec = runtime.record_of(self.cluster, key)
        if rec is not None and (pod is None or pod["metadata"].get("uid") != rec["uid"]):
            runtime.forget(self.cluster, rec)
            rec = None
        if pod is None or not pod["spec"].get("nodeName") or self.stopped(pod["spec"]["nodeName"]):
            return
        if rec is None:
            rec = self._first_look(pod)
            if rec is None:
                return
        if pod["metadata"].get("deletionTimestamp") and not rec.get("terminating"):
            self.begin_termination(pod, rec)
        elif not rec.get("terminating") and not rec["done"]:
            if rec.get("blocked") and not rec.get("sandbox") and "sandbox" not in rec["timers"]:
                runtime.set_timer(self.cluster, rec, "sandbox", self.now, "kubelet.sandbox")
            self.restart_changed(pod, rec)
            self.arm_deadline(pod, rec)
            self.advance(pod, rec)
        pod = self.pod(rec)
        if pod is not None:
            self.flush(pod, rec)

    def _first_look(self, pod: dict) -> dict | None:
        status_now = pod.get("status") or {}
        if status_now.get("phase") in ("Succeeded", "Failed") and not pod["metadata"].get("deletionTimestamp"):
            return None
        if status_now.get("phase") == "Running" and status_now.get("containerStatuses"):
            # Already running before the simulation began: adopt it without touching it,
            # unless something is asked of it.
            if pod["metadata"].get("deletionTimestamp"):
                return runtime.adopt(self.cluster, pod)
            return None
        if status_now.get("phase") in ("Succeeded", "Failed"):
            self.cluster.api.remove("pods", pod["metadata"].get("namespace", ""), pod["metadata"]["name"])
            return None
        node = self.cluster.store.get("nodes", "", pod["spec"]["nodeName"])
        if node is None:
            return None
        rec = runtime.new_record(self.cluster, pod, node["status"]["addresses"][0]["address"])
        runtime.set_timer(self.cluster, rec, "sandbox", self.now + SANDBOX_MS, "kubelet.sandbox")
        self.arm_deadline(pod, rec)
        return rec

    def arm_deadline(self, pod: dict, rec: dict) -> None:
        """Keep the active-deadline timer at startTime + activeDeadlineSeconds. The field may
        be set or lowered on a running pod, and the kubelet judges it again at every sync
        (active_deadline.go), so a patch takes effect (at once if the time is already past)."""
        deadline = pod["spec"].get("activeDeadlineSeconds")
        at = rec["startTime"] + int(deadline) * 1000 if deadline else None
        if at == rec.get("deadlineAt"):
            return
        rec["deadlineAt"] = at
        if at is None:
            runtime.clear_timer(self.cluster, rec, "deadline")
        else:
            runtime.set_timer(self.cluster, rec, "deadline", max(at, self.now), "kubelet.deadline")

    # -- events ------------------------------------------------------------------------------
    def on_event(self, event: clk.Event) -> None:
        rec = runtime.root(self.cluster)["pods"].get(event.params.get("uid"))
        if rec is None or rec["timers"].get(event.params["timer"]) != event.seq:
            return
        if self.stopped(rec["node"]):
            # The kubelet is down: what would have happened is noticed when it comes back.
            runtime.node_state(self.cluster, rec["node"])["held"].append(
                {"kind": event.kind, "key": event.key, "params": event.params, "at": event.at})
            return
        del rec["timers"][event.params["timer"]]
        pod = self.pod(rec)
        if pod is None:
            return
        handler = getattr(self, "_on_" + event.kind.split(".", 1)[1])
        handler(pod, rec, event.params, event.at)
        pod = self.pod(rec)
        if pod is not None:
            self.flush(pod, rec)

    def _on_sandbox(self, pod, rec, params, at) -> None:
        problems = ct.mount_problems(self.cluster, pod)
        if problems:
            rec["blocked"] = True
            for problem in problems:
                self.event(pod, "Warning", "FailedMount", problem)
            return
        rec.pop("blocked", None)
        node = self.cluster.store.get("nodes", "", rec["node"])
        old = rec.get("sandbox")
        attempt = old["attempt"] + 1 if old else 0
        if old:
            rec["oldSandboxes"] = (rec["oldSandboxes"] + [{**old, "ready": False}])[-3:]
        rec["sandbox"] = {"id": self.cluster.streams.hexdigits("sandbox-id", f"{rec['uid']}/{attempt}", 64),
                          "attempt": attempt, "created": self.now, "ip": runtime.allocate_ip(self.cluster, pod, node),
                          "ready": True}
        self.advance(pod, rec)

    # -- starting containers -----------------------------------------------------------------
    def advance(self, pod: dict, rec: dict) -> None:
        """Start whatever should run now (computePodActions)."""
        if not (rec.get("sandbox") or {}).get("ready") or rec.get("terminating") or rec["done"]:
            return
        spec = pod["spec"]
        if not rec["initDone"]:
            for c_spec in spec.get("initContainers") or []:
                c = rec["containers"][c_spec["name"]]
                if c["kind"] == "sidecar":
                    if not c["started"]:
                        self.ensure_started(pod, rec, c)
                        return
                    continue
                if c["state"] == "terminated" and c["exitCode"] == 0:
                    continue
                self.ensure_started(pod, rec, c)
                return
            rec["initDone"] = True
        for c_spec in spec.get("initContainers") or []:
            c = rec["containers"][c_spec["name"]]
            if c["kind"] == "sidecar":
                self.ensure_started(pod, rec, c)
        for c_spec in spec["containers"]:
            self.ensure_started(pod, rec, rec["containers"][c_spec["name"]])
        self.check_done(pod, rec)

    def restart_changed(self, pod: dict, rec: dict) -> None:
        """A running app container or sidecar whose image was changed (`kubectl set image`, the
        one container field a pod update may change) is killed and started again with the new
        image, whatever the restart policy (kuberuntime_manager.go computePodActions:
        "Container %s definition changed", then ", will be restarted")."""
        for c in rec["containers"].values():
            if c["kind"] == "init" or c["state"] != "running" or c.get("stopping"):
                continue
            if _image_key(runtime.spec_of(pod, c["name"]).get("image", "")) == _image_key(c["image"]):
                continue
            # The restart is not a crash: no back-off (its key holds the container's hash).
            c.update(respec=True, backoff=None)
            self.stop_container(pod, rec, c, f"Container {c['name']} definition changed, will be restarted")

    def ensure_started(self, pod: dict, rec: dict, c: dict) -> None:
        if c["step"] in ("idle", "configError"):
            self.begin_start(pod, rec, c)

    def begin_start(self, pod: dict, rec: dict, c: dict) -> None:
        spec = runtime.spec_of(pod, c["name"])
        written = spec.get("image", "")
        try:
            ref = images.resolve(written)
        except images.InvalidReference as exc:
            message = f'Failed to apply default image tag "{written}": {exc}'
            self.event(pod, "Warning", "InspectFailed", message, c["name"])
            self.event(pod, "Warning", "Failed", "Error: InvalidImageName", c["name"])
            c.update(step="blocked", state="waiting", reason="InvalidImageName", message=message)
            return
        node = runtime.node_state(self.cluster, rec["node"])
        present = ref.full in node["images"]
        policy = runtime.pull_policy(spec, ref)
        if present and policy != "Always":
            self.event(pod, "Normal", "Pulled",
                       f'Container image "{written}" already present on machine and can be accessed by the pod',
                       c["name"])
            self.create_and_start(pod, rec, c, ref)
            return
        if policy == "Never":
            message = f'Container image "{written}" is not present with pull policy of Never'
            self.event(pod, "Warning", "ErrImageNeverPull", message, c["name"])
            c.update(step="blocked", state="waiting", reason="ErrImageNeverPull", message=message)
            return
        self.pull(pod, rec, c, ref)

    def pull(self, pod: dict, rec: dict, c: dict, ref: images.Reference) -> None:
        written = runtime.spec_of(pod, c["name"]).get("image", "")
        self.event(pod, "Normal", "Pulling", f'Pulling image "{written}"', c["name"])
        node = runtime.node_state(self.cluster, rec["node"])
        begin = max(self.now, node["pullFreeAt"])
        jitter = 0.85 + 0.3 * self.cluster.streams.fraction("image-pull", f"{rec['node']}/{ref.full}")
        size = images.size_of(ref)
        if size is None:
            took = int(PULL_FAIL_MS * jitter)
            kind = "kubelet.pullfailed"
        else:
            took = int((PULL_LATENCY_MS + size / PULL_BYTES_PER_MS) * jitter)
            kind = "kubelet.pulled"
        node["pullFreeAt"] = begin + took
        c["step"] = "pulling"
        runtime.set_timer(self.cluster, rec, f"{c['name']}|life", begin + took, kind,
                          {"container": c["name"], "took": took, "asked": self.now, "size": size or 0})

    def _on_pulled(self, pod, rec, params, at) -> None:
        c = rec["containers"][params["container"]]
        ref = images.resolve(runtime.spec_of(pod, c["name"]).get("image", ""))
        node = runtime.node_state(self.cluster, rec["node"])
        if ref.full not in node["images"]:
            node["images"].append(ref.full)
        written = runtime.spec_of(pod, c["name"]).get("image", "")
        self.event(pod, "Normal", "Pulled",
                   f'Successfully pulled image "{written}" in {go_duration(params["took"])} '
                   f'({go_duration(at - params["asked"])} including waiting). Image size: {params["size"]} bytes.',
                   c["name"])
        c["pullBackoff"] = None
        self.create_and_start(pod, rec, c, ref)

    def _on_pullfailed(self, pod, rec, params, at) -> None:
        c = rec["containers"][params["container"]]
        written = runtime.spec_of(pod, c["name"]).get("image", "")
        error = images.pull_error(images.resolve(written))
        self.event(pod, "Warning", "Failed", f'Failed to pull image "{written}": {error}', c["name"])
        self.event(pod, "Warning", "Failed", "Error: ErrImagePull", c["name"])
        delay = 10 if not c.get("pullBackoff") else min(c["pullBackoff"] * 2, MAX_BACKOFF_S)
        c.update(step="pullBackoff", state="waiting", reason="ErrImagePull", message=error, pullBackoff=delay)
        runtime.set_timer(self.cluster, rec, f"{c['name']}|life", at + SYNC_MS, "kubelet.pullbackoff",
                          {"container": c["name"], "retryAt": at + delay * 1000, "error": error})

    def _on_pullbackoff(self, pod, rec, params, at) -> None:
        c = rec["containers"][params["container"]]
        written = runtime.spec_of(pod, c["name"]).get("image", "")
        if at < params["retryAt"]:
            self.event(pod, "Normal", "BackOff", f'Back-off pulling image "{written}"', c["name"])
            self.event(pod, "Warning", "Failed", "Error: ImagePullBackOff", c["name"])
            c.update(reason="ImagePullBackOff",
                     message=f'Back-off pulling image "{written}": ErrImagePull: {params["error"]}')
            runtime.set_timer(self.cluster, rec, f"{c['name']}|life", params["retryAt"], "kubelet.pullbackoff",
                              {**{k: v for k, v in params.items() if k not in ("uid", "timer")}})
            return
        self.pull(pod, rec, c, images.resolve(written))

    def create_and_start(self, pod: dict, rec: dict, c: dict, ref: images.Reference) -> None:
        spec = runtime.spec_of(pod, c["name"])
        image = images.lookup(ref)
        env, problem = ct.environment(self.cluster, pod, spec, image)
        if problem:
            self.event(pod, "Warning", "Failed", f"Error: {problem}", c["name"])
            c.update(step="configError", state="waiting", reason="CreateContainerConfigError", message=problem)
            rec["blocked"] = True
            return
        argv = ct.argv_of(spec, image, env)
        attempt = c["attempt"] + 1
        c.update(attempt=attempt, id=self.cluster.streams.hexdigits("container-id", f"{rec['uid']}/{c['name']}/"
                                                                     f"{attempt}", 64),
                 image=ref.full, imageID=ref.image_id, argv=argv, message="", reason="")
        if attempt > 0:
            c["restartCount"] += 1
        self.event(pod, "Normal", "Created", f"Created container: {c['name']}", c["name"])
        problem = ct.start_error(image, argv)
        if problem:
            self.event(pod, "Warning", "Failed", f"Error: {problem}", c["name"])
            c.update(startedAt=self.now)
            self.terminate(pod, rec, c, 128, "StartError", self.now, problem, waiting="RunContainerError")
            return
        self.event(pod, "Normal", "Started", f"Started container {c['name']}", c["name"])
        has_hook = bool((spec.get("lifecycle") or {}).get("postStart") or {})
        c.update(step="running", state="running", startedAt=self.now, finishedAt=None, exitCode=None,
                 ready=False, started=False, postStartDone=not has_hook,
                 attempts=(c["attempts"] + [[attempt, self.now, None]])[-runtime.MAX_ATTEMPTS_KEPT:],
                 probes={kind: probes.initial_state(kind) for kind in probes.KINDS
                         if spec.get(probes.FIELD[kind])})
        self.refresh_started(pod, c)
        self.replan(pod, rec)

    def refresh_started(self, pod: dict, c: dict) -> None:
        """`started` and `ready` for a running container, from hook and probe results."""
        if c["state"] != "running" or not c["postStartDone"]:
            c["started"], c["ready"] = False, False
            return
        startup = c["probes"].get("startup")
        c["started"] = startup is None or startup.get("passed", False)
        if c["kind"] == "init":
            c["ready"] = False
            return
        readiness = c["probes"].get("readiness")
        c["ready"] = bool(c["started"] and (readiness["result"] if readiness else True) and not c.get("stopping"))

    # -- the replayed world: exits, hooks and probes ----------------------------------------
    def world(self, pod: dict, rec: dict, extra=()) -> PodWorld:
        return PodWorld(self.cluster, {**pod, "status": {**(pod.get("status") or {}),
                                                         "podIP": (rec.get("sandbox") or {}).get("ip", "")}},
                        runtime.plan(pod, rec, list(extra)), rec.get("observed"), rec)

    def plainly_serving(self, pod: dict, rec: dict, extra=()) -> bool:
        """Would a replay of the pod show nothing but servers that serve from their start?
        Every process of its plan a container's main process whose command is a server
        (`container.serves_at_once`), and no hook, exec, probe or working directory of its
        own. Then what a replay would tell is known without one: no process ends on its own,
        none asks anything outside, and there is no probe to follow."""
        if extra or rec.get("execs"):
            return False
        for name, c in rec["containers"].items():
            if not c["attempts"]:
                continue
            try:
                spec = runtime.spec_of(pod, name)
            except KeyError:
                return False
            if not self._plain_server(spec, tuple(c.get("argv") or ())):
                return False
        return True

    def _plain_server(self, spec: dict, argv: tuple) -> bool:
        """plainly_serving for one container, remembered per container spec dict (held, so its
        id stays its own) and argv, while the workstation's commands stay the same."""
        changes = self.cluster.shell.commands.changes
        known = self._plain.get(id(spec))
        if known is not None and known[0] is spec and known[1:3] == (argv, changes):
            return known[3]
        try:
            image = images.lookup(images.resolve(spec.get("image", "")))
        except images.InvalidReference:
            image = None
        plain = not (spec.get("lifecycle") or spec.get("workingDir")
                     or any(spec.get(probes.FIELD[k]) for k in probes.KINDS)) \
            and ct.serves_at_once(self.cluster.shell.commands, image, argv, self.command_cache)
        if len(self._plain) >= 4096:
            self._plain.clear()
        self._plain[id(spec)] = (spec, argv, changes, plain)
        return plain

    def replan(self, pod: dict, rec: dict) -> None:
        """Run the pod's processes forward and queue the next exit, hook end and probe change."""
        running = [c for c in rec["containers"].values() if c["state"] == "running" and not c.get("adopted")]
        if not running:
            return
        if self.plainly_serving(pod, rec):
            # What the replay would conclude: no exit, no probe change, no question outside.
            for c in running:
                if not c.get("stopping"):
                    runtime.clear_timer(self.cluster, rec, f"{c['name']}|life")
                    runtime.clear_timer(self.cluster, rec, f"{c['name']}|probe")
            self._note_outside(rec, None)
            runtime.clear_timer(self.cluster, rec, "horizon")
            return
        world = self.world(pod, rec)
        until = self.now + HORIZON_MS
        timelines = self._watch_probes(pod, rec, running)
        self._add_marks(world, rec, until)
        world.run(until, observe=lambda t: [tl.add(t, check(world, t)) for tl, check in timelines.values()])
        ip = (rec.get("sandbox") or {}).get("ip", "")
        busy = False
        for c in running:
            attempt = c["attempt"]
            name = c["name"]
            if not c["postStartDone"]:
                hook = world.outcome(name, attempt, "postStart")
                if hook is not None and hook.finished:
                    runtime.set_timer(self.cluster, rec, f"{name}|hook", max(self.now, hook.ended),
                                      "kubelet.poststart", {"container": name, "status": hook.status,
                                                            "output": hook.text()})
            if c.get("stopping"):
                continue
            main = world.outcome(name, attempt)
            served = world.served.get((name, attempt))
            if served is not None and served.kind == "oom":
                runtime.set_timer(self.cluster, rec, f"{name}|life", max(self.now, served.since + 1000),
                                  "kubelet.exit", {"container": name, "code": 137, "at": served.since + 1000,
                                                   "reason": "OOMKilled"})
                continue
            serving = served is not None
            busy = busy or (main is not None and not main.finished and not main.stalled and not serving)
            if main is not None and main.finished:
                runtime.set_timer(self.cluster, rec, f"{name}|life", max(self.now, main.ended), "kubelet.exit",
                                  {"container": name, "code": main.status, "at": main.ended})
            else:
                runtime.clear_timer(self.cluster, rec, f"{name}|life")
            self._plan_probes(pod, rec, c, timelines, ip, until)
        self._note_outside(rec, world)
        if busy:
            # A script still runs at the horizon: look again then (rare: one event an hour).
            runtime.set_timer(self.cluster, rec, "horizon", until, "kubelet.horizon")
        else:
            runtime.clear_timer(self.cluster, rec, "horizon")

    def _watch_probes(self, pod, rec, running) -> dict:
        ip = (rec.get("sandbox") or {}).get("ip", "")
        out = {}
        for c in running:
            spec = runtime.spec_of(pod, c["name"])
            for kind in probes.KINDS:
                probe = spec.get(probes.FIELD[kind])
                if not probe or kind not in c["probes"]:
                    continue
                def check(w, t, spec=spec, probe=probe, attempt=c["attempt"], name=c["name"]):
                    return probes.check(w, spec, probe, attempt, t, ip, self._override(rec, name, t))
                out[(c["name"], kind)] = (probes.Timeline(), check)
        return out

    def _add_marks(self, world, rec, until) -> None:
        """Moments at which outcomes change without any process running."""
        from . import coop

        marks = set()
        for overrides in rec.get("health", {}).values():
            marks.update(t for t, _ in overrides)
        for c in rec["containers"].values():
            if c["state"] == "running" and c.get("startedAt") is not None:
                marks.add(c["startedAt"] + 10_000)  # agnhost liveness turns unhealthy after 10 s
        if rec.get("observed"):
            # The world outside changed at these moments: a probe that looks outside may answer anew.
            marks.update(seg[0] for segs in rec["observed"].values() for seg in segs)
            marks.add(self.now)
        # Every mark up to `until`, past ones too: the replay starts at the sandbox's creation,
        # so a probe result from before now (an override at 30 s, seen again at 45 s) must be
        # observed at its moment again or the timeline would miss it.
        for t in sorted(m for m in marks if m <= until):
            world.runner.add(coop.Process("mark", t, lambda proc: None))

    def _override(self, rec: dict, name: str, t: int) -> str | None:
        chosen = None
        for at, what in rec.get("health", {}).get(name, []):
            if at <= t:
                chosen = what
        return chosen

    def _plan_probes(self, pod, rec, c, timelines, ip, until) -> None:
        spec = runtime.spec_of(pod, c["name"])
        best = None
        for kind in probes.KINDS:
            state = c["probes"].get(kind)
            timeline = timelines.get((c["name"], kind), (None,))[0]
            if state is None or timeline is None or state.get("passed"):
                continue
            if kind != "startup" and "startup" in c["probes"] and not c["probes"]["startup"].get("passed"):
                continue
            if not c["postStartDone"]:
                continue
            settings = probes.Settings.of(spec[probes.FIELD[kind]])
            if state.get("next") is None:
                state["next"] = max(c["startedAt"], self.now)
            change = probes.next_transition(kind, settings, c["startedAt"], state, timeline, until)
            if change is not None and (best is None or change.at < best[1].at):
                best = (kind, change)
        if best is None:
            runtime.clear_timer(self.cluster, rec, f"{c['name']}|probe")
            return
        kind, change = best
        runtime.set_timer(self.cluster, rec, f"{c['name']}|probe", max(self.now, change.at), "kubelet.probe",
                          {"container": c["name"], "kind": kind, "result": change.result, "state": change.state,
                           "failures": change.failures})

    def _on_horizon(self, pod, rec, params, at) -> None:
        self.replan(pod, rec)

    # -- the world outside the pod changes ---------------------------------------------------
    def _note_outside(self, rec: dict, world: PodWorld) -> None:
        """Remember what the replay's processes asked outside the pod, if one of them is still
        running: its future holds only until something changes outside (`outside_changed`)."""
        asking = runtime.root(self.cluster).setdefault("outside", [])
        if world is not None and world.still_asking():
            rec["calls"] = world.calls
            if rec["uid"] not in asking:
                asking.append(rec["uid"])
        else:
            rec.pop("calls", None)
            if rec["uid"] in asking:
                asking.remove(rec["uid"])

    def on_outside(self, change) -> None:
        """A Service, EndpointSlice or another pod's address or readiness changed: the pods
        whose processes keep asking outside (a `until nslookup ...` loop) are replayed again
        from now. What they were answered before now stays as it was (`observed`): the last
        replay's answers hold until this moment."""
        if change.plural == "pods" and not _visible_change(change):
            return
        uid = (change.obj.get("metadata") or {}).get("uid")
        state = runtime.root(self.cluster)
        for rec_uid in list(state.get("outside") or ()):
            rec = state["pods"].get(rec_uid)
            if rec is None or rec.get("terminating") or rec["done"]:
                state["outside"].remove(rec_uid)
                continue
            if rec_uid == uid:
                continue
            observed = rec.setdefault("observed", {})
            for site, (t, out, err, code) in sorted((rec.pop("calls", None) or {}).items()):
                if t < self.now:
                    kept = observed.setdefault(site, [])
                    kept.append([self.now, out, err, code])
                    del kept[:-MAX_OBSERVED]
            if "outsideChanged" not in rec["timers"]:
                # Within a sync period, as the kubelet's own loops go (and so two pods whose
                # futures depend on each other cannot replan each other forever at one moment).
                runtime.set_timer(self.cluster, rec, "outsideChanged", self.now + SYNC_MS, "kubelet.horizon")
