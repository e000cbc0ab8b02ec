"""The StatefulSet controller: the notes' deployment and scaling guarantees, one scenario each
(/work notes lines 133-150: ordered creation, reverse termination, a failure in the middle)."""

from kubesim.controllers import rollout

from .helpers import apply, events, new_cluster, writes_during

STS = """
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web, namespace: default}
spec:
  serviceName: nginx
  replicas: 3
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec: {containers: [{name: nginx, image: "nginx:1.27"}]}
  volumeClaimTemplates:
  - metadata: {name: www}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
"""


def healthy(pod):
    return (pod is not None and pod["status"].get("phase") == "Running"
            and not pod["metadata"].get("deletionTimestamp")
            and any(c["type"] == "Ready" and c["status"] == "True" for c in pod["status"].get("conditions", [])))


class Guarantees:
    """Checks the notes' guarantees at every pod change and records the order of events."""

    def __init__(self, cluster, name="web"):
        self.cluster, self.name, self.log, self.broken = cluster, name, [], []
        self.manual: set[str] = set()  # pods the learner deletes: not the controller's doing
        cluster.store.watch(self.on_pod, "pods")

    def delete_by_hand(self, pod_name):
        self.manual.add(pod_name)
        self.cluster.run(f"kubectl delete pod {pod_name} --wait=false")

    def pod(self, i):
        return self.cluster.store.get("pods", "default", f"{self.name}-{i}")

    def on_pod(self, change):
        pod_name = change.obj["metadata"]["name"]
        if not pod_name.startswith(self.name + "-"):
            return
        i = int(pod_name.rsplit("-", 1)[1])
        if change.type == "ADDED":
            self.log.append(f"create {pod_name}")
            # Before a pod is created, all of its predecessors are Running and Ready.
            if not all(healthy(self.pod(j)) for j in range(i)):
                self.broken.append(f"{pod_name} created before its predecessors were ready")
        elif change.new is not None and change.new["metadata"].get("deletionTimestamp") \
                and not change.old["metadata"].get("deletionTimestamp"):
            self.log.append(f"terminate {pod_name}")
            # Before a pod is terminated, all of its successors are completely shut down.
            if pod_name not in self.manual and any(self.pod(j) is not None for j in range(i + 1, i + 10)):
                self.broken.append(f"{pod_name} terminated before its successors were gone")
            # ... and, scaling down in order, while its predecessors are Running and Ready.
            if pod_name not in self.manual and not all(healthy(self.pod(j)) for j in range(i)):
                self.broken.append(f"{pod_name} terminated while a predecessor was not ready")
        elif change.type == "DELETED":
            self.log.append(f"gone {pod_name}")
            self.manual.discard(pod_name)


def scale(cluster, replicas, name="web"):
    sts = cluster.store.get("statefulsets", "default", name)
    cluster.api.update({**sts, "spec": {**sts["spec"], "replicas": replicas}})
    cluster.reconcile()


def sts_status(cluster, name="web"):
    return cluster.store.get("statefulsets", "default", name)["status"]


def test_it_creates_pods_in_order_each_after_the_previous_is_ready():
    cluster = new_cluster()
    watch = Guarantees(cluster)
    apply(cluster, STS)
    assert [p["metadata"]["name"] for p in cluster.store.list("pods", "default")] == ["web-0"]
    cluster.advance(60)
    assert watch.log == ["create web-0", "create web-1", "create web-2"] and watch.broken == []
    web1 = cluster.store.get("pods", "default", "web-1")
    assert web1["spec"]["hostname"] == "web-1" and web1["spec"]["subdomain"] == "nginx"
    labels = web1["metadata"]["labels"]
    assert labels["statefulset.kubernetes.io/pod-name"] == "web-1" and labels["apps.kubernetes.io/pod-index"] == "1"
    assert labels["controller-revision-hash"] == sts_status(cluster)["updateRevision"]
    assert {v["name"]: v.get("persistentVolumeClaim") for v in web1["spec"]["volumes"]}["www"] == {
        "claimName": "www-web-1"}
    st = sts_status(cluster)
    assert (st["replicas"], st["readyReplicas"], st["currentReplicas"], st["updatedReplicas"],
            st["availableReplicas"]) == (3, 3, 3, 3, 3)
    assert st["currentRevision"] == st["updateRevision"]
    assert events(cluster, "web")[:2] == ["SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success",
                                          "SuccessfulCreate: create Pod web-0 in StatefulSet web successful"]


def test_it_waits_for_a_failed_web_0_before_launching_web_2():
    cluster = new_cluster()
    watch = Guarantees(cluster)
    apply(cluster, STS)
    while cluster.store.get("pods", "default", "web-1") is None:
        cluster.step()
    # web-0 fails while web-1 starts: web-2 must wait until web-0 is back, Running and Ready.
    watch.delete_by_hand("web-0")
    cluster.advance(120)
    assert watch.broken == []
    assert watch.log.index("gone web-0") < watch.log.index("create web-2")
    assert sts_status(cluster)["readyReplicas"] == 3


def test_it_terminates_in_reverse_order_one_at_a_time_and_keeps_the_claims():
    cluster = new_cluster()
    watch = Guarantees(cluster)
    apply(cluster, STS)
    cluster.advance(60)
    scale(cluster, 1)
    cluster.advance(120)
    assert watch.log[3:] == ["terminate web-2", "gone web-2", "terminate web-1", "gone web-1"]
    assert watch.broken == []
    claims = [c["metadata"]["name"] for c in cluster.store.list("persistentvolumeclaims", "default")]
    assert claims == ["www-web-0", "www-web-1", "www-web-2"]


def test_it_waits_for_a_failed_web_0_before_terminating_web_1():
    cluster = new_cluster()
    watch = Guarantees(cluster)
    apply(cluster, STS)
    cluster.advance(60)
    scale(cluster, 1)
    # web-0 fails while web-2 shuts down (the simulator has no gap between web-2 being gone
    # and web-1's termination): when web-2 is gone, web-1 must wait for web-0 to be back.
    watch.delete_by_hand("web-0")
    cluster.advance(120)
    log = watch.log[3:]
    assert log[:2] == ["terminate web-2", "terminate web-0"] and watch.broken == []
    assert log.index("gone web-2") < log.index("create web-0") < log.index("terminate web-1")
    assert [p["metadata"]["name"] for p in cluster.store.list("pods", "default")] == ["web-0"]


def test_it_creates_and_deletes_all_at_once_when_parallel():
    cluster = new_cluster()
    apply(cluster, STS.replace("replicas: 3", "replicas: 3\n  podManagementPolicy: Parallel"))
    assert sorted(p["metadata"]["name"] for p in cluster.store.list("pods", "default")) == ["web-0", "web-1", "web-2"]
    cluster.advance(60)
    scale(cluster, 0)
    assert all(p["metadata"].get("deletionTimestamp") for p in cluster.store.list("pods", "default"))


def test_it_rolls_an_update_from_the_highest_ordinal_down_to_the_partition():
    cluster = new_cluster()
    apply(cluster, STS.replace("replicas: 3", "replicas: 3\n  updateStrategy: {type: RollingUpdate, "
                                              "rollingUpdate: {partition: 1}}"))
    cluster.advance(60)
    watch = Guarantees(cluster)
    sts = cluster.store.get("statefulsets", "default", "web")
    template = sts["spec"]["template"]
    containers = [{**template["spec"]["containers"][0], "image": "nginx:1.29"}]
    cluster.api.update({**sts, "spec": {**sts["spec"], "template": {**template, "spec": {"containers": containers}}}})
    cluster.reconcile()
    cluster.advance(120)
    assert watch.log == ["terminate web-2", "gone web-2", "create web-2", "terminate web-1", "gone web-1",
                         "create web-1"]
    images = [p["spec"]["containers"][0]["image"] for p in cluster.store.list("pods", "default")]
    assert images == ["nginx:1.27", "nginx:1.29", "nginx:1.29"]
    st = sts_status(cluster)
    assert st["updatedReplicas"] == 2 and st["currentReplicas"] == 1 and st["currentRevision"] != st["updateRevision"]
    assert rollout.statefulset_status(cluster, "default", "web") == (
        "partitioned roll out complete: 2 new pods have been updated...", True)
    # web-0 deleted by hand comes back at the current revision: it is below the partition.
    cluster.run("kubectl delete pod web-0 --wait=false")
    cluster.advance(60)
    assert cluster.store.get("pods", "default", "web-0")["spec"]["containers"][0]["image"] == "nginx:1.27"


def test_it_updates_a_pod_only_when_deleted_with_on_delete():
    cluster = new_cluster()
    apply(cluster, STS.replace("replicas: 3", "replicas: 2\n  updateStrategy: {type: OnDelete}"))
    cluster.advance(60)
    sts = cluster.store.get("statefulsets", "default", "web")
    template = sts["spec"]["template"]
    containers = [{**template["spec"]["containers"][0], "image": "nginx:1.29"}]
    cluster.api.update({**sts, "spec": {**sts["spec"], "template": {**template, "spec": {"containers": containers}}}})
    cluster.advance(60)
    assert [p["spec"]["containers"][0]["image"] for p in cluster.store.list("pods", "default")] == ["nginx:1.27"] * 2
    cluster.run("kubectl delete pod web-1 --wait=false")
    cluster.advance(60)
    assert [p["spec"]["containers"][0]["image"] for p in cluster.store.list("pods", "default")] == [
        "nginx:1.27", "nginx:1.29"]


def test_it_does_nothing_when_converged():
    cluster = new_cluster()
    apply(cluster, STS)
    cluster.advance(120)
    queue = next(ctl for ctl in cluster.controllers if ctl.name == "statefulset-controller")
    queue.enqueue("default/web")
    assert writes_during(cluster, cluster.reconcile) == []
    assert writes_during(cluster, lambda: cluster.advance(900)) == []
