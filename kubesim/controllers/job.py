"""The Job controller (`job-controller`): run pods to completion.

Keeps `min(parallelism, completions - succeeded)` pods active; a failed pod is replaced after
the pod-failure back-off (10 s, 20 s, 40 s ... capped at 6 minutes); more failures than
`backoffLimit` (default 6) fail the Job (`FailureTarget` then `Failed`, reason
BackoffLimitExceeded), as does running longer than `activeDeadlineSeconds` (DeadlineExceeded);
reaching `completions` gives `SuccessCriteriaMet` then `Complete` (reason CompletionsReached).
Pods carry `batch.kubernetes.io/controller-uid`, `batch.kubernetes.io/job-name`,
`controller-uid` and `job-name`.

With `completionMode: Indexed` each pod has a completion index (0 to completions - 1): the
lowest indexes without a succeeded or running pod get new pods, named `<job>-<index>-<suffix>`,
with hostname `<job>-<index>`, the index in the annotation and label
`batch.kubernetes.io/job-completion-index` and, in every container, `JOB_COMPLETION_INDEX` taken
from that annotation. The Job completes when every index has succeeded; `completedIndexes`
lists them as ranges (`0-2,4`). Read to learn: kubernetes/kubernetes pkg/controller/job
(job_controller.go, indexed_job_utils.go, backoff_utils.go).
"""

from __future__ import annotations

from .. import clock as clk
from ..apiserver.errors import APIError
from . import common as c
from .events import NORMAL, WARNING

COMPONENT = "job-controller"
RECHECK = f"{COMPONENT}/recheck"
BACKOFF_BASE_MS = 10_000
BACKOFF_CAP_MS = 360_000
COMPLETED_MSG = "Reached expected number of succeeded pods"
BACKOFF_MSG = "Job has reached the specified backoff limit"
DEADLINE_MSG = "Job was active longer than specified deadline"
INDEX = "batch.kubernetes.io/job-completion-index"
INDEX_ENV = "JOB_COMPLETION_INDEX"


class JobController:
    def __init__(self, manager) -> None:
        self.m = manager
        self.queue = manager.loop(COMPONENT, self.sync)
        manager.on_event(RECHECK, self.queue)
        manager.store.watch(lambda ch: self.queue.enqueue(c.key_of(ch.obj)), "jobs")
        manager.store.watch(self._on_pod, "pods")

    def _on_pod(self, change) -> None:
        for pod in (change.old, change.new):
            ref = c.controller_ref(pod) if pod is not None else None
            if ref is not None and ref.get("kind") == "Job":
                self.queue.enqueue(f"{pod['metadata']['namespace']}/{ref['name']}")

    def sync(self, key: str) -> None:
        ns, name = c.split_key(key)
        job = self.m.store.get("jobs", ns, name)
        if job is None or c.being_deleted(job) or _finished(job) or (job.get("spec") or {}).get("suspend"):
            return
        spec = job.get("spec") or {}
        pods = list(self.m.tracker.owned(job["metadata"]["uid"]).pods.values())
        active = [p for p in pods if c.is_active(p)]
        indexed = spec.get("completionMode") == "Indexed"
        completed = sorted({i for p in pods if c.pod_phase(p) == "Succeeded"
                            and (i := completion_index(p, spec.get("completions", 1))) is not None})
        succeeded = len(completed) if indexed else sum(1 for p in pods if c.pod_phase(p) == "Succeeded")
        failed = sum(1 for p in pods if c.pod_phase(p) == "Failed")
        status = dict(job.get("status") or {})
        start = status.get("startTime") or clk.timestamp(self.m.now)
        completions = spec.get("completions", 1)
        outcome = None
        if failed > spec.get("backoffLimit", 6):
            outcome = ("BackoffLimitExceeded", BACKOFF_MSG)
        elif spec.get("activeDeadlineSeconds") is not None:
            deadline = c.parse_time(start) + spec["activeDeadlineSeconds"] * 1000
            if self.m.now >= deadline:
                outcome = ("DeadlineExceeded", DEADLINE_MSG)
            else:
                c.wake_at(self.m.cluster, RECHECK, key, deadline)
        if outcome is not None:
            for pod in active:
                self._delete(job, pod)
            return self._finish(job, status, start, "Failed", outcome, succeeded, failed)
        if completions is not None and succeeded >= completions:
            for pod in active:
                self._delete(job, pod)
            if indexed:
                status = {**status, "completedIndexes": index_ranges(completed)}
            return self._finish(job, status, start, "Complete", ("CompletionsReached", COMPLETED_MSG),
                                succeeded, failed)
        want = spec.get("parallelism", 1)
        if completions is not None:
            want = min(want, completions - succeeded)
        if len(active) < want and self._backoff_over(key, pods, failed):
            indexes = _pending_indexes(completions, completed, active)[:want - len(active)] if indexed \
                else [None] * (want - len(active))
            for index in indexes:
                if not self._create(job, index):
                    break
            active = [p for p in self.m.tracker.owned(job["metadata"]["uid"]).pods.values() if c.is_active(p)]
        new_status = {**status, "startTime": start, "active": len(active), "succeeded": succeeded, "failed": failed,
                      "ready": sum(1 for p in active if c.is_ready(p)), "terminating": 0,
                      "uncountedTerminatedPods": {}}
        if indexed and completed:
            new_status["completedIndexes"] = index_ranges(completed)
        for field in ("active", "succeeded", "failed"):
            if not new_status[field]:
                del new_status[field]
        c.write_status(self.m.cluster, "jobs", job, new_status)

    def _backoff_over(self, key: str, pods: list[dict], failed: int) -> bool:
        """Is the pod-failure back-off over (10 s doubling per failure, capped at 6 min)?"""
        if not failed:
            return True
        last = max(c.parse_time(_finished_at(p)) for p in pods if c.pod_phase(p) == "Failed")
        delay = min(BACKOFF_BASE_MS * 2 ** (failed - 1), BACKOFF_CAP_MS)
        if self.m.now >= last + delay:
            return True
        c.wake_at(self.m.cluster, RECHECK, key, last + delay)
        return False

    def _create(self, job: dict, index: int | None = None) -> bool:
        """Create one pod; `index`: its completion index, for an Indexed Job."""
        template = (job.get("spec") or {}).get("template") or {}
        tmeta = template.get("metadata") or {}
        uid, name = job["metadata"]["uid"], job["metadata"]["name"]
        labels = {**(tmeta.get("labels") or {}), "batch.kubernetes.io/controller-uid": uid,
                  "batch.kubernetes.io/job-name": name, "controller-uid": uid, "job-name": name}
        meta: dict = {"generateName": f"{name}-", "namespace": job["metadata"]["namespace"], "labels": labels,
                      "ownerReferences": [c.owner_reference(job)]}
        if tmeta.get("annotations"):
            meta["annotations"] = tmeta["annotations"]
        spec = template.get("spec") or {}
        if index is not None:
            meta["generateName"] = _indexed_name(name, index)
            meta["annotations"] = {**(meta.get("annotations") or {}), INDEX: str(index)}
            labels[INDEX] = str(index)
            spec = _with_index_env({**spec, "hostname": spec.get("hostname") or f"{name}-{index}"})
        try:
            pod = self.m.create({"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec})
        except APIError as err:
            self.m.event(job, WARNING, "FailedCreate", f"Error creating: {err.message}", COMPONENT)
            c.wake_at(self.m.cluster, RECHECK, c.key_of(job), self.m.now + BACKOFF_BASE_MS)
            return False
        self.m.event(job, NORMAL, "SuccessfulCreate", f"Created pod: {pod['metadata']['name']}", COMPONENT)
        return True

    def _delete(self, job: dict, pod: dict) -> None:
        meta = pod["metadata"]
        if self.m.delete("pods", meta["namespace"], meta["name"]) is not None:
            self.m.event(job, NORMAL, "SuccessfulDelete", f"Deleted pod: {meta['name']}", COMPONENT)

    def _finish(self, job: dict, status: dict, start: str, kind: str, why: tuple[str, str], succeeded: int,
                failed: int) -> None:
        reason, message = why
        now = self.m.now
        target = "SuccessCriteriaMet" if kind == "Complete" else "FailureTarget"
        conditions = list(status.get("conditions") or [])
        for cond_type in (target, kind):
            conditions = c.set_condition(conditions, {"lastProbeTime": clk.timestamp(now),
                                                      "lastTransitionTime": clk.timestamp(now), "message": message,
                                                      "reason": reason, "status": "True", "type": cond_type})
        new_status = {**status, "conditions": conditions, "startTime": start, "ready": 0, "terminating": 0,
                      "uncountedTerminatedPods": {}, "succeeded": succeeded, "failed": failed}
        new_status.pop("active", None)
        if kind == "Complete":
            new_status["completionTime"] = clk.timestamp(now)
        for field in ("succeeded", "failed"):
            if not new_status[field]:
                del new_status[field]
        c.write_status(self.m.cluster, "jobs", job, new_status)
        if kind == "Complete":
            self.m.event(job, NORMAL, "Completed", "Job completed", COMPONENT)
        else:
            self.m.event(job, WARNING, reason, message, COMPONENT)


def completion_index(pod: dict, completions: int | None) -> int | None:
    """The pod's completion index, when it has a valid one."""
    text = (pod["metadata"].get("annotations") or {}).get(INDEX, "")
    if not text.isdigit():
        return None
    index = int(text)
    return index if completions is None or index < completions else None


def _pending_indexes(completions: int, completed: list[int], active: list[dict]) -> list[int]:
    """Indexes with neither a succeeded nor a running pod, lowest first."""
    taken = set(completed) | {completion_index(p, completions) for p in active}
    return [i for i in range(completions) if i not in taken]


def index_ranges(indexes: list[int]) -> str:
    """`completedIndexes`: sorted indexes as ranges, `0-2,4`."""
    parts, start = [], None
    for i, index in enumerate(indexes):
        if start is None:
            start = index
        if i + 1 == len(indexes) or indexes[i + 1] != index + 1:
            parts.append(str(start) if start == index else f"{start}-{index}")
            start = None
    return ",".join(parts)


def _indexed_name(job_name: str, index: int) -> str:
    """podGenerateNameWithIndex: `<job>-<index>-`, the job's name cut so it fits."""
    suffix = f"-{index}-"
    prefix = job_name + suffix
    if len(prefix) > MAX_GENERATED_NAME:
        prefix = prefix[:MAX_GENERATED_NAME - len(suffix)] + suffix
    return prefix


MAX_GENERATED_NAME = 58  # 63 minus the 5 random characters generateName adds


def _with_index_env(spec: dict) -> dict:
    """Every container and init container gets JOB_COMPLETION_INDEX from the pod's annotation."""
    env_var = {"name": INDEX_ENV, "valueFrom": {"fieldRef": {"fieldPath": f"metadata.annotations['{INDEX}']"}}}

    def with_env(container: dict) -> dict:
        env = container.get("env") or []
        if any(e.get("name") == INDEX_ENV for e in env):
            return container
        return {**container, "env": [*env, env_var]}

    out = {**spec, "containers": [with_env(x) for x in spec.get("containers") or []]}
    if spec.get("initContainers"):
        out["initContainers"] = [with_env(x) for x in spec["initContainers"]]
    return out


def _finished(job: dict) -> bool:
    return any(x.get("type") in ("Complete", "Failed") and x.get("status") == "True"
               for x in (job.get("status") or {}).get("conditions") or ())


def _finished_at(pod: dict) -> str:
    for status in (pod.get("status") or {}).get("containerStatuses") or ():
        finished = ((status.get("state") or {}).get("terminated") or {}).get("finishedAt")
        if finished:
            return finished
    return pod["metadata"].get("creationTimestamp", "")


def install(manager) -> JobController:
    return JobController(manager)
