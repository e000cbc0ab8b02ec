"""`kubectl describe` for Service, Endpoints, Ingress and IngressClass.

Mirrors describeService, formatEndpointSlices, describeEndpoints, describeIngressV1 and
describeIngressClassV1 in kubernetes/kubectl pkg/describe/describe.go (v0.37.0-beta.0).
A Service's `Endpoints:` lines come from its EndpointSlices (label
`kubernetes.io/service-name`), ready endpoints only, at most three then `+ N more...`.
"""

from __future__ import annotations

from ..printers.duration import Now
from ..selectors import format_labels
from .common import annotations_multiline, describe_events, labels_multiline, meta
from .related import Related
from .writer import LEVEL_0, LEVEL_1, LEVEL_2, PrefixWriter


def _join_host_port(host: str, port) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _is_ready(endpoint: dict) -> bool:
    # A missing `ready` means "unknown", which consumers treat as ready.
    return (endpoint.get("conditions") or {}).get("ready") is not False


def format_endpoint_slices(slices: list[dict], port_names: set[str] | None) -> str:
    """formatEndpointSlices: `10.244.1.2:80,10.244.2.3:80`, `<none>` without slices."""
    if not slices:
        return "<none>"
    listed: list[str] = []
    limit, more, count = 3, False, 0

    def add(endpoint: dict, text: str) -> None:
        nonlocal more, count
        if len(listed) == limit:
            more = True
        if not _is_ready(endpoint):
            return
        if not more:
            listed.append(text)
        count += 1

    for eps in slices:
        endpoints = eps.get("endpoints") or []
        if not eps.get("ports"):
            for endpoint in endpoints:
                add(endpoint, (endpoint.get("addresses") or [""])[0])
            continue
        for port in eps["ports"]:
            if port_names is not None and (port.get("name") or "") not in port_names:
                continue
            for endpoint in endpoints:
                add(endpoint, _join_host_port((endpoint.get("addresses") or [""])[0], port.get("port", 0)))
    text = ",".join(listed)
    return f"{text} + {count - limit} more..." if more else text


def _load_balancer_ingress(ingress: list[dict]) -> str:
    parts = []
    for item in ingress:
        if item.get("ip"):
            parts.append(item["ip"] + (f" ({item['ipMode']})" if item.get("ipMode") else ""))
        else:
            parts.append(item.get("hostname", ""))
    return ", ".join(parts)


def _service_addresses(spec: dict, status: dict, w: PrefixWriter) -> None:
    if spec.get("ipFamilyPolicy") is not None:
        w.write(LEVEL_0, f"IP Family Policy:\t{spec['ipFamilyPolicy']}\n")
    w.write(LEVEL_0, f"IP Families:\t{','.join(spec.get('ipFamilies') or []) or '<none>'}\n")
    w.write(LEVEL_0, f"IP:\t{spec.get('clusterIP', '')}\n")
    w.write(LEVEL_0, f"IPs:\t{','.join(spec.get('clusterIPs') or []) or '<none>'}\n")
    if spec.get("externalIPs"):
        w.write(LEVEL_0, f"External IPs:\t{','.join(spec['externalIPs'])}\n")
    if spec.get("loadBalancerIP"):
        w.write(LEVEL_0, f"Desired LoadBalancer IP:\t{spec['loadBalancerIP']}\n")
    if spec.get("externalName"):
        w.write(LEVEL_0, f"External Name:\t{spec['externalName']}\n")
    ingress = (status.get("loadBalancer") or {}).get("ingress") or []
    if ingress:
        w.write(LEVEL_0, f"LoadBalancer Ingress:\t{_load_balancer_ingress(ingress)}\n")


def _service_ports(spec: dict, slices: list[dict], w: PrefixWriter) -> None:
    for sp in spec.get("ports") or []:
        name = sp.get("name") or "<unset>"
        protocol = sp.get("protocol", "TCP")
        w.write(LEVEL_0, f"Port:\t{name}\t{sp.get('port', 0)}/{protocol}\n")
        target = sp.get("targetPort", sp.get("port", 0))
        w.write(LEVEL_0, f"TargetPort:\t{target}/{protocol}\n")
        if sp.get("appProtocol") is not None:
            w.write(LEVEL_0, f"AppProtocol:\t{sp['appProtocol']}\n")
        if sp.get("nodePort"):
            w.write(LEVEL_0, f"NodePort:\t{name}\t{sp['nodePort']}/{protocol}\n")
        w.write(LEVEL_0, f"Endpoints:\t{format_endpoint_slices(slices, {sp.get('name') or ''})}\n")


def describe_service(svc: dict, events: list[dict] | None, related: Related, now: Now) -> str:
    m, spec, status = meta(svc), svc.get("spec") or {}, svc.get("status") or {}
    slices = related.endpoint_slices_of(m.get("namespace", ""), m.get("name", ""))
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    labels_multiline(w, "Labels", m.get("labels"))
    annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, f"Selector:\t{format_labels(spec.get('selector'))}\n")
    w.write(LEVEL_0, f"Type:\t{spec.get('type', '')}\n")
    _service_addresses(spec, status, w)
    _service_ports(spec, slices, w)
    w.write(LEVEL_0, f"Session Affinity:\t{spec.get('sessionAffinity', '')}\n")
    if spec.get("externalTrafficPolicy"):
        w.write(LEVEL_0, f"External Traffic Policy:\t{spec['externalTrafficPolicy']}\n")
    if spec.get("internalTrafficPolicy") is not None:
        w.write(LEVEL_0, f"Internal Traffic Policy:\t{spec['internalTrafficPolicy']}\n")
    if spec.get("healthCheckNodePort"):
        w.write(LEVEL_0, f"HealthCheck NodePort:\t{spec['healthCheckNodePort']}\n")
    if spec.get("loadBalancerSourceRanges"):
        w.write(LEVEL_0, f"LoadBalancer Source Ranges:\t{','.join(spec['loadBalancerSourceRanges'])}\n")
    if spec.get("trafficDistribution") is not None:
        w.write(LEVEL_0, f"Traffic Distribution:\t{spec['trafficDistribution']}\n")
    if events is not None:
        describe_events(events, w, now)
    return w.text()


def _ips(addresses: list | None) -> str:
    return ",".join(a.get("ip", "") for a in addresses or []) or "<none>"


def describe_endpoints(ep: dict, events: list[dict] | None, related: Related, now: Now) -> str:
    m = meta(ep)
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    labels_multiline(w, "Labels", m.get("labels"))
    annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, "Subsets:\n")
    for subset in ep.get("subsets") or []:
        w.write(LEVEL_1, f"Addresses:\t{_ips(subset.get('addresses'))}\n")
        w.write(LEVEL_1, f"NotReadyAddresses:\t{_ips(subset.get('notReadyAddresses'))}\n")
        if subset.get("ports"):
            w.write(LEVEL_1, "Ports:\n")
            w.write(LEVEL_2, "Name\tPort\tProtocol\n")
            w.write(LEVEL_2, "----\t----\t--------\n")
            for port in subset["ports"]:
                w.write(LEVEL_2, f"{port.get('name') or '<unset>'}\t{port.get('port', 0)}\t"
                                 f"{port.get('protocol', 'TCP')}\n")
        w.write(LEVEL_0, "\n")
    if events is not None:
        describe_events(events, w, now)
    return w.text()


# -- Ingress -------------------------------------------------------------------------------------

def _backend(namespace: str, backend: dict, related: Related) -> str:
    """describeBackendV1: `web:80 (10.244.1.5:8080)`, or the resource backend."""
    service = backend.get("service")
    if service is not None:
        port = service.get("port") or {}
        text = f"{service.get('name', '')}:{port.get('number') or port.get('name', '')}"
        svc = related.get("services", namespace, service.get("name", ""))
        if svc is None:
            return f"{text} (<error: services \"{service.get('name', '')}\" not found>)"
        port_name = ""
        for sp in (svc.get("spec") or {}).get("ports") or []:
            by_number = bool(port.get("number")) and port["number"] == sp.get("port")
            by_name = bool(port.get("name")) and port["name"] == sp.get("name")
            if by_number or by_name:
                port_name = sp.get("name") or ""
        slices = related.endpoint_slices_of(namespace, service.get("name", ""))
        return f"{text} ({format_endpoint_slices(slices, {port_name})})"
    resource = backend.get("resource")
    if resource is not None:
        group = resource.get("apiGroup") if resource.get("apiGroup") is not None else "<none>"
        return f"APIGroup: {group}, Kind: {resource.get('kind', '')}, Name: {resource.get('name', '')}"
    return ""


def _ingress_address(status: dict) -> str:
    """ingressLoadBalancerStatusStringerV1 with wide=true: IPs or hostnames, comma-joined."""
    parts = [i.get("ip") or i.get("hostname") or "" for i in (status.get("loadBalancer") or {}).get("ingress") or []]
    return ",".join(sorted({p for p in parts if p}))


def _ingress_rules(ing: dict, default_text: str, related: Related, w: PrefixWriter) -> None:
    namespace = meta(ing).get("namespace", "")
    w.write(LEVEL_0, "Rules:\n  Host\tPath\tBackends\n")
    w.write(LEVEL_1, "----\t----\t--------\n")
    count = 0
    for rule in (ing.get("spec") or {}).get("rules") or []:
        if rule.get("http") is None:
            continue
        count += 1
        w.write(LEVEL_1, f"{rule.get('host') or '*'}\t\n")
        for path in rule["http"].get("paths") or []:
            backend = _backend(namespace, path.get("backend") or {}, related)
            w.write(LEVEL_2, f"\t{path.get('path', '')} \t{backend}\n")
    if count == 0:
        w.write(LEVEL_1, f"*\t*\t{default_text}\n")


def describe_ingress(ing: dict, events: list[dict] | None, related: Related, now: Now) -> str:
    m, spec = meta(ing), ing.get("spec") or {}
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    labels_multiline(w, "Labels", m.get("labels"))
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    w.write(LEVEL_0, f"Address:\t{_ingress_address(ing.get('status') or {})}\n")
    w.write(LEVEL_0, f"Ingress Class:\t{spec.get('ingressClassName') or '<none>'}\n")
    default = spec.get("defaultBackend")
    default_text = _backend(m.get("namespace", ""), default, related) if default is not None else "<default>"
    w.write(LEVEL_0, f"Default backend:\t{default_text}\n")
    if spec.get("tls"):
        w.write(LEVEL_0, "TLS:\n")
        for tls in spec["tls"]:
            hosts = ",".join(tls.get("hosts") or [])
            if tls.get("secretName"):
                w.write(LEVEL_1, f"{tls['secretName']} terminates {hosts}\n")
            else:
                w.write(LEVEL_1, f"SNI routes {hosts}\n")
    _ingress_rules(ing, default_text, related, w)
    annotations_multiline(w, "Annotations", m.get("annotations"))
    if events is not None:
        describe_events(events, w, now)
    return w.text()


def describe_ingressclass(ic: dict, events: list[dict] | None, related: Related, now: Now) -> str:
    m, spec = meta(ic), ic.get("spec") or {}
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    labels_multiline(w, "Labels", m.get("labels"))
    annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, f"Controller:\t{spec.get('controller', '')}\n")
    params = spec.get("parameters")
    if params is not None:
        w.write(LEVEL_0, "Parameters:\n")
        if params.get("apiGroup") is not None:
            w.write(LEVEL_1, f"APIGroup:\t{params['apiGroup']}\n")
        w.write(LEVEL_1, f"Kind:\t{params.get('kind', '')}\n")
        w.write(LEVEL_1, f"Name:\t{params.get('name', '')}\n")
    if events is not None:
        describe_events(events, w, now)
    return w.text()
