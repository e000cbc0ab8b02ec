"""The routing diagram's DOT, and its status classes and the last request's path.

The topology (nodes as clusters, pods in them, Services pointing at the pods they select)
comes from `kubesim.diagrams.topology`. Its `class` attributes (ready, not-ready, ...) are
taken out of the DOT text and sent apart, so the page re-lays the graph out only when the
topology changes and otherwise just swaps CSS classes on the SVG nodes. Node ids follow the
simulator's trace hops: `node/NAME`, `pod/NS/NAME`, `svc/NS/NAME`. If the simulator's
diagrams cannot be built, a small adapter of our own draws the pods and Services.
"""

import re

import graphviz

from labs.sandbox import board as boards

COLLAPSE_AT = 6
esc = graphviz.escape  # learners' names as DOT text: quotes and backslashes kept literal, never HTML  # more pods of one workload on one node than this: one counted node


# A quoted string (skipped whole: a learner's name may hold `class=` or quotes) or an `id=` /
# `class=` attribute outside any string.
STRING_OR_ATTR = re.compile(r'"(?:[^"\\]|\\.)*"|(?<=[\s\[,])(id|class)=("(?:[^"\\]|\\.)*"|[^\s\]",]+)')


def topology(cluster, pods: list[dict]) -> tuple[str, dict[str, str]]:
    """(DOT source without classes, {diagram id: space-separated classes})."""
    try:
        from kubesim import diagrams
    except ImportError:
        return own_topology(cluster, pods)
    try:
        source = diagrams.topology(cluster)
    except Exception:  # noqa: BLE001 - a diagram bug must not stop the frames
        return own_topology(cluster, pods)
    status = {}
    lines = []
    for line in source.splitlines(keepends=True):
        attrs = {}

        def keep(match, attrs=attrs):
            if match.group(1) is None:
                return match.group(0)  # a quoted string: left exactly as it is
            value = match.group(2)
            attrs[match.group(1)] = value[1:-1] if value.startswith('"') else value
            return "" if match.group(1) == "class" else match.group(0)

        lines.append(STRING_OR_ATTR.sub(keep, line))
        if "id" in attrs and "class" in attrs:
            status[attrs["id"]] = attrs["class"]
    return "".join(lines), status


def own_topology(cluster, pods: list[dict]) -> tuple[str, dict[str, str]]:
    """(DOT source, {diagram id: status class}): the adapter used when kubesim's fails."""
    store = cluster.store
    groups = boards._owner_groups(store)
    graph = graphviz.Digraph("cluster", graph_attr={
        "rankdir": "LR", "bgcolor": "transparent", "fontname": "sans-serif", "fontsize": "10",
    }, node_attr={"shape": "box", "style": "rounded", "fontname": "sans-serif", "fontsize": "10"})
    status: dict[str, str] = {}
    by_node: dict[str, list[dict]] = {}
    for pod in pods:
        by_node.setdefault((pod.get("spec") or {}).get("nodeName") or "", []).append(pod)
    pod_node_id: dict[tuple, str] = {}
    for node in [""] + [n["metadata"]["name"] for n in store.list("nodes")]:
        members = by_node.get(node, [])
        if node and not members:
            continue
        name = esc(f"cluster_{node or 'unscheduled'}")
        with graph.subgraph(name=name) as sub:
            sub.attr(label=esc(node or "(unscheduled)"), id=esc(f"node/{node}" if node else "unscheduled"))
            counted: dict[str, list[dict]] = {}
            for pod in members:
                counted.setdefault(groups.get(pod["metadata"].get("uid"), pod["metadata"]["name"]),
                                   []).append(pod)
            for group, group_pods in counted.items():
                if len(group_pods) > COLLAPSE_AT:
                    gid = f"group/{group}@{node}"
                    sub.node(esc(gid), esc(f"{group} \u00d7{len(group_pods)}"), id=esc(gid))
                    classes = {_status(p) for p in group_pods}
                    status[gid] = classes.pop() if len(classes) == 1 else "mixed"
                    for pod in group_pods:
                        pod_node_id[_key(pod)] = gid
                    continue
                for pod in group_pods:
                    pid = f"pod/{pod['metadata'].get('namespace', '')}/{pod['metadata']['name']}"
                    sub.node(esc(pid), esc(pod["metadata"]["name"]), id=esc(pid))
                    status[pid] = _status(pod)
                    pod_node_id[_key(pod)] = pid
    for svc in boards.services(store, pods):
        sid = f"svc/{svc.namespace}/{svc.name}"
        graph.node(esc(sid), esc(f"svc {svc.name}"), id=esc(sid), shape="ellipse")
        status[sid] = "ready" if svc.ready else "empty"
        targets = []
        for pod_name in svc.pods:
            target = pod_node_id.get((svc.namespace, pod_name))
            if target and target not in targets:
                targets.append(target)
        for target in targets:
            graph.edge(esc(sid), esc(target), id=esc(f"edge/{sid}->{target}"))
    return graph.source, status


def _key(pod):
    return pod["metadata"].get("namespace", ""), pod["metadata"]["name"]


def _status(pod: dict) -> str:
    ready, reason, _restarts = boards.pod_summary(pod)
    return boards.phase_class(pod, ready, reason)


def last_trace(cluster):
    """The last request's hops (from `cluster.network`, when the networking code has it)."""
    network = getattr(cluster, "network", None)
    try:
        found = getattr(network, "last_trace", None)
        return found() if callable(found) else found
    except Exception:  # noqa: BLE001 - young networking code must not break the frames
        return None
