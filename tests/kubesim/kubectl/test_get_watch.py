"""`kubectl get -w`: the listing, then one row per change, aligned under one header as kubectl's
width-remembering tab writer keeps them; `--output-watch-events` adds the EVENT column."""

from kubesim.cluster import Cluster
from kubesim.kubectl.printers import TabWriter

POD = """apiVersion: v1
kind: Pod
metadata:
  name: watch-demo
spec:
  containers:
  - name: web
    image: nginx:1.29
"""


def watched(line: str) -> list[str]:
    cluster = Cluster(seed=0, nodes=2)
    cluster.run("kubectl apply -f -", POD)
    result = cluster.run(line)
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


def test_it_prints_each_change_under_the_listing_header():
    lines = watched("kubectl get pod watch-demo -w --request-timeout=15s")
    assert lines[0].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    assert lines[-1].split()[:3] == ["watch-demo", "1/1", "Running"]
    assert sum(line.startswith("NAME") for line in lines) == 1
    status_at = lines[0].index("STATUS")
    assert all(line[status_at - 3:status_at] == "   " and line[status_at] != " " for line in lines[1:])


def test_it_shows_the_watch_events_padded_to_eight_letters():
    lines = watched("kubectl get pod watch-demo -w --output-watch-events --request-timeout=15s")
    assert lines[0].startswith("EVENT      NAME ")
    assert lines[1].startswith("ADDED      watch-demo ")
    assert all(line.startswith("MODIFIED   watch-demo ") for line in lines[2:])
    assert len(lines) > 2


def test_it_prints_the_header_with_the_first_change_when_watching_only():
    cluster = Cluster(seed=0, nodes=2)
    cluster.run("kubectl apply -f -", POD)
    cluster.advance(30)
    cluster.run("kubectl delete pod watch-demo --wait=false")
    lines = cluster.run("kubectl get pods --watch-only --request-timeout=40s").stdout.splitlines()
    assert lines[0].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    assert [line.split()[0] for line in lines[1:]] == ["watch-demo"] * (len(lines) - 1)
    assert len(lines) > 1


def test_its_tab_writer_never_narrows_a_column_again():
    writer = TabWriter()
    assert writer.flush([["NAME", "STATUS", "AGE"], ["a-long-name", "Pending", "0s"]]) == (
        "NAME          STATUS    AGE\n"
        "a-long-name   Pending   0s\n")
    assert writer.flush([["b", "Running", "1s"]]) == "b             Running   1s\n"
    assert writer.flush([["c", "ContainerCreating", "2s"]]) == "c             ContainerCreating   2s\n"
    assert writer.flush([["d", "Running", "3s"]]) == "d             Running             3s\n"
