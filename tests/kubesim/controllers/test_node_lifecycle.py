"""The node lifecycle controller: a stopped kubelet, unreachable taints, evictions, return."""

from kubesim.controllers.node_lifecycle import toleration_seconds

from .helpers import new_cluster, writes_during


def node(cluster, name="kind-worker"):
    return cluster.store.get("nodes", "", name)


def ready(cluster, name="kind-worker"):
    cond = next(c for c in node(cluster, name)["status"]["conditions"] if c["type"] == "Ready")
    return cond["status"], cond["reason"], cond["message"]


def pods_on(cluster, name="kind-worker", namespace="default"):
    return [p for p in cluster.store.list("pods", namespace) if p["spec"].get("nodeName") == name]


def test_it_marks_a_silent_node_unknown_after_the_grace_period_and_taints_it():
    cluster = new_cluster()
    cluster.run("kubectl create deployment web --image=nginx:1.27 --replicas=2")
    cluster.advance(30)
    cluster.run("cluster node stop kind-worker")
    cluster.advance(45)
    assert ready(cluster)[0] == "True"  # the last renewal was at 30 s: 50 s have not passed yet
    cluster.advance(10)
    assert ready(cluster) == ("Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.")
    assert all(c["status"] == "Unknown" for c in node(cluster)["status"]["conditions"])
    taints = [(t["key"], t["effect"]) for t in node(cluster)["spec"]["taints"]]
    assert taints == [("node.kubernetes.io/unreachable", "NoSchedule"),
                      ("node.kubernetes.io/unreachable", "NoExecute")]
    (pod,) = pods_on(cluster)
    assert next(c for c in pod["status"]["conditions"] if c["type"] == "Ready")["status"] == "False"


def test_it_evicts_pods_after_300_seconds_and_the_replicaset_replaces_them():
    cluster = new_cluster()
    cluster.run("kubectl create deployment web --image=nginx:1.27 --replicas=2")
    cluster.advance(30)
    (victim,) = pods_on(cluster)
    cluster.run("cluster node stop kind-worker")
    cluster.advance(340)  # now 370 s: unreachable since 80 s, eviction due at 380 s
    assert not cluster.store.get("pods", "default", victim["metadata"]["name"])["metadata"].get("deletionTimestamp")
    cluster.advance(15)
    gone = cluster.store.get("pods", "default", victim["metadata"]["name"])
    assert gone["metadata"].get("deletionTimestamp")  # Terminating: the kubelet cannot confirm
    live = [p for p in cluster.store.list("pods", "default") if not p["metadata"].get("deletionTimestamp")]
    assert len(live) == 2 and all(p["spec"].get("nodeName") != "kind-worker" for p in live if p["spec"].get("nodeName"))
    cluster.run("cluster node start kind-worker")
    cluster.advance(60)
    assert ready(cluster)[0] == "True" and "taints" not in node(cluster)["spec"]
    assert cluster.store.get("pods", "default", victim["metadata"]["name"]) is None


def test_it_keeps_daemon_pods_and_counts_tolerations():
    taint = {"key": "node.kubernetes.io/unreachable", "effect": "NoExecute"}
    assert toleration_seconds({"spec": {"tolerations": [
        {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
         "tolerationSeconds": 300}]}}, taint) == 300
    assert toleration_seconds({"spec": {"tolerations": [{"operator": "Exists"}]}}, taint) is None
    assert toleration_seconds({"spec": {}}, taint) == 0


def test_it_taints_a_cordoned_node():
    cluster = new_cluster()
    n = node(cluster)
    cluster.api.update({**n, "spec": {**n["spec"], "unschedulable": True}})
    cluster.reconcile()
    assert [(t["key"], t["effect"]) for t in node(cluster)["spec"]["taints"]] == [
        ("node.kubernetes.io/unschedulable", "NoSchedule")]


def test_it_deletes_pods_of_a_deleted_node_after_the_quarantine():
    cluster = new_cluster()
    cluster.run("kubectl create deployment web --image=nginx:1.27 --replicas=2")
    cluster.advance(30)
    cluster.run("kubectl delete node kind-worker")
    # The pod GC runs at 40 s, quarantines the missing node for 40 s, and deletes at 80 s.
    failed = []
    cluster.store.watch(lambda ch: failed.append((cluster.clock.now, ch.new["status"]["conditions"][-1]))
                        if ch.new is not None and ch.new["status"].get("phase") == "Failed"
                        and ch.new["metadata"]["namespace"] == "default" else None, "pods")
    cluster.advance(49.9)
    assert len(pods_on(cluster)) == 1 and failed == []
    cluster.advance(0.1)
    assert pods_on(cluster) == []
    assert [(at, c["type"], c["reason"], c["message"]) for at, c in failed] == [
        (80_000, "DisruptionTarget", "DeletionByPodGC", "PodGC: node no longer exists")]
    assert len([p for p in cluster.store.list("pods", "default") if p["spec"].get("nodeName")]) == 2


def test_the_pod_gc_stops_running_when_no_pod_is_left_on_a_missing_node():
    cluster = new_cluster()
    cluster.run("kubectl create deployment web --image=nginx:1.27 --replicas=2")
    cluster.advance(30)
    cluster.run("kubectl delete node kind-worker")
    cluster.advance(60)
    assert not any(row[3] == "pod-gc/tick" for row in cluster.clock.dump()["queue"])


def test_it_does_nothing_when_converged():
    cluster = new_cluster()
    queue = next(ctl for ctl in cluster.controllers if ctl.name == "node-controller")
    for n in cluster.store.list("nodes"):
        queue.enqueue(n["metadata"]["name"])
    assert writes_during(cluster, cluster.reconcile) == []
