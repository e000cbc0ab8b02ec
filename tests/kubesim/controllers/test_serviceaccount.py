"""The ServiceAccount controller and the root CA publisher."""

from .helpers import new_cluster, writes_during


def test_it_gives_a_new_namespace_its_default_service_account_and_root_ca():
    cluster = new_cluster()
    cluster.run("kubectl create namespace dev")
    assert cluster.store.get("serviceaccounts", "dev", "default") is not None
    assert "ca.crt" in cluster.store.get("configmaps", "dev", "kube-root-ca.crt")["data"]
    cluster.run("kubectl delete serviceaccount default -n dev")
    assert cluster.store.get("serviceaccounts", "dev", "default") is not None


def test_it_does_nothing_when_converged():
    cluster = new_cluster()
    queue = next(ctl for ctl in cluster.controllers if ctl.name == "serviceaccount-controller")
    for ns in cluster.store.list("namespaces"):
        queue.enqueue(ns["metadata"]["name"])
    assert writes_during(cluster, cluster.reconcile) == []
