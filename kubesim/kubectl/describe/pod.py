"""`kubectl describe pod`: describePod in kubernetes/kubectl pkg/describe/describe.go
(v0.37.0-beta.0), field for field and in its order.

The Conditions table prints `status.conditions` in the order the kubelet stored them
(PodReadyToStartContainers first on a current kubelet); QoS Class falls back to the
computation of kubectl's pkg/util/qos when `status.qosClass` is empty.
"""

from __future__ import annotations

from ...quantity import parse
from ..printers.duration import Now, age
from .common import (
    annotations_multiline,
    controlled_by,
    describe_events,
    labels_multiline,
    meta,
    rfc1123z,
    tolerations_multiline,
)
from .containers import (
    describe_containers,
    describe_resources,
    describe_topology_spread,
    describe_volumes,
)
from .writer import LEVEL_0, LEVEL_1, PrefixWriter


def _resource_qos(resources: dict, name: str) -> str:
    request = parse((resources.get("requests") or {}).get(name)).value
    limit = parse((resources.get("limits") or {}).get(name)).value
    if request != limit:
        return "Burstable"
    return "BestEffort" if request == 0 else "Guaranteed"


def _requirements_qos(resources: dict | None) -> str:
    resources = resources or {}
    if not resources.get("requests") and not resources.get("limits"):
        return "BestEffort"
    classes = {_resource_qos(resources, name) for name in ("cpu", "memory")}
    return classes.pop() if len(classes) == 1 else "Burstable"


def pod_qos(pod: dict) -> str:
    """qos.GetPodQOS: the recorded class, else computed from the containers' resources."""
    recorded = (pod.get("status") or {}).get("qosClass")
    if recorded:
        return recorded
    spec = pod.get("spec") or {}
    if spec.get("resources"):
        return _requirements_qos(spec["resources"])
    result = ""
    for container in (spec.get("initContainers") or []) + (spec.get("containers") or []):
        qos = _requirements_qos(container.get("resources"))
        if qos == "Burstable":
            return qos
        if result and result != qos:
            return "Burstable"
        result = qos
    return result or "BestEffort"


def _header(pod: dict, w: PrefixWriter, now: Now) -> None:
    m, spec, status = meta(pod), pod.get("spec") or {}, pod.get("status") or {}
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    if spec.get("priority") is not None:
        w.write(LEVEL_0, f"Priority:\t{spec['priority']}\n")
    if spec.get("priorityClassName"):
        w.write(LEVEL_0, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    if spec.get("runtimeClassName"):
        w.write(LEVEL_0, f"Runtime Class Name:\t{spec['runtimeClassName']}\n")
    if spec.get("serviceAccountName"):
        w.write(LEVEL_0, f"Service Account:\t{spec['serviceAccountName']}\n")
    node = spec.get("nodeName")
    w.write(LEVEL_0, f"Node:\t{node}/{status.get('hostIP', '')}\n" if node else "Node:\t<none>\n")
    if status.get("startTime"):
        w.write(LEVEL_0, f"Start Time:\t{rfc1123z(status['startTime'])}\n")
    labels_multiline(w, "Labels", m.get("labels"))
    annotations_multiline(w, "Annotations", m.get("annotations"))
    phase = status.get("phase", "")
    if m.get("deletionTimestamp") and phase not in ("Failed", "Succeeded"):
        w.write(LEVEL_0, f"Status:\tTerminating (lasts {age(m['deletionTimestamp'], now)})\n")
        w.write(LEVEL_0, f"Termination Grace Period:\t{m.get('deletionGracePeriodSeconds', 0)}s\n")
    else:
        w.write(LEVEL_0, f"Status:\t{phase}\n")
    if status.get("reason"):
        w.write(LEVEL_0, f"Reason:\t{status['reason']}\n")
    if status.get("message"):
        w.write(LEVEL_0, f"Message:\t{status['message']}\n")
    seccomp = (spec.get("securityContext") or {}).get("seccompProfile")
    if seccomp is not None:
        w.write(LEVEL_0, f"SeccompProfile:\t{seccomp.get('type', '')}\n")
        if seccomp.get("type") == "Localhost":
            w.write(LEVEL_0, f"LocalhostProfile:\t{seccomp.get('localhostProfile', '')}\n")


def _addresses(pod: dict, w: PrefixWriter) -> None:
    status = pod.get("status") or {}
    w.write(LEVEL_0, f"IP:\t{status.get('podIP', '')}\n")
    ips = status.get("podIPs") or []
    if not ips:
        w.write(LEVEL_0, "IPs:\t<none>\n")
    else:
        w.write(LEVEL_0, "IPs:\n")
        for ip in ips:
            w.write(LEVEL_1, f"IP:\t{ip.get('ip', '')}\n")
    owner = controlled_by(pod)
    if owner:
        w.write(LEVEL_0, f"Controlled By:\t{owner}\n")
    if status.get("nominatedNodeName"):
        w.write(LEVEL_0, f"NominatedNodeName:\t{status['nominatedNodeName']}\n")


def _conditions(pod: dict, w: PrefixWriter) -> None:
    spec, status = pod.get("spec") or {}, pod.get("status") or {}
    conditions = status.get("conditions") or []
    gates = spec.get("readinessGates") or []
    if gates:
        w.write(LEVEL_0, "Readiness Gates:\n  Type\tStatus\n")
        for gate in gates:
            match = next((c for c in conditions if c.get("type") == gate.get("conditionType")), None)
            value = match.get("status", "") if match else "<none>"
            w.write(LEVEL_1, f"{gate.get('conditionType', '')} \t{value} \n")
    if conditions:
        w.write(LEVEL_0, "Conditions:\n  Type\tStatus\n")
        for c in conditions:
            w.write(LEVEL_1, f"{c.get('type', '')} \t{c.get('status', '')} \n")


def describe_pod(pod: dict, events: list[dict] | None, now: Now) -> str:
    spec, status = pod.get("spec") or {}, pod.get("status") or {}
    w = PrefixWriter()
    _header(pod, w, now)
    _addresses(pod, w)
    if spec.get("resources") is not None:
        w.write(LEVEL_0, "Resources:\n")
        describe_resources(spec["resources"], w, LEVEL_1)
    if spec.get("initContainers"):
        describe_containers("Init Containers", spec["initContainers"],
                            status.get("initContainerStatuses") or [], pod, w)
    describe_containers("Containers", spec.get("containers"), status.get("containerStatuses") or [], pod, w)
    if spec.get("ephemeralContainers"):
        describe_containers("Ephemeral Containers", spec["ephemeralContainers"],
                            status.get("ephemeralContainerStatuses") or [], pod, w)
    _conditions(pod, w)
    describe_volumes(spec.get("volumes"), w)
    w.write(LEVEL_0, f"QoS Class:\t{pod_qos(pod)}\n")
    labels_multiline(w, "Node-Selectors", spec.get("nodeSelector"))
    tolerations_multiline(w, "Tolerations", spec.get("tolerations"))
    describe_topology_spread(spec.get("topologySpreadConstraints"), w)
    if events is not None:
        describe_events(events, w, now)
    return w.text()
