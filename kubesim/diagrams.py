"""Graphviz DOT for the browser: the cluster's service topology and a request's path.

Built with the `graphviz` package's `Digraph(...).source` (no `dot` binary needed); the page
lays it out with d3-graphviz. Node ids are stable across calls (`pod/NS/NAME`,
`svc/NS/NAME`, `ing/NS/NAME`, `node/NAME`, the same ids a request `Trace` uses), so the
browser can animate one diagram into the next; status shows as CSS classes (`ready`,
`not-ready`, `hot` for a request's path), not as a new layout. Pods of one ReplicaSet (or
other owner) beyond `COLLAPSE_AFTER` on a node collapse into one counted node. Every name
comes from learners, so labels and ids go through `graphviz.escape` (backslashes doubled, never
an HTML-like label) and the package quotes them: a name cannot end a quoted string early.
"""

from __future__ import annotations

import graphviz

COLLAPSE_AFTER = 3
SYSTEM_NAMESPACES = ("kube-system", "kube-public", "kube-node-lease", "ingress-nginx")
ATTRS = {"rankdir": "LR", "fontname": "Helvetica", "fontsize": "10"}


def _label(*lines: str) -> str:
    return "\\n".join(graphviz.escape(line) for line in lines)


def _id(text: str) -> str:
    """A node, cluster or edge id as DOT text: a trailing backslash would otherwise escape the
    closing quote, and `\\N` would become the node's name."""
    return graphviz.escape(text)


def _ready(pod: dict) -> bool:
    for cond in (pod.get("status") or {}).get("conditions") or ():
        if cond.get("type") == "Ready":
            return cond.get("status") == "True"
    return False


def _owner(pod: dict) -> str:
    for ref in pod["metadata"].get("ownerReferences") or ():
        if ref.get("controller"):
            return f"{ref.get('kind')}/{ref.get('name')}"
    return ""


def _pod_groups(pods: list[dict]) -> dict[str, list[dict]]:
    """Pods grouped by (node, owner); a group larger than COLLAPSE_AFTER becomes one node."""
    groups: dict[str, list[dict]] = {}
    for pod in pods:
        node = (pod.get("spec") or {}).get("nodeName") or ""
        owner = _owner(pod)
        key = f"{node}|{owner}|" if owner else f"{node}||{pod['metadata']['name']}"
        groups.setdefault(key, []).append(pod)
    return groups


def _pod_ids(pods: list[dict], ns_of) -> tuple[dict[str, str], list[tuple[str, str, str, str]]]:
    """Pod name -> diagram id, and the diagram nodes (id, label, class, node name)."""
    ids: dict[str, str] = {}
    nodes = []
    for key, group in sorted(_pod_groups(pods).items()):
        node_name, owner, _ = key.split("|", 2)
        if owner and len(group) > COLLAPSE_AFTER:
            ns = ns_of(group[0])
            gid = f"group/{ns}/{owner}@{node_name or 'unscheduled'}"
            ready = sum(1 for p in group if _ready(p))
            nodes.append((gid, _label(owner.split("/", 1)[1], f"{len(group)} pods, {ready} ready"),
                          "pod group " + ("ready" if ready == len(group) else "not-ready"), node_name))
            for pod in group:
                ids[f"{ns}/{pod['metadata']['name']}"] = gid
            continue
        for pod in group:
            ns = ns_of(pod)
            pid = f"pod/{ns}/{pod['metadata']['name']}"
            ids[f"{ns}/{pod['metadata']['name']}"] = pid
            ip = (pod.get("status") or {}).get("podIP") or "no IP yet"
            nodes.append((pid, _label(pod["metadata"]["name"], ip),
                          "pod " + ("ready" if _ready(pod) else "not-ready"), node_name))
    return ids, nodes


def topology(cluster, namespaces: tuple[str, ...] | None = None, trace=None) -> str:
    """Ingresses -> Services -> (endpoints) pods, pods inside their nodes, as DOT."""
    store = cluster.store
    wanted = (lambda ns: ns in namespaces) if namespaces else (lambda ns: ns not in SYSTEM_NAMESPACES)
    hot = {h.id for h in trace.hops} if trace is not None else set()
    dot = graphviz.Digraph("topology", graph_attr=ATTRS, node_attr={"fontname": "Helvetica", "fontsize": "10"})
    pods = [p for p in store.list("pods") if wanted(p["metadata"].get("namespace", "default"))]
    ids, pod_nodes = _pod_ids(pods, lambda p: p["metadata"].get("namespace", "default"))
    for node in store.list("nodes"):
        name = node["metadata"]["name"]
        with dot.subgraph(name=_id(f"cluster_node/{name}")) as sub:
            sub.attr(label=_label(name), id=_id(f"node/{name}"), **{"class": "node" + (" hot" if f"node/{name}" in hot
                                                                                   else "")})
            placed = [p for p in pod_nodes if p[3] == name]
            for pid, label, cls, _ in placed:
                sub.node(_id(pid), label, shape="box", style="rounded", id=_id(pid),
                         **{"class": cls + (" hot" if pid in hot else "")})
            if not placed:
                # Graphviz leaves an empty cluster out; a node without pods must still show,
                # since requests enter the cluster through it (NodePorts, hostPorts).
                sub.node(_id(f"node/{name}/empty"), "", shape="point", style="invis", id=_id(f"node/{name}/empty"))
    for pid, label, cls, node_name in pod_nodes:
        if not node_name:
            dot.node(_id(pid), label, shape="box", style="rounded,dashed", id=_id(pid), **{"class": cls})
    for svc in store.list("services"):
        ns = svc["metadata"].get("namespace", "default")
        if not wanted(ns):
            continue
        sid = f"svc/{ns}/{svc['metadata']['name']}"
        spec = svc.get("spec") or {}
        dot.node(_id(sid), _label(svc["metadata"]["name"], f"{spec.get('type', 'ClusterIP')} "
                                                      f"{spec.get('clusterIP') or spec.get('externalName', '')}"),
                 shape="ellipse", id=_id(sid), **{"class": "service" + (" hot" if sid in hot else "")})
        targets: dict[str, None] = {}
        for slc in store.with_labels("endpointslices", ns, {"kubernetes.io/service-name": svc["metadata"]["name"]}):
            for ep in slc.get("endpoints") or ():
                ref = ep.get("targetRef") or {}
                target = ids.get(f"{ref.get('namespace', ns)}/{ref.get('name')}")
                if target:
                    targets[target] = None
        for target in targets:
            dot.edge(_id(sid), _id(target), id=_id(f"{sid}->{target}"), **{"class": "endpoint"})
    for ing in store.list("ingresses"):
        ns = ing["metadata"].get("namespace", "default")
        if not wanted(ns):
            continue
        iid = f"ing/{ns}/{ing['metadata']['name']}"
        dot.node(_id(iid), _label(ing["metadata"]["name"], "Ingress"), shape="hexagon", id=_id(iid),
                 **{"class": "ingress" + (" hot" if iid in hot else "")})
        backends: dict[str, str] = {}
        for rule in (ing.get("spec") or {}).get("rules") or ():
            for path in ((rule.get("http") or {}).get("paths")) or ():
                name = ((path.get("backend") or {}).get("service") or {}).get("name")
                if name:
                    backends.setdefault(f"svc/{ns}/{name}", f"{rule.get('host') or '*'}{path.get('path', '/')}")
        for sid, label in backends.items():
            dot.edge(_id(iid), _id(sid), _label(label), id=_id(f"{iid}->{sid}"), **{"class": "rule"})
    return dot.source


def request_path(trace) -> str:
    """One request's hops as a left-to-right chain, each edge labelled with its reason."""
    dot = graphviz.Digraph("request", graph_attr=ATTRS, node_attr={"fontname": "Helvetica", "fontsize": "10"})
    seen: dict[str, None] = {}
    previous = None
    for i, hop in enumerate(trace.hops):
        if hop.id not in seen:
            seen[hop.id] = None
            dot.node(_id(hop.id), _label(hop.id.split("/")[-1] or hop.kind, hop.label), id=_id(hop.id),
                     shape={"pod": "box", "service": "ellipse", "ingress": "hexagon", "node": "box3d"}.get(
                         hop.kind, "box"), **{"class": f"hop {hop.kind}"})
        if previous is not None and previous != hop.id:
            dot.edge(_id(previous), _id(hop.id), _label(f"{i}. {hop.reason}"[:80]), id=f"step{i}", **{"class": "step"})
        previous = hop.id
    outcome = "outcome"
    dot.node(outcome, _label(trace.outcome or "?"), shape="note", id="outcome", **{"class": "outcome"})
    if previous is not None:
        dot.edge(_id(previous), outcome, id="step-end", **{"class": "step"})
    return dot.source
