"""Every manifest of the Kubernetes documentation examples that INDEX.tsv marks `ok` applies
with `kubectl apply -f` in a fresh default world; every other one is refused or flagged."""

import csv
from pathlib import Path

import pytest

from kubesim.cluster import Cluster

EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "k8s-examples"


def rows() -> list[dict]:
    with open(EXAMPLES / "INDEX.tsv", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


# INDEX.tsv marks a file `ok` when a current API server accepts it; these three need a cluster
# with IPv6 Services (dual-stack or IPv6), and kind's default cluster is single-stack IPv4, whose
# API server refuses them (service_alloc.family_errors). So they are checked to be refused.
NEEDS_IPV6 = {"service/networking/dual-stack-ipfamilies-ipv6.yaml", "service/networking/dual-stack-prefer-ipv6-lb-svc.yaml",
              "service/networking/dual-stack-preferred-ipfamilies-svc.yaml"}
OK = [r["path"] for r in rows() if r["status"] == "ok" and r["path"] not in NEEDS_IPV6]


@pytest.fixture(scope="module")
def fresh():
    base = Cluster().to_bytes()
    return lambda: Cluster.from_bytes(base)


@pytest.mark.parametrize("path", OK)
def test_it_applies_every_ok_example(fresh, path):
    cluster = fresh()
    text = (EXAMPLES / path).read_text()
    for namespace in _namespaces(text):
        cluster.run(f"kubectl create namespace {namespace}")
    result = cluster.run("kubectl apply -f -", text)
    assert result.exit_code == 0, f"{path}:\n{result.stderr}"
    assert result.stdout.strip(), path


@pytest.mark.parametrize("path", sorted(NEEDS_IPV6))
def test_a_single_stack_ipv4_cluster_refuses_the_ipv6_service_examples(fresh, path):
    result = fresh().run("kubectl apply -f -", (EXAMPLES / path).read_text())
    assert result.exit_code == 1
    assert result.stderr == ('The Service "my-service" is invalid: spec.ipFamilies[0]: Invalid value: "IPv6": '
                             "not configured on this cluster\n")


def _namespaces(text: str) -> list[str]:
    """Namespaces a manifest expects to exist already (a real user would have created them)."""
    found = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("namespace:"):
            name = stripped.split(":", 1)[1].strip().strip("'\"")
            if name and name not in ("default", "kube-system", "kube-public") and name not in found:
                found.append(name)
    return found


# -- and every Service and Ingress among them routes ----------------------------------------------
#
# A learner applies the example with what its page applies next to it (COMPANIONS) and what the page
# has them create first (PREPARE), waits, and asks through it: `kubectl exec client -- curl` to a
# ClusterIP or a headless name, `curl` from the workstation to a NodePort, a LoadBalancer address or
# the ingress controller. A Service or Ingress backend with no pod at all in the example set gets a
# stand-in Deployment (agnhost netexec on the target port) with the selector's labels.

ROUTED = [r["path"] for r in rows() if r["path"] in OK and {"Service", "Ingress"} & set(r["kinds"].split(","))]

COMPANIONS = {
    "application/canary/app-service.yaml": ["application/canary/app-v1-deployment.yaml",
                                            "application/canary/app-v2-deployment.yaml"],
    "application/cassandra/cassandra-service.yaml": ["application/cassandra/cassandra-statefulset.yaml"],
    "application/guestbook/frontend-service.yaml": ["application/guestbook/frontend-deployment.yaml"],
    "application/guestbook/redis-follower-service.yaml": ["application/guestbook/redis-follower-deployment.yaml"],
    "application/guestbook/redis-leader-service.yaml": ["application/guestbook/redis-leader-deployment.yaml"],
    "application/job/rabbitmq/rabbitmq-service.yaml": ["application/job/rabbitmq/rabbitmq-statefulset.yaml"],
    "application/job/redis/redis-service.yaml": ["application/job/redis/redis-pod.yaml"],
    "application/mongodb/mongo-service.yaml": ["application/mongodb/mongo-deployment.yaml"],
    "application/mysql/mysql-services.yaml": ["application/mysql/mysql-configmap.yaml",
                                              "application/mysql/mysql-statefulset.yaml"],
    "application/nginx/nginx-svc.yaml": ["application/nginx/nginx-deployment.yaml"],
    "application/wordpress/wordpress-deployment.yaml": ["application/wordpress/mysql-deployment.yaml"],
    "service/access/backend-service.yaml": ["service/access/backend-deployment.yaml"],
    "service/access/frontend-service.yaml": ["service/access/frontend-deployment.yaml",
                                             "service/access/backend-deployment.yaml",
                                             "service/access/backend-service.yaml"],
    "service/networking/nginx-svc.yaml": ["service/networking/run-my-nginx.yaml"],
    "service/nginx-service.yaml": ["controllers/nginx-deployment.yaml"],
}

MYSQL_PASS = "kubectl create secret generic mysql-pass --from-literal=password=YOUR_PASSWORD"
PREPARE = {
    # mysql-pv.yaml (the claim) is not in the example set; the page applies it first.
    "application/mysql/mysql-deployment.yaml": [
        ("kubectl create -f - <<EOT\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: mysql-pv-claim\n"
         "spec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 20Gi\nEOT")],
    "application/wordpress/mysql-deployment.yaml": [MYSQL_PASS],   # kustomization's secretGenerator
    "application/wordpress/wordpress-deployment.yaml": [MYSQL_PASS],
    # The StatefulSet page assumes a StorageClass of that name exists.
    "controllers/statefulset.yaml": [
        ("kubectl create -f - <<EOT\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n"
         "  name: my-storage-class\nprovisioner: rancher.io/local-path\nvolumeBindingMode: WaitForFirstConsumer\nEOT")],
    # The connecting-applications tutorial makes the certificate Secret and the nginx ConfigMap first.
    "service/networking/nginx-secure-app.yaml": [
        "kubectl create secret generic nginxsecret --from-literal=tls.crt=CERT --from-literal=tls.key=KEY",
        "kubectl create configmap nginxconfigmap --from-literal=default.conf='server { listen 80; }'"],
}

# The Cassandra tutorial is written for minikube and tells other clusters to change the
# StorageClass's provisioner: on kind that is rancher.io/local-path (with minikube's, the claims
# never bind and the pods stay Pending, as fact 139 says).
EDITS = {
    "application/cassandra/cassandra-statefulset.yaml": ("provisioner: k8s.io/minikube-hostpath",
                                                         "provisioner: rancher.io/local-path"),
}

# Examples whose documented answer is not a backend: (HTTP status, why).
ANSWERS = {
    "service/networking/minimal-ingress.yaml": (404, ("class nginx-example has no controller here: ingress-nginx "
                                                      "ignores it and its default backend answers")),
    "service/networking/ingress-resource-backend.yaml": (404, ("ingress-nginx skips resource backends and uses "
                                                               "its default backend")),
}

CLIENT = ("kubectl run client --image=curlimages/curl --restart=Never --command -- sleep 36000")
AGNHOST = "registry.k8s.io/e2e-test-images/agnhost:2.45"


def _docs(text: str) -> list[dict]:
    import yaml

    return [d for d in yaml.safe_load_all(text) if isinstance(d, dict)]


@pytest.mark.parametrize("path", ROUTED)
def test_it_routes_every_ok_service_and_ingress_example(fresh, path):
    cluster = fresh()
    for line in PREPARE.get(path, ()):
        _ok(cluster, line)
    for companion in COMPANIONS.get(path, ()):
        _ok(cluster, "kubectl apply -f -", (EXAMPLES / companion).read_text().replace(*EDITS.get(companion, ("", ""))))
    text = (EXAMPLES / path).read_text()
    _ok(cluster, "kubectl apply -f -", text)
    docs = _docs(text)
    _stand_ins(cluster, docs)
    _ok(cluster, CLIENT)
    cluster.advance(300)
    asked = 0
    for doc in docs:
        if doc.get("kind") == "Service":
            asked += _ask_service(cluster, path, doc["metadata"]["name"])
        elif doc.get("kind") == "Ingress":
            asked += _ask_ingress(cluster, path, doc)
    assert asked, f"{path}: nothing to ask"


def _ok(cluster, line: str, stdin: str = "") -> str:
    result = cluster.run(line, stdin)
    assert result.exit_code == 0, f"$ {line}\n{result.stderr}"
    return result.stdout


def _stand_ins(cluster, docs: list[dict]) -> None:
    """A Deployment for each selector (or Ingress backend Service) that no pod of the set matches."""
    wanted: dict[str, tuple[dict, int | str]] = {}
    for doc in docs:
        spec = doc.get("spec") or {}
        if doc.get("kind") == "Service" and spec.get("selector"):
            port = (spec.get("ports") or [{}])[0]
            wanted[doc["metadata"]["name"]] = (spec["selector"], port.get("targetPort", port.get("port")))
        if doc.get("kind") == "Ingress":
            for backend in _ingress_backends(doc):
                service = backend["service"]
                if cluster.store.get("services", "default", service["name"]) is None:
                    number = service["port"]["number"]
                    _ok(cluster, f"kubectl create service clusterip {service['name']} --tcp={number}:{number}")
                    wanted[service["name"]] = ({"app": service["name"]}, number)
    for name, (selector, port) in wanted.items():
        if cluster.store.with_labels("pods", "default", selector):
            continue
        number = port if isinstance(port, int) else 8080
        named = f"\n          name: {port}" if isinstance(port, str) else ""
        labels = "".join(f"\n        {k}: \"{v}\"" for k, v in selector.items())
        _ok(cluster, "kubectl apply -f -", f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: stand-in-{name}
spec:
  replicas: 2
  selector:
    matchLabels:{labels.replace(chr(10) + '        ', chr(10) + '      ')}
  template:
    metadata:
      labels:{labels}
    spec:
      containers:
      - name: agnhost
        image: {AGNHOST}
        args: [netexec, --http-port={number}]
        ports:
        - containerPort: {number}{named}
""")


def _ingress_backends(doc: dict) -> list[dict]:
    spec = doc.get("spec") or {}
    found = [spec["defaultBackend"]] if (spec.get("defaultBackend") or {}).get("service") else []
    for rule in spec.get("rules") or ():
        found += [p["backend"] for p in (rule.get("http") or {}).get("paths") or () if p["backend"].get("service")]
    return found


def _selected(cluster, svc: dict) -> set[str]:
    selector = (svc.get("spec") or {}).get("selector") or {}
    return {p["metadata"]["name"] for p in cluster.store.with_labels("pods", "default", selector)}


def _ask_service(cluster, path: str, name: str) -> int:
    svc = cluster.store.get("services", "default", name)
    spec = svc["spec"]
    asked = 0
    for port in spec.get("ports") or ():
        target = port.get("targetPort", port["port"])
        number = port["port"] if spec.get("clusterIP") != "None" or not isinstance(target, int) else target
        lines = [f"kubectl exec client -- curl -s -m 5 http://{name}:{number}/"]
        if port.get("nodePort"):
            lines.append(f"curl -s -m 5 http://172.18.0.3:{port['nodePort']}/")
        ingress = ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress") or ()
        if spec.get("type") == "LoadBalancer":
            assert ingress, f"{path}: {name} has no LoadBalancer address"
            lines.append(f"curl -s -m 5 http://{ingress[0]['ip']}:{port['port']}/")
        for line in lines:
            cluster.run(line)
            _assert_backend(cluster, path, line, _selected(cluster, svc))
            asked += 1
    return asked


def _ask_ingress(cluster, path: str, doc: dict) -> int:
    spec = doc.get("spec") or {}
    tls_hosts = {h for entry in spec.get("tls") or () for h in entry.get("hosts") or ()}
    asks = []   # (host, url path, backend service name)
    for rule in spec.get("rules") or ():
        host = (rule.get("host") or "").replace("*", "bar")
        for p in (rule.get("http") or {}).get("paths") or ():
            asks.append((host, p["path"], (p["backend"].get("service") or {}).get("name")))
    if spec.get("defaultBackend"):
        asks.append(("", "/no-rule-matches-this", (spec["defaultBackend"].get("service") or {}).get("name")))
    for host, url_path, backend in asks:
        header = f" -H 'Host: {host}'" if host else ""
        line = f"curl -s -o /dev/null -w '%{{http_code}}'{header} http://172.18.0.3{url_path}"
        if host in tls_hosts:
            line = (f"curl -sk -o /dev/null -w '%{{http_code}}' --resolve {host}:443:172.18.0.3 "
                    f"https://{host}{url_path}")
        code = cluster.run(line).stdout
        if path in ANSWERS:
            assert code == str(ANSWERS[path][0]), f"{path}: $ {line} -> {code} ({ANSWERS[path][1]})"
            continue
        assert code == "200", f"{path}: $ {line} -> {code}\n{cluster.network.last_trace.text()}"
        svc = cluster.store.get("services", "default", backend)
        _assert_backend(cluster, path, line, _selected(cluster, svc))
    return len(asks)


def _assert_backend(cluster, path: str, line: str, pods: set[str]) -> None:
    trace = cluster.network.last_trace
    reached = [h.id.rsplit("/", 1)[1] for h in trace.hops if h.kind == "pod"]
    assert reached and reached[-1] in pods, f"{path}: $ {line} reached no backend\n{trace.text()}"
    assert trace.outcome not in ("connection refused", "connection timed out", "empty reply"), \
        f"{path}: $ {line}\n{trace.text()}"
