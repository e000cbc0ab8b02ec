"""`kubectl expose` builds a Service from what it exposes, as kubectl does."""

from .helpers import apply, new_cluster, sh


def test_it_exposes_a_deployment_with_its_selector_and_labels():
    c = new_cluster()
    sh(c, "kubectl create deployment web --image=nginx")
    assert sh(c, "kubectl expose deployment web --port=80 --target-port=8000") == "service/web exposed\n"
    spec = c.store.get("services", "default", "web")["spec"]
    assert spec["selector"] == {"app": "web"}
    assert spec["ports"] == [{"port": 80, "protocol": "TCP", "targetPort": 8000}]
    assert c.store.get("services", "default", "web")["metadata"]["labels"] == {"app": "web"}


def test_it_takes_the_ports_of_the_containers_and_names_several():
    c = new_cluster()
    apply(c, """apiVersion: v1
kind: Pod
metadata: {name: two, labels: {app: two}}
spec:
  containers:
  - name: web
    image: nginx
    ports: [{containerPort: 80}, {containerPort: 443}]
""")
    sh(c, "kubectl expose pod two")
    ports = c.store.get("services", "default", "two")["spec"]["ports"]
    assert [(p["name"], p["port"], p["targetPort"]) for p in ports] == [("port-1", 80, 80), ("port-2", 443, 443)]


def test_it_refuses_a_pod_without_labels_or_ports():
    c = new_cluster()
    apply(c, """apiVersion: v1
kind: Pod
metadata: {name: bare}
spec:
  containers: [{name: web, image: nginx}]
""")
    assert sh(c, "kubectl expose pod bare --port=80") == (
        "error: couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot "
        "be exposed\n[exit 1]\n")
    sh(c, "kubectl label pod bare app=bare")
    assert sh(c, "kubectl expose pod bare") == "error: couldn't find port via --port flag or introspection\n[exit 1]\n"


def test_it_says_what_it_cannot_expose_and_what_is_missing():
    c = new_cluster()
    assert sh(c, "kubectl expose deployment nosuch --port=80") == (
        'Error from server (NotFound): deployments.apps "nosuch" not found\n[exit 1]\n')
    assert sh(c, "kubectl expose node kind-worker --port=80") == "error: cannot expose a Node\n[exit 1]\n"


def test_it_makes_node_port_and_load_balancer_services_and_dry_runs():
    c = new_cluster()
    sh(c, "kubectl create deployment web --image=nginx")
    assert sh(c, "kubectl expose deployment web --port=80 --type=NodePort --dry-run=client") == \
        "service/web exposed (dry run)\n"
    assert c.store.get("services", "default", "web") is None
    sh(c, "kubectl expose deployment web --port=80 --type=LoadBalancer --name=web-lb")
    assert "<pending>" in sh(c, "kubectl get svc web-lb")
