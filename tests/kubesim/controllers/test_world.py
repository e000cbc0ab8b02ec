"""The default world is converged: the controllers leave it untouched at time zero and later."""

from .helpers import new_cluster, writes_during


def test_it_leaves_the_default_world_untouched():
    cluster = new_cluster(nodes=3)
    watched = {"replicaset-controller": "replicasets", "deployment-controller": "deployments",
               "daemonset-controller": "daemonsets", "namespace-controller": "namespaces",
               "serviceaccount-controller": "namespaces", "node-controller": "nodes"}
    for ctl in cluster.controllers:
        for obj in cluster.store.list(watched.get(ctl.name, "-")):
            meta = obj["metadata"]
            ctl.enqueue(f"{meta['namespace']}/{meta['name']}" if meta.get("namespace") else meta["name"])
    assert writes_during(cluster, cluster.reconcile) == []
    assert writes_during(cluster, lambda: cluster.advance(600)) == []
