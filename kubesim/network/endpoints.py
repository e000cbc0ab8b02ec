"""The Endpoints, EndpointSlice and EndpointSlice-mirroring controllers, and the API
server's own `kubernetes` endpoints.

Watch handlers only enqueue Service keys. A pod change reaches only the Services whose
selector matches its old or new labels, and only when something endpoints show changed
(address, readiness, node, termination, ports, hostname), so a kubelet heartbeat costs
nothing. EndpointSlices are updated in place: the pods that changed are remembered per
Service and only the slices holding them are rewritten (at most 100 endpoints each), so the
work of a rolling update grows with the pods that changed, not with the size of the Service.

Read, not copied: kubernetes/kubernetes pkg/controller/endpoint/endpoints_controller.go
(addresses / notReadyAddresses, hostname only with a matching subdomain, the 1000-address
cap), pkg/controller/endpointslice and staging/src/k8s.io/endpointslice (labels, 100 per
slice, terminating endpoints with serving/terminating conditions), and the mirroring
controller for selector-less Services (fact 90).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..apiserver.errors import APIError
from ..apiserver.identity import SYSTEM
from . import ipam

SERVICE_NAME = "kubernetes.io/service-name"
MANAGED_BY = "endpointslice.kubernetes.io/managed-by"
SLICE_CONTROLLER = "endpointslice-controller.k8s.io"
MIRROR_CONTROLLER = "endpointslicemirroring-controller.k8s.io"
MAX_PER_SLICE = 100
MAX_ENDPOINTS_ADDRESSES = 1000
HEADLESS_LABEL = "service.kubernetes.io/headless"


# -- what a pod contributes -------------------------------------------------------------------

def pod_ready(pod: dict) -> bool:
    for cond in (pod.get("status") or {}).get("conditions") or ():
        if cond.get("type") == "Ready":
            return cond.get("status") == "True"
    return False


def find_port(pod: dict, target) -> int | None:
    """A Service port's targetPort for one pod: a number as is, a name through the pod's
    container ports (podutil.FindPort); None when the pod has no port of that name."""
    if isinstance(target, int):
        return target
    if isinstance(target, str) and target.isdigit():
        return int(target)
    for container in (pod.get("spec") or {}).get("containers") or ():
        for port in container.get("ports") or ():
            if port.get("name") == target:
                return port.get("containerPort")
    return None


def _signature(pod: dict | None) -> tuple | None:
    """Everything about a pod that endpoints show; equal signatures need no sync."""
    if pod is None:
        return None
    spec, status, meta = pod.get("spec") or {}, pod.get("status") or {}, pod["metadata"]
    ports = tuple((p.get("name"), p.get("containerPort")) for c in spec.get("containers") or ()
                  for p in c.get("ports") or ())
    return (status.get("podIP"), pod_ready(pod), spec.get("nodeName"), bool(meta.get("deletionTimestamp")),
            status.get("phase"), spec.get("hostname"), spec.get("subdomain"), ports,
            tuple(sorted((meta.get("labels") or {}).items())))


def _eligible(pod: dict) -> bool:
    ip = (pod.get("status") or {}).get("podIP")
    return bool(ip) and (pod.get("status") or {}).get("phase") not in ("Succeeded", "Failed")


def _target_ref(pod: dict) -> dict:
    meta = pod["metadata"]
    return {"kind": "Pod", "name": meta["name"], "namespace": meta.get("namespace", "default"), "uid": meta["uid"]}


def _hostname(pod: dict, svc: dict) -> str | None:
    spec = pod.get("spec") or {}
    if spec.get("hostname") and spec.get("subdomain") == svc["metadata"]["name"]:
        return spec["hostname"]
    return None


def _service_ports(svc: dict, pod: dict) -> tuple:
    """(name, port, protocol) per Service port this pod serves, in Service order."""
    out = []
    for port in (svc.get("spec") or {}).get("ports") or ():
        number = find_port(pod, port.get("targetPort", port.get("port")))
        if number is not None:
            out.append((port.get("name") or "", number, port.get("protocol", "TCP")))
    return tuple(out)


def _port_dicts(ports: tuple) -> list[dict]:
    return [{**({"name": n} if n else {}), "port": p, "protocol": proto} for n, p, proto in ports]


def _slice_port_dicts(ports: tuple) -> list[dict]:
    return [{"name": n, "port": p, "protocol": proto} for n, p, proto in ports]


# -- the controllers --------------------------------------------------------------------------

@dataclass
class _SliceCache:
    """Where each pod's endpoint lives, valid while the slices keep these versions."""

    versions: dict[str, str]
    where: dict[str, str] = field(default_factory=dict)


class EndpointControllers:
    def __init__(self, cluster) -> None:
        self.cluster = cluster
        self.store = cluster.store
        self.api = cluster.api
        self.endpoints_queue = cluster.add_controller("endpoint-controller", self.sync_endpoints)
        self.slices_queue = cluster.add_controller("endpointslice-controller", self.sync_slices)
        self.mirror_queue = cluster.add_controller("endpointslice-mirroring-controller", self.sync_mirror)
        self._selectors: dict[str, dict[str, dict]] | None = None
        self._dirty: dict[str, dict[str, None]] = {}          # for the slice controller
        self._full: dict[str, None] = {}
        self._ep_dirty: dict[str, dict[str, None]] = {}       # for the Endpoints controller
        self._ep_full: dict[str, None] = {}
        self._ep_cache: dict[str, tuple[str | None, dict[str, tuple]]] = {}
        self._slice_cache: dict[str, _SliceCache] = {}
        self.store.watch(self._on_service, "services")
        self.store.watch(self._on_pod, "pods")
        self.store.watch(self._on_endpoints, "endpoints")

    # -- watch handlers: enqueue only ---------------------------------------------------------
    def _index(self) -> dict[str, dict[str, dict]]:
        if self._selectors is None:
            self._selectors = {}
            for svc in self.store.list("services"):
                self._remember(svc)
        return self._selectors

    def _remember(self, svc: dict) -> None:
        meta = svc["metadata"]
        selector = (svc.get("spec") or {}).get("selector")
        space = self._selectors.setdefault(meta.get("namespace", "default"), {})
        if selector:
            space[meta["name"]] = dict(selector)
        else:
            space.pop(meta["name"], None)

    def _on_service(self, change) -> None:
        svc = change.obj
        meta = svc["metadata"]
        key = f"{meta.get('namespace', 'default')}/{meta['name']}"
        if self._selectors is not None:
            if change.new is None:
                self._selectors.get(meta.get("namespace", "default"), {}).pop(meta["name"], None)
            else:
                self._remember(change.new)
        old_spec = (change.old or {}).get("spec")
        new_spec = (change.new or {}).get("spec")
        if change.old is not None and change.new is not None and old_spec == new_spec and (
                change.old["metadata"].get("labels") == change.new["metadata"].get("labels")):
            return
        self._full[key] = None
        self._ep_full[key] = None
        self.endpoints_queue.enqueue(key)
        self.slices_queue.enqueue(key)
        self.mirror_queue.enqueue(key)

    def _on_pod(self, change) -> None:
        if _signature(change.old) == _signature(change.new):
            return
        pod = change.obj
        ns, name = pod["metadata"].get("namespace", "default"), pod["metadata"]["name"]
        labels = [(change.old or {}).get("metadata", {}).get("labels") or {},
                  (change.new or {}).get("metadata", {}).get("labels") or {}]
        for svc_name, selector in self._index().get(ns, {}).items():
            if any(all(lab.get(k) == v for k, v in selector.items()) for lab in labels):
                key = f"{ns}/{svc_name}"
                self._dirty.setdefault(key, {})[name] = None
                self._ep_dirty.setdefault(key, {})[name] = None
                self.endpoints_queue.enqueue(key)
                self.slices_queue.enqueue(key)

    def _on_endpoints(self, change) -> None:
        meta = change.obj["metadata"]
        self.mirror_queue.enqueue(f"{meta.get('namespace', 'default')}/{meta['name']}")

    # -- writes -----------------------------------------------------------------------------
    def _write(self, plural: str, obj: dict, live: dict | None) -> dict | None:
        try:
            if live is None:
                return self.api.create(obj, SYSTEM)
            return self.api.update_status(plural, obj)
        except APIError:
            return None  # a namespace going away, say: the next change retries

    def _delete(self, plural: str, ns: str, name: str) -> None:
        if self.store.get(plural, ns, name) is not None:
            self.api.remove(plural, ns, name)

    # -- v1 Endpoints ------------------------------------------------------------------------
    def sync_endpoints(self, key: str) -> None:
        ns, _, name = key.partition("/")
        svc = self.store.get("services", ns, name)
        live = self.store.get("endpoints", ns, name)
        if svc is None:
            if live is not None:
                self._delete("endpoints", ns, name)
            return
        if ns == "default" and name == "kubernetes":
            self._api_server_endpoints(svc, live)
            return
        spec = svc.get("spec") or {}
        if not spec.get("selector") or spec.get("type") == "ExternalName":
            return
        subsets, truncated = self._subsets(svc, key, live)
        labels = dict(svc["metadata"].get("labels") or {})
        if spec.get("clusterIP") == "None":
            labels[HEADLESS_LABEL] = ""
        meta = {"name": name, "namespace": ns}
        if labels:
            meta["labels"] = labels
        if truncated:
            meta["annotations"] = {"endpoints.kubernetes.io/over-capacity": "truncated"}
        if live is not None:
            same_meta = (live["metadata"].get("labels") or {}) == labels and bool(
                (live["metadata"].get("annotations") or {}).get("endpoints.kubernetes.io/over-capacity")) == truncated
            if same_meta and (live.get("subsets") or []) == subsets:
                return
            meta = {**live["metadata"], **meta}
            if not truncated:
                meta.get("annotations", {}).pop("endpoints.kubernetes.io/over-capacity", None)
        obj = {"apiVersion": "v1", "kind": "Endpoints", "metadata": meta}
        if subsets:
            obj["subsets"] = subsets
        written = self._write("endpoints", obj, live)
        if written is not None and key in self._ep_cache:
            self._ep_cache[key] = (written["metadata"]["resourceVersion"], self._ep_cache[key][1])

    def _subsets(self, svc: dict, key: str, live: dict | None) -> tuple[list[dict], bool]:
        """The subsets, from per-pod entries remembered between syncs: only the pods that
        changed are looked at again (all of them when the Service changed, or when the
        Endpoints object is not the one this controller last wrote)."""
        ns = svc["metadata"].get("namespace", "default")
        spec = svc.get("spec") or {}
        version = live["metadata"]["resourceVersion"] if live is not None else None
        cached = self._ep_cache.get(key)
        dirty = self._ep_dirty.pop(key, {})
        if key in self._ep_full or cached is None or cached[0] != version:
            self._ep_full.pop(key, None)
            entries = {}
            for pod in self.store.with_labels("pods", ns, spec["selector"]):
                entry = _endpoints_entry(svc, pod)
                if entry is not None:
                    entries[pod["metadata"]["name"]] = entry
        else:
            entries = cached[1]
            for pod_name in dirty:
                pod = self.store.get("pods", ns, pod_name)
                matches = pod is not None and all(
                    (pod["metadata"].get("labels") or {}).get(k) == v for k, v in spec["selector"].items())
                entry = _endpoints_entry(svc, pod) if matches else None
                if entry is None:
                    entries.pop(pod_name, None)
                else:
                    entries[pod_name] = entry
        self._ep_cache[key] = (version, entries)
        groups: dict[tuple, dict[str, list]] = {}
        for ports, ready, order, address in entries.values():
            group = groups.setdefault(ports, {"ready": [], "notReady": []})
            group["ready" if ready else "notReady"].append((order, address))
        subsets = []
        for ports, group in sorted(groups.items()):
            subset: dict = {}
            if group["ready"]:
                subset["addresses"] = [a for _, a in sorted(group["ready"], key=lambda item: item[0])]
            if group["notReady"]:
                subset["notReadyAddresses"] = [a for _, a in sorted(group["notReady"], key=lambda item: item[0])]
            if ports:
                subset["ports"] = _port_dicts(ports)
            subsets.append(subset)
        return _truncate(subsets, len(entries))

    def _api_server_endpoints(self, svc: dict, live: dict | None) -> None:
        """The API server keeps `kubernetes` pointing at itself (the lease reconciler)."""
        subsets = [{"addresses": [{"ip": ipam.API_SERVER_IP}],
                    "ports": [{"name": "https", "port": ipam.API_SERVER_PORT, "protocol": "TCP"}]}]
        if live is None:
            self._write("endpoints", {"apiVersion": "v1", "kind": "Endpoints",
                                      "metadata": {"name": "kubernetes", "namespace": "default",
                                                   "labels": {"endpointslice.kubernetes.io/skip-mirror": "true"}},
                                      "subsets": subsets}, None)
        if self.store.get("endpointslices", "default", "kubernetes") is None:
            self._write("endpointslices", {
                "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "addressType": "IPv4",
                "metadata": {"name": "kubernetes", "namespace": "default", "labels": {SERVICE_NAME: "kubernetes"}},
                "endpoints": [{"addresses": [ipam.API_SERVER_IP], "conditions": {"ready": True}}],
                "ports": [{"name": "https", "port": ipam.API_SERVER_PORT, "protocol": "TCP"}]}, None)

    # -- EndpointSlices -----------------------------------------------------------------------
    def _slices(self, ns: str, name: str, manager: str) -> list[dict]:
        return [s for s in self.store.with_labels("endpointslices", ns, {SERVICE_NAME: name})
                if (s["metadata"].get("labels") or {}).get(MANAGED_BY) == manager]

    def sync_slices(self, key: str) -> None:
        ns, _, name = key.partition("/")
        svc = self.store.get("services", ns, name)
        spec = (svc or {}).get("spec") or {}
        existing = self._slices(ns, name, SLICE_CONTROLLER)
        if svc is None or not spec.get("selector") or spec.get("type") == "ExternalName":
            for s in existing:
                self._delete("endpointslices", ns, s["metadata"]["name"])
            self._slice_cache.pop(key, None)
            self._dirty.pop(key, None)
            self._full.pop(key, None)
            self._ep_cache.pop(key, None)
            self._ep_dirty.pop(key, None)
            self._ep_full.pop(key, None)
            return
        versions = {s["metadata"]["name"]: s["metadata"]["resourceVersion"] for s in existing}
        cache = self._slice_cache.get(key)
        full = key in self._full or cache is None or cache.versions != versions
        self._full.pop(key, None)
        dirty = self._dirty.pop(key, {})
        slices = {s["metadata"]["name"]: s for s in existing}
        if full:
            cache = _SliceCache(versions, {e["targetRef"]["name"]: s["metadata"]["name"]
                                           for s in existing for e in s.get("endpoints") or ()
                                           if (e.get("targetRef") or {}).get("kind") == "Pod"})
            dirty = dict.fromkeys(sorted(set(cache.where) | {p["metadata"]["name"] for p in
                                                             self.store.with_labels("pods", ns, spec["selector"])}))
        work = _SliceWork(svc, {n: dict(s) for n, s in slices.items()}, cache)
        for pod_name in dirty:
            pod = self.store.get("pods", ns, pod_name)
            matches = pod is not None and all(
                (pod["metadata"].get("labels") or {}).get(k) == v for k, v in spec["selector"].items())
            work.place(pod_name, _slice_endpoint(pod, svc) if matches else None)
        self._commit_slices(svc, work, key)

    def _commit_slices(self, svc: dict, work: _SliceWork, key: str) -> None:
        ns, name = svc["metadata"].get("namespace", "default"), svc["metadata"]["name"]
        labels = {**(svc["metadata"].get("labels") or {}), SERVICE_NAME: name, MANAGED_BY: SLICE_CONTROLLER}
        if (svc.get("spec") or {}).get("clusterIP") == "None":
            labels[HEADLESS_LABEL] = ""
        nonempty = [n for n, s in work.slices.items() if s.get("endpoints")]
        for slice_name in sorted(work.changed):
            body = work.slices[slice_name]
            if not body.get("endpoints") and (nonempty or len(work.slices) > 1):
                self._delete("endpointslices", ns, slice_name)
                work.slices.pop(slice_name)
                continue
            self._put_slice(svc, body, labels, slice_name)
        if not work.slices:  # a Service without endpoints keeps one empty slice
            work.new_slice(())
            self._put_slice(svc, work.slices[next(iter(work.slices))], labels, next(iter(work.slices)))
        existing = self._slices(ns, name, SLICE_CONTROLLER)
        versions = {s["metadata"]["name"]: s["metadata"]["resourceVersion"] for s in existing}
        self._slice_cache[key] = _SliceCache(versions, {
            e["targetRef"]["name"]: s["metadata"]["name"] for s in existing for e in s.get("endpoints") or ()
            if (e.get("targetRef") or {}).get("kind") == "Pod"} if work.rebuild_where else work.cache.where)

    def _put_slice(self, svc: dict, body: dict, labels: dict, slice_name: str) -> None:
        ns = svc["metadata"].get("namespace", "default")
        live = self.store.get("endpointslices", ns, slice_name) if not slice_name.startswith("\0") else None
        obj = {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "addressType": "IPv4",
               "endpoints": body.get("endpoints") or [], "ports": _slice_port_dicts(body["_ports"])}
        if live is None:
            obj["metadata"] = {"generateName": svc["metadata"]["name"] + "-", "namespace": ns, "labels": labels,
                               "ownerReferences": [{"apiVersion": "v1", "blockOwnerDeletion": True,
                                                    "controller": True, "kind": "Service",
                                                    "name": svc["metadata"]["name"],
                                                    "uid": svc["metadata"]["uid"]}]}
            created = self._write("endpointslices", obj, None)
            if created is not None and slice_name.startswith("\0"):
                body["_created"] = created["metadata"]["name"]
            return
        obj["metadata"] = {**live["metadata"], "labels": labels}
        if obj["endpoints"] == live.get("endpoints") and obj["ports"] == live.get("ports") and \
                live["metadata"].get("labels") == labels:
            return
        self._write("endpointslices", obj, live)

    # -- mirroring selector-less Services' Endpoints ------------------------------------------
    def sync_mirror(self, key: str) -> None:
        ns, _, name = key.partition("/")
        svc = self.store.get("services", ns, name)
        endpoints = self.store.get("endpoints", ns, name)
        existing = self._slices(ns, name, MIRROR_CONTROLLER)
        wanted = svc is not None and not (svc.get("spec") or {}).get("selector") and endpoints is not None and (
            (endpoints["metadata"].get("labels") or {}).get("endpointslice.kubernetes.io/skip-mirror") != "true")
        if not wanted:
            for s in existing:
                self._delete("endpointslices", ns, s["metadata"]["name"])
            return
        bodies = _mirrored(endpoints)
        labels = {**(svc["metadata"].get("labels") or {}), SERVICE_NAME: name, MANAGED_BY: MIRROR_CONTROLLER}
        for i, (ports, eps) in enumerate(bodies):
            live = existing[i] if i < len(existing) else None
            obj = {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "addressType": "IPv4",
                   "endpoints": eps, "ports": ports}
            if live is None:
                obj["metadata"] = {"generateName": name + "-", "namespace": ns, "labels": labels,
                                   "ownerReferences": [{"apiVersion": "v1", "blockOwnerDeletion": True,
                                                        "controller": True, "kind": "Endpoints", "name": name,
                                                        "uid": endpoints["metadata"]["uid"]}]}
            elif live.get("endpoints") == eps and live.get("ports") == ports:
                continue
            else:
                obj["metadata"] = {**live["metadata"], "labels": labels}
            self._write("endpointslices", obj, live)
        for s in existing[len(bodies):]:
            self._delete("endpointslices", ns, s["metadata"]["name"])


class _SliceWork:
    """The slices of one Service being edited in memory before they are written."""

    def __init__(self, svc: dict, slices: dict[str, dict], cache: _SliceCache) -> None:
        self.svc = svc
        self.slices = slices
        self.cache = cache
        self.changed: dict[str, None] = {}
        self.rebuild_where = False
        self._fresh = 0
        for body in slices.values():
            body["_ports"] = tuple((p.get("name") or "", p.get("port"), p.get("protocol", "TCP"))
                                   for p in body.get("ports") or ())
            body["endpoints"] = list(body.get("endpoints") or [])

    def new_slice(self, ports: tuple) -> str:
        self._fresh += 1
        name = f"\0{self._fresh}"
        self.slices[name] = {"_ports": ports, "endpoints": []}
        self.changed[name] = None
        self.rebuild_where = True
        return name

    def place(self, pod_name: str, wanted: tuple[tuple, dict] | None) -> None:
        current = self.cache.where.get(pod_name)
        body = self.slices.get(current) if current else None
        if body is not None:
            index = next((i for i, e in enumerate(body["endpoints"])
                          if (e.get("targetRef") or {}).get("name") == pod_name), None)
            if index is not None:
                if wanted is not None and wanted[0] == body["_ports"]:
                    if body["endpoints"][index] != wanted[1]:
                        body["endpoints"][index] = wanted[1]
                        self.changed[current] = None
                    return
                del body["endpoints"][index]
                self.changed[current] = None
        self.cache.where.pop(pod_name, None)
        if wanted is None:
            return
        ports, endpoint = wanted
        target = next((n for n, b in self.slices.items()
                       if b["_ports"] == ports and len(b["endpoints"]) < MAX_PER_SLICE), None)
        if target is None:  # an empty slice (the placeholder) is reused before making one
            target = next((n for n, b in self.slices.items() if not b["endpoints"]), None)
            if target is not None:
                self.slices[target]["_ports"] = ports
        if target is None:
            target = self.new_slice(ports)
        self.slices[target]["endpoints"].append(endpoint)
        self.changed[target] = None
        if target.startswith("\0"):
            self.rebuild_where = True
        else:
            self.cache.where[pod_name] = target


def _endpoints_entry(svc: dict, pod: dict) -> tuple | None:
    """(ports, ready, sort key, address) for one pod in v1 Endpoints; None: left out
    (no address yet, finished, terminating, or serving none of the Service's ports)."""
    if not _eligible(pod) or pod["metadata"].get("deletionTimestamp"):
        return None
    spec = svc.get("spec") or {}
    ports = _service_ports(svc, pod)
    if not ports and spec.get("ports"):
        return None
    address = {"ip": pod["status"]["podIP"]}
    hostname = _hostname(pod, svc)
    if hostname:
        address["hostname"] = hostname
    if pod["spec"].get("nodeName"):
        address["nodeName"] = pod["spec"]["nodeName"]
    address["targetRef"] = _target_ref(pod)
    ready = bool(spec.get("publishNotReadyAddresses")) or pod_ready(pod)
    return ports, ready, ipam.to_int(address["ip"]), address


def _slice_endpoint(pod: dict, svc: dict) -> tuple[tuple, dict] | None:
    if not _eligible(pod):
        return None
    ports = _service_ports(svc, pod)
    if not ports and (svc.get("spec") or {}).get("ports"):
        return None
    terminating = bool(pod["metadata"].get("deletionTimestamp"))
    serving = pod_ready(pod) or bool((svc.get("spec") or {}).get("publishNotReadyAddresses"))
    endpoint: dict = {"addresses": [pod["status"]["podIP"]],
                      "conditions": {"ready": serving and not terminating, "serving": serving,
                                     "terminating": terminating}}
    hostname = _hostname(pod, svc)
    if hostname:
        endpoint["hostname"] = hostname
    if pod["spec"].get("nodeName"):
        endpoint["nodeName"] = pod["spec"]["nodeName"]
    endpoint["targetRef"] = _target_ref(pod)
    return ports, endpoint


def _mirrored(endpoints: dict) -> list[tuple[list[dict], list[dict]]]:
    """A hand-made Endpoints as EndpointSlice bodies: one per subset."""
    out = []
    for subset in endpoints.get("subsets") or ():
        ports = [{"name": p.get("name", ""), "port": p.get("port"), "protocol": p.get("protocol", "TCP")}
                 for p in subset.get("ports") or ()]
        eps = []
        for address, ready in [(a, True) for a in subset.get("addresses") or ()] + [
                (a, False) for a in subset.get("notReadyAddresses") or ()]:
            ep: dict = {"addresses": [address.get("ip")], "conditions": {"ready": ready}}
            if address.get("hostname"):
                ep["hostname"] = address["hostname"]
            if address.get("nodeName"):
                ep["nodeName"] = address["nodeName"]
            if address.get("targetRef"):
                ep["targetRef"] = address["targetRef"]
            eps.append(ep)
        out.append((ports, eps))
    return out


def _truncate(subsets: list[dict], total: int) -> tuple[list[dict], bool]:
    """The Endpoints controller keeps at most 1000 addresses (ready ones first)."""
    if total <= MAX_ENDPOINTS_ADDRESSES:
        return subsets, False
    budget = MAX_ENDPOINTS_ADDRESSES
    out = []
    for subset in subsets:
        kept = dict(subset)
        for field_name in ("addresses", "notReadyAddresses"):
            items = kept.get(field_name) or []
            if items:
                kept[field_name] = items[:budget]
                budget -= len(kept[field_name])
                if not kept[field_name]:
                    kept.pop(field_name)
        if kept.get("addresses") or kept.get("notReadyAddresses"):
            out.append(kept)
    return out, True


def install(cluster) -> EndpointControllers:
    return EndpointControllers(cluster)
