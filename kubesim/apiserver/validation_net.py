"""Validation of Services and Ingresses.

Source (read, not copied): kubernetes/kubernetes pkg/apis/core/validation/validation.go
(ValidateService, validateServicePort, ValidatePortNumOrName), the NodePort allocator's range
message (pkg/registry/core/service/portallocator) and pkg/apis/networking/validation
(validateIngressRules, validateHTTPIngressPath, validateIngressBackend).
"""

import ipaddress

from kubesim.apiserver import names
from kubesim.apiserver.errors import FieldError
from kubesim.apiserver.fields import (
    as_dict,
    as_list,
    as_str,
    duplicate,
    forbidden,
    invalid,
    label_name,
    messages,
    required,
    unsupported,
    validate_labels,
    validate_meta,
)
from kubesim.apiserver.validation_pod import port_num_or_name

NODE_PORT_RANGE = (30000, 32767)


# --- services (ValidateService, validateServicePort) ----------------------------------------


def validate_service(obj: dict) -> list[FieldError]:
    # Service names are RFC 1123 labels in 1.37 (RelaxedServiceNameValidation, KEP-5311; older
    # servers demanded DNS-1035 labels, which may not start with a digit).
    spec = as_dict(obj.get("spec"))
    errs = validate_meta(obj, label_name)
    kind = spec.get("type", "ClusterIP")
    ports = as_list(spec.get("ports"))
    headless = spec.get("clusterIP") == "None"
    if not ports and not headless and kind != "ExternalName":
        errs.append(required("spec.ports"))
    if kind in ("NodePort", "LoadBalancer") and headless:
        errs.append(
            invalid("spec.clusterIPs[0]", "None", f"may not be set to 'None' for {kind} services")
        )
    if kind == "ExternalName":
        if spec.get("clusterIP") or spec.get("clusterIPs"):
            errs.append(forbidden("spec.clusterIPs", "may not be set for ExternalName services"))
        cname = str(spec.get("externalName") or "").removesuffix(".")
        if cname:
            errs += messages("spec.externalName", cname, names.dns1123_subdomain(cname))
        else:
            errs.append(required("spec.externalName"))
    seen: set = set()
    for i, port in enumerate(ports):
        errs += _validate_service_port(as_dict(port), len(ports) > 1, seen, f"spec.ports[{i}]")
    errs += validate_labels(spec.get("selector"), "spec.selector")
    affinity = spec.get("sessionAffinity", "None")
    if affinity not in ("ClientIP", "None"):
        errs.append(unsupported("spec.sessionAffinity", affinity, ["ClientIP", "None"]))
    errs += _validate_cluster_ip(spec)
    if kind != "ExternalName":
        errs += _validate_ip_families(spec)
    if kind not in ("ClusterIP", "ExternalName", "LoadBalancer", "NodePort"):
        errs.append(
            unsupported(
                "spec.type", kind, ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]
            )
        )
    errs += _validate_node_ports(ports, kind)
    return errs


def _validate_service_port(port: dict, need_name: bool, seen: set, path: str) -> list[FieldError]:
    errs = []
    name = as_str(port.get("name"))
    if need_name and not name:
        errs.append(required(f"{path}.name"))
    elif name:
        errs += messages(f"{path}.name", name, names.dns1123_label(name))
        if name in seen:
            errs.append(duplicate(f"{path}.name", name))
        seen.add(name)
    errs += messages(f"{path}.port", port.get("port", 0), names.port_number(port.get("port", 0)))
    protocol = port.get("protocol", "TCP")
    if protocol not in ("SCTP", "TCP", "UDP"):
        errs.append(unsupported(f"{path}.protocol", protocol, ["SCTP", "TCP", "UDP"]))
    if "targetPort" in port:
        errs += port_num_or_name(port["targetPort"], f"{path}.targetPort")
    return errs


def _validate_ip_families(spec: dict) -> list[FieldError]:
    """ValidateServiceClusterIPsRelatedFields' checks of the family fields alone; whether the
    cluster has those families is the allocator's question (service_alloc.family_errors)."""
    errs = []
    seen = set()
    for i, family in enumerate(as_list(spec.get("ipFamilies"))):
        if family not in ("IPv4", "IPv6"):
            errs.append(unsupported(f"spec.ipFamilies[{i}]", family, ["IPv4", "IPv6"]))
        if family in seen:
            errs.append(duplicate(f"spec.ipFamilies[{i}]", family))
        seen.add(family)
    policy = spec.get("ipFamilyPolicy")
    if policy is not None and policy not in _POLICIES:
        errs.append(unsupported("spec.ipFamilyPolicy", policy, _POLICIES))
    return errs


_POLICIES = ["PreferDualStack", "RequireDualStack", "SingleStack"]


def _validate_cluster_ip(spec: dict) -> list[FieldError]:
    ip = spec.get("clusterIP")
    if not ip or ip == "None":
        return []
    parts = str(ip).split(".")
    if len(parts) == 4 and all(p.isdigit() and int(p) < 256 for p in parts):
        return []
    try:
        ipaddress.IPv6Address(str(ip))
        return []  # a well-formed IPv6 address; the allocator says the cluster has no IPv6
    except ValueError:
        pass
    return [
        invalid(
            "spec.clusterIPs[0]",
            ip,
            "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
        )
    ]


def _validate_node_ports(ports: list, kind: str) -> list[FieldError]:
    errs = []
    low, high = NODE_PORT_RANGE
    for i, port in enumerate(ports):
        node_port = as_dict(port).get("nodePort")
        if not node_port:
            continue
        if kind == "ClusterIP":
            errs.append(
                forbidden(f"spec.ports[{i}].nodePort", "may not be used when `type` is 'ClusterIP'")
            )
        elif isinstance(node_port, int) and not low <= node_port <= high:
            # The allocator's message (pkg/registry/core/service/portallocator), fact 86.
            detail = (
                f"provided port is not in the valid range. The range of valid ports is {low}-{high}"
            )
            errs.append(invalid(f"spec.ports[{i}].nodePort", node_port, detail))
    return errs


# --- ingress (pkg/apis/networking/validation) ------------------------------------------------


def validate_ingress(obj: dict) -> list[FieldError]:
    spec = as_dict(obj.get("spec"))
    errs = validate_meta(obj)
    annotations = as_dict(as_dict(obj.get("metadata")).get("annotations"))
    if spec.get("ingressClassName") and "kubernetes.io/ingress.class" in annotations:
        value = annotations["kubernetes.io/ingress.class"]
        errs.append(
            invalid(
                "annotations.kubernetes.io/ingress.class",
                value,
                "can not be set when the class field is also set",
            )
        )
    rules = spec.get("rules")
    if not rules and spec.get("defaultBackend") is None:
        errs.append(invalid("spec", rules, "either `defaultBackend` or `rules` must be specified"))
    if spec.get("defaultBackend") is not None:
        errs += _validate_backend(as_dict(spec["defaultBackend"]), "spec.defaultBackend")
    for i, rule in enumerate(as_list(rules)):
        errs += _validate_rule(as_dict(rule), f"spec.rules[{i}]")
    if spec.get("ingressClassName"):
        name = spec["ingressClassName"]
        errs += messages("spec.ingressClassName", name, names.dns1123_subdomain(name))
    return errs


def _validate_rule(rule: dict, path: str) -> list[FieldError]:
    errs = []
    host = rule.get("host")
    if host and isinstance(host, str):
        if all(p.isdigit() for p in host.split(".")) and host.count(".") == 3:
            errs.append(invalid(f"{path}.host", host, "must be a DNS name, not an IP address"))
        elif "*" in host:
            if not host.startswith("*.") or names.dns1123_subdomain(host[2:]):
                msg = (
                    "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must "
                    "consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character "
                    "(e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
                )
                errs.append(invalid(f"{path}.host", host, msg))
        else:
            errs += messages(f"{path}.host", host, names.dns1123_subdomain(host))
    http = rule.get("http")
    if http is not None:
        paths = as_list(as_dict(http).get("paths"))
        if not paths:
            errs.append(required(f"{path}.http.paths"))
        for i, item in enumerate(paths):
            errs += _validate_http_path(as_dict(item), f"{path}.http.paths[{i}]")
    return errs


def _validate_http_path(item: dict, path: str) -> list[FieldError]:
    kind = item.get("pathType")
    if kind is None:
        return [required(f"{path}.pathType", "pathType must be specified")]
    errs = []
    value = item.get("path", "")
    if kind in ("Exact", "Prefix"):
        if not str(value).startswith("/"):
            errs.append(invalid(f"{path}.path", value, "must be an absolute path"))
        for seq in ("//", "/./", "/../", "%2f", "%2F"):
            if seq in str(value):
                errs.append(invalid(f"{path}.path", value, f"must not contain '{seq}'"))
        for suffix in ("/..", "/."):
            if str(value).endswith(suffix):
                errs.append(invalid(f"{path}.path", value, f"cannot end with '{suffix}'"))
    elif kind == "ImplementationSpecific":
        if value and not str(value).startswith("/"):
            errs.append(invalid(f"{path}.path", value, "must be an absolute path"))
    else:
        errs.append(
            unsupported(f"{path}.pathType", kind, ["Exact", "ImplementationSpecific", "Prefix"])
        )
    return errs + _validate_backend(as_dict(item.get("backend")), f"{path}.backend")


def _validate_backend(backend: dict, path: str) -> list[FieldError]:
    resource, service = backend.get("resource"), backend.get("service")
    if resource is not None and service is not None:
        return [invalid(path, "", "cannot set both resource and service backends")]
    if resource is not None:
        return []
    if service is None:
        return [invalid(path, "", "resource or service backend is required")]
    service = as_dict(service)
    errs = []
    name = service.get("name")
    if not name:
        errs.append(required(f"{path}.service.name"))
    else:
        errs += messages(f"{path}.service.name", name, label_name(name))
    port = as_dict(service.get("port"))
    if port.get("name") and port.get("number"):
        errs.append(invalid(path, "", "cannot set both port name & port number"))
    elif port.get("name"):
        errs += messages(f"{path}.service.port.name", port["name"], names.port_name(port["name"]))
    elif port.get("number"):
        errs += messages(
            f"{path}.service.port.number", port["number"], names.port_number(port["number"])
        )
    else:
        errs.append(required(path, "port name or number is required"))
    return errs
