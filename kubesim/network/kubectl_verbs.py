"""The logic of `kubectl expose`, `kubectl proxy` and `kubectl port-forward`.

The kubectl verb modules (`kubesim/kubectl/commands/{expose,proxy,port_forward}.py`) only
declare flags and call these. Read, not copied: kubernetes/kubectl pkg/cmd/expose/expose.go
(selector and port introspection, port names `port-1`, `port-2`, the errors),
pkg/cmd/proxy/proxy.go, pkg/cmd/portforward/portforward.go (pod choice and translation of
service ports to container ports, `Forwarding from ...` lines).
"""

from __future__ import annotations

from ..kubectl import printers
from ..kubectl.commands.base import CommandError
from ..kubectl.commands.targets import parse as parse_targets
from .endpoints import find_port
from .forwarders import DEFAULT_ACCEPT_HOSTS, DEFAULT_REJECT_PATHS

EXPOSABLE = {"pods": "pod", "services": "service", "replicationcontrollers": "replication controller",
             "deployments": "deployment", "replicasets": "replica set"}


# -- kubectl expose -----------------------------------------------------------------------------

def expose(ctx) -> int:
    args = ctx.flags.args
    targets = parse_targets(ctx, args) if args else []
    if not targets or targets[0].name is None:
        raise CommandError("You must provide one or more resources by argument or filename.\n"
                           "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
                           "   '<resource> <name>'\n   '<resource>'")
    target = targets[0]
    obj = ctx.api.get(target.resource, target.namespace, target.name, ctx.user)
    r = target.resource
    if r.plural not in EXPOSABLE:
        raise CommandError(f"cannot expose a {r.kind}{'.' + r.group if r.group else ''}")
    selector = _selector(ctx, r, obj)
    ports = _ports(ctx, r, obj)
    svc = _service(ctx, obj, selector, ports)
    return _send(ctx, svc)


def _selector(ctx, r, obj: dict) -> dict:
    given = ctx.flags.get("selector")
    if given:
        return dict(pair.split("=", 1) for pair in given.split(",") if "=" in pair)
    spec = obj.get("spec") or {}
    if r.plural == "pods":
        labels = obj["metadata"].get("labels") or {}
        if not labels:
            raise CommandError("couldn't retrieve selectors via --selector flag or introspection: the pod has no "
                               "labels and cannot be exposed")
        return dict(labels)
    if r.plural in ("services", "replicationcontrollers"):
        selector = spec.get("selector") or {}
        if not selector:
            raise CommandError("couldn't retrieve selectors via --selector flag or introspection: the "
                               f"{'service' if r.plural == 'services' else 'replication controller'} has no "
                               "selector and cannot be exposed")
        return dict(selector)
    selector = spec.get("selector") or {}
    if selector.get("matchExpressions"):
        raise CommandError("couldn't retrieve selectors via --selector flag or introspection: couldn't convert "
                           f"expressions - \"{_expressions(selector)}\" to map-based selector format")
    return dict(selector.get("matchLabels") or {})


def _expressions(selector: dict) -> str:
    from ..kubectl import selectors

    return selectors.format_label_selector({"matchExpressions": selector.get("matchExpressions")})


def _ports(ctx, r, obj: dict) -> list[tuple[int, str]]:
    """(port, protocol) pairs: --port, else the object's container or service ports."""
    protocol = ctx.flags.get("protocol") or ""
    if ctx.flags.get("port"):
        return [(int(p), protocol or "TCP") for p in str(ctx.flags["port"]).split(",") if p.strip().isdigit()]
    found: list[tuple[int, str]] = []
    if r.plural == "services":
        found = [(p.get("port"), p.get("protocol", "TCP")) for p in (obj.get("spec") or {}).get("ports") or ()]
    else:
        spec = obj.get("spec") or {}
        pod_spec = spec if r.plural == "pods" else ((spec.get("template") or {}).get("spec") or {})
        for container in pod_spec.get("containers") or ():
            for port in container.get("ports") or ():
                found.append((port.get("containerPort"), port.get("protocol", "TCP")))
    if not found:
        raise CommandError("couldn't find port via --port flag or introspection")
    return [(p, protocol or proto) for p, proto in found]


def _service(ctx, obj: dict, selector: dict, ports: list[tuple[int, str]]) -> dict:
    name = ctx.flags.get("name") or obj["metadata"]["name"]
    labels = _labels(ctx.flags.get("labels")) if ctx.flags.get("labels") else dict(obj["metadata"].get("labels") or {})
    target = ctx.flags.get("target-port") or ""
    svc_ports = []
    for i, (port, protocol) in enumerate(ports):
        entry: dict = {}
        if len(ports) > 1:
            entry["name"] = f"port-{i + 1}"
        entry.update({"port": port, "protocol": protocol})
        if target:
            entry["targetPort"] = int(target) if target.isdigit() else target
        else:
            entry["targetPort"] = port
        svc_ports.append(entry)
    spec: dict = {"ports": svc_ports, "selector": selector}
    svc_type = ctx.flags.get("type") or ""
    if svc_type:
        spec["type"] = svc_type
    if ctx.flags.get("external-ip"):
        spec["externalIPs"] = [ctx.flags["external-ip"]]
    if ctx.flags.get("cluster-ip"):
        spec["clusterIP"] = ctx.flags["cluster-ip"]
    if ctx.flags.get("session-affinity"):
        spec["sessionAffinity"] = ctx.flags["session-affinity"]
    if ctx.flags.get("load-balancer-ip"):
        spec["loadBalancerIP"] = ctx.flags["load-balancer-ip"]
    meta: dict = {"name": name}
    if labels:
        meta["labels"] = labels
    return {"apiVersion": "v1", "kind": "Service", "metadata": meta, "spec": spec}


def _labels(text: str) -> dict:
    return dict(pair.split("=", 1) for pair in text.split(",") if "=" in pair)


def _send(ctx, svc: dict) -> int:
    dry_run = ctx.flags.get("dry-run") or "none"
    output = ctx.flags.get("output") or ""
    shown = svc
    if dry_run != "client":
        svc = {**svc, "metadata": {**svc["metadata"], "namespace": ctx.namespace}}
        shown = ctx.api.create(svc, ctx.user, dry_run=dry_run == "server")
    if output in ("yaml", "json"):
        ctx.out(printers.yaml_output(shown) if output == "yaml" else printers.json_output(shown))
    elif output == "name":
        ctx.out(f"service/{svc['metadata']['name']}\n")
    else:
        suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(dry_run, "")
        ctx.out(f"service/{svc['metadata']['name']} exposed{suffix}\n")
    return 0


# -- kubectl proxy ------------------------------------------------------------------------------

def proxy(ctx) -> int:
    forwards = ctx.cluster.forwards
    port = ctx.flags.get("port")
    port = 8001 if port is None else int(port)
    address = ctx.flags.get("address") or "127.0.0.1"
    if port == 0:
        port = forwards.free_port()
    if forwards.busy(port):
        raise CommandError(f"listen tcp {address}:{port}: bind: address already in use")
    shown = f"[::]:{port}" if address == "0.0.0.0" else f"{address}:{port}"
    command = "kubectl " + " ".join(ctx.inv.argv[1:])
    forwards.add({"kind": "proxy", "address": address, "port": port, "listen": [shown], "command": command,
                  "acceptHosts": ctx.flags.get("accept-hosts") or DEFAULT_ACCEPT_HOSTS,
                  "rejectPaths": DEFAULT_REJECT_PATHS, "output": [f"Starting to serve on {shown}\n"]})
    ctx.out(f"Starting to serve on {shown}\n")
    return 0


# -- kubectl port-forward -----------------------------------------------------------------------

def port_forward(ctx) -> int:
    args = ctx.flags.args
    if len(args) < 2:
        raise CommandError("TYPE/NAME and list of ports are required for port-forward")
    pod, translate = _forward_target(ctx, args[0])
    phase = (pod.get("status") or {}).get("phase")
    if phase != "Running":
        raise CommandError(f"unable to forward port because pod is not running. Current status={phase}")
    forwards = ctx.cluster.forwards
    addresses = [a.strip() for a in (ctx.flags.get("address") or "localhost").split(",")]
    pairs = []
    for spec in args[1:]:
        local, _, remote = spec.partition(":") if ":" in spec else (spec, "", spec)
        remote_port = translate(remote)
        if remote_port is None:
            raise CommandError(f"Pod '{pod['metadata']['name']}' does not have a named port '{remote}'")
        local_port = int(local) if local else forwards.free_port()
        if forwards.busy(local_port):
            raise CommandError(f"unable to listen on any of the requested ports: [{{{local_port} {remote_port}}}]")
        pairs.append((local_port, remote_port))
    command = "kubectl " + " ".join(ctx.inv.argv[1:])
    ns = pod["metadata"].get("namespace", "default")
    for local_port, remote_port in pairs:
        listen = []
        for address in addresses:
            if address == "localhost":
                listen += [f"127.0.0.1:{local_port}", f"[::1]:{local_port}"]
            else:
                listen.append(f"{address}:{local_port}")
        lines = [f"Forwarding from {shown} -> {remote_port}\n" for shown in listen]
        forwards.add({"kind": "port-forward", "address": "0.0.0.0" if "0.0.0.0" in addresses else "127.0.0.1",
                      "port": local_port, "listen": listen, "command": command, "pod": [ns, pod["metadata"]["name"]],
                      "remote": remote_port, "output": lines})
        for line in lines:
            ctx.out(line)
    return 0


def _forward_target(ctx, text: str):
    kind, _, name = text.partition("/")
    if not name:
        kind, name = "pods", kind
    r = ctx.resource(kind)
    obj = ctx.api.get(r, ctx.namespace, name, ctx.user)
    if r.plural == "pods":
        return obj, lambda port: _container_port(obj, port)
    if r.plural == "services":
        pod = _first_pod(ctx, (obj.get("spec") or {}).get("selector") or {}, f"service/{name}")
        return pod, lambda port: _service_target(obj, pod, port)
    if r.plural in ("deployments", "replicasets", "statefulsets", "daemonsets", "replicationcontrollers", "jobs"):
        spec = obj.get("spec") or {}
        selector = spec.get("selector") or {}
        labels = selector.get("matchLabels", selector) if isinstance(selector, dict) else {}
        pod = _first_pod(ctx, labels, f"{r.singular}/{name}")
        return pod, lambda port: _container_port(pod, port)
    raise CommandError(f"cannot attach to {r.kind}: not implemented")


def _first_pod(ctx, selector: dict, what: str) -> dict:
    pods = [p for p in ctx.store.with_labels("pods", ctx.namespace, selector)
            if not p["metadata"].get("deletionTimestamp")] if selector else []
    if not pods:
        raise CommandError("timed out waiting for the condition")
    running = [p for p in pods if (p.get("status") or {}).get("phase") == "Running"]
    return (running or pods)[0]


def _container_port(pod: dict, port: str) -> int | None:
    if port.isdigit():
        return int(port)
    return find_port(pod, port)


def _service_target(svc: dict, pod: dict, port: str) -> int | None:
    for svc_port in (svc.get("spec") or {}).get("ports") or ():
        if str(svc_port.get("port")) == port or svc_port.get("name") == port:
            return find_port(pod, svc_port.get("targetPort", svc_port.get("port")))
    return int(port) if port.isdigit() else None

