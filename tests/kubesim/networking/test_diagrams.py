"""Diagrams: the topology and a request's path as DOT, with stable ids and escaped names."""

from kubesim import diagrams

from .helpers import apply, new_cluster, sh, web


def test_it_draws_services_pods_and_nodes_with_stable_ids():
    c = web(new_cluster(), replicas=2)
    first = diagrams.topology(c)
    pod = c.store.with_labels("pods", "default", {"app": "web"})[0]["metadata"]["name"]
    assert f'"pod/default/{pod}"' in first
    assert '"svc/default/web" -> "pod/default/' in first
    assert 'subgraph "cluster_node/kind-worker"' in first
    sh(c, "kubectl label pod " + pod + " extra=1")
    assert f'"pod/default/{pod}"' in diagrams.topology(c)


def test_it_collapses_many_pods_of_one_replicaset_into_a_counted_node():
    c = web(new_cluster(), replicas=10)
    dot = diagrams.topology(c)
    assert "pods, " in dot and dot.count('"pod/default/web-') == 0


def test_it_draws_a_request_path_with_the_same_ids_and_reasons():
    c = web(new_cluster())
    sh(c, "kubectl expose deployment web --name=np --type=NodePort --port=80")
    port = c.store.get("services", "default", "np")["spec"]["ports"][0]["nodePort"]
    sh(c, f"curl -s http://172.18.0.3:{port}/")
    dot = diagrams.request_path(c.network.last_trace)
    assert '"client/workstation" -> "node/kind-worker"' in dot
    assert '"svc/default/np"' in dot
    assert "200 OK" in dot
    assert c.network.last_trace.as_dict()["hops"][0] == {
        "kind": "client", "id": "client/workstation", "label": "172.18.0.1",
        "reason": "the request starts at the workstation"}


def test_it_escapes_names_that_look_like_dot():
    c = new_cluster()
    apply(c, """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: evil}
spec:
  rules:
  - host: 'a.example.com'
    http:
      paths:
      - path: '/x"];\\\\n'
        pathType: ImplementationSpecific
        backend: {service: {name: web, port: {number: 80}}}
""")
    dot = diagrams.topology(c)
    assert '"ing/default/evil" -> "svc/default/web"' in dot
    assert '/x\\"];' in dot
