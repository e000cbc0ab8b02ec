"""Why something does not work: structured diagnoses read from a cluster.

Each function looks at the cluster as it is now and returns `Finding`s: a stable `code`, the
`params` an explanation needs, the `object` concerned (`pod/web-0`, `service/web`) and the
`field` at fault (`spec.containers[0].image`). The web layer turns a finding into a sentence
in the learner's language; grading attaches findings to failed checks; the live sandbox's
"why?" button calls the same functions.

Codes:
- `unschedulable-taint`, `unschedulable-affinity`, `unschedulable`: a pod stays Pending
- `image-pull`: an image name or tag that cannot be pulled (ErrImagePull, ImagePullBackOff)
- `init-failing`: an init container fails, so the app containers never start
- `crash-loop`: an app container keeps exiting
- `probe-wrong-port`, `probe-wrong-path`: a probe that can never succeed
- `selector-no-match`: a Service (or a query) selects no pods; `labels` says what pods have
- `wrong-namespace`: the object or pods exist, in another namespace
- `target-port-mismatch`: a Service's targetPort is not a port the pods listen on
- `endpoints-missing`: a Service without a selector and without an Endpoints of its name
- `quota-exceeded`: a controller could not create pods because of a ResourceQuota
- `service-type-access`: the Service's type does not allow the way it is being reached
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from .kubectl import selectors

CONTROL_PLANE_TAINT = "node-role.kubernetes.io/control-plane"
PULL_REASONS = ("ErrImagePull", "ImagePullBackOff", "InvalidImageName")
# Access methods and the Service types that allow them.
ACCESS_TYPES = {
    "nodeport": ("NodePort", "LoadBalancer"),
    "loadbalancer": ("LoadBalancer",),
    "cluster-ip": ("ClusterIP", "NodePort", "LoadBalancer"),
    "external-name": ("ExternalName",),
}


@dataclass(frozen=True)
class Finding:
    code: str
    params: dict = field(default_factory=dict)
    object: str = ""
    field: str = ""

    def as_dict(self) -> dict:
        return {"code": self.code, "params": self.params, "object": self.object, "field": self.field}


# -- pods ------------------------------------------------------------------------------------
def why_pod(cluster, pod: dict) -> list[Finding]:
    """Why a pod is not Running and Ready (or keeps restarting); [] when nothing is wrong."""
    spec = pod.get("spec") or {}
    if not spec.get("nodeName") and (pod.get("status") or {}).get("phase", "Pending") == "Pending":
        return _why_unscheduled(cluster, pod)
    found = _init_problems(pod) or _container_problems(pod)
    return found or _probe_problems(cluster, pod)


def _why_unscheduled(cluster, pod: dict) -> list[Finding]:
    from . import scheduler

    answer = scheduler.why_pending(cluster, pod)
    if answer.get("code") != "Unschedulable":
        return []
    name = pod["metadata"]["name"]
    per_code: dict[str, list[dict]] = {}
    for node, found in sorted(answer.get("nodes", {}).items()):
        for item in found:
            if item.get("params", {}).get("key") == CONTROL_PLANE_TAINT:
                continue  # every pod meets this one; it never explains a learner's problem
            per_code.setdefault(item["code"], []).append({"node": node, **item.get("params", {})})
    message = answer.get("message", "")
    if "NodeAffinity" in per_code:
        return [Finding("unschedulable-affinity", {"pod": name, "message": message}, f"pod/{name}",
                        "spec.affinity.nodeAffinity")]
    if "UntoleratedTaint" in per_code:
        taints = sorted({_taint_text(p) for p in per_code["UntoleratedTaint"]})
        return [Finding("unschedulable-taint", {"pod": name, "taints": ", ".join(taints), "message": message},
                        f"pod/{name}", "spec.tolerations")]
    return [Finding("unschedulable", {"pod": name, "message": message}, f"pod/{name}", "spec")]


def _taint_text(params: dict) -> str:
    value = f"={params['value']}" if params.get("value") else ""
    return f"{params.get('key', '')}{value}:{params.get('effect', '')}"


def _init_problems(pod: dict) -> list[Finding]:
    name = pod["metadata"]["name"]
    statuses = (pod.get("status") or {}).get("initContainerStatuses") or []
    for index, status in enumerate(statuses):
        state = status.get("state") or {}
        waiting = state.get("waiting") or {}
        if waiting.get("reason") in PULL_REASONS:
            return [_pull_finding(pod, status, waiting, f"spec.initContainers[{index}].image")]
        last = (status.get("lastState") or {}).get("terminated") or state.get("terminated") or {}
        if waiting.get("reason") == "CrashLoopBackOff" or (last.get("exitCode") or 0) != 0:
            return [Finding("init-failing", {"pod": name, "container": status.get("name", ""),
                                             "exit_code": last.get("exitCode", ""),
                                             "restarts": status.get("restartCount", 0)},
                            f"pod/{name}", f"spec.initContainers[{index}]")]
    return []


def _container_problems(pod: dict) -> list[Finding]:
    name = pod["metadata"]["name"]
    for index, status in enumerate((pod.get("status") or {}).get("containerStatuses") or []):
        waiting = (status.get("state") or {}).get("waiting") or {}
        if waiting.get("reason") in PULL_REASONS:
            return [_pull_finding(pod, status, waiting, f"spec.containers[{index}].image")]
        if waiting.get("reason") == "CrashLoopBackOff" and not _spec_container(pod, status["name"]).get(
                "livenessProbe"):
            last = (status.get("lastState") or {}).get("terminated") or {}
            return [Finding("crash-loop", {"pod": name, "container": status["name"],
                                           "exit_code": last.get("exitCode", ""),
                                           "restarts": status.get("restartCount", 0)},
                            f"pod/{name}", f"spec.containers[{index}]")]
    return []


def _pull_finding(pod: dict, status: dict, waiting: dict, path: str) -> Finding:
    from .kubelet import images

    name = pod["metadata"]["name"]
    written = _spec_container(pod, status["name"]).get("image", status.get("image", ""))
    problem = "name"
    try:
        ref = images.resolve(written)
        if images.lookup(ref) is not None:
            problem = "tag"
    except images.InvalidReference:
        problem = "format"
    return Finding("image-pull", {"pod": name, "container": status["name"], "image": written,
                                  "reason": waiting["reason"], "problem": problem}, f"pod/{name}", path)


def _spec_container(pod: dict, name: str) -> dict:
    spec = pod.get("spec") or {}
    for c in (spec.get("containers") or []) + (spec.get("initContainers") or []):
        if c.get("name") == name:
            return c
    return {}


def _probe_problems(cluster, pod: dict) -> list[Finding]:
    """A probe that fails now against the running container: wrong port, or a path that errors."""
    status = pod.get("status") or {}
    if status.get("phase") != "Running":
        return []
    restarted = {s["name"]: s.get("restartCount", 0) for s in status.get("containerStatuses") or []}
    ready = {s["name"]: s.get("ready", False) for s in status.get("containerStatuses") or []}
    # Only a running container can be asked; one waiting to restart listens on nothing, so
    # for it only the ports it is known to serve are compared.
    running = {s["name"] for s in status.get("containerStatuses") or [] if (s.get("state") or {}).get("running")}
    for index, container in enumerate((pod.get("spec") or {}).get("containers") or []):
        for kind in ("readinessProbe", "livenessProbe", "startupProbe"):
            probe = container.get(kind)
            symptom = (kind == "readinessProbe" and not ready.get(container["name"])) or (
                kind != "readinessProbe" and restarted.get(container["name"], 0) > 0)
            if probe and symptom:
                found = _probe_fails(cluster, pod, index, container, kind, probe,
                                     container["name"] in running)
                if found:
                    return [found]
    return []


def _probe_fails(cluster, pod, index: int, container: dict, kind: str, probe: dict,
                 running: bool) -> Finding | None:
    from . import kubelet

    action = probe.get("httpGet") or probe.get("tcpSocket")
    if not action:
        return None
    port = _container_port(container, action.get("port"))
    name = pod["metadata"]["name"]
    params = {"pod": name, "container": container["name"], "probe": kind.removesuffix("Probe"),
              "port": action.get("port"), "ports": _ports_text(container)}
    path = f"spec.containers[{index}].{kind}"
    where = f"{path}.{'httpGet' if 'httpGet' in probe else 'tcpSocket'}.port"
    if not running:
        known = _known_ports(container)
        if port is None or (known and port not in known):
            return Finding("probe-wrong-port", params, f"pod/{name}", where)
        return None
    if port is None or not kubelet.tcp_connect(cluster, pod, port):
        return Finding("probe-wrong-port", params, f"pod/{name}", where)
    if "httpGet" in probe:
        answer = kubelet.http_get(cluster, pod, port, action.get("path") or "/")
        if answer is not None and answer.status >= 400:
            return Finding("probe-wrong-path", {**params, "path": action.get("path") or "/",
                                                "status": answer.status}, f"pod/{name}", f"{path}.httpGet.path")
    return None


def _container_port(container: dict, port) -> int | None:
    if isinstance(port, int):
        return port
    if isinstance(port, str) and port.isdigit():
        return int(port)
    for declared in container.get("ports") or []:
        if declared.get("name") == port:
            return declared.get("containerPort")
    return None


def _known_ports(container: dict) -> list[int]:
    """The ports a container declares, then those its image's server listens on."""
    from .kubelet import images

    ports = [p.get("containerPort") for p in container.get("ports") or []]
    try:
        image = images.lookup(images.resolve(container.get("image", "")))
    except images.InvalidReference:
        image = None
    return ports + [p for p in (image.ports if image else ()) if p not in ports]


def _ports_text(container: dict) -> str:
    return ", ".join(str(p) for p in _known_ports(container)) or "-"


# -- pods selected by a query ---------------------------------------------------------------
def why_pods(cluster, namespace: str, selector: str, want_ready: bool = True,
             name: str | None = None) -> list[Finding]:
    """Why the pods a selector (and a name pattern) names in a namespace are missing, not
    running or not ready."""
    pods = [p for p in cluster.store.list("pods", namespace)
            if selectors.matches(selector, p["metadata"].get("labels"))
            and (name is None or fnmatchcase(p["metadata"]["name"], name))]
    if not pods and name is not None and not any(ch in name for ch in "*?["):
        return quota_problems(cluster, namespace) or missing_object(cluster, "pods", namespace, name)
    if not pods:
        return (quota_problems(cluster, namespace) or
                _elsewhere(cluster, namespace, selector) or
                [Finding("selector-no-match", {"selector": selector, "namespace": namespace,
                                               "labels": _labels_seen(cluster, namespace)}, "", "")])
    out: list[Finding] = []
    for pod in pods:
        phase = (pod.get("status") or {}).get("phase")
        if want_ready and _is_ready(pod) and not _restarting(pod):
            continue
        if not want_ready and phase in ("Running", "Succeeded"):
            continue
        for found in why_pod(cluster, pod):
            if all(f.code != found.code for f in out):
                out.append(found)
    return out + [f for f in quota_problems(cluster, namespace) if all(o.code != f.code for o in out)]


def _is_ready(pod: dict) -> bool:
    return any(c.get("type") == "Ready" and c.get("status") == "True"
               for c in (pod.get("status") or {}).get("conditions") or [])


def _restarting(pod: dict) -> bool:
    return any(s.get("restartCount", 0) > 0 for s in (pod.get("status") or {}).get("containerStatuses") or [])


def _elsewhere(cluster, namespace: str, selector: str) -> list[Finding]:
    for pod in cluster.store.list("pods"):
        ns = pod["metadata"].get("namespace", "")
        if ns != namespace and selectors.matches(selector, pod["metadata"].get("labels")) and selector:
            return [Finding("wrong-namespace", {"kind": "pods", "name": selector, "expected": namespace,
                                                "found": ns}, f"pod/{pod['metadata']['name']}",
                            "metadata.namespace")]
    return []


def _labels_seen(cluster, namespace: str, limit: int = 3) -> str:
    seen: list[str] = []
    for pod in cluster.store.list("pods", namespace):
        text = selectors.format_labels(pod["metadata"].get("labels"))
        if text not in seen:
            seen.append(text)
    return "; ".join(seen[:limit]) or "-"


def quota_problems(cluster, namespace: str) -> list[Finding]:
    """A controller's FailedCreate event saying a ResourceQuota was exceeded."""
    for event in reversed(cluster.store.list("events", namespace)):
        message = event.get("message") or ""
        if event.get("reason") == "FailedCreate" and "exceeded quota" in message:
            involved = event.get("involvedObject") or {}
            obj = f"{(involved.get('kind') or '').lower()}/{involved.get('name', '')}"
            return [Finding("quota-exceeded", {"object": obj, "message": message.removeprefix("Error creating: ")},
                            obj, "spec.replicas")]
    return []


def missing_object(cluster, plural: str, namespace: str, name: str) -> list[Finding]:
    """An object that is not where it was looked for: is it in another namespace?"""
    for obj in cluster.store.list(plural):
        meta = obj["metadata"]
        if meta["name"] == name and meta.get("namespace", "") != namespace:
            return [Finding("wrong-namespace", {"kind": plural, "name": name, "expected": namespace,
                                                "found": meta.get("namespace", "")},
                            f"{plural}/{name}", "metadata.namespace")]
    return []


# -- services --------------------------------------------------------------------------------
def why_service(cluster, namespace: str, name: str, access: str | None = None,
                ports: bool = True) -> list[Finding]:
    """Why a Service does not get requests to ready pods (or cannot be reached by `access`).
    `ports=False` for DNS questions, where target ports do not matter."""
    service = cluster.store.get("services", namespace, name)
    if service is None:
        return missing_object(cluster, "services", namespace, name)
    spec = service.get("spec") or {}
    found = type_problems(service, access)
    if found or spec.get("type") == "ExternalName":
        return found
    selector = spec.get("selector") or {}
    if not selector:
        if cluster.store.get("endpoints", namespace, name) is None:
            return [Finding("endpoints-missing", {"service": name, "namespace": namespace},
                            f"service/{name}", "spec.selector")]
        return []
    return _selected_pod_problems(cluster, service, selector, ports)


def _selected_pod_problems(cluster, service: dict, selector: dict, ports: bool) -> list[Finding]:
    namespace, name = service["metadata"].get("namespace", ""), service["metadata"]["name"]
    text = selectors.format_labels(selector)
    wanted = selectors.selector_from_set(selector)  # a Service selects by plain label set
    pods = [p for p in cluster.store.list("pods", namespace)
            if wanted.matches(p["metadata"].get("labels"))
            and not p["metadata"].get("deletionTimestamp")]
    if not pods:
        elsewhere = _elsewhere(cluster, namespace, text)
        return elsewhere or [Finding("selector-no-match", {"service": name, "selector": text,
                                                           "namespace": namespace,
                                                           "labels": _labels_seen(cluster, namespace)},
                                     f"service/{name}", "spec.selector")]
    mismatched = target_port_problems(cluster, service, pods) if ports else []
    if mismatched:
        return mismatched
    if not any(_is_ready(p) for p in pods):
        return why_pods(cluster, namespace, text)
    return []


def target_port_problems(cluster, service: dict, pods: list[dict]) -> list[Finding]:
    from . import kubelet

    name = service["metadata"]["name"]
    running = [p for p in pods if (p.get("status") or {}).get("phase") == "Running"]
    for index, port in enumerate((service.get("spec") or {}).get("ports") or []):
        target = port.get("targetPort", port.get("port"))
        for pod in running[:1]:
            containers = (pod.get("spec") or {}).get("containers") or []
            numbers = [_container_port(c, target) for c in containers]
            number = next((n for n in numbers if n is not None), None)
            if number is None or not kubelet.tcp_connect(cluster, pod, number):
                return [Finding("target-port-mismatch",
                                {"service": name, "port": port.get("port"), "target_port": target,
                                 "pod": pod["metadata"]["name"],
                                 "container_ports": ", ".join(_ports_text(c) for c in containers)},
                                f"service/{name}", f"spec.ports[{index}].targetPort")]
    return []


def type_problems(service: dict, access: str | None) -> list[Finding]:
    """The Service's type does not allow `access` (nodeport, loadbalancer, cluster-ip, external-name)."""
    kind = (service.get("spec") or {}).get("type", "ClusterIP")
    if not access or access not in ACCESS_TYPES or kind in ACCESS_TYPES[access]:
        return []
    name = service["metadata"]["name"]
    return [Finding("service-type-access", {"service": name, "type": kind, "access": access},
                    f"service/{name}", "spec.type")]
