"""The namespace controller: a Terminating namespace is emptied, then goes."""

from .helpers import new_cluster, writes_during


def test_it_empties_a_terminating_namespace_then_removes_it():
    cluster = new_cluster()
    cluster.run("kubectl create namespace dev")
    cluster.run("kubectl create deployment web --image=nginx:1.27 --replicas=2 -n dev")
    cluster.advance(30)
    cluster.run("kubectl delete namespace dev --wait=false")
    ns = cluster.store.get("namespaces", "", "dev")
    assert ns["status"]["phase"] == "Terminating" and ns["spec"]["finalizers"] == ["kubernetes"]
    remaining = {c["type"]: (c["status"], c["reason"], c["message"]) for c in ns["status"]["conditions"]}
    assert remaining["NamespaceContentRemaining"] == (
        "True", "SomeResourcesRemain", "Some resources are remaining: pods. has 2 resource instances")
    assert remaining["NamespaceDeletionDiscoveryFailure"][:2] == ("False", "ResourcesDiscovered")
    result = cluster.run("kubectl create configmap x -n dev")
    assert "unable to create new content in namespace dev because it is being terminated" in result.stderr
    cluster.advance(60)
    assert cluster.store.get("namespaces", "", "dev") is None
    assert all(not cluster.store.list(p, "dev") for p in cluster.store.plurals())


def test_it_does_nothing_when_converged():
    cluster = new_cluster()
    queue = next(ctl for ctl in cluster.controllers if ctl.name == "namespace-controller")
    for ns in cluster.store.list("namespaces"):
        queue.enqueue(ns["metadata"]["name"])
    assert writes_during(cluster, cluster.reconcile) == []
