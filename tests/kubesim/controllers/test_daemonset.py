"""The DaemonSet controller: one pod per eligible node, rolling updates node by node."""

from kubesim.controllers.daemonset import should_run

from .helpers import apply, events, new_cluster, writes_during

DS = """
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: default}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: agent, image: "busybox:1.36", command: [sleep, "3600"]}]}
"""


def nodes_of(cluster):
    return sorted(p["spec"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]
                  ["nodeSelectorTerms"][0]["matchFields"][0]["values"][0]
                  for p in cluster.store.with_labels("pods", "default", {"app": "agent"})
                  if not p["metadata"].get("deletionTimestamp"))


def test_it_runs_one_pod_per_untainted_node_with_the_daemon_tolerations():
    cluster = new_cluster(nodes=3)
    apply(cluster, DS)
    assert nodes_of(cluster) == ["kind-worker", "kind-worker2", "kind-worker3"]  # not the control plane
    pod = cluster.store.with_labels("pods", "default", {"app": "agent"})[0]
    tolerations = {(t["key"], t["effect"]): t for t in pod["spec"]["tolerations"]}
    assert tolerations[("node.kubernetes.io/unreachable", "NoExecute")] == {
        "effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists"}
    assert pod["metadata"]["labels"]["pod-template-generation"] == "1"
    cluster.advance(60)
    status = cluster.store.get("daemonsets", "default", "agent")["status"]
    assert status == {"currentNumberScheduled": 3, "desiredNumberScheduled": 3, "numberMisscheduled": 0,
                      "numberReady": 3, "numberAvailable": 3, "observedGeneration": 1, "updatedNumberScheduled": 3}
    assert all(e.startswith("SuccessfulCreate: Created pod: agent-") for e in events(cluster, "agent"))


def test_it_follows_the_node_selector_and_tolerations():
    cluster = new_cluster(nodes=2)
    apply(cluster, DS.replace("spec: {containers:", 'spec: {tolerations: [{operator: Exists}], containers:'))
    assert nodes_of(cluster) == ["kind-control-plane", "kind-worker", "kind-worker2"]
    ds = {"spec": {"template": {"spec": {"nodeSelector": {"disk": "ssd"}}}}}
    node = cluster.store.get("nodes", "", "kind-worker")
    assert not should_run(ds, node)
    cluster.api.update_status("nodes", {**node, "metadata": {**node["metadata"], "labels": {
        **node["metadata"]["labels"], "disk": "ssd"}}})
    assert should_run(ds, cluster.store.get("nodes", "", "kind-worker"))


def test_it_rolls_an_update_one_node_at_a_time():
    cluster = new_cluster(nodes=3)
    apply(cluster, DS)
    cluster.advance(60)
    old_hash = cluster.store.with_labels("pods", "default", {"app": "agent"})[0]["metadata"]["labels"][
        "controller-revision-hash"]
    unavailable = []
    cluster.store.watch(lambda ch: unavailable.append(
        3 - sum(1 for p in cluster.store.with_labels("pods", "default", {"app": "agent"})
                if not p["metadata"].get("deletionTimestamp") and p["status"].get("phase") == "Running"
                and any(c["type"] == "Ready" and c["status"] == "True" for c in p["status"].get("conditions", [])))),
        "pods")
    ds = cluster.store.get("daemonsets", "default", "agent")
    template = ds["spec"]["template"]
    containers = [{**template["spec"]["containers"][0], "image": "busybox:1.37"}]
    cluster.api.update({**ds, "spec": {**ds["spec"], "template": {**template, "spec": {"containers": containers}}}})
    cluster.advance(120)
    pods = cluster.store.with_labels("pods", "default", {"app": "agent"})
    assert len(pods) == 3 and all(p["metadata"]["labels"]["controller-revision-hash"] != old_hash for p in pods)
    assert max(unavailable) == 1
    assert cluster.store.get("daemonsets", "default", "agent")["status"]["updatedNumberScheduled"] == 3


def test_it_leaves_the_system_daemonsets_untouched_and_does_nothing_when_converged():
    cluster = new_cluster()
    queue = next(ctl for ctl in cluster.controllers if ctl.name == "daemonset-controller")
    for ds in cluster.store.list("daemonsets"):
        queue.enqueue(f"{ds['metadata']['namespace']}/{ds['metadata']['name']}")
    assert writes_during(cluster, cluster.reconcile) == []
    apply(cluster, DS)
    cluster.advance(60)
    queue.enqueue("default/agent")
    assert writes_during(cluster, cluster.reconcile) == []
