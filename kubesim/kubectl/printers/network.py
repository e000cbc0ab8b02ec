"""`kubectl get` rows for Services, Endpoints, EndpointSlices, Ingresses, IngressClasses and
NetworkPolicies (pkg/printers/internalversion/printers.go, 1.37-dev copy).
"""

from __future__ import annotations

from ..selectors import format_label_selector, format_labels
from .duration import Now, age
from .table import Row, columns

SERVICE_COLUMNS = columns("Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", wide=("Selector",))
ENDPOINTS_COLUMNS = columns("Name", "Endpoints", "Age")
ENDPOINTSLICE_COLUMNS = columns("Name", "AddressType", "Ports", "Endpoints", "Age")
INGRESS_COLUMNS = columns("Name", "Class", "Hosts", "Address", "Ports", "Age")
INGRESSCLASS_COLUMNS = columns("Name", "Controller", "Parameters", "Age")
NETWORKPOLICY_COLUMNS = columns("Name", "Pod-Selector", "Age")

LOAD_BALANCER_WIDTH = 16
_MAX_LISTED = 3


def _meta(obj: dict) -> dict:
    return obj.get("metadata") or {}


def _load_balancer(status: dict | None, wide: bool) -> str:
    """loadBalancerStatusStringer: sorted unique IPs/hostnames, clipped to 16 bytes unless wide."""
    seen = set()
    for ingress in (status or {}).get("ingress") or []:
        if ingress.get("ip"):
            seen.add(ingress["ip"])
        elif ingress.get("hostname"):
            seen.add(ingress["hostname"])
    text = ",".join(sorted(seen))
    if not wide and len(text) > LOAD_BALANCER_WIDTH:
        text = text[: LOAD_BALANCER_WIDTH - 3] + "..."
    return text


def service_external_ip(svc: dict, wide: bool = False) -> str:
    spec = svc.get("spec") or {}
    kind = spec.get("type", "ClusterIP")
    external = spec.get("externalIPs") or []
    if kind in ("ClusterIP", "NodePort"):
        return ",".join(external) if external else "<none>"
    if kind == "LoadBalancer":
        lb = _load_balancer((svc.get("status") or {}).get("loadBalancer"), wide)
        if external:
            return ",".join((lb.split(",") if lb else []) + external)
        return lb or "<pending>"
    if kind == "ExternalName":
        return spec.get("externalName", "")
    return "<unknown>"


def service_ports(ports: list | None) -> str:
    """makePortString: `80/TCP`, `80:30080/TCP`, comma-joined; `<none>` without ports."""
    pieces = []
    for p in ports or []:
        protocol = p.get("protocol", "TCP")
        if p.get("nodePort"):
            pieces.append(f"{p.get('port')}:{p['nodePort']}/{protocol}")
        else:
            pieces.append(f"{p.get('port')}/{protocol}")
    return ",".join(pieces) or "<none>"


def service_row(obj: dict, now: Now, wide: bool = False) -> Row:
    """A Service row; `wide` only changes how much of a long load-balancer address shows."""
    spec = obj.get("spec") or {}
    cluster_ips = spec.get("clusterIPs") or ([spec["clusterIP"]] if spec.get("clusterIP") else [])
    return Row([
        _meta(obj).get("name", ""), spec.get("type", "ClusterIP"),
        cluster_ips[0] if cluster_ips else "<none>", service_external_ip(obj, wide),
        service_ports(spec.get("ports")), age(_meta(obj).get("creationTimestamp"), now),
        format_labels(spec.get("selector")),
    ], obj)


def _host_port(ip: str, port) -> str:
    # net.JoinHostPort brackets IPv6 addresses.
    return f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"


def format_endpoints(endpoints: dict) -> str:
    """formatEndpoints: up to three `ip:port` entries, then ` + N more...`; `<none>` if no subsets."""
    subsets = endpoints.get("subsets") or []
    if not subsets:
        return "<none>"
    listed, count, more = [], 0, False
    for subset in subsets:
        addresses = subset.get("addresses") or []
        ports = subset.get("ports") or []
        if ports:
            groups = [[_host_port(a.get("ip", ""), p.get("port")) for a in addresses] for p in ports]
        else:
            # Headless Services may have no ports: bare IPs then.
            groups = [[a.get("ip", "") for a in addresses]]
        for group in groups:
            count += len(addresses)
            for entry in group:
                if len(listed) == _MAX_LISTED:
                    more = True
                    break
                listed.append(entry)
    text = ",".join(listed)
    return f"{text} + {count - _MAX_LISTED} more..." if more else text


def endpoints_row(obj: dict, now: Now) -> Row:
    return Row([_meta(obj).get("name", ""), format_endpoints(obj), age(_meta(obj).get("creationTimestamp"), now)], obj)


def _list_with_more(items: list[str]) -> str:
    text = ",".join(items[:_MAX_LISTED])
    if len(items) > _MAX_LISTED:
        return f"{text} + {len(items) - _MAX_LISTED} more..."
    return text or "<unset>"


def endpointslice_row(obj: dict, now: Now) -> Row:
    ports = []
    for p in obj.get("ports") or []:
        ports.append(str(p["port"]) if p.get("port") is not None else (p.get("name") or "*"))
    addresses = [a for e in obj.get("endpoints") or [] for a in e.get("addresses") or []]
    return Row([
        _meta(obj).get("name", ""), obj.get("addressType", ""), _list_with_more(ports),
        _list_with_more(addresses), age(_meta(obj).get("creationTimestamp"), now),
    ], obj)


def ingress_hosts(rules: list | None) -> str:
    """formatHosts: up to three hosts, then ` + N more...` (N counts rules); `*` if none."""
    rules = rules or []
    listed, more = [], False
    for rule in rules:
        if len(listed) == _MAX_LISTED:
            more = True
        if not more and rule.get("host"):
            listed.append(rule["host"])
    if not listed:
        return "*"
    text = ",".join(listed)
    return f"{text} + {len(rules) - _MAX_LISTED} more..." if more else text


def ingress_row(obj: dict, now: Now, wide: bool = False) -> Row:
    spec = obj.get("spec") or {}
    return Row([
        _meta(obj).get("name", ""), spec.get("ingressClassName") or "<none>", ingress_hosts(spec.get("rules")),
        _load_balancer((obj.get("status") or {}).get("loadBalancer"), wide),
        "80, 443" if spec.get("tls") else "80", age(_meta(obj).get("creationTimestamp"), now),
    ], obj)


def ingressclass_row(obj: dict, now: Now) -> Row:
    spec = obj.get("spec") or {}
    params = spec.get("parameters")
    text = "<none>"
    if params:
        text = params.get("kind", "")
        if params.get("apiGroup") is not None:
            text += "." + params["apiGroup"]
        text += "/" + params.get("name", "")
    return Row([_meta(obj).get("name", ""), spec.get("controller", ""), text,
                age(_meta(obj).get("creationTimestamp"), now)], obj)


def networkpolicy_row(obj: dict, now: Now) -> Row:
    selector = (obj.get("spec") or {}).get("podSelector") or {}
    return Row([_meta(obj).get("name", ""), format_label_selector(selector),
                age(_meta(obj).get("creationTimestamp"), now)], obj)
