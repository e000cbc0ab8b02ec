"""The Deployment controller: rollouts step by step, as the notes and the docs show them."""

import json

import pytest

from kubesim.controllers import deployment_util as du
from kubesim.controllers import rollout

from .helpers import deployment, events, new_cluster, resume, writes_during


def create(cluster, **kw):
    d = cluster.api.create(deployment(**kw))
    cluster.reconcile()
    return d


def edit(cluster, name="web", **spec):
    d = cluster.store.get("deployments", "default", name)
    cluster.api.update({**d, "spec": {**d["spec"], **spec}})
    cluster.reconcile()


def set_image(cluster, image, name="web"):
    d = cluster.store.get("deployments", "default", name)
    template = d["spec"]["template"]
    containers = [{**template["spec"]["containers"][0], "image": image}]
    edit(cluster, name, template={**template, "spec": {**template["spec"], "containers": containers}})


def replicasets(cluster):
    return {rs["metadata"]["name"]: (rs["spec"]["replicas"], rs["status"].get("availableReplicas", 0))
            for rs in cluster.store.list("replicasets", "default")}


def status(cluster, name="web"):
    return cluster.store.get("deployments", "default", name)["status"]


def conditions(cluster, name="web"):
    return {c["type"]: (c["status"], c["reason"]) for c in status(cluster, name).get("conditions", [])}


@pytest.mark.parametrize(("replicas", "surge", "unavailable", "expected"), [
    (1, "25%", "25%", (1, 0)), (3, "25%", "25%", (1, 0)), (4, "25%", "25%", (1, 1)),
    (10, "25%", "25%", (3, 2)), (1, "10%", "10%", (1, 0)), (10, 0, 0, (0, 1)), (3, 1, 1, (1, 1)),
])
def test_it_resolves_surge_up_and_unavailable_down(replicas, surge, unavailable, expected):
    d = deployment(replicas=replicas, strategy={"rollingUpdate": {"maxSurge": surge, "maxUnavailable": unavailable}})
    assert du.resolve_fenceposts(d) == expected


def test_it_creates_a_replicaset_named_with_the_pod_template_hash():
    cluster = new_cluster()
    create(cluster)
    (rs,) = cluster.store.list("replicasets", "default")
    pth = rs["metadata"]["labels"]["pod-template-hash"]
    assert rs["metadata"]["name"] == f"web-{pth}" and set(pth) <= set("456789bcdf")
    assert rs["spec"]["selector"]["matchLabels"] == {"app": "web", "pod-template-hash": pth}
    assert rs["metadata"]["annotations"] == {"deployment.kubernetes.io/desired-replicas": "3",
                                             "deployment.kubernetes.io/max-replicas": "4",
                                             "deployment.kubernetes.io/revision": "1"}
    pod = cluster.store.with_labels("pods", "default", {"app": "web"})[0]
    assert pod["metadata"]["name"].startswith(f"web-{pth}-")
    assert events(cluster, "web") == [f"ScalingReplicaSet: Scaled up replica set web-{pth} from 0 to 3"]
    assert conditions(cluster) == {"Available": ("False", "MinimumReplicasUnavailable"),
                                   "Progressing": ("True", "ReplicaSetUpdated")}
    cluster.advance(10)
    assert conditions(cluster) == {"Available": ("True", "MinimumReplicasAvailable"),
                                   "Progressing": ("True", "NewReplicaSetAvailable")}
    assert status(cluster)["readyReplicas"] == 3
    assert cluster.store.get("deployments", "default", "web")["metadata"]["annotations"] == {
        "deployment.kubernetes.io/revision": "1"}


def test_it_rolls_the_notes_example_with_surge_one_and_unavailable_one():
    cluster = new_cluster()
    create(cluster, strategy={"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 1}})
    cluster.advance(10)
    old = cluster.store.list("replicasets", "default")[0]["metadata"]["name"]
    set_image(cluster, "nginx:1.25")
    new = next(n for n in replicasets(cluster) if n != old)
    # New to 1, old to 2 (one may be unavailable), and new to 2 (the total is back to 3).
    assert replicasets(cluster)[new][0] == 2 and replicasets(cluster)[old][0] == 2
    cluster.advance(30)
    assert [e.split(": ", 1)[1] for e in events(cluster, "web")][1:] == [
        f"Scaled up replica set {new} from 0 to 1",
        f"Scaled down replica set {old} from 3 to 2",
        f"Scaled up replica set {new} from 1 to 2",
        f"Scaled down replica set {old} from 2 to 1",
        f"Scaled up replica set {new} from 2 to 3",
        f"Scaled down replica set {old} from 1 to 0",
    ]
    assert replicasets(cluster) == {old: (0, 0), new: (3, 3)}
    assert cluster.store.get("deployments", "default", "web")["metadata"]["annotations"][du.REVISION] == "2"


def test_it_keeps_three_available_and_at_most_four_pods_at_every_change_with_the_defaults():
    cluster = new_cluster()
    create(cluster)
    cluster.advance(10)
    seen = []

    def check(change):
        pods = [p for p in cluster.store.with_labels("pods", "default", {"app": "web"})
                if not p["metadata"].get("deletionTimestamp")]
        ready = [p for p in pods if any(c["type"] == "Ready" and c["status"] == "True"
                                        for c in p["status"].get("conditions", []))]
        seen.append((len(ready), len(pods)))
    cluster.store.watch(check)
    set_image(cluster, "nginx:1.25")
    cluster.advance(60)
    assert seen and all(ready >= 3 and total <= 4 for ready, total in seen), seen
    assert status(cluster)["updatedReplicas"] == 3 and status(cluster)["availableReplicas"] == 3
    assert conditions(cluster)["Progressing"] == ("True", "NewReplicaSetAvailable")


def test_it_recreates_only_after_every_old_pod_is_gone():
    cluster = new_cluster(stop_s=5)
    create(cluster, strategy={"type": "Recreate"})
    cluster.advance(10)
    old = cluster.store.list("replicasets", "default")[0]["metadata"]["name"]
    overlap = []

    def check(change):
        pods = cluster.store.with_labels("pods", "default", {"app": "web"})
        hashes = {p["metadata"]["labels"]["pod-template-hash"] for p in pods}
        if len(hashes) > 1:
            overlap.append(sorted(p["metadata"]["name"] for p in pods))
    cluster.store.watch(check, "pods")
    set_image(cluster, "nginx:1.25")
    assert len(replicasets(cluster)) == 1 and replicasets(cluster)[old][0] == 0
    cluster.advance(60)
    assert overlap == []
    assert len(replicasets(cluster)) == 2 and status(cluster)["availableReplicas"] == 3


def test_it_reports_a_stuck_rollout_and_its_progress_deadline():
    cluster = new_cluster()
    create(cluster, progressDeadlineSeconds=60)
    cluster.advance(10)
    set_image(cluster, "nginx:1.161")
    cluster.advance(30)
    assert status(cluster) | {"conditions": None} == {
        "observedGeneration": 2, "replicas": 4, "updatedReplicas": 1, "readyReplicas": 3, "availableReplicas": 3,
        "unavailableReplicas": 1, "conditions": None}
    assert conditions(cluster) == {"Available": ("True", "MinimumReplicasAvailable"),
                                   "Progressing": ("True", "ReplicaSetUpdated")}
    assert rollout.status(cluster, "default", "web") == (
        'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...', False)
    cluster.advance(60)
    assert conditions(cluster)["Progressing"] == ("False", "ProgressDeadlineExceeded")
    cond = next(c for c in status(cluster)["conditions"] if c["type"] == "Progressing")
    assert cond["message"].endswith("has timed out progressing.")
    with pytest.raises(rollout.RolloutError, match='deployment "web" exceeded its progress deadline'):
        rollout.status(cluster, "default", "web")


def test_it_pauses_and_resumes_a_rollout():
    cluster = new_cluster()
    create(cluster)
    cluster.advance(10)
    rollout.set_paused(cluster, "default", "web", True)
    assert conditions(cluster)["Progressing"] == ("Unknown", "DeploymentPaused")
    set_image(cluster, "nginx:1.25")
    cluster.advance(30)
    assert len(replicasets(cluster)) == 1
    edit(cluster, replicas=5)
    cluster.advance(30)
    assert status(cluster)["availableReplicas"] == 5
    rollout.set_paused(cluster, "default", "web", False)
    assert len(replicasets(cluster)) == 2
    cluster.advance(60)
    assert status(cluster)["updatedReplicas"] == 5 and status(cluster)["availableReplicas"] == 5
    assert conditions(cluster)["Progressing"] == ("True", "NewReplicaSetAvailable")


def test_it_scales_proportionally_in_the_middle_of_a_rollout():
    cluster = new_cluster()
    create(cluster, replicas=10, strategy={"rollingUpdate": {"maxSurge": 3, "maxUnavailable": 2}})
    cluster.advance(10)
    old = cluster.store.list("replicasets", "default")[0]["metadata"]["name"]
    set_image(cluster, "nginx:1.161")
    cluster.advance(10)
    new = next(n for n in replicasets(cluster) if n != old)
    assert replicasets(cluster)[old][0] == 8 and replicasets(cluster)[new][0] == 5
    edit(cluster, replicas=15)
    assert replicasets(cluster)[old][0] == 11 and replicasets(cluster)[new][0] == 7


def test_it_rolls_back_to_a_revision_with_a_new_number():
    cluster = new_cluster()
    create(cluster)
    cluster.advance(10)
    set_image(cluster, "nginx:1.25")
    cluster.advance(30)
    set_image(cluster, "nginx:1.29")
    cluster.advance(30)
    assert [r for r, _ in rollout.history(cluster, "default", "web")] == [1, 2, 3]
    assert rollout.undo(cluster, "default", "web", to_revision=1) == "deployment.apps/web rolled back"
    cluster.advance(30)
    assert [r for r, _ in rollout.history(cluster, "default", "web")] == [2, 3, 4]
    d = cluster.store.get("deployments", "default", "web")
    assert d["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.27"
    assert d["metadata"]["annotations"][du.REVISION] == "4"
    rs = du.find_new_replicaset(d, rollout.replicasets_of(cluster, d))
    assert rs["metadata"]["annotations"][du.REVISION_HISTORY] == "1"
    assert rollout.undo(cluster, "default", "web", to_revision=4).endswith(
        "skipped rollback (current template already matches revision 4)")
    with pytest.raises(rollout.RolloutError, match="unable to find specified revision 9 in history"):
        rollout.undo(cluster, "default", "web", to_revision=9)


def test_it_keeps_only_the_revision_history_limit_of_old_replicasets():
    cluster = new_cluster()
    create(cluster, replicas=1, revisionHistoryLimit=2)
    for tag in ("1.25", "1.16.1", "1.15", "1.14.2"):
        cluster.advance(10)
        set_image(cluster, f"nginx:{tag}")
    cluster.advance(30)
    revisions = sorted(int(rs["metadata"]["annotations"][du.REVISION]) for rs in cluster.store.list("replicasets", "default"))
    assert revisions == [3, 4, 5]


def test_it_restarts_with_a_new_template_annotation():
    cluster = new_cluster()
    create(cluster)
    cluster.advance(10)
    assert rollout.restart(cluster, "deployments", "default", "web") == "deployment.apps/web restarted"
    cluster.advance(60)
    assert len(replicasets(cluster)) == 2 and status(cluster)["updatedReplicas"] == 3


def test_it_resumes_from_a_snapshot_in_the_middle_of_a_rollout_as_if_never_stopped():
    def scenario(split: bool):
        cluster = new_cluster(seed=7)
        create(cluster, replicas=6)
        cluster.advance(10)
        set_image(cluster, "nginx:1.25")
        cluster.advance(3)
        if split:
            cluster = resume(cluster)
        cluster.advance(60)
        return json.dumps(cluster.store.dump(), sort_keys=True)
    assert scenario(False) == scenario(True)


def test_it_does_nothing_when_converged():
    cluster = new_cluster()
    create(cluster)
    cluster.advance(30)
    queue = next(ctl for ctl in cluster.controllers if ctl.name == "deployment-controller")
    queue.enqueue("default/web")
    queue.enqueue("kube-system/coredns")
    assert writes_during(cluster, cluster.reconcile) == []
    assert writes_during(cluster, lambda: cluster.advance(900)) == []
