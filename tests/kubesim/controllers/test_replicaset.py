"""The ReplicaSet and ReplicationController controllers, as a learner sees them."""

from kubesim.controllers.replicaset import deletion_rank

from .helpers import apply, events, new_cluster, pods_of, writes_during

RS = """
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: frontend, namespace: default}
spec:
  replicas: 3
  selector: {matchLabels: {tier: frontend}}
  template:
    metadata: {labels: {tier: frontend}}
    spec: {containers: [{name: php, image: nginx:1.27}]}
"""


def rs_status(cluster, name="frontend"):
    return cluster.store.get("replicasets", "default", name)["status"]


def scale(cluster, name, replicas, plural="replicasets"):
    obj = cluster.store.get(plural, "default", name)
    cluster.api.update({**obj, "spec": {**obj["spec"], "replicas": replicas}})
    cluster.reconcile()


def test_it_names_pods_after_the_replicaset_and_owns_them():
    cluster = new_cluster()
    rs = apply(cluster, RS)
    pods = pods_of(cluster, rs)
    assert len(pods) == 3
    for pod in pods:
        name = pod["metadata"]["name"]
        assert name.startswith("frontend-") and len(name) == len("frontend-") + 5
        assert pod["metadata"]["ownerReferences"] == [{
            "apiVersion": "apps/v1", "blockOwnerDeletion": True, "controller": True, "kind": "ReplicaSet",
            "name": "frontend", "uid": rs["metadata"]["uid"]}]
    created = sorted(e for e in events(cluster, "frontend"))
    assert created == sorted(f"SuccessfulCreate: Created pod: {p['metadata']['name']}" for p in pods)


def test_it_reports_ready_and_available_replicas():
    cluster = new_cluster()
    apply(cluster, RS)
    assert rs_status(cluster) == {"replicas": 3, "fullyLabeledReplicas": 3, "observedGeneration": 1}
    cluster.advance(30)
    assert rs_status(cluster) == {"replicas": 3, "fullyLabeledReplicas": 3, "readyReplicas": 3,
                                  "availableReplicas": 3, "observedGeneration": 1}


def test_it_counts_a_pod_available_only_after_min_ready_seconds():
    cluster = new_cluster()
    apply(cluster, RS.replace("replicas: 3", "replicas: 3\n  minReadySeconds: 10"))
    cluster.advance(10)
    assert rs_status(cluster).get("readyReplicas") == 3
    assert "availableReplicas" not in rs_status(cluster)
    cluster.advance(20)
    assert rs_status(cluster)["availableReplicas"] == 3


def test_it_replaces_a_deleted_pod():
    cluster = new_cluster()
    rs = apply(cluster, RS)
    cluster.advance(30)
    victim = pods_of(cluster, rs)[0]["metadata"]["name"]
    cluster.run(f"kubectl delete pod {victim} --wait=false")
    live = [p for p in pods_of(cluster, rs) if not p["metadata"].get("deletionTimestamp")]
    assert len(live) == 3 and victim not in [p["metadata"]["name"] for p in live]
    assert rs_status(cluster)["replicas"] == 3  # the terminating pod is not counted


def test_it_deletes_the_pod_that_is_not_running_first_when_scaling_down():
    cluster = new_cluster()
    apply(cluster, """
apiVersion: v1
kind: Pod
metadata: {name: stuck, namespace: default, labels: {tier: frontend}}
spec: {containers: [{name: php, image: "nginx:1.161"}]}
""")
    rs = apply(cluster, RS)
    cluster.advance(30)
    assert cluster.store.get("pods", "default", "stuck")["status"]["phase"] == "Pending"
    scale(cluster, "frontend", 2)
    deleted = [p["metadata"]["name"] for p in pods_of(cluster, rs) if p["metadata"].get("deletionTimestamp")]
    assert deleted == ["stuck"] or cluster.store.get("pods", "default", "stuck") is None
    assert "SuccessfulDelete: Deleted pod: stuck" in events(cluster, "frontend")


def test_it_ranks_unscheduled_then_pending_then_unready_then_newer_pods_first():
    def pod(name, node="", phase="Running", ready=True, created="2026-01-01T00:00:00Z"):
        conds = [{"type": "Ready", "status": "True" if ready else "False", "lastTransitionTime": created}]
        return {"metadata": {"name": name, "uid": name, "creationTimestamp": created},
                "spec": {"nodeName": node}, "status": {"phase": phase, "conditions": conds}}
    pods = [pod("old", "n1"), pod("unscheduled", phase="Pending", ready=False),
            pod("pending", "n1", phase="Pending", ready=False), pod("unready", "n1", ready=False),
            pod("new", "n1", created="2026-01-01T01:00:00Z")]
    now = 2 * 3600 * 1000
    order = [p["metadata"]["name"] for p in sorted(pods, key=lambda p: deletion_rank(p, {}, now))]
    assert order == ["unscheduled", "pending", "unready", "new", "old"]


def test_it_adopts_a_matching_bare_pod_and_releases_a_relabeled_one():
    cluster = new_cluster()
    apply(cluster, """
apiVersion: v1
kind: Pod
metadata: {name: pod1, namespace: default, labels: {tier: frontend}}
spec: {containers: [{name: php, image: nginx:1.27}]}
""")
    rs = apply(cluster, RS)
    names = sorted(p["metadata"]["name"] for p in pods_of(cluster, rs))
    assert "pod1" in names and len(names) == 3
    pod = cluster.store.get("pods", "default", "pod1")
    cluster.api.update({**pod, "metadata": {**pod["metadata"], "labels": {"tier": "debug"}}})
    cluster.reconcile()
    assert "ownerReferences" not in cluster.store.get("pods", "default", "pod1")["metadata"]
    assert len(pods_of(cluster, rs)) == 3


def test_it_deletes_a_bare_pod_created_after_it_beyond_the_replicas():
    cluster = new_cluster()
    apply(cluster, RS)
    cluster.advance(30)
    apply(cluster, """
apiVersion: v1
kind: Pod
metadata: {name: pod2, namespace: default, labels: {tier: frontend}}
spec: {containers: [{name: php, image: nginx:1.27}]}
""")
    # Adopted, then deleted: it is the newest and not ready, so it ranks first.
    pod = cluster.store.get("pods", "default", "pod2")
    assert pod is None or pod["metadata"].get("deletionTimestamp")
    assert "SuccessfulDelete: Deleted pod: pod2" in events(cluster, "frontend")


def test_it_reports_failed_create_when_a_quota_refuses_pods():
    cluster = new_cluster()
    apply(cluster, """
apiVersion: v1
kind: ResourceQuota
metadata: {name: pods, namespace: default}
spec: {hard: {pods: "2"}}
""")
    rs = apply(cluster, RS)
    assert len(pods_of(cluster, rs)) == 2
    failures = events(cluster, "frontend", "FailedCreate")
    assert failures and failures[0].startswith('FailedCreate: Error creating: pods "frontend-')
    assert failures[0].endswith("is forbidden: exceeded quota: pods, requested: pods=1, used: pods=2, "
                                "limited: pods=2")
    cond = cluster.store.get("replicasets", "default", "frontend")["status"]["conditions"][0]
    assert (cond["type"], cond["status"], cond["reason"]) == ("ReplicaFailure", "True", "FailedCreate")


def test_it_does_nothing_when_converged():
    cluster = new_cluster()
    apply(cluster, RS)
    cluster.advance(30)
    assert writes_during(cluster, lambda: cluster.advance(600)) == []
    rs = cluster.store.get("replicasets", "default", "frontend")
    queue = next(ctl for ctl in cluster.controllers if ctl.name == "replicaset-controller")
    queue.enqueue("default/frontend")
    assert writes_during(cluster, cluster.reconcile) == []
    assert cluster.store.get("replicasets", "default", "frontend") is rs


def test_it_runs_a_replication_controller_with_an_equality_selector():
    cluster = new_cluster()
    rc = apply(cluster, """
apiVersion: v1
kind: ReplicationController
metadata: {name: nginx, namespace: default}
spec:
  replicas: 2
  selector: {app: nginx}
  template:
    metadata: {labels: {app: nginx}}
    spec: {containers: [{name: nginx, image: nginx}]}
""")
    cluster.advance(30)
    assert len(pods_of(cluster, rc)) == 2
    assert all(p["metadata"]["name"].startswith("nginx-") for p in pods_of(cluster, rc))
    assert cluster.store.get("replicationcontrollers", "default", "nginx")["status"]["readyReplicas"] == 2
    scale(cluster, "nginx", 1, "replicationcontrollers")
    assert events(cluster, "nginx", "SuccessfulDelete")
