"""`kubectl describe node`: describeNode, describeNodeLease and describeNodeResource in
kubernetes/kubectl pkg/describe/describe.go (v0.37.0-beta.0).

The pod table lists the node's pods that are neither Succeeded nor Failed. Requests and limits
per pod follow component-helpers' PodRequests/PodLimits: the sum over regular and sidecar
containers, at least the largest plain init container, plus the pod overhead; pod-level
`spec.resources` win when set. Percentages are of allocatable (capacity when allocatable is
empty), truncated like Go's int64(float64).
"""

from __future__ import annotations

from ...quantity import ZERO, Quantity, parse, total
from ..printers.duration import Now, age
from .common import (
    annotations_multiline,
    describe_events,
    labels_multiline,
    meta,
    rfc1123z,
    taints_multiline,
)
from .related import Related
from .writer import LEVEL_0, LEVEL_1, PrefixWriter

ROLE_PREFIX = "node-role.kubernetes.io/"
STANDARD_RESOURCES = {"cpu", "memory", "ephemeral-storage", "storage", "requests.cpu",
                      "requests.memory", "requests.ephemeral-storage", "requests.storage",
                      "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods"}


def node_roles(node: dict) -> list[str]:
    """findNodeRoles: `node-role.kubernetes.io/<role>` labels and `kubernetes.io/role`."""
    roles = set()
    for key, value in (meta(node).get("labels") or {}).items():
        if key.startswith(ROLE_PREFIX) and key[len(ROLE_PREFIX):]:
            roles.add(key[len(ROLE_PREFIX):])
        elif key == "kubernetes.io/role" and value:
            roles.add(value)
    return sorted(roles)


def _container_amounts(container: dict, kind: str) -> dict[str, Quantity]:
    values = (container.get("resources") or {}).get(kind) or {}
    return {name: parse(text) for name, text in values.items()}


def _add_into(target: dict[str, Quantity], amounts: dict[str, Quantity]) -> None:
    for name, amount in amounts.items():
        target[name] = target[name] + amount if name in target else amount


def _max_into(target: dict[str, Quantity], amounts: dict[str, Quantity]) -> None:
    for name, amount in amounts.items():
        if name not in target or amount.value > target[name].value:
            target[name] = amount


def pod_amounts(pod: dict, kind: str) -> dict[str, Quantity]:
    """PodRequests (`kind="requests"`) or PodLimits (`kind="limits"`) of a pod.

    Regular containers add up; a sidecar (an init container with `restartPolicy: Always`) adds
    to them and keeps running beside later init containers; the pod needs at least the
    largest init-time total. Pod-level resources replace cpu/memory; the overhead adds on top.
    """
    spec = pod.get("spec") or {}
    result: dict[str, Quantity] = {}
    for container in spec.get("containers") or []:
        _add_into(result, _container_amounts(container, kind))
    sidecars: dict[str, Quantity] = {}
    init_max: dict[str, Quantity] = {}
    for container in spec.get("initContainers") or []:
        amounts = _container_amounts(container, kind)
        if container.get("restartPolicy") == "Always":
            _add_into(result, amounts)
            _add_into(sidecars, amounts)
            running = dict(sidecars)
        else:
            running = {}
            _add_into(running, amounts)
            _add_into(running, sidecars)
        _max_into(init_max, running)
    _max_into(result, init_max)
    for name, text in ((spec.get("resources") or {}).get(kind) or {}).items():
        if name in ("cpu", "memory"):
            result[name] = parse(text)
    _add_into(result, {n: parse(t) for n, t in (spec.get("overhead") or {}).items()})
    return result


def _percent(part: Quantity, whole: Quantity, milli: bool) -> int:
    denominator = whole.milli_value() if milli else whole.int_value()
    if not denominator:
        return 0
    numerator = part.milli_value() if milli else part.int_value()
    return int(numerator / denominator * 100)


def _conditions(node: dict, w: PrefixWriter) -> None:
    conditions = (node.get("status") or {}).get("conditions") or []
    if not conditions:
        return
    w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n")
    w.write(LEVEL_1, "----\t------\t-----------------\t------------------\t------\t-------\n")
    for c in conditions:
        w.write(LEVEL_1, f"{c.get('type', '')} \t{c.get('status', '')} \t{rfc1123z(c.get('lastHeartbeatTime'))} \t"
                         f"{rfc1123z(c.get('lastTransitionTime'))} \t{c.get('reason', '')} \t{c.get('message', '')}\n")


def _lease(lease: dict | None, w: PrefixWriter) -> None:
    spec = (lease or {}).get("spec") or {}
    w.write(LEVEL_0, "Lease:\n")
    w.write(LEVEL_1, f"HolderIdentity:\t{spec.get('holderIdentity') or '<unset>'}\n")
    acquire = rfc1123z(spec["acquireTime"]) if spec.get("acquireTime") else "<unset>"
    w.write(LEVEL_1, f"AcquireTime:\t{acquire}\n")
    renew = rfc1123z(spec["renewTime"]) if spec.get("renewTime") else "<unset>"
    w.write(LEVEL_1, f"RenewTime:\t{renew}\n")


def _resource_list(title: str, resources: dict | None, w: PrefixWriter) -> None:
    if not resources:
        return
    w.write(LEVEL_0, f"{title}:\n")
    for name in sorted(resources):
        w.write(LEVEL_0, f"  {name}:\t{parse(resources[name])}\n")


def _system_info(node: dict, w: PrefixWriter) -> None:
    info = (node.get("status") or {}).get("nodeInfo") or {}
    w.write(LEVEL_0, "System Info:\n")
    for title, key in (("Machine ID", "machineID"), ("System UUID", "systemUUID"), ("Boot ID", "bootID"),
                       ("Kernel Version", "kernelVersion"), ("OS Image", "osImage"),
                       ("Operating System", "operatingSystem"), ("Architecture", "architecture"),
                       ("Container Runtime Version", "containerRuntimeVersion"),
                       ("Kubelet Version", "kubeletVersion")):
        w.write(LEVEL_0, f"  {title}:\t{info.get(key, '')}\n")


def _pod_rows(pods: list[dict], allocatable: dict[str, Quantity], w: PrefixWriter, now: Now) -> None:
    w.write(LEVEL_0, f"Non-terminated Pods:\t({len(pods)} in total)\n")
    w.write(LEVEL_1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n")
    w.write(LEVEL_1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n")
    cpu, memory = allocatable.get("cpu", ZERO), allocatable.get("memory", ZERO)
    for pod in pods:
        req, lim = pod_amounts(pod, "requests"), pod_amounts(pod, "limits")
        cells = []
        for amounts, name, whole, milli in ((req, "cpu", cpu, True), (lim, "cpu", cpu, True),
                                            (req, "memory", memory, False), (lim, "memory", memory, False)):
            amount = amounts.get(name, ZERO)
            cells.append(f"{amount} ({_percent(amount, whole, milli)}%)")
        m = meta(pod)
        w.write(LEVEL_1, f"{m.get('namespace', '')}\t{m.get('name', '')}\t\t" + "\t".join(cells)
                + f"\t{age(m.get('creationTimestamp'), now)}\n")


def _allocated(pods: list[dict], allocatable: dict[str, Quantity], w: PrefixWriter) -> None:
    w.write(LEVEL_0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n")
    w.write(LEVEL_1, "Resource\tRequests\tLimits\n")
    w.write(LEVEL_1, "--------\t--------\t------\n")
    reqs: dict[str, list[Quantity]] = {}
    lims: dict[str, list[Quantity]] = {}
    for pod in pods:
        for name, amount in pod_amounts(pod, "requests").items():
            reqs.setdefault(name, []).append(amount)
        for name, amount in pod_amounts(pod, "limits").items():
            lims.setdefault(name, []).append(amount)
    for name in ("cpu", "memory", "ephemeral-storage"):
        req, lim, whole = total(reqs.get(name, [])), total(lims.get(name, [])), allocatable.get(name, ZERO)
        milli = name == "cpu"
        w.write(LEVEL_1, f"{name}\t{req} ({_percent(req, whole, milli)}%)\t{lim} ({_percent(lim, whole, milli)}%)\n")
    huge = sorted(n for n in allocatable if n.startswith("hugepages-"))
    extended = sorted(n for n in allocatable
                      if not n.startswith("hugepages-") and n not in STANDARD_RESOURCES and n != "pods")
    for name in huge:
        req, lim, whole = total(reqs.get(name, [])), total(lims.get(name, [])), allocatable[name]
        w.write(LEVEL_1, f"{name}\t{req} ({_percent(req, whole, False)}%)\t{lim} ({_percent(lim, whole, False)}%)\n")
    for name in extended:
        w.write(LEVEL_1, f"{name}\t{total(reqs.get(name, []))}\t{total(lims.get(name, []))}\n")


def node_pods(node: dict, related: Related) -> list[dict]:
    """Pods bound to the node that have not terminated, in the API server's list order."""
    name = meta(node).get("name")
    return [p for p in related.list("pods", None)
            if (p.get("spec") or {}).get("nodeName") == name
            and (p.get("status") or {}).get("phase") not in ("Succeeded", "Failed")]


def describe_node(node: dict, events: list[dict] | None, related: Related, now: Now) -> str:
    m, spec, status = meta(node), node.get("spec") or {}, node.get("status") or {}
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Roles:\t{','.join(node_roles(node)) or '<none>'}\n")
    labels_multiline(w, "Labels", m.get("labels"))
    annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, f"CreationTimestamp:\t{rfc1123z(m.get('creationTimestamp'))}\n")
    taints_multiline(w, "Taints", spec.get("taints"))
    w.write(LEVEL_0, f"Unschedulable:\t{str(bool(spec.get('unschedulable'))).lower()}\n")
    lease = related.get("leases", "kube-node-lease", m.get("name", ""))
    if lease is not None:
        _lease(lease, w)
    else:
        w.write(LEVEL_0, f"Lease:\tFailed to get lease: leases.coordination.k8s.io \"{m.get('name', '')}\" not found\n")
    _conditions(node, w)
    w.write(LEVEL_0, "Addresses:\n")
    for address in status.get("addresses") or []:
        w.write(LEVEL_1, f"{address.get('type', '')}:\t{address.get('address', '')}\n")
    _resource_list("Capacity", status.get("capacity"), w)
    _resource_list("Allocatable", status.get("allocatable"), w)
    _system_info(node, w)
    if spec.get("podCIDR"):
        w.write(LEVEL_0, f"PodCIDR:\t{spec['podCIDR']}\n")
    if spec.get("podCIDRs"):
        w.write(LEVEL_0, f"PodCIDRs:\t{','.join(spec['podCIDRs'])}\n")
    if spec.get("providerID"):
        w.write(LEVEL_0, f"ProviderID:\t{spec['providerID']}\n")
    source = status.get("allocatable") or status.get("capacity") or {}
    allocatable = {name: parse(text) for name, text in source.items()}
    pods = node_pods(node, related)
    _pod_rows(pods, allocatable, w, now)
    _allocated(pods, allocatable, w)
    if events is not None:
        describe_events(events, w, now)
    return w.text()
