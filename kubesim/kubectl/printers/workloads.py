"""`kubectl get` rows for workload controllers: Deployments, ReplicaSets, StatefulSets,
DaemonSets, Jobs, CronJobs, ReplicationControllers, HorizontalPodAutoscalers and
PodDisruptionBudgets.

Columns and cells follow pkg/printers/internalversion/printers.go (a 1.37-dev copy: Job has
a STATUS column, CronJob a TIMEZONE column). Every builder returns the full ("wide") row.
"""

from __future__ import annotations

from ..selectors import (
    SelectorError,
    format_label_selector,
    format_labels,
    selector_from_label_selector,
)
from .duration import Now, age, human_duration, parse_time, seconds_between
from .table import Row, columns

_TEMPLATE_WIDE = ("Containers", "Images", "Selector")

DEPLOYMENT_COLUMNS = columns("Name", "Ready", "Up-to-date", "Available", "Age", wide=_TEMPLATE_WIDE)
REPLICASET_COLUMNS = columns("Name", "Desired", "Current", "Ready", "Age", wide=_TEMPLATE_WIDE)
RC_COLUMNS = REPLICASET_COLUMNS
STATEFULSET_COLUMNS = columns("Name", "Ready", "Age", wide=("Containers", "Images"))
DAEMONSET_COLUMNS = columns(
    "Name", "Desired", "Current", "Ready", "Up-to-date", "Available", "Node Selector", "Age",
    wide=_TEMPLATE_WIDE,
)
JOB_COLUMNS = columns("Name", "Status", "Completions", "Duration", "Age", wide=_TEMPLATE_WIDE)
CRONJOB_COLUMNS = columns(
    "Name", "Schedule", "Timezone", "Suspend", "Active", "Last Schedule", "Age", wide=_TEMPLATE_WIDE
)
HPA_COLUMNS = columns("Name", "Reference", "Targets", "MinPods", "MaxPods", "Replicas", "Age")
PDB_COLUMNS = columns("Name", "Min Available", "Max Unavailable", "Allowed Disruptions", "Age")


def _meta(obj: dict) -> dict:
    return obj.get("metadata") or {}


def _containers(template: dict | None) -> tuple[str, str]:
    """layoutContainerCells: container names and images, comma-joined."""
    containers = ((template or {}).get("spec") or {}).get("containers") or []
    return ",".join(c.get("name", "") for c in containers), ",".join(c.get("image", "") for c in containers)


def deployment_row(obj: dict, now: Now) -> Row:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    try:
        selector = str(selector_from_label_selector(spec.get("selector")))
    except SelectorError:
        selector = "<invalid>"
    names, images = _containers(spec.get("template"))
    return Row([
        _meta(obj).get("name", ""),
        f"{status.get('readyReplicas', 0)}/{spec.get('replicas', 1)}",
        status.get("updatedReplicas", 0), status.get("availableReplicas", 0),
        age(_meta(obj).get("creationTimestamp"), now), names, images, selector,
    ], obj)


def replicaset_row(obj: dict, now: Now) -> Row:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    names, images = _containers(spec.get("template"))
    return Row([
        _meta(obj).get("name", ""), spec.get("replicas", 1), status.get("replicas", 0),
        status.get("readyReplicas", 0), age(_meta(obj).get("creationTimestamp"), now),
        names, images, format_label_selector(spec.get("selector")),
    ], obj)


def replicationcontroller_row(obj: dict, now: Now) -> Row:
    row = replicaset_row(obj, now)
    row.cells[-1] = format_labels((obj.get("spec") or {}).get("selector"))
    return row


def statefulset_row(obj: dict, now: Now) -> Row:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    names, images = _containers(spec.get("template"))
    return Row([
        _meta(obj).get("name", ""), f"{status.get('readyReplicas', 0)}/{spec.get('replicas', 1)}",
        age(_meta(obj).get("creationTimestamp"), now), names, images,
    ], obj)


def daemonset_row(obj: dict, now: Now) -> Row:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    template = spec.get("template") or {}
    names, images = _containers(template)
    return Row([
        _meta(obj).get("name", ""), status.get("desiredNumberScheduled", 0),
        status.get("currentNumberScheduled", 0), status.get("numberReady", 0),
        status.get("updatedNumberScheduled", 0), status.get("numberAvailable", 0),
        format_labels((template.get("spec") or {}).get("nodeSelector")),
        age(_meta(obj).get("creationTimestamp"), now),
        names, images, format_label_selector(spec.get("selector")),
    ], obj)


def _has_condition(status: dict, kind: str) -> bool:
    # hasJobCondition looks at the first condition of the type only.
    for c in status.get("conditions") or []:
        if c.get("type") == kind:
            return c.get("status") == "True"
    return False


def job_status(obj: dict) -> str:
    """The Job STATUS cell: Complete, Failed, Terminating, Suspended, FailureTarget, Running."""
    status = obj.get("status") or {}
    if _has_condition(status, "Complete"):
        return "Complete"
    if _has_condition(status, "Failed"):
        return "Failed"
    if _meta(obj).get("deletionTimestamp"):
        return "Terminating"
    if _has_condition(status, "Suspended"):
        return "Suspended"
    if _has_condition(status, "FailureTarget"):
        return "FailureTarget"
    return "Running"


def job_row(obj: dict, now: Now) -> Row:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    succeeded = status.get("succeeded", 0)
    if spec.get("completions") is not None:
        completions = f"{succeeded}/{spec['completions']}"
    elif (spec.get("parallelism") or 0) > 1:
        completions = f"{succeeded}/1 of {spec['parallelism']}"
    else:
        completions = f"{succeeded}/1"
    start, end = status.get("startTime"), status.get("completionTime")
    if not start:
        duration = ""
    elif not end:
        duration = human_duration(seconds_between(start, now) or 0)
    else:
        duration = human_duration((parse_time(end) - parse_time(start)).total_seconds())
    names, images = _containers(spec.get("template"))
    return Row([
        _meta(obj).get("name", ""), job_status(obj), completions, duration,
        age(_meta(obj).get("creationTimestamp"), now),
        names, images, format_label_selector(spec.get("selector")),
    ], obj)


def _bool_ptr(value) -> str:
    if value is None:
        return "<unset>"
    return "True" if value else "False"


def cronjob_row(obj: dict, now: Now) -> Row:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    job_spec = (spec.get("jobTemplate") or {}).get("spec") or {}
    last = status.get("lastScheduleTime")
    names, images = _containers(job_spec.get("template"))
    return Row([
        _meta(obj).get("name", ""), spec.get("schedule", ""), spec.get("timeZone") or "<none>",
        _bool_ptr(spec.get("suspend")), len(status.get("active") or []),
        age(last, now) if last else "<none>", age(_meta(obj).get("creationTimestamp"), now),
        names, images, format_label_selector(job_spec.get("selector")),
    ], obj)


def _metric_target(spec: dict, current: dict | None) -> str:
    """One entry of the HPA TARGETS cell (formatHPAMetrics)."""
    kind = spec.get("type")
    source_key = {"Resource": "resource", "ContainerResource": "containerResource", "Pods": "pods",
                  "Object": "object", "External": "external"}.get(kind)
    if source_key is None:
        return "<unknown type>"
    source = spec.get(source_key) or {}
    target = source.get("target") or {}
    now_value = ((current or {}).get(source_key) or {}).get("current") or {}
    if kind in ("Resource", "ContainerResource"):
        name = source.get("name", "")
        if target.get("averageValue") is not None:
            return f"{name}: {now_value.get('averageValue', '<unknown>')}/{target['averageValue']}"
        cur = now_value.get("averageUtilization")
        cur_text = f"{cur}%" if cur is not None else "<unknown>"
        util = target.get("averageUtilization")
        return f"{name}: {cur_text}/{f'{util}%' if util is not None else '<auto>'}"
    if kind == "Pods":
        return f"{now_value.get('averageValue', '<unknown>')}/{target.get('averageValue', '')}"
    if target.get("averageValue") is not None:
        return f"{now_value.get('averageValue', '<unknown>')}/{target['averageValue']} (avg)"
    return f"{now_value.get('value', '<unknown>')}/{target.get('value', '')}"


def hpa_targets(obj: dict) -> str:
    metrics = (obj.get("spec") or {}).get("metrics") or []
    if not metrics:
        return "<none>"
    current = (obj.get("status") or {}).get("currentMetrics") or []
    entries = [_metric_target(m, current[i] if i < len(current) else None) for i, m in enumerate(metrics)]
    if len(entries) > 2:
        return ", ".join(entries[:2]) + f" + {len(entries) - 2} more..."
    return ", ".join(entries)


def hpa_row(obj: dict, now: Now) -> Row:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    ref = spec.get("scaleTargetRef") or {}
    min_pods = spec.get("minReplicas")
    return Row([
        _meta(obj).get("name", ""), f"{ref.get('kind', '')}/{ref.get('name', '')}", hpa_targets(obj),
        "<unset>" if min_pods is None else str(min_pods), spec.get("maxReplicas", 0),
        status.get("currentReplicas", 0), age(_meta(obj).get("creationTimestamp"), now),
    ], obj)


def pdb_row(obj: dict, now: Now) -> Row:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    min_available, max_unavailable = spec.get("minAvailable"), spec.get("maxUnavailable")
    return Row([
        _meta(obj).get("name", ""),
        "N/A" if min_available is None else str(min_available),
        "N/A" if max_unavailable is None else str(max_unavailable),
        status.get("disruptionsAllowed", 0), age(_meta(obj).get("creationTimestamp"), now),
    ], obj)
