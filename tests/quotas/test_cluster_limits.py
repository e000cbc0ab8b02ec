"""The simulator's own limits on one cluster's size: pods and objects, refused the way an API
server refuses a create past a ResourceQuota, and kept in the cluster's snapshot."""

import time

from kubesim.apiserver.limits import Limits
from kubesim.cluster import Cluster

LIMITED = Limits(objects=120, pods=30)


def limited(limits=LIMITED) -> Cluster:
    return Cluster(5, 2, limits=limits)


def test_a_pod_past_the_limit_is_refused_like_a_quota_with_the_fix():
    cluster = limited()
    system_pods = cluster.store.count("pods")
    for n in range(LIMITED.pods - system_pods):
        assert cluster.run(f"kubectl run p{n} --image=nginx").exit_code == 0
    refused = cluster.run("kubectl run one-more --image=nginx")
    assert refused.exit_code == 1
    assert refused.stderr == (
        'Error from server (Forbidden): pods "one-more" is forbidden: exceeded sandbox limit, requested: pods=1, '
        "used: pods=30, limited: pods=30 (this sandbox holds at most 30 pods; delete some to make room)\n")
    cluster.run("kubectl delete pod p0 --wait=false --grace-period=0 --force")
    assert cluster.run("kubectl run one-more --image=nginx").exit_code == 0


def test_a_deployment_of_ten_thousand_replicas_stops_at_the_pod_limit_and_says_why():
    cluster = limited(Limits(objects=500, pods=200))
    started = time.process_time()
    created = cluster.run("kubectl create deployment web --image=nginx --replicas=10000")
    assert created.exit_code == 0
    assert ("Warning: spec.replicas: 10000 is more than this sandbox's limit of 200 pods; "
            "pods past the limit will not be created") in created.stderr
    cluster.advance(600)
    assert cluster.store.count("pods") == 200
    failures = [e for e in cluster.store.list("events", "default") if e["reason"] == "FailedCreate"]
    assert len(failures) == 1  # one event series, counted up, not one event per retry
    assert failures[0]["message"].startswith('Error creating: pods "web-')
    assert "exceeded sandbox limit" in failures[0]["message"]
    described = cluster.run("kubectl describe deployment web").stdout
    assert "ReplicaFailure   True    FailedCreate" in described
    assert time.process_time() - started < 10  # measured ~1 s: bounded, not eating the server


def test_scaling_past_the_limit_warns_and_scaling_within_it_does_not():
    cluster = limited()
    cluster.run("kubectl create deployment web --image=nginx --replicas=2")
    assert "more than this sandbox's limit of 30 pods" in cluster.run(
        "kubectl scale deployment web --replicas=500").stderr
    assert cluster.run("kubectl scale deployment web --replicas=3").stderr == ""


def test_objects_past_the_limit_are_refused_whatever_their_kind():
    cluster = limited()
    count = sum(cluster.store.count(p) for p in cluster.store.plurals() if p != "events")
    for n in range(LIMITED.objects - count):
        assert cluster.run(f"kubectl create configmap c{n}").exit_code == 0
    refused = cluster.run("kubectl create secret generic s --from-literal=a=b")
    assert refused.stderr == (
        'Error from server (Forbidden): secrets "s" is forbidden: exceeded sandbox limit, requested: objects=1, '
        "used: objects=120, limited: objects=120 (this sandbox holds at most 120 objects; delete some to make room)\n")


def test_the_limits_survive_a_snapshot_and_a_replay_refuses_what_the_original_did():
    cluster = limited()
    cluster.run("kubectl create deployment web --image=nginx --replicas=100")
    cluster.advance(60)
    loaded = Cluster.from_bytes(cluster.to_bytes())
    assert loaded.limits == LIMITED
    assert "exceeded sandbox limit" in loaded.run("kubectl run extra --image=nginx").stderr
    assert cluster.verify()


def test_a_cluster_without_limits_is_as_before():
    cluster = Cluster(5, 2)
    assert cluster.limits is None
    assert "limits" not in cluster.snapshot()
    cluster.run("kubectl create deployment web --image=nginx --replicas=300")
    assert cluster.run("kubectl get deployment web").exit_code == 0
