"""`kubectl describe` for CronJob, EndpointSlice and PriorityClass: describeCronJob (with
describeJobTemplate and printActiveJobs), describeEndpointSliceV1 and describePriorityClass in
kubernetes/kubectl pkg/describe/describe.go (v0.37.0-beta.0).
"""

from __future__ import annotations

from ..printers.duration import Now
from ..selectors import format_label_selector, format_labels
from .common import (
    annotations_multiline,
    describe_events,
    labels_multiline,
    meta,
    print_bool_ptr,
    rfc1123z,
)
from .containers import describe_pod_template
from .related import Related
from .writer import LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, PrefixWriter


def _or_unset(value, suffix: str = "") -> str:
    return "<unset>" if value is None else f"{value}{suffix}"


def _job_template(template: dict, w: PrefixWriter) -> None:
    spec = template.get("spec") or {}
    if spec.get("selector") is not None:
        selector = format_label_selector(spec["selector"])
        w.write(LEVEL_0, f"Selector:\t{'' if selector == '<none>' else selector}\n")
    else:
        w.write(LEVEL_0, "Selector:\t<unset>\n")
    w.write(LEVEL_0, f"Parallelism:\t{_or_unset(spec.get('parallelism'))}\n")
    w.write(LEVEL_0, f"Completions:\t{_or_unset(spec.get('completions'))}\n")
    if spec.get("activeDeadlineSeconds") is not None:
        w.write(LEVEL_0, f"Active Deadline Seconds:\t{spec['activeDeadlineSeconds']}s\n")
    describe_pod_template(spec.get("template") or {}, w)


def describe_cronjob(cj: dict, events: list[dict] | None, related: Related, now: Now) -> str:
    m, spec, status = meta(cj), cj.get("spec") or {}, cj.get("status") or {}
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    labels_multiline(w, "Labels", m.get("labels"))
    annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, f"Schedule:\t{spec.get('schedule', '')}\n")
    w.write(LEVEL_0, f"Concurrency Policy:\t{spec.get('concurrencyPolicy', '')}\n")
    w.write(LEVEL_0, f"Suspend:\t{print_bool_ptr(spec.get('suspend'))}\n")
    w.write(LEVEL_0, f"Time Zone:\t{_or_unset(spec.get('timeZone'))}\n")
    w.write(LEVEL_0, f"Successful Job History Limit:\t{_or_unset(spec.get('successfulJobsHistoryLimit'))}\n")
    w.write(LEVEL_0, f"Failed Job History Limit:\t{_or_unset(spec.get('failedJobsHistoryLimit'))}\n")
    w.write(LEVEL_0, f"Starting Deadline Seconds:\t{_or_unset(spec.get('startingDeadlineSeconds'), 's')}\n")
    _job_template(spec.get("jobTemplate") or {}, w)
    last = status.get("lastScheduleTime")
    w.write(LEVEL_0, f"Last Schedule Time:\t{rfc1123z(last) if last else '<unset>'}\n")
    active = [ref.get("name", "") for ref in status.get("active") or []]
    w.write(LEVEL_0, "Active Jobs:\t")
    w.line(", ".join(active) if active else "<none>")
    if events is not None:
        describe_events(events, w, now)
    return w.text()


def _slice_endpoint(endpoint: dict, w: PrefixWriter) -> None:
    w.write(LEVEL_1, f"- Addresses:\t{', '.join(endpoint.get('addresses') or []) or '<none>'}\n")
    w.write(LEVEL_2, "Conditions:\n")
    ready = (endpoint.get("conditions") or {}).get("ready")
    w.write(LEVEL_3, f"Ready:\t{'<unset>' if ready is None else str(bool(ready)).lower()}\n")
    w.write(LEVEL_2, f"Hostname:\t{_or_unset(endpoint.get('hostname'))}\n")
    ref = endpoint.get("targetRef")
    if ref is not None:
        w.write(LEVEL_2, f"TargetRef:\t{ref.get('kind', '')}/{ref.get('name', '')}\n")
    w.write(LEVEL_2, f"NodeName:\t{_or_unset(endpoint.get('nodeName'))}\n")
    w.write(LEVEL_2, f"Zone:\t{_or_unset(endpoint.get('zone'))}\n")


def describe_endpointslice(eps: dict, events: list[dict] | None, related: Related, now: Now) -> str:
    m = meta(eps)
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    labels_multiline(w, "Labels", m.get("labels"))
    annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, f"AddressType:\t{eps.get('addressType', '')}\n")
    ports = eps.get("ports") or []
    if not ports:
        w.write(LEVEL_0, "Ports: <unset>\n")
    else:
        w.write(LEVEL_0, "Ports:\n")
        w.write(LEVEL_1, "Name\tPort\tProtocol\n")
        w.write(LEVEL_1, "----\t----\t--------\n")
        for port in ports:
            w.write(LEVEL_1, f"{port.get('name') or '<unset>'}\t{_or_unset(port.get('port'))}\t"
                             f"{port.get('protocol', 'TCP')}\n")
    endpoints = eps.get("endpoints") or []
    if not endpoints:
        w.write(LEVEL_0, "Endpoints: <none>\n")
    else:
        w.write(LEVEL_0, "Endpoints:\n")
        for endpoint in endpoints:
            _slice_endpoint(endpoint, w)
    if events is not None:
        describe_events(events, w, now)
    return w.text()


def describe_priorityclass(pc: dict, events: list[dict] | None, related: Related, now: Now) -> str:
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{meta(pc).get('name', '')}\n")
    w.write(LEVEL_0, f"Value:\t{pc.get('value', 0)}\n")
    w.write(LEVEL_0, f"GlobalDefault:\t{str(bool(pc.get('globalDefault'))).lower()}\n")
    w.write(LEVEL_0, f"PreemptionPolicy:\t{pc.get('preemptionPolicy', 'PreemptLowerPriority')}\n")
    w.write(LEVEL_0, f"Description:\t{pc.get('description', '')}\n")
    w.write(LEVEL_0, f"Annotations:\t{format_labels(meta(pc).get('annotations'))}\n")
    if events is not None:
        describe_events(events, w, now)
    return w.text()
