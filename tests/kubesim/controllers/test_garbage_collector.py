"""The garbage collector: background, foreground and orphan cascading deletion."""

from .helpers import deployment, new_cluster


def setup():
    cluster = new_cluster()
    cluster.api.create(deployment(replicas=2))
    cluster.advance(30)
    return cluster


def web_objects(cluster):
    rss = [rs["metadata"]["name"] for rs in cluster.store.list("replicasets", "default")]
    pods = [p["metadata"]["name"] for p in cluster.store.list("pods", "default")]
    return rss, pods


def test_it_deletes_dependents_in_the_background():
    cluster = setup()
    cluster.run("kubectl delete deployment web --wait=false")
    assert cluster.store.get("deployments", "default", "web") is None
    assert web_objects(cluster)[0] == []
    cluster.advance(60)
    assert web_objects(cluster) == ([], [])


def test_it_keeps_the_owner_until_its_dependents_are_gone_in_the_foreground():
    cluster = setup()
    cluster.run("kubectl delete deployment web --cascade=foreground --wait=false")
    d = cluster.store.get("deployments", "default", "web")
    assert d is not None and d["metadata"]["finalizers"] == ["foregroundDeletion"]
    assert d["metadata"].get("deletionTimestamp")
    rs = cluster.store.list("replicasets", "default")[0]
    assert rs["metadata"].get("finalizers") == ["foregroundDeletion"]
    cluster.advance(60)
    assert cluster.store.get("deployments", "default", "web") is None
    assert web_objects(cluster) == ([], [])


def test_it_orphans_dependents_and_then_lets_the_owner_go():
    cluster = setup()
    rss, pods = web_objects(cluster)
    cluster.run("kubectl delete deployment web --cascade=orphan --wait=false")
    cluster.advance(5)
    assert cluster.store.get("deployments", "default", "web") is None
    assert web_objects(cluster) == (rss, pods)
    rs = cluster.store.get("replicasets", "default", rss[0])
    assert "ownerReferences" not in rs["metadata"]
    # A new Deployment with the same selector and template adopts the orphaned ReplicaSet.
    cluster.api.create(deployment(replicas=2))
    cluster.reconcile()
    assert cluster.store.get("replicasets", "default", rss[0])["metadata"]["ownerReferences"][0]["name"] == "web"
    assert web_objects(cluster)[1] == pods


def test_it_deletes_an_object_whose_owner_does_not_exist():
    cluster = new_cluster()
    cluster.api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {
        "name": "orphan", "namespace": "default", "ownerReferences": [
            {"apiVersion": "apps/v1", "kind": "Deployment", "name": "gone", "uid": "0000"}]}})
    cluster.reconcile()
    assert cluster.store.get("configmaps", "default", "orphan") is None
