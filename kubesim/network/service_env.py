"""The Service environment variables the kubelet gives a container (fact 97).

For every Service of the pod's namespace that has a ClusterIP and existed when the pod
started (all of them with `enableServiceLinks`, the default; otherwise only `kubernetes`),
the Docker-link style variables: `WEB_SERVICE_HOST`, `WEB_SERVICE_PORT`,
`WEB_SERVICE_PORT_<NAME>`, `WEB_PORT`, `WEB_PORT_80_TCP`, `..._PROTO`, `..._PORT`, `..._ADDR`.
The `kubernetes` Service of `default` is given to every pod. The kubelet calls
`service_env(store, pod, started_ms)`. Read, not copied: kubernetes/kubernetes
pkg/kubelet/envvars/envvars.go.
"""

from __future__ import annotations

from .. import clock as clk


def _name(svc: dict) -> str:
    return svc["metadata"]["name"].upper().replace("-", "_")


def _vars(svc: dict) -> dict[str, str]:
    spec = svc.get("spec") or {}
    ip = spec.get("clusterIP")
    ports = spec.get("ports") or []
    if not ip or ip == "None" or not ports:
        return {}
    prefix = _name(svc)
    out = {f"{prefix}_SERVICE_HOST": ip, f"{prefix}_SERVICE_PORT": str(ports[0].get("port"))}
    for port in ports:
        if port.get("name"):
            out[f"{prefix}_SERVICE_PORT_{port['name'].upper().replace('-', '_')}"] = str(port.get("port"))
    first = ports[0]
    out[f"{prefix}_PORT"] = f"{first.get('protocol', 'TCP').lower()}://{ip}:{first.get('port')}"
    for port in ports:
        proto = port.get("protocol", "TCP")
        base = f"{prefix}_PORT_{port.get('port')}_{proto.upper()}"
        out[base] = f"{proto.lower()}://{ip}:{port.get('port')}"
        out[f"{base}_PROTO"] = proto.lower()
        out[f"{base}_PORT"] = str(port.get("port"))
        out[f"{base}_ADDR"] = ip
    return out


def service_env(store, pod: dict, started_ms: int) -> dict[str, str]:
    """The variables for `pod`, from the Services created before `started_ms`."""
    ns = pod["metadata"].get("namespace", "default")
    links = (pod.get("spec") or {}).get("enableServiceLinks", True)
    out: dict[str, str] = {}
    services = store.list("services", ns) if links else []
    for svc in services:
        created = svc["metadata"].get("creationTimestamp")
        if created and clk.parse_timestamp(created) <= started_ms and (svc.get("spec") or {}).get(
                "type") != "ExternalName":
            out.update(_vars(svc))
    master = store.get("services", "default", "kubernetes")
    if master is not None:
        out.update(_vars(master))
    return dict(sorted(out.items()))
