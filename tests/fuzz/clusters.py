"""One started cluster per test process, copied for each example through its snapshot (a fresh
`Cluster()` costs ~150 ms, a copy ~1 ms), with tool exceptions let through so that a bug in a
command is a failure, not an `internal error` line."""

from functools import cache

from kubesim.cluster import Cluster


@cache
def _base_snapshot() -> dict:
    cluster = Cluster(seed=7, nodes=2)
    cluster.run("kubectl create deployment web --image=nginx --replicas=2")
    cluster.run("kubectl expose deployment web --port=80")
    cluster.settle()
    return cluster.snapshot()


def fresh_cluster() -> Cluster:
    cluster = Cluster.from_snapshot(_base_snapshot())
    cluster.shell.strict = True
    return cluster
