"""kubesim.findings diagnoses a cluster without Django: why a pod is Pending or not Ready, why a
Service has no endpoints, and whether its type allows the way it is reached."""

from kubesim import findings
from kubesim.cluster import Cluster

WEB = """apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
spec:
  containers:
    - name: nginx
      image: IMAGE
      ports: [{containerPort: 80}]
"""


def cluster_with(*manifests: str) -> Cluster:
    cluster = Cluster(seed=0, nodes=2)
    for manifest in manifests:
        assert cluster.run("kubectl apply -f -", manifest).exit_code == 0
    cluster.advance(60)
    return cluster


def codes(found):
    return [f.code for f in found]


def test_it_finds_an_image_tag_that_does_not_exist():
    cluster = cluster_with(WEB.replace("IMAGE", "nginx:1.299"))
    [found] = findings.why_pod(cluster, cluster.store.get("pods", "default", "web"))
    assert found.code == "image-pull"
    assert found.params["problem"] == "tag" and found.params["image"] == "nginx:1.299"
    assert found.field == "spec.containers[0].image"


def test_it_finds_a_service_selecting_no_pods_and_says_what_labels_pods_have():
    service = """apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: webapp}
  ports: [{port: 80}]
"""
    cluster = cluster_with(WEB.replace("IMAGE", "nginx:1.29"), service)
    [found] = findings.why_service(cluster, "default", "web")
    assert found.code == "selector-no-match"
    assert found.params["labels"] == "app=web,run=web" or "app=web" in found.params["labels"]


def test_it_finds_a_target_port_nobody_listens_on():
    service = """apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
"""
    cluster = cluster_with(WEB.replace("IMAGE", "nginx:1.29"), service)
    assert codes(findings.why_service(cluster, "default", "web")) == ["target-port-mismatch"]
    assert codes(findings.why_service(cluster, "default", "web", "loadbalancer")) == ["service-type-access"]


def test_it_finds_a_taint_that_keeps_a_pod_pending():
    cluster = Cluster(seed=0, nodes=1)
    cluster.run("""kubectl patch node kind-worker --type=merge -p '{"spec":{"taints":[{"key":"gpu","value":"yes","effect":"NoSchedule"}]}}'""")
    cluster.run("kubectl apply -f -", WEB.replace("IMAGE", "nginx:1.29"))
    cluster.advance(10)
    [found] = findings.why_pod(cluster, cluster.store.get("pods", "default", "web"))
    assert found.code == "unschedulable-taint"
    assert found.params["taints"] == "gpu=yes:NoSchedule"


def test_it_finds_nothing_wrong_with_a_ready_pod():
    cluster = cluster_with(WEB.replace("IMAGE", "nginx:1.29"))
    assert findings.why_pod(cluster, cluster.store.get("pods", "default", "web")) == []
