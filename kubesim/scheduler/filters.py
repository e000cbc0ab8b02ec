"""Filter plugins, in kube-scheduler's default order, each saying why a node cannot take a pod.

A plugin returns None (the node passes) or a `Finding`: a stable `code` with `params` for the
web layer to explain, the reason text kube-scheduler prints (its plugins' ErrReason strings,
as of 1.37), and whether preemption could help (kube-scheduler's Unschedulable versus
UnschedulableAndUnresolvable). As in the real framework, a node's filters stop at the first
plugin that rejects it, and NodeResourcesFit may report several reasons at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..kubectl import selectors
from . import quantity
from .nodeinfo import Board, Cache, host_ports

UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable"


@dataclass(frozen=True)
class Finding:
    code: str
    reason: str
    params: dict = field(default_factory=dict)
    resolvable: bool = False  # could evicting lower-priority pods help (preemption)?


@dataclass
class Context:
    """What the filters of one scheduling attempt share.

    Nothing changes during an attempt, so what a filter works out from the pod or the whole
    cluster (not from one node) is worked out once and remembered (`once`): an attempt looks
    at every node, and a large cluster has a hundred."""

    cache: Cache
    store: object
    pod: dict
    requests: dict[str, int]
    nodes: dict[str, dict]
    _memo: dict = field(default_factory=dict)
    board: Board | None = None  # set by filter_nodes for a pod the cache keeps a board for

    def once(self, key, compute):
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]


# -- tolerations -----------------------------------------------------------------------------

def tolerates(toleration: dict, taint: dict) -> bool:
    """v1 Toleration.ToleratesTaint."""
    if toleration.get("effect") and toleration.get("effect") != taint.get("effect"):
        return False
    operator = toleration.get("operator") or "Equal"
    key = toleration.get("key") or ""
    if key and key != taint.get("key"):
        return False
    if operator == "Exists":
        return True
    return key != "" and (toleration.get("value") or "") == (taint.get("value") or "")


def tolerated(pod: dict, taint: dict) -> bool:
    return any(tolerates(t, taint) for t in (pod.get("spec") or {}).get("tolerations") or [])


# -- the plugins ---------------------------------------------------------------------------

def node_unschedulable(ctx: Context, node: dict) -> list[Finding]:
    if not (node.get("spec") or {}).get("unschedulable"):
        return []
    if tolerated(ctx.pod, {"key": UNSCHEDULABLE_TAINT, "effect": "NoSchedule"}):
        return []
    return [Finding("NodeUnschedulable", "node(s) were unschedulable")]


def node_name(ctx: Context, node: dict) -> list[Finding]:
    wanted = (ctx.pod.get("spec") or {}).get("nodeName")
    if wanted and wanted != node["metadata"]["name"]:
        return [Finding("NodeName", "node(s) didn't match the requested node name", {"nodeName": wanted})]
    return []


def taint_toleration(ctx: Context, node: dict) -> list[Finding]:
    for taint in (node.get("spec") or {}).get("taints") or []:
        if taint.get("effect") not in ("NoSchedule", "NoExecute"):
            continue
        if not tolerated(ctx.pod, taint):
            # Since 1.33 the reason no longer names the taint (it may be secret); the taint
            # stays in the params for the explanation.
            return [Finding("UntoleratedTaint", "node(s) had untolerated taint(s)",
                            {"key": taint.get("key", ""), "value": taint.get("value", ""),
                             "effect": taint.get("effect", "")})]
    return []


def node_affinity(ctx: Context, node: dict) -> list[Finding]:
    spec = ctx.pod.get("spec") or {}
    labels = node["metadata"].get("labels") or {}
    selector = spec.get("nodeSelector") or {}
    ok = all(labels.get(k) == v for k, v in selector.items())
    required = ((spec.get("affinity") or {}).get("nodeAffinity") or {}).get(
        "requiredDuringSchedulingIgnoredDuringExecution")
    if ok and required is not None:
        ok = selectors.node_selector_matches(required, node)
    if ok:
        return []
    return [Finding("NodeAffinity", "node(s) didn't match Pod's node affinity/selector",
                    {"nodeSelector": selector, "required": required is not None})]


def node_ports(ctx: Context, node: dict) -> list[Finding]:
    wanted = ctx.once("hostPorts", lambda: host_ports(ctx.pod))
    if not wanted:
        return []
    used = ctx.cache.info(node["metadata"]["name"]).ports
    for ip, proto, port in wanted:
        for uip, uproto, uport in used:
            if port == uport and proto == uproto and (ip == uip or "0.0.0.0" in (ip, uip)):
                return [Finding("NodePorts", "node(s) didn't have free ports for the requested pod ports",
                                {"hostPort": port, "protocol": proto}, resolvable=True)]
    return []


def node_resources_fit(ctx: Context, node: dict) -> list[Finding]:
    alloc = quantity.allocatable(node)
    info = ctx.cache.info(node["metadata"]["name"])
    out = []
    if len(info.pods) + 1 > alloc.get("pods", 110):
        out.append(Finding("TooManyPods", "Too many pods", {"allowed": alloc.get("pods", 110)}, resolvable=True))
    for name in ctx.once("requestOrder", lambda: _request_order(ctx.requests)):
        want = ctx.requests[name]
        free = alloc.get(name, 0) - info.requested.get(name, 0)
        if want > 0 and want > free:
            out.append(Finding("InsufficientResource", f"Insufficient {name}",
                               {"resource": name, "requested": want, "free": max(free, 0),
                                "allocatable": alloc.get(name, 0)}, resolvable=True))
    return out


def _request_order(requests: dict[str, int]) -> list[str]:
    """cpu, memory, ephemeral-storage, then the rest by name (the order of the reasons)."""
    return sorted(requests, key=lambda n: (n not in quantity.RESOURCE_NAMES,
                                           quantity.RESOURCE_NAMES.index(n) if n in quantity.RESOURCE_NAMES else 0, n))


# -- inter-pod affinity --------------------------------------------------------------------

def _term_namespaces(ctx: Context, owner: dict, term: dict) -> tuple[set[str] | None, object]:
    """The namespaces a term looks in: None means all (an empty namespaceSelector)."""
    names = set(term.get("namespaces") or [])
    ns_selector = term.get("namespaceSelector")
    if not names and ns_selector is None:
        names = {owner["metadata"].get("namespace", "")}
    return names, ns_selector


def term_matches(ctx: Context, owner: dict, term: dict, pod: dict) -> bool:
    """Does `pod` match `owner`'s affinity term (namespace and label selector)?"""
    names, ns_selector = _term_namespaces(ctx, owner, term)
    ns = pod["metadata"].get("namespace", "")
    in_ns = ns in names
    if not in_ns and ns_selector is not None:
        ns_obj = ctx.store.get("namespaces", "", ns) or {}
        in_ns = selectors.matches(ns_selector, (ns_obj.get("metadata") or {}).get("labels"))
    if not in_ns:
        return False
    try:
        return selectors.matches(term.get("labelSelector"), (pod["metadata"].get("labels") or {}))
    except selectors.SelectorError:
        return False


def _same_domain(node: dict, other: dict, key: str) -> bool:
    labels, other_labels = node["metadata"].get("labels") or {}, other["metadata"].get("labels") or {}
    return key in labels and key in other_labels and labels[key] == other_labels[key]


def _placed_pods(ctx: Context):
    """(pod, its node) for every pod the scheduler counts, node by node in name order."""
    for name in sorted(ctx.cache.nodes()):
        node = ctx.nodes.get(name)
        if node is None:
            continue
        for pod in ctx.cache.pods_on(name):
            yield pod, node


def _required(pod: dict, kind: str) -> list[dict]:
    return (((pod.get("spec") or {}).get("affinity") or {}).get(kind) or {}).get(
        "requiredDuringSchedulingIgnoredDuringExecution") or []


def inter_pod_affinity(ctx: Context, node: dict) -> list[Finding]:
    affinity, anti = _required(ctx.pod, "podAffinity"), _required(ctx.pod, "podAntiAffinity")
    if not affinity and not anti:
        return existing_anti_affinity(ctx, node)
    placed = ctx.once("placed", lambda: list(_placed_pods(ctx)))
    for term in affinity:
        key = term.get("topologyKey", "")
        matching = [(p, n) for p, n in placed if term_matches(ctx, ctx.pod, term, p)]
        if any(_same_domain(node, n, key) for _, n in matching):
            continue
        # The first pod of a group that matches its own term may go anywhere with the key.
        if not matching and term_matches(ctx, ctx.pod, term, ctx.pod) and key in (node["metadata"].get("labels") or {}):
            continue
        return [Finding("PodAffinity", "node(s) didn't match pod affinity rules", {"topologyKey": key})]
    for term in anti:
        key = term.get("topologyKey", "")
        if any(_same_domain(node, n, key) for p, n in placed if term_matches(ctx, ctx.pod, term, p)):
            return [Finding("PodAntiAffinity", "node(s) didn't match pod anti-affinity rules",
                            {"topologyKey": key}, resolvable=True)]
    return existing_anti_affinity(ctx, node)


def existing_anti_affinity(ctx: Context, node: dict) -> list[Finding]:
    for other in ctx.once("withAntiAffinity", ctx.cache.with_anti_affinity):
        other_node = ctx.nodes.get(other["spec"]["nodeName"])
        for term in _required(other, "podAntiAffinity") if other_node is not None else ():
            if _same_domain(node, other_node, term.get("topologyKey", "")) and term_matches(ctx, other, term, ctx.pod):
                return [Finding("ExistingPodsAntiAffinity", "node(s) didn't satisfy existing pods anti-affinity rules",
                                {"pod": other["metadata"]["name"]}, resolvable=True)]
    return []


def pod_topology_spread(ctx: Context, node: dict) -> list[Finding]:
    """Hard (DoNotSchedule) spread constraints: the skew this node would cause, per constraint."""
    constraints = [t for t in (ctx.pod.get("spec") or {}).get("topologySpreadConstraints") or []
                   if t.get("whenUnsatisfiable", "DoNotSchedule") == "DoNotSchedule"]
    labels = node["metadata"].get("labels") or {}
    for constraint in constraints:
        key = constraint.get("topologyKey", "")
        if key not in labels:
            return [Finding("PodTopologySpread", "node(s) didn't match pod topology spread constraints (missing "
                            "required label)", {"topologyKey": key})]
        counts = ctx.once(("domainCounts", id(constraint)), lambda c=constraint: _domain_counts(ctx, c))
        skew = counts.get(labels[key], 0) + 1 - min(counts.values(), default=0)
        if skew > int(constraint.get("maxSkew", 1)):
            return [Finding("PodTopologySpread", "node(s) didn't match pod topology spread constraints",
                            {"topologyKey": key, "maxSkew": constraint.get("maxSkew", 1), "skew": skew},
                            resolvable=True)]
    return []


def _domain_counts(ctx: Context, constraint: dict) -> dict[str, int]:
    """Matching pods per topology domain, over the nodes the pod's node affinity allows."""
    key = constraint.get("topologyKey", "")
    namespace = ctx.pod["metadata"].get("namespace", "")
    counts: dict[str, int] = {}
    for name in sorted(ctx.nodes):
        node = ctx.nodes[name]
        value = (node["metadata"].get("labels") or {}).get(key)
        if value is None or node_affinity(ctx, node):
            continue
        counts.setdefault(value, 0)
        for other in ctx.cache.pods_on(name):
            if other["metadata"].get("namespace", "") != namespace:
                continue
            try:
                if selectors.matches(constraint.get("labelSelector"), other["metadata"].get("labels") or {}):
                    counts[value] += 1
            except selectors.SelectorError:
                pass
    return counts


PLUGINS = (node_unschedulable, node_name, taint_toleration, node_affinity, node_ports, node_resources_fit,
           pod_topology_spread, inter_pod_affinity)


def _can_reject(ctx: Context, plugin) -> bool:
    """False for a plugin that passes every node for this pod (it asks for nothing the plugin
    checks), so an attempt need not run it node by node."""
    spec = ctx.pod.get("spec") or {}
    if plugin is node_name:
        return bool(spec.get("nodeName"))
    if plugin is node_affinity:
        return bool(spec.get("nodeSelector")) or ((spec.get("affinity") or {}).get("nodeAffinity") or {}).get(
            "requiredDuringSchedulingIgnoredDuringExecution") is not None
    if plugin is node_ports:
        return bool(host_ports(ctx.pod))
    if plugin is pod_topology_spread:
        return any(t.get("whenUnsatisfiable", "DoNotSchedule") == "DoNotSchedule"
                   for t in spec.get("topologySpreadConstraints") or [])
    if plugin is inter_pod_affinity:
        return bool(_required(ctx.pod, "podAffinity") or _required(ctx.pod, "podAntiAffinity")
                    or ctx.cache.has_anti_affinity())
    return True


# Plugins whose verdict depends only on the node, the pods on it, and the pod's requests and
# tolerations: for a pod that needs no others, a node's verdict can be remembered (Cache.memo).
_NODE_LOCAL = (node_unschedulable, taint_toleration, node_resources_fit)


def _memo_key(ctx: Context, plugins: list) -> tuple | None:
    if any(p not in _NODE_LOCAL for p in plugins):
        return None
    return "fits", tuple(ctx.requests.items()), repr((ctx.pod.get("spec") or {}).get("tolerations"))


_BY_SPEC: dict[int, tuple[dict, list, bool, tuple | None]] = {}


def _plugins_and_key(ctx: Context) -> tuple[list, tuple | None]:
    """The plugins that can reject a node for this pod, and its memo key (`_memo_key`).
    What depends on the pod alone is remembered per spec dict (held, so its id stays its
    own): a pending pod is tried again and again with the same spec. Whether pods with
    anti-affinity are placed depends on the cluster, and is asked each time."""
    spec = ctx.pod.get("spec")
    known = _BY_SPEC.get(id(spec))
    if known is None or known[0] is not spec:
        if len(_BY_SPEC) >= 4096:
            _BY_SPEC.clear()
        own = [p for p in PLUGINS if p is not inter_pod_affinity and _can_reject(ctx, p)]
        own_affinity = bool(_required(ctx.pod, "podAffinity") or _required(ctx.pod, "podAntiAffinity"))
        known = _BY_SPEC[id(spec)] = (spec, own, own_affinity, _memo_key(ctx, own) if not own_affinity else None)
    _, own, own_affinity, key = known
    if own_affinity or ctx.cache.has_anti_affinity():
        return [p for p in PLUGINS if p in own or p is inter_pod_affinity], None
    return own, key


def filter_nodes(ctx: Context, nodes: dict[str, dict]) -> tuple[dict[str, list[Finding]], list[dict]]:
    """The findings of every node that cannot take the pod, and the nodes that can (in order)."""
    plugins, key = ctx.once("plugins", lambda: _plugins_and_key(ctx))
    if key is not None:
        from .scoring import score_key  # scoring imports this module

        ctx.board = ctx.cache.board((key, score_key(ctx)), nodes)
        return _from_board(ctx, plugins, key, ctx.board)
    per_node: dict[str, list[Finding]] = {}
    feasible: list[dict] = []
    memo_of = ctx.cache.memo
    for name, node in nodes.items():
        if key is None:
            found = _first_rejection(ctx, plugins, node)
        else:
            memo = memo_of(node)
            found = memo.get(key)
            if found is None:
                found = ctx.cache.remember(memo, key, _first_rejection(ctx, plugins, node))
        if found:
            per_node[name] = found
        else:
            feasible.append(node)
    return per_node, feasible


def _from_board(ctx: Context, plugins: list, key: tuple, board: Board) -> tuple[dict[str, list[Finding]], list[dict]]:
    """filter_nodes through the board: only the stale nodes are filtered again."""
    if board.stale or board.per_node is None:
        for name in board.stale:
            node = board.nodes.get(name)
            if node is None:
                continue
            memo = ctx.cache.memo(node)
            found = memo.get(key)
            if found is None:
                found = ctx.cache.remember(memo, key, _first_rejection(ctx, plugins, node))
            board.verdicts[name] = found
            board.scores.pop(name, None)
        board.stale.clear()
        board.per_node = {name: found for name, found in board.verdicts.items() if found}
        board.feasible = [board.nodes[name] for name, found in board.verdicts.items() if not found]
    return dict(board.per_node), list(board.feasible)


def _first_rejection(ctx: Context, plugins: list, node: dict) -> list[Finding]:
    for plugin in plugins:
        found = plugin(ctx, node)
        if found:
            return found
    return []
