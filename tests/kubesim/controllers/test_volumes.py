"""Volumes: WaitForFirstConsumer with the standard class, static binding, reclaim policies."""

from .helpers import apply, events, new_cluster, writes_during
from .test_statefulset import STS

CLAIM = """
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: default}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
"""
POD = """
apiVersion: v1
kind: Pod
metadata: {name: user, namespace: default}
spec:
  containers: [{name: app, image: "nginx:1.27", volumeMounts: [{name: d, mountPath: /data}]}]
  volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]
"""


def claim(cluster, name="data"):
    return cluster.store.get("persistentvolumeclaims", "default", name)


def test_it_waits_for_the_first_consumer_then_provisions_and_binds():
    cluster = new_cluster()
    apply(cluster, CLAIM)
    assert claim(cluster)["status"]["phase"] == "Pending"
    assert claim(cluster)["spec"]["storageClassName"] == "standard"
    assert events(cluster, "data") == [
        "WaitForFirstConsumer: waiting for first consumer to be created before binding"]
    apply(cluster, POD)
    pvc = claim(cluster)
    pv_name = f"pvc-{pvc['metadata']['uid']}"
    assert pvc["status"]["phase"] == "Bound" and pvc["spec"]["volumeName"] == pv_name
    node = cluster.store.get("pods", "default", "user")["spec"]["nodeName"]
    assert pvc["metadata"]["annotations"]["volume.kubernetes.io/selected-node"] == node
    pv = cluster.store.get("persistentvolumes", "", pv_name)
    assert pv["status"]["phase"] == "Bound" and pv["spec"]["persistentVolumeReclaimPolicy"] == "Delete"
    assert pv["spec"]["claimRef"]["name"] == "data" and pv["spec"]["capacity"] == {"storage": "1Gi"}
    assert f"ProvisioningSucceeded: Successfully provisioned volume {pv_name}" in events(cluster, "data")


def test_it_keeps_statefulset_claims_bound_on_scale_down():
    cluster = new_cluster()
    apply(cluster, STS)
    cluster.advance(60)
    claims = cluster.store.list("persistentvolumeclaims", "default")
    assert [(c["metadata"]["name"], c["status"]["phase"]) for c in claims] == [
        ("www-web-0", "Bound"), ("www-web-1", "Bound"), ("www-web-2", "Bound")]
    sts = cluster.store.get("statefulsets", "default", "web")
    cluster.api.update({**sts, "spec": {**sts["spec"], "replicas": 1}})
    cluster.advance(60)
    assert [c["status"]["phase"] for c in cluster.store.list("persistentvolumeclaims", "default")] == ["Bound"] * 3


def test_it_binds_a_static_volume_and_retains_it_after_the_claim_goes():
    cluster = new_cluster()
    apply(cluster, """
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-small}
spec: {capacity: {storage: 2Gi}, accessModes: [ReadWriteOnce], persistentVolumeReclaimPolicy: Retain,
       storageClassName: manual, hostPath: {path: /mnt/data}}
""")
    assert cluster.store.get("persistentvolumes", "", "pv-small")["status"]["phase"] == "Available"
    apply(cluster, CLAIM.replace("spec: {", "spec: {storageClassName: manual, "))
    assert claim(cluster)["status"]["phase"] == "Bound" and claim(cluster)["spec"]["volumeName"] == "pv-small"
    cluster.run("kubectl delete pvc data --wait=false")
    cluster.advance(5)
    assert claim(cluster) is None
    assert cluster.store.get("persistentvolumes", "", "pv-small")["status"]["phase"] == "Released"


def test_it_deletes_a_provisioned_volume_with_its_claim():
    cluster = new_cluster()
    apply(cluster, CLAIM)
    apply(cluster, POD)
    pv_name = claim(cluster)["spec"]["volumeName"]
    cluster.run("kubectl delete pvc data --wait=false")
    assert claim(cluster)["metadata"].get("deletionTimestamp")  # in use: pvc-protection holds it
    cluster.run("kubectl delete pod user --wait=false")
    cluster.advance(60)
    assert claim(cluster) is None
    assert cluster.store.get("persistentvolumes", "", pv_name) is None


def test_it_does_nothing_when_converged():
    cluster = new_cluster()
    apply(cluster, CLAIM)
    apply(cluster, POD)
    cluster.advance(60)
    queue = next(ctl for ctl in cluster.controllers if ctl.name == "persistentvolume-controller")
    queue.enqueue("pvc|default/data")
    queue.enqueue("pv|" + claim(cluster)["spec"]["volumeName"])
    assert writes_during(cluster, cluster.reconcile) == []


def test_a_pod_waits_for_its_unbound_immediate_claim_and_schedules_once_it_binds():
    cluster = new_cluster()
    cluster.run("kubectl annotate storageclass standard storageclass.kubernetes.io/is-default-class-")
    apply(cluster, CLAIM)  # no class: it must be bound before its pod may be scheduled
    apply(cluster, POD)
    cluster.advance(30)
    pod = cluster.store.get("pods", "default", "user")
    assert not pod["spec"].get("nodeName")
    scheduled = next(c for c in pod["status"]["conditions"] if c["type"] == "PodScheduled")
    assert scheduled["reason"] == "Unschedulable"
    assert scheduled["message"].startswith("0/3 nodes are available: pod has unbound immediate "
                                           "PersistentVolumeClaims. ")
    assert scheduled["message"].endswith("preemption: 0/3 nodes are available: 3 Preemption is not helpful "
                                         "for scheduling.")
    apply(cluster, """
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-any}
spec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /mnt/data}}
""")
    assert claim(cluster)["spec"]["volumeName"] == "pv-any"
    assert cluster.store.get("pods", "default", "user")["spec"]["nodeName"]  # tried again when the claim bound


def test_a_claim_being_deleted_keeps_a_new_pod_pending():
    cluster = new_cluster()
    apply(cluster, CLAIM)
    apply(cluster, POD)
    cluster.run("kubectl delete pvc data --wait=false")  # its first user keeps it (pvc-protection)
    apply(cluster, POD.replace("name: user", "name: second"))
    conditions = cluster.store.get("pods", "default", "second")["status"]["conditions"]
    assert conditions[0]["message"].startswith('0/3 nodes are available: persistentvolumeclaim "data" is being '
                                               'deleted. ')


def test_a_pod_created_before_its_claim_schedules_when_the_claim_appears():
    cluster = new_cluster()
    apply(cluster, POD)
    conditions = cluster.store.get("pods", "default", "user")["status"]["conditions"]
    assert conditions[0]["message"].startswith('0/3 nodes are available: persistentvolumeclaim "data" not found. ')
    apply(cluster, CLAIM)
    assert cluster.store.get("pods", "default", "user")["spec"]["nodeName"]
    assert claim(cluster)["status"]["phase"] == "Bound"
