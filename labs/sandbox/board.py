"""The cluster view's data: nodes as columns, pod cards in them, workloads and Services.

Plain data for the templates, read from the simulator's store. A pod's READY and STATUS come
from the kubectl printer (`pod_summary`), so the card says what `kubectl get pods` says.
"""

import zlib
from dataclasses import dataclass, field

from kubesim.kubectl.printers import pod_summary

SYSTEM_NAMESPACES = {"kube-system", "kube-public", "kube-node-lease", "ingress-nginx",
                     "local-path-storage"}
UNSCHEDULED = ""


@dataclass
class ContainerCard:
    name: str
    state: str  # "running", "waiting", "terminated" or "" (not started)
    reason: str
    ready: bool
    restarts: int
    init: bool = False


@dataclass
class PodCard:
    dom_id: str
    namespace: str
    name: str
    node: str
    ready: str
    status: str
    restarts: int
    ip: str
    phase_class: str
    group: str
    containers: list[ContainerCard] = field(default_factory=list)

    @property
    def version(self) -> str:
        """A short digest of what the card shows: the page skips cards whose digest is unchanged."""
        shown = (self.namespace, self.name, self.node, self.ready, self.status, self.restarts,
                 self.ip, self.phase_class, self.group,
                 [(c.name, c.state, c.reason, c.ready, c.restarts, c.init) for c in self.containers])
        return format(zlib.crc32(repr(shown).encode()), "08x")


@dataclass
class Column:
    name: str  # UNSCHEDULED for the pods no node has yet
    ready: bool = True
    control_plane: bool = False
    unschedulable: bool = False
    pods: list[PodCard] = field(default_factory=list)


@dataclass
class RolloutBar:
    name: str
    desired: int
    updated: int
    ready: int
    available: int
    current: bool


@dataclass
class Workload:
    kind: str
    namespace: str
    name: str
    desired: int
    ready: int
    bars: list[RolloutBar] = field(default_factory=list)
    pods: list[str] = field(default_factory=list)


@dataclass
class Board:
    columns: list[Column]
    workloads: list[Workload]
    services: list[Workload]
    pod_count: int


def learner_namespaces(store) -> list[str]:
    return [ns["metadata"]["name"] for ns in store.list("namespaces")
            if ns["metadata"]["name"] not in SYSTEM_NAMESPACES]


def learner_pods(store, overrides: dict | None = None) -> list[dict]:
    """The pods to show, with `overrides` ((namespace, name) -> pod or None) laid over them."""
    pods = {}
    for namespace in learner_namespaces(store):
        for pod in store.list("pods", namespace):
            pods[_key(pod)] = pod
    for key, pod in (overrides or {}).items():
        if key[0] in SYSTEM_NAMESPACES:
            continue
        if pod is None:
            pods.pop(key, None)
        else:
            pods[key] = pod
    return [pods[k] for k in sorted(pods)]


def _key(obj) -> tuple[str, str]:
    meta = obj["metadata"]
    return meta.get("namespace", ""), meta["name"]


def pod_signature(pod: dict | None):
    """What a card shows, to tell one visible state from the next."""
    if pod is None:
        return None
    ready, status, restarts = pod_summary(pod)
    ip = (pod.get("status") or {}).get("podIP") or ""
    return (pod.get("spec", {}).get("nodeName") or "", ready, status, restarts.count, ip)


def build(store, overrides: dict | None = None) -> Board:
    columns = {}
    for node in store.list("nodes"):
        meta, spec = node["metadata"], node.get("spec") or {}
        columns[meta["name"]] = Column(
            name=meta["name"],
            ready=_condition(node, "Ready") == "True",
            control_plane="node-role.kubernetes.io/control-plane" in (meta.get("labels") or {}),
            unschedulable=bool(spec.get("unschedulable")),
        )
    unscheduled = Column(name=UNSCHEDULED)
    groups = _owner_groups(store)
    pods = learner_pods(store, overrides)
    for pod in pods:
        card = pod_card(pod, groups)
        columns.get(card.node, unscheduled).pods.append(card)
    ordered = [unscheduled] + [columns[name] for name in sorted(columns)]
    return Board(
        columns=ordered,
        workloads=workloads(store, pods, groups),
        services=services(store, pods),
        pod_count=len(pods),
    )


def pod_card(pod: dict, groups: dict) -> PodCard:
    meta, spec, status = pod["metadata"], pod.get("spec") or {}, pod.get("status") or {}
    ready, reason, restarts = pod_summary(pod)
    containers = [
        _container_card(c, status.get("initContainerStatuses") or [], init=True)
        for c in spec.get("initContainers") or []
    ] + [
        _container_card(c, status.get("containerStatuses") or [], init=False)
        for c in spec.get("containers") or []
    ]
    return PodCard(
        dom_id="pod-" + (meta.get("uid") or f"{meta.get('namespace', '')}-{meta['name']}"),
        namespace=meta.get("namespace", ""),
        name=meta["name"],
        node=spec.get("nodeName") or UNSCHEDULED,
        ready=ready,
        status=reason,
        restarts=restarts.count,
        ip=status.get("podIP") or "",
        phase_class=phase_class(pod, ready, reason),
        group=groups.get(meta.get("uid"), ""),
        containers=containers,
    )


def phase_class(pod: dict, ready: str, reason: str) -> str:
    """One CSS class per visible stage, for the card's colour."""
    if pod["metadata"].get("deletionTimestamp"):
        return "terminating"
    if not (pod.get("spec") or {}).get("nodeName"):
        return "pending"
    if reason in ("ContainerCreating", "PodInitializing") or reason.startswith("Init:"):
        return "creating"
    if reason == "Running":
        done, total = ready.split("/")
        return "ready" if done == total else "running"
    if reason == "Completed":
        return "succeeded"
    if reason == "Pending":
        return "pending"
    return "failing"


def _container_card(spec: dict, statuses: list[dict], init: bool) -> ContainerCard:
    found = next((s for s in statuses if s.get("name") == spec.get("name")), None) or {}
    state = found.get("state") or {}
    kind = next(iter(state), "")
    detail = state.get(kind) or {}
    reason = detail.get("reason") or ""
    if kind == "terminated" and not reason:
        reason = f"ExitCode:{detail.get('exitCode', 0)}"
    return ContainerCard(
        name=spec.get("name", ""),
        state=kind,
        reason=reason,
        ready=bool(found.get("ready")),
        restarts=int(found.get("restartCount") or 0),
        init=init,
    )


def _condition(obj: dict, kind: str) -> str:
    for c in (obj.get("status") or {}).get("conditions") or []:
        if c.get("type") == kind:
            return c.get("status", "")
    return ""


def _owner_groups(store) -> dict:
    """uid -> "Kind/name" of the top owner we show (a ReplicaSet's Deployment, a StatefulSet)."""
    rs_owner = {}
    for namespace in learner_namespaces(store):
        for rs in store.list("replicasets", namespace):
            ref = _controller(rs)
            rs_owner[rs["metadata"].get("uid")] = (
                f"Deployment/{ref['name']}" if ref and ref.get("kind") == "Deployment"
                else f"ReplicaSet/{rs['metadata']['name']}"
            )
    groups = {}
    for namespace in learner_namespaces(store):
        for pod in store.list("pods", namespace):
            ref = _controller(pod)
            if ref is None:
                continue
            uid = pod["metadata"].get("uid")
            groups[uid] = rs_owner.get(ref.get("uid"), f"{ref.get('kind')}/{ref.get('name')}")
    return groups


def _controller(obj: dict):
    for ref in obj["metadata"].get("ownerReferences") or []:
        if ref.get("controller"):
            return ref
    return None


def workloads(store, pods: list[dict], groups: dict) -> list[Workload]:
    members: dict[str, list[str]] = {}
    for pod in pods:
        group = groups.get(pod["metadata"].get("uid"))
        if group:
            members.setdefault(group, []).append(pod["metadata"]["name"])
    out = []
    for namespace in learner_namespaces(store):
        for dep in store.list("deployments", namespace):
            out.append(_deployment(store, dep, members))
        for sts in store.list("statefulsets", namespace):
            name = sts["metadata"]["name"]
            status = sts.get("status") or {}
            out.append(Workload(
                kind="StatefulSet", namespace=namespace, name=name,
                desired=int((sts.get("spec") or {}).get("replicas", 1)),
                ready=int(status.get("readyReplicas") or 0),
                pods=members.get(f"StatefulSet/{name}", []),
            ))
        for rs in store.list("replicasets", namespace):
            if _controller(rs) is None:
                name = rs["metadata"]["name"]
                out.append(Workload(
                    kind="ReplicaSet", namespace=namespace, name=name,
                    desired=int((rs.get("spec") or {}).get("replicas", 1)),
                    ready=int((rs.get("status") or {}).get("readyReplicas") or 0),
                    pods=members.get(f"ReplicaSet/{name}", []),
                ))
    return out


def _deployment(store, dep: dict, members: dict) -> Workload:
    meta, spec, status = dep["metadata"], dep.get("spec") or {}, dep.get("status") or {}
    namespace, name = meta.get("namespace", ""), meta["name"]
    desired = int(spec.get("replicas", 1))
    revision = meta.get("annotations", {}).get("deployment.kubernetes.io/revision")
    bars = []
    for rs in store.owned_by(meta.get("uid", "")):
        if rs.get("kind") != "ReplicaSet":
            continue
        rs_status = rs.get("status") or {}
        rs_spec = rs.get("spec") or {}
        replicas = int(rs_spec.get("replicas") or 0)
        current = rs["metadata"].get("annotations", {}).get(
            "deployment.kubernetes.io/revision") == revision
        if replicas == 0 and not current and not rs_status.get("replicas"):
            continue  # an old ReplicaSet kept only for rollbacks
        bars.append(RolloutBar(
            name=rs["metadata"]["name"],
            desired=desired if current else replicas,
            updated=int(rs_status.get("replicas") or 0),
            ready=int(rs_status.get("readyReplicas") or 0),
            available=int(rs_status.get("availableReplicas") or 0),
            current=current,
        ))
    return Workload(
        kind="Deployment", namespace=namespace, name=name, desired=desired,
        ready=int(status.get("readyReplicas") or 0), bars=bars,
        pods=members.get(f"Deployment/{name}", []),
    )


def services(store, pods: list[dict]) -> list[Workload]:
    out = []
    for namespace in learner_namespaces(store):
        for svc in store.list("services", namespace):
            selector = (svc.get("spec") or {}).get("selector") or {}
            chosen = [
                p["metadata"]["name"] for p in pods
                if selector and p["metadata"].get("namespace") == namespace
                and all((p["metadata"].get("labels") or {}).get(k) == v for k, v in selector.items())
            ]
            ready = sum(1 for p in pods if p["metadata"]["name"] in chosen
                        and _condition(p, "Ready") == "True")
            out.append(Workload(
                kind="Service", namespace=namespace, name=svc["metadata"]["name"],
                desired=len(chosen), ready=ready, pods=chosen,
            ))
    return out
