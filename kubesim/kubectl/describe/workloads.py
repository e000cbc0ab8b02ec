"""`kubectl describe` for controllers of pods: Deployment, ReplicaSet, StatefulSet, DaemonSet
and Job.

Mirrors describeDeployment, describeReplicaSet, describeStatefulSet, describeDaemonSet and
describeJob in kubernetes/kubectl pkg/describe/describe.go (v0.37.0-beta.0). A Deployment's
ReplicaSets are found as kubectl's pkg/util/deployment does: owned RSs sorted by creation time
then name; the new one is the first whose template equals the Deployment's ignoring the
`pod-template-hash` label; "old" lists only the other RSs that still want replicas.
"""

from __future__ import annotations

from ..printers.duration import Now, human_duration, parse_time
from ..selectors import format_label_selector
from .common import (
    annotations_multiline,
    controlled_by,
    describe_events,
    labels_multiline,
    meta,
    rfc1123z,
)
from .containers import describe_pod_template
from .related import Related
from .writer import LEVEL_0, LEVEL_1, PrefixWriter

HASH_LABEL = "pod-template-hash"


def _selector(obj: dict) -> str:
    """The selector as LabelSelectorAsSelector prints it (empty when it selects everything)."""
    text = format_label_selector((obj.get("spec") or {}).get("selector"))
    return "" if text == "<none>" else text


def _pod_phases(pods: list[dict]) -> str:
    counts = dict.fromkeys(("Running", "Pending", "Succeeded", "Failed"), 0)
    for pod in pods:
        phase = (pod.get("status") or {}).get("phase")
        if phase in counts:
            counts[phase] += 1
    return (f"{counts['Running']} Running / {counts['Pending']} Waiting / "
            f"{counts['Succeeded']} Succeeded / {counts['Failed']} Failed")


def _conditions(status: dict, w: PrefixWriter) -> None:
    conditions = status.get("conditions") or []
    if conditions:
        w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tReason\n")
        w.write(LEVEL_1, "----\t------\t------\n")
        for c in conditions:
            w.write(LEVEL_1, f"{c.get('type', '')} \t{c.get('status', '')}\t{c.get('reason', '')}\n")


# -- Deployment ----------------------------------------------------------------------------------

def _semantic(value):
    """Drop empty maps and lists, which apimachinery's semantic equality treats as unset."""
    if isinstance(value, dict):
        cleaned = {k: _semantic(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if v not in (None, {}, [])}
    if isinstance(value, list):
        return [_semantic(v) for v in value]
    return value


def _without_hash(template: dict | None) -> dict:
    template = dict(template or {})
    m = dict(template.get("metadata") or {})
    labels = {k: v for k, v in (m.get("labels") or {}).items() if k != HASH_LABEL}
    m["labels"] = labels
    template["metadata"] = m
    return _semantic(template)


def split_replica_sets(deployment: dict, owned: list[dict]) -> tuple[list[dict], dict | None]:
    """(old RSs that still want replicas, the new RS) as kubectl's deploymentutil finds them."""
    def order(rs):
        m = meta(rs)
        moment = parse_time(m.get("creationTimestamp"))
        return (moment.timestamp() if moment else float("-inf"), m.get("name", ""))

    ordered = sorted(owned, key=order)
    wanted = _without_hash((deployment.get("spec") or {}).get("template"))
    new = next((rs for rs in ordered if _without_hash((rs.get("spec") or {}).get("template")) == wanted), None)
    old = [rs for rs in ordered if rs is not new and (rs.get("spec") or {}).get("replicas", 1) != 0]
    return old, new


def _replica_sets_text(replica_sets: list[dict]) -> str:
    parts = [f"{meta(rs).get('name', '')} ({(rs.get('status') or {}).get('replicas', 0)}/"
             f"{(rs.get('spec') or {}).get('replicas', 1)} replicas created)" for rs in replica_sets]
    return ", ".join(parts) or "<none>"


def describe_deployment(d: dict, events: list[dict] | None, related: Related, now: Now) -> str:
    m, spec, status = meta(d), d.get("spec") or {}, d.get("status") or {}
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    w.write(LEVEL_0, f"CreationTimestamp:\t{rfc1123z(m.get('creationTimestamp'))}\n")
    labels_multiline(w, "Labels", m.get("labels"))
    annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, f"Selector:\t{_selector(d)}\n")
    w.write(LEVEL_0, f"Replicas:\t{spec.get('replicas', 1)} desired | {status.get('updatedReplicas', 0)} updated | "
                     f"{status.get('replicas', 0)} total | {status.get('availableReplicas', 0)} available | "
                     f"{status.get('unavailableReplicas', 0)} unavailable\n")
    strategy = spec.get("strategy") or {}
    w.write(LEVEL_0, f"StrategyType:\t{strategy.get('type', '')}\n")
    w.write(LEVEL_0, f"MinReadySeconds:\t{spec.get('minReadySeconds', 0)}\n")
    rolling = strategy.get("rollingUpdate")
    if rolling is not None:
        w.write(LEVEL_0, f"RollingUpdateStrategy:\t{rolling.get('maxUnavailable', '')} max unavailable, "
                         f"{rolling.get('maxSurge', '')} max surge\n")
    describe_pod_template(spec.get("template"), w)
    _conditions(status, w)
    old, new = split_replica_sets(d, related.replica_sets_of(d))
    if old or new is not None:
        w.write(LEVEL_0, f"OldReplicaSets:\t{_replica_sets_text(old)}\n")
        w.write(LEVEL_0, f"NewReplicaSet:\t{_replica_sets_text([new] if new is not None else [])}\n")
    if events is not None:
        describe_events(events, w, now)
    return w.text()


# -- ReplicaSet, StatefulSet, DaemonSet, Job --------------------------------------------------

def describe_replicaset(rs: dict, events: list[dict] | None, related: Related, now: Now) -> str:
    m, spec, status = meta(rs), rs.get("spec") or {}, rs.get("status") or {}
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    w.write(LEVEL_0, f"Selector:\t{format_label_selector(spec.get('selector'))}\n")
    labels_multiline(w, "Labels", m.get("labels"))
    annotations_multiline(w, "Annotations", m.get("annotations"))
    owner = controlled_by(rs)
    if owner:
        w.write(LEVEL_0, f"Controlled By:\t{owner}\n")
    w.write(LEVEL_0, f"Replicas:\t{status.get('replicas', 0)} current / {spec.get('replicas', 1)} desired\n")
    w.write(LEVEL_0, f"Pods Status:\t{_pod_phases(related.controlled_pods(rs))}\n")
    describe_pod_template(spec.get("template"), w)
    _conditions(status, w)
    if events is not None:
        describe_events(events, w, now)
    return w.text()


def _volume_claim_templates(templates: list | None, w: PrefixWriter) -> None:
    from ...quantity import parse
    from .storage import access_modes_go, claim_class

    if not templates:
        w.write(LEVEL_0, "Volume Claims:\t<none>\n")
        return
    w.write(LEVEL_0, "Volume Claims:\n")
    for pvc in templates:
        pm = meta(pvc)
        w.write(LEVEL_1, f"Name:\t{pm.get('name', '')}\n")
        w.write(LEVEL_1, f"StorageClass:\t{claim_class(pvc)}\n")
        labels_multiline(w, "Labels", pm.get("labels"), "  ")
        labels_multiline(w, "Annotations", pm.get("annotations"), "  ")
        storage = (((pvc.get("spec") or {}).get("resources") or {}).get("requests") or {}).get("storage")
        w.write(LEVEL_1, f"Capacity:\t{parse(storage) if storage is not None else '<default>'}\n")
        w.write(LEVEL_1, f"Access Modes:\t{access_modes_go((pvc.get('spec') or {}).get('accessModes'))}\n")


def describe_statefulset(ss: dict, events: list[dict] | None, related: Related, now: Now) -> str:
    m, spec, status = meta(ss), ss.get("spec") or {}, ss.get("status") or {}
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    w.write(LEVEL_0, f"CreationTimestamp:\t{rfc1123z(m.get('creationTimestamp'))}\n")
    w.write(LEVEL_0, f"Selector:\t{_selector(ss)}\n")
    labels_multiline(w, "Labels", m.get("labels"))
    annotations_multiline(w, "Annotations", m.get("annotations"))
    if spec.get("serviceName"):
        w.write(LEVEL_0, f"Service Name:\t{spec['serviceName']}\n")
    if spec.get("podManagementPolicy"):
        w.write(LEVEL_0, f"Pod Management Policy:\t{spec['podManagementPolicy']}\n")
    w.write(LEVEL_0, f"Replicas:\t{spec.get('replicas', 1)} desired | {status.get('replicas', 0)} total\n")
    strategy = spec.get("updateStrategy") or {}
    w.write(LEVEL_0, f"Update Strategy:\t{strategy.get('type', '')}\n")
    rolling = strategy.get("rollingUpdate")
    if rolling is not None and rolling.get("partition") is not None:
        w.write(LEVEL_1, f"Partition:\t{rolling['partition']}\n")
        if rolling.get("maxUnavailable") is not None:
            w.write(LEVEL_1, f"MaxUnavailable:\t{rolling['maxUnavailable']}\n")
    retention = spec.get("persistentVolumeClaimRetentionPolicy")
    if retention is not None:
        w.write(LEVEL_0, "Persistent Volume Claim Retention Policy:\n")
        w.write(LEVEL_1, f"WhenDeleted:\t{retention.get('whenDeleted', '')}\n")
        w.write(LEVEL_1, f"WhenScaled:\t{retention.get('whenScaled', '')}\n")
    w.write(LEVEL_0, f"Pods Status:\t{_pod_phases(related.controlled_pods(ss))}\n")
    describe_pod_template(spec.get("template"), w)
    _volume_claim_templates(spec.get("volumeClaimTemplates"), w)
    if events is not None:
        describe_events(events, w, now)
    return w.text()


def describe_daemonset(ds: dict, events: list[dict] | None, related: Related, now: Now) -> str:
    from ..selectors import format_labels

    m, spec, status = meta(ds), ds.get("spec") or {}, ds.get("status") or {}
    template_spec = (spec.get("template") or {}).get("spec") or {}
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    w.write(LEVEL_0, f"Selector:\t{_selector(ds)}\n")
    w.write(LEVEL_0, f"Node-Selector:\t{format_labels(template_spec.get('nodeSelector'))}\n")
    labels_multiline(w, "Labels", m.get("labels"))
    annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, f"Desired Number of Nodes Scheduled: {status.get('desiredNumberScheduled', 0)}\n")
    w.write(LEVEL_0, f"Current Number of Nodes Scheduled: {status.get('currentNumberScheduled', 0)}\n")
    w.write(LEVEL_0, f"Number of Nodes Scheduled with Up-to-date Pods: {status.get('updatedNumberScheduled', 0)}\n")
    w.write(LEVEL_0, f"Number of Nodes Scheduled with Available Pods: {status.get('numberAvailable', 0)}\n")
    w.write(LEVEL_0, f"Number of Nodes Misscheduled: {status.get('numberMisscheduled', 0)}\n")
    w.write(LEVEL_0, f"Pods Status:\t{_pod_phases(related.controlled_pods(ds))}\n")
    describe_pod_template(spec.get("template"), w)
    if events is not None:
        describe_events(events, w, now)
    return w.text()


def _indexes(text: str, soft_limit: int = 50) -> str:
    """capIndexesListOrNone: cut after the first comma past the soft limit."""
    if not text:
        return "<none>"
    comma = text.find(",", soft_limit)
    return text if comma < 0 else text[:comma + 1] + "..."


def _job_times(status: dict, w: PrefixWriter) -> None:
    if status.get("startTime"):
        w.write(LEVEL_0, f"Start Time:\t{rfc1123z(status['startTime'])}\n")
    if status.get("completionTime"):
        w.write(LEVEL_0, f"Completed At:\t{rfc1123z(status['completionTime'])}\n")
    start, end = parse_time(status.get("startTime")), parse_time(status.get("completionTime"))
    if start and end:
        w.write(LEVEL_0, f"Duration:\t{human_duration((end - start).total_seconds())}\n")


def describe_job(job: dict, events: list[dict] | None, related: Related, now: Now) -> str:
    m, spec, status = meta(job), job.get("spec") or {}, job.get("status") or {}
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    w.write(LEVEL_0, f"Selector:\t{_selector(job)}\n")
    labels_multiline(w, "Labels", m.get("labels"))
    annotations_multiline(w, "Annotations", m.get("annotations"))
    owner = controlled_by(job)
    if owner:
        w.write(LEVEL_0, f"Controlled By:\t{owner}\n")
    if spec.get("parallelism") is not None:
        w.write(LEVEL_0, f"Parallelism:\t{spec['parallelism']}\n")
    completions = spec.get("completions")
    w.write(LEVEL_0, f"Completions:\t{'<unset>' if completions is None else completions}\n")
    if spec.get("completionMode") is not None:
        w.write(LEVEL_0, f"Completion Mode:\t{spec['completionMode']}\n")
    if spec.get("suspend") is not None:
        w.write(LEVEL_0, f"Suspend:\t{str(bool(spec['suspend'])).lower()}\n")
    if spec.get("backoffLimit") is not None:
        w.write(LEVEL_0, f"Backoff Limit:\t{spec['backoffLimit']}\n")
    if spec.get("ttlSecondsAfterFinished") is not None:
        w.write(LEVEL_0, f"TTL Seconds After Finished:\t{spec['ttlSecondsAfterFinished']}\n")
    _job_times(status, w)
    if spec.get("activeDeadlineSeconds") is not None:
        w.write(LEVEL_0, f"Active Deadline Seconds:\t{spec['activeDeadlineSeconds']}s\n")
    active, done, failed = status.get("active", 0), status.get("succeeded", 0), status.get("failed", 0)
    if status.get("ready") is None:
        w.write(LEVEL_0, f"Pods Statuses:\t{active} Active / {done} Succeeded / {failed} Failed\n")
    else:
        w.write(LEVEL_0, f"Pods Statuses:\t{active} Active ({status['ready']} Ready) / {done} Succeeded / "
                         f"{failed} Failed\n")
    if spec.get("completionMode") == "Indexed":
        w.write(LEVEL_0, f"Completed Indexes:\t{_indexes(status.get('completedIndexes', ''))}\n")
    describe_pod_template(spec.get("template"), w)
    if events is not None:
        describe_events(events, w, now)
    return w.text()
