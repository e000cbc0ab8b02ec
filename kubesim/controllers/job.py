"""The Job controller (`job-controller`): run pods to completion.

Keeps `min(parallelism, completions - succeeded)` pods active; a failed pod is replaced after
the pod-failure back-off (10 s, 20 s, 40 s ... capped at 6 minutes); more failures than
`backoffLimit` (default 6) fail the Job (`FailureTarget` then `Failed`, reason
BackoffLimitExceeded), as does running longer than `activeDeadlineSeconds` (DeadlineExceeded);
reaching `completions` gives `SuccessCriteriaMet` then `Complete` (reason CompletionsReached).
Pods carry `batch.kubernetes.io/controller-uid`, `batch.kubernetes.io/job-name`,
`controller-uid` and `job-name`. Read to learn: kubernetes/kubernetes pkg/controller/job
(job_controller.go, backoff_utils.go).
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
        succeeded = sum(1 for p in pods if c.pod_phase(p) == "Succeeded")
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
            return self._finish(job, status, start, "Complete", ("CompletionsReached", COMPLETED_MSG),
                                succeeded, failed)
        want = spec.get("parallelism", 1)
        if completions is not None:
            want = min(want, completions - succeeded)
        if len(active) < want and self._backoff_over(key, pods, failed):
            for _ in range(want - len(active)):
                if not self._create(job):
                    break
            active = [p for p in self.m.tracker.owned(job["metadata"]["uid"]).pods.values() if c.is_active(p)]
        new_status = {**status, "startTime": start, "active": len(active), "succeeded": succeeded, "failed": failed,
                      "ready": sum(1 for p in active if c.is_ready(p)), "terminating": 0,
                      "uncountedTerminatedPods": {}}
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

    def _create(self, job: dict) -> bool:
        template = (job.get("spec") or {}).get("template") or {}
        tmeta = template.get("metadata") or {}
        uid, name = job["metadata"]["uid"], job["metadata"]["name"]
        labels = {**(tmeta.get("labels") or {}), "batch.kubernetes.io/controller-uid": uid,
                  "batch.kubernetes.io/job-name": name, "controller-uid": uid, "job-name": name}
        meta: dict = {"generateName": f"{name}-", "namespace": job["metadata"]["namespace"], "labels": labels,
                      "ownerReferences": [c.owner_reference(job)]}
        if tmeta.get("annotations"):
            meta["annotations"] = tmeta["annotations"]
        try:
            pod = self.m.create({"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": template.get("spec") or {}})
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
