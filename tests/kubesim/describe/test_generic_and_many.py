"""The generic describer kubectl falls back to, several objects at once, name-prefix matching,
the tab writer's column blocks, quantities, and a smoke run over the whole default world."""

from datetime import timedelta

from kubesim.cluster import Cluster
from kubesim.kubectl.describe import Related, describe, describe_many, describe_matching, events_for
from kubesim.kubectl.describe.generic import smart_label
from kubesim.kubectl.describe.writer import tabwrite
from kubesim.quantity import parse, total

from .objects import EPOCH, NOW, event, ts
from .test_config import configmap, secret

LEASE = {
    "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
    "metadata": {"name": "kind-worker", "namespace": "kube-node-lease", "uid": "uid-lease",
                 "creationTimestamp": ts(0), "resourceVersion": "10",
                 "managedFields": [{"manager": "kubelet"}],
                 "ownerReferences": [{"apiVersion": "v1", "kind": "Node", "name": "kind-worker", "uid": "uid-node"}]},
    "spec": {"holderIdentity": "kind-worker", "leaseDurationSeconds": 40, "renewTime": "2026-01-01T00:04:50.000000Z"},
}


def test_it_describes_an_object_without_a_describer_generically():
    assert describe(LEASE, events=[], related=Related(), now=NOW) == """\
Name:         kind-worker
Namespace:    kube-node-lease
Labels:       <none>
Annotations:  <none>
API Version:  coordination.k8s.io/v1
Kind:         Lease
Metadata:
  Creation Timestamp:  2026-01-01T00:00:00Z
  Owner References:
    API Version:     v1
    Kind:            Node
    Name:            kind-worker
    UID:             uid-node
  Resource Version:  10
  UID:               uid-lease
Spec:
  Holder Identity:         kind-worker
  Lease Duration Seconds:  40
  Renew Time:              2026-01-01T00:04:50.000000Z
Events:                    <none>
"""


def test_it_makes_smart_labels_like_kubectl():
    assert smart_label("apiVersion") == "API Version"
    assert smart_label("podCIDRs") == "Pod CIDRs"
    assert smart_label("externalIPs") == "External I Ps"  # camelcase splits "IPs" as "I", "Ps"
    assert smart_label("HTTPServer") == "HTTPServer"  # an acronym run merges with the next word
    assert smart_label("uid") == "UID"
    assert smart_label("x-custom") == "X - Custom"  # the hyphen is a word of its own
    assert smart_label("key1") == "key1"


def test_it_separates_several_descriptions_by_a_blank_line_without_events():
    (cm, _, _), (s, _, _) = configmap(), secret()
    text = describe_many([cm, s], now=NOW)
    first = describe(cm, events=None, now=NOW)
    assert text == first + "\n\n" + describe(s, events=None, now=NOW)
    assert "Events:" not in first


def test_it_shows_each_objects_events_when_asked():
    web = {"kind": "Pod", "metadata": {"name": "web", "namespace": "default", "uid": "uid-web"},
           "spec": {"containers": []}, "status": {}}
    api = {"kind": "Pod", "metadata": {"name": "api", "namespace": "default", "uid": "uid-api"},
           "spec": {"containers": []}, "status": {}}
    events = [event("Pulled", "pulled web"), event("Pulled", "pulled api", name="api")]
    text = describe_many([web, api], now=NOW, events=events, show_events=True)
    assert text.count("Events:") == 2
    assert text.index("pulled web") < text.index("Name:         api") < text.index("pulled api")


def test_it_describes_every_object_whose_name_starts_with_the_prefix():
    (cm, _, _), (s, _, _) = configmap(), secret()
    other = {**cm, "metadata": {**cm["metadata"], "name": "game-ui"}}
    text = describe_matching([cm, s, other], "game", now=NOW)
    assert text == describe(cm, events=None, now=NOW) + "\n" + describe(other, events=None, now=NOW) + "\n"
    assert describe_matching([cm, s], "nothing", now=NOW) is None


def test_it_finds_the_events_of_an_object():
    pod = {"kind": "Pod", "metadata": {"name": "web", "namespace": "default", "uid": "uid-web"}}
    mine, stale = event("Pulled", "ok"), event("Pulled", "old pod")
    stale["involvedObject"]["uid"] = "uid-of-a-deleted-web"
    assert events_for(pod, [mine, stale, event("Pulled", "x", name="api")]) == [mine]


def test_it_aligns_only_consecutive_lines_sharing_a_column():
    text = "Name:\tweb\nNamespace:\tdefault\nContainers:\n  app:\n    Image:\tnginx\n"
    assert tabwrite(text) == (
        "Name:       web\n"
        "Namespace:  default\n"
        "Containers:\n"
        "  app:\n"
        "    Image:  nginx\n")


def test_it_pads_empty_cells_but_never_the_last_one():
    assert tabwrite("IP:\t\nIPs:\t<none>\n") == "IP:   \nIPs:  <none>\n"
    assert tabwrite("Port:\tdns\t53/UDP\nTargetPort:\t53/UDP\n") == "Port:        dns  53/UDP\nTargetPort:  53/UDP\n"


def test_it_prints_quantities_in_canonical_form_unless_already_canonical():
    assert [str(parse(q)) for q in ("100m", "0.5", "1000m", "170Mi", "1024Mi", "16777216Ki", "1e3", "0")] == [
        "100m", "500m", "1", "170Mi", "1Gi", "16Gi", "1e3", "0"]
    assert str(total([parse("70Mi"), parse("70Mi")])) == "140Mi"
    assert str(total([parse("250m"), parse("1"), parse("100m")])) == "1350m"
    assert parse("8").milli_value() == 8000


def test_it_describes_every_object_of_the_default_world():
    cluster = Cluster()
    related = Related.from_store(cluster.store)
    now = EPOCH + timedelta(minutes=1)
    described = 0
    for plural, obj in cluster.store:
        text = describe(obj, events=[], related=related, now=now)
        assert text.startswith("Name:"), plural
        assert text.endswith("\n")
        described += 1
    assert described > 50


def test_it_describes_the_default_worlds_kube_dns_service_and_worker_node():
    cluster = Cluster()
    related = Related.from_store(cluster.store)
    svc = describe(cluster.store.get("services", "kube-system", "kube-dns"), events=[], related=related, now=NOW)
    assert "IP:                       10.96.0.10\n" in svc
    assert "Port:                     dns  53/UDP\nTargetPort:               53/UDP\n" in svc
    node = describe(cluster.store.get("nodes", "", "kind-worker"), events=[], related=related, now=NOW)
    assert node.startswith("Name:               kind-worker\nRoles:              <none>\n")
    assert "  InternalIP:  172.18.0.3\n" in node
    assert "PodCIDRs:                     10.244.1.0/24\n" in node


def test_it_keeps_events_when_the_listing_finds_a_single_object():
    web = {"kind": "Pod", "metadata": {"name": "web", "namespace": "default", "uid": "uid-web"},
           "spec": {"containers": []}, "status": {}}
    text = describe_many([web], now=NOW, events=[event("Pulled", "pulled web")])
    assert text.endswith("  Normal  Pulled  5m    kubelet  pulled web\n")
