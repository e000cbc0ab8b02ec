"""Score plugins: among the nodes that fit, which one kube-scheduler would pick.

Each plugin gives every feasible node 0..100; the weighted sum decides (default profile
weights: NodeResourcesFit 1, NodeResourcesBalancedAllocation 1, NodeAffinity 2,
InterPodAffinity 2, TaintToleration 3). Ties are broken with the cluster's random stream, as
kube-scheduler breaks them at random.
"""

from __future__ import annotations

from ..kubectl import selectors
from . import quantity
from .filters import Context, _placed_pods, _same_domain, term_matches, tolerated

# Requests the scheduler assumes for containers that state none (schedutil defaults).
DEFAULT_MILLI_CPU = 100
DEFAULT_MEMORY = 200 * 1024 * 1024


def _nonzero(pod: dict) -> tuple[int, int]:
    cpu = mem = 0
    for c in (pod.get("spec") or {}).get("containers") or []:
        req = (c.get("resources") or {}).get("requests") or {}
        cpu += quantity.amount("cpu", req["cpu"]) if "cpu" in req else DEFAULT_MILLI_CPU
        mem += quantity.amount("memory", req["memory"]) if "memory" in req else DEFAULT_MEMORY
    return cpu, mem


def _fractions(ctx: Context, node: dict) -> list[float]:
    alloc = quantity.allocatable(node)
    info = ctx.cache.info(node["metadata"]["name"])
    cpu, mem = ctx.once("nonzero", lambda: _nonzero(ctx.pod))
    used_cpu = info.requested.get("cpu", 0) + cpu
    used_mem = info.requested.get("memory", 0) + mem
    return [min(1.0, used_cpu / max(1, alloc.get("cpu", 1))), min(1.0, used_mem / max(1, alloc.get("memory", 1)))]


def least_allocated(ctx: Context, node: dict, fractions: list[float] | None = None) -> float:
    return sum((1 - f) * 100 for f in fractions or _fractions(ctx, node)) / 2


def balanced_allocation(ctx: Context, node: dict, fractions: list[float] | None = None) -> float:
    cpu, mem = fractions or _fractions(ctx, node)
    return (1 - abs(cpu - mem) / 2) * 100


def score_key(ctx: Context) -> tuple:
    return ctx.once("scoreKey", lambda: ("resources", _nonzero(ctx.pod)))


def _resource_scores(ctx: Context, feasible: list[dict], names: list[str]) -> dict[str, float]:
    """LeastAllocated plus BalancedAllocation per node; they depend on the node, the requests
    of its pods and the pod's own (nonzero) requests only, so each node's memo (and the
    pod's board, when it has one) keeps them."""
    key = score_key(ctx)
    memo_of, totals = ctx.cache.memo, {}
    known = ctx.board.scores if ctx.board is not None else {}
    for name, node in zip(names, feasible):
        score = known.get(name)
        if score is None:
            memo = memo_of(node)
            score = memo.get(key)
            if score is None:
                fractions = _fractions(ctx, node)
                score = ctx.cache.remember(memo, key, least_allocated(ctx, node, fractions)
                                           + balanced_allocation(ctx, node, fractions))
            known[name] = score
        totals[name] = score
    return totals


def _preferred(pod: dict, kind: str) -> list[dict]:
    return (((pod.get("spec") or {}).get("affinity") or {}).get(kind) or {}).get(
        "preferredDuringSchedulingIgnoredDuringExecution") or []


def node_affinity_raw(ctx: Context, node: dict) -> float:
    return sum(t.get("weight", 0) for t in _preferred(ctx.pod, "nodeAffinity")
               if selectors.node_selector_term_matches(t.get("preference") or {}, node))


def _prefer_no_schedule(node: dict) -> bool:
    return any(t.get("effect") == "PreferNoSchedule" for t in (node.get("spec") or {}).get("taints") or ())


def taint_raw(ctx: Context, node: dict) -> float:
    return sum(1 for t in (node.get("spec") or {}).get("taints") or []
               if t.get("effect") == "PreferNoSchedule" and not tolerated(ctx.pod, t))


def pod_affinity_raw(ctx: Context, node: dict, placed: list) -> float:
    score = 0.0
    for sign, kind in ((1, "podAffinity"), (-1, "podAntiAffinity")):
        for weighted in _preferred(ctx.pod, kind):
            term = weighted.get("podAffinityTerm") or {}
            key = term.get("topologyKey", "")
            hits = sum(1 for p, n in placed if _same_domain(node, n, key) and term_matches(ctx, ctx.pod, term, p))
            score += sign * weighted.get("weight", 0) * hits
    return score


def _normalize(raw: dict[str, float], reverse: bool = False) -> dict[str, float]:
    if not raw:
        return raw
    low, high = min(raw.values()), max(raw.values())
    if high == low:
        return {k: (100.0 if reverse or high else 0.0) for k in raw}
    out = {k: (v - low) * 100 / (high - low) for k, v in raw.items()}
    return {k: 100 - v for k, v in out.items()} if reverse else out


def pick(ctx: Context, feasible: list[dict], streams, owner: str) -> tuple[dict, dict[str, float]]:
    """The chosen node and every feasible node's total score."""
    names = [n["metadata"]["name"] for n in feasible]
    by_name = dict(zip(names, feasible))
    totals = _resource_scores(ctx, feasible, names)
    if _preferred(ctx.pod, "nodeAffinity"):
        for n, v in _normalize({n: node_affinity_raw(ctx, by_name[n]) for n in names}).items():
            totals[n] += 2 * v
    if (ctx.board is None or ctx.board.preferring) and any(_prefer_no_schedule(n) for n in feasible):
        for n, v in _normalize({n: taint_raw(ctx, by_name[n]) for n in names}, reverse=True).items():
            totals[n] += 3 * v
    else:
        for n in names:
            totals[n] += 300.0  # taint_raw is 0 everywhere, which normalizes (reversed) to 100
    if _preferred(ctx.pod, "podAffinity") or _preferred(ctx.pod, "podAntiAffinity"):
        placed = list(_placed_pods(ctx))
        for n, v in _normalize({n: pod_affinity_raw(ctx, by_name[n], placed) for n in names}).items():
            totals[n] += 2 * v
    best = max(totals.values())
    top = [n for n in names if abs(totals[n] - best) < 1e-9]
    chosen = top[streams.integer("scheduler-tie", owner, len(top))] if len(top) > 1 else top[0]
    return by_name[chosen], totals
