"""The Endpoints, EndpointSlice and mirroring controllers keep a Service's endpoints."""

from kubesim.network.endpoints import MANAGED_BY, MIRROR_CONTROLLER, SERVICE_NAME, SLICE_CONTROLLER

from .helpers import apply, new_cluster, sh, web


def slices(c, name, ns="default"):
    return c.store.with_labels("endpointslices", ns, {SERVICE_NAME: name})


def test_it_lists_every_ready_pod_of_the_selector_in_endpoints_and_one_slice():
    c = web(new_cluster())
    ep = c.store.get("endpoints", "default", "web")
    pods = sorted(p["status"]["podIP"] for p in c.store.with_labels("pods", "default", {"app": "web"}))
    assert [a["ip"] for a in ep["subsets"][0]["addresses"]] == sorted(pods, key=lambda ip: [int(x) for x in ip.split(".")])
    assert ep["subsets"][0]["ports"] == [{"port": 80, "protocol": "TCP"}]
    (slc,) = slices(c, "web")
    assert slc["metadata"]["labels"][MANAGED_BY] == SLICE_CONTROLLER
    assert slc["metadata"]["name"].startswith("web-")
    assert slc["addressType"] == "IPv4"
    assert all(e["conditions"] == {"ready": True, "serving": True, "terminating": False} for e in slc["endpoints"])
    assert {e["targetRef"]["kind"] for e in slc["endpoints"]} == {"Pod"}


def test_it_shows_the_endpoints_table_as_kubectl_does():
    c = web(new_cluster(), replicas=2)
    table = sh(c, "kubectl get endpoints web")
    assert table.splitlines()[0].split() == ["NAME", "ENDPOINTS", "AGE"]
    assert ":80," in table


def test_it_lists_pods_that_are_not_ready_as_not_ready_addresses():
    c = new_cluster()
    apply(c, READY_WEB.replace("path: /,", "path: /nope,"))
    c.advance(30)
    pods = c.store.with_labels("pods", "default", {"app": "ready"})
    ep = c.store.get("endpoints", "default", "ready")
    assert "addresses" not in ep["subsets"][0]
    assert sorted(a["ip"] for a in ep["subsets"][0]["notReadyAddresses"]) == sorted(
        p["status"]["podIP"] for p in pods)
    assert all(e["conditions"] == {"ready": False, "serving": False, "terminating": False}
               for s in slices(c, "ready") for e in s["endpoints"])


READY_WEB = """apiVersion: apps/v1
kind: Deployment
metadata: {name: ready}
spec:
  replicas: 2
  selector: {matchLabels: {app: ready}}
  template:
    metadata: {labels: {app: ready}}
    spec:
      containers:
      - name: web
        image: nginx
        readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 5}
---
apiVersion: v1
kind: Service
metadata: {name: ready}
spec:
  selector: {app: ready}
  ports: [{port: 80}]
"""


def test_it_resolves_a_named_target_port_per_pod_and_leaves_out_pods_without_it():
    c = new_cluster()
    apply(c, """apiVersion: v1
kind: Pod
metadata: {name: named, labels: {app: mixed}}
spec:
  containers:
  - name: web
    image: nginx
    ports: [{name: http, containerPort: 80}]
---
apiVersion: v1
kind: Pod
metadata: {name: unnamed, labels: {app: mixed}}
spec:
  containers: [{name: web, image: nginx}]
---
apiVersion: v1
kind: Service
metadata: {name: mixed}
spec:
  selector: {app: mixed}
  ports: [{port: 8080, targetPort: http}]
""")
    c.advance(30)
    ep = c.store.get("endpoints", "default", "mixed")
    assert [a["targetRef"]["name"] for a in ep["subsets"][0]["addresses"]] == ["named"]
    assert ep["subsets"][0]["ports"] == [{"port": 80, "protocol": "TCP"}]


def test_it_creates_no_endpoints_for_a_service_without_selector_but_mirrors_hand_made_ones():
    c = new_cluster()
    apply(c, """apiVersion: v1
kind: Service
metadata: {name: glusterfs-cluster}
spec:
  ports: [{port: 1}]
""")
    c.reconcile()
    assert c.store.get("endpoints", "default", "glusterfs-cluster") is None
    assert slices(c, "glusterfs-cluster") == []
    apply(c, """apiVersion: v1
kind: Endpoints
metadata: {name: glusterfs-cluster}
subsets:
- addresses: [{ip: 10.240.106.152}]
  ports: [{port: 1}]
""")
    (slc,) = slices(c, "glusterfs-cluster")
    assert slc["metadata"]["labels"][MANAGED_BY] == MIRROR_CONTROLLER
    assert slc["endpoints"][0]["addresses"] == ["10.240.106.152"]


def test_it_publishes_not_ready_pods_when_asked():
    c = new_cluster()
    apply(c, """apiVersion: v1
kind: Service
metadata: {name: peers}
spec:
  clusterIP: None
  publishNotReadyAddresses: true
  selector: {app: peers}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Pod
metadata: {name: p0, labels: {app: peers}}
spec:
  containers:
  - name: web
    image: nginx
    readinessProbe: {httpGet: {path: /nope, port: 80}}
""")
    c.advance(30)
    ep = c.store.get("endpoints", "default", "peers")
    assert [a["targetRef"]["name"] for a in ep["subsets"][0]["addresses"]] == ["p0"]
    assert ep["metadata"]["labels"]["service.kubernetes.io/headless"] == ""


def test_it_does_nothing_when_converged():
    c = web(new_cluster())
    version = c.store.resource_version
    for controller in c.controllers:
        if controller.name in ("endpoint-controller", "endpointslice-controller"):
            controller.enqueue("default/web")
    c.reconcile()
    assert c.store.resource_version == version


def test_it_removes_endpoints_and_slices_with_the_service():
    c = web(new_cluster())
    sh(c, "kubectl delete service web")
    assert c.store.get("endpoints", "default", "web") is None
    assert slices(c, "web") == []


def test_it_splits_slices_at_a_hundred_endpoints_and_updates_only_the_slice_that_changed():
    c = web(new_cluster(nodes=3), replicas=150)
    pieces = slices(c, "web")
    assert sorted(len(s["endpoints"]) for s in pieces) == [50, 100]
    versions = {s["metadata"]["name"]: s["metadata"]["resourceVersion"] for s in pieces}
    victim = pieces[0]["endpoints"][0]["targetRef"]["name"]
    sh(c, f"kubectl delete pod {victim} --wait=false")
    c.reconcile()
    changed = [s["metadata"]["name"] for s in slices(c, "web")
               if versions.get(s["metadata"]["name"]) != s["metadata"]["resourceVersion"]]
    assert changed == [pieces[0]["metadata"]["name"]]


def test_it_points_the_kubernetes_service_at_the_api_server():
    c = new_cluster()
    c.reconcile()
    ep = c.store.get("endpoints", "default", "kubernetes")
    assert ep["subsets"] == [{"addresses": [{"ip": "172.18.0.2"}],
                              "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}]}]
