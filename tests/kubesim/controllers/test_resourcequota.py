"""The ResourceQuota controller: status.used follows what the namespace holds."""

from .helpers import apply, new_cluster, writes_during

QUOTA = """
apiVersion: v1
kind: ResourceQuota
metadata: {name: compute, namespace: default}
spec: {hard: {pods: "4", requests.cpu: "2", requests.memory: 2Gi, count/deployments.apps: "2"}}
"""


def used(cluster):
    return cluster.store.get("resourcequotas", "default", "compute")["status"]["used"]


def test_it_counts_pods_and_their_requests():
    cluster = new_cluster()
    apply(cluster, QUOTA)
    assert used(cluster) == {"count/deployments.apps": "0", "pods": "0", "requests.cpu": "0",
                             "requests.memory": "0"}
    cluster.run("kubectl create deployment web --image=nginx:1.27 --replicas=3")
    d = cluster.store.get("deployments", "default", "web")
    template = d["spec"]["template"]
    ctr = {**template["spec"]["containers"][0], "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}}}
    cluster.api.update({**d, "spec": {**d["spec"], "template": {**template, "spec": {
        **template["spec"], "containers": [ctr]}}}})
    cluster.advance(120)
    assert used(cluster) == {"count/deployments.apps": "1", "pods": "3", "requests.cpu": "750m",
                             "requests.memory": "768Mi"}
    assert cluster.store.get("resourcequotas", "default", "compute")["status"]["hard"]["pods"] == "4"


def test_it_stops_a_deployment_short_of_its_replicas_at_the_limit():
    cluster = new_cluster()
    apply(cluster, QUOTA)
    cluster.run("kubectl create deployment web --image=nginx:1.27 --replicas=6")
    cluster.advance(60)
    assert used(cluster)["pods"] == "4"
    d = cluster.store.get("deployments", "default", "web")["status"]
    assert d["availableReplicas"] == 4
    failure = next(c for c in d["conditions"] if c["type"] == "ReplicaFailure")
    assert failure["reason"] == "FailedCreate" and "exceeded quota: compute" in failure["message"]


def test_it_does_nothing_when_converged():
    cluster = new_cluster()
    apply(cluster, QUOTA)
    queue = next(ctl for ctl in cluster.controllers if ctl.name == "resourcequota-controller")
    queue.enqueue("default/compute")
    assert writes_during(cluster, cluster.reconcile) == []
