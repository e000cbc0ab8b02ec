"""Controller figures: large Deployments created, made Ready and rolled, and growth with size.

Run with `python -m bench.controllers [--nodes 12 100] [--quick] [--real] [--coalesce]`. Prints one line per
figure: CPU seconds (and wall), peak resident memory (getrusage), store writes, virtual seconds.

By default the controllers are measured alone: a stand-in binds pods round robin and marks
them Ready 2 s later (the status a kubelet writes), instead of the real scheduler and kubelet,
whose own costs would hide the controllers'. `--real` measures the whole cluster instead.
"""

from __future__ import annotations

import argparse
import resource
import time

from kubesim import clock as clk
from kubesim.cluster import Cluster

IMAGE = "nginx:1.27"
START, STOP = "bench-node/start", "bench-node/stop"


class StandInNodes:
    """A stand-in for the scheduler and the kubelet, to measure the controllers alone: binds
    each new pod to the next worker (round robin), marks it Running and Ready 2 s later and
    removes a terminating pod 1 s after its deletion."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.workers = [n["metadata"]["name"] for n in cluster.store.list("nodes")
                        if not (n.get("spec") or {}).get("taints")]
        self.next = 0
        cluster.store.watch(self.on_pod, "pods")
        cluster.handlers[START] = self.start
        cluster.handlers[STOP] = self.stop

    def on_pod(self, change) -> None:
        pod = change.new
        if pod is None:
            return
        key = f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"
        if change.type == "ADDED" and not pod["spec"].get("nodeName"):
            self.cluster.clock.schedule(0, START, key)
        elif pod["metadata"].get("deletionTimestamp") and not change.old["metadata"].get("deletionTimestamp"):
            self.cluster.clock.schedule(1000, STOP, key)

    def start(self, event) -> None:
        pod = self.cluster.store.get("pods", *event.key.split("/"))
        if pod is None or pod["metadata"].get("deletionTimestamp"):
            return
        if not pod["spec"].get("nodeName"):
            node = self.workers[self.next % len(self.workers)]
            self.next += 1
            pod = self.cluster.api.update_status("pods", {**pod, "spec": {**pod["spec"], "nodeName": node}})
            self.cluster.clock.schedule(2000, START, event.key)
            return
        t = clk.timestamp(self.cluster.clock.now)
        conditions = [{"lastProbeTime": None, "lastTransitionTime": t, "status": "True", "type": kind}
                      for kind in ("Initialized", "Ready", "ContainersReady", "PodScheduled")]
        containers = [{"name": c["name"], "image": c["image"], "ready": True, "restartCount": 0, "started": True,
                       "state": {"running": {"startedAt": t}}} for c in pod["spec"]["containers"]]
        self.cluster.api.update_status("pods", {**pod, "status": {**pod["status"], "phase": "Running",
                                                                  "conditions": conditions,
                                                                  "containerStatuses": containers}})

    def stop(self, event) -> None:
        if self.cluster.store.get("pods", *event.key.split("/")) is not None:
            self.cluster.api.remove("pods", *event.key.split("/"))


def new_cluster(nodes: int, stand_in: bool) -> Cluster:
    """A cluster; with `stand_in`, the real scheduler and kubelet are left out."""
    if not stand_in:
        return Cluster(1, nodes)
    from kubesim import kubelet, scheduler
    saved = scheduler.install, kubelet.install
    scheduler.install = kubelet.install = lambda cluster: None
    try:
        cluster = Cluster(1, nodes)
    finally:
        scheduler.install, kubelet.install = saved
    StandInNodes(cluster)
    return cluster


def deployment(name: str, replicas: int, image: str = IMAGE) -> dict:
    labels = {"app": name}
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": "default"},
            "spec": {"replicas": replicas, "selector": {"matchLabels": labels},
                     "template": {"metadata": {"labels": labels},
                                  "spec": {"containers": [{"name": "app", "image": image}]}}}}


class Meter:
    """Wall time of one scenario, and the process's peak resident memory so far (getrusage:
    tracemalloc would slow the simulator several times over)."""

    def __init__(self, label: str) -> None:
        self.label = label

    def __enter__(self):
        self.start, self.cpu_start = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall = time.perf_counter() - self.start
        # CPU seconds are the figure: on a shared, loaded machine wall time says little.
        self.seconds = time.process_time() - self.cpu_start
        self.peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    def line(self, extra: str = "") -> str:
        return (f"{self.label}: {self.seconds:.2f} s CPU ({self.wall:.2f} s wall), "
                f"peak RSS {self.peak / 2**20:,.0f} MiB{extra}")


def ready_pods(cluster: Cluster, name: str) -> int:
    d = cluster.store.get("deployments", "default", name)
    return ((d or {}).get("status") or {}).get("availableReplicas", 0)


def settle_deployments(cluster: Cluster, names: list[str], replicas: int, limit_s: float = 1800) -> float:
    """Advance virtual time until every Deployment is fully updated and available."""
    start = cluster.clock.now
    while cluster.clock.now - start < limit_s * 1000:
        cluster.advance(10)
        if all(_complete(cluster, n, replicas) for n in names):
            break
    return (cluster.clock.now - start) / 1000


def _complete(cluster: Cluster, name: str, replicas: int) -> bool:
    st = (cluster.store.get("deployments", "default", name) or {}).get("status") or {}
    return st.get("updatedReplicas") == replicas and st.get("availableReplicas") == replicas \
        and st.get("replicas") == replicas


def set_image(cluster: Cluster, name: str, image: str) -> None:
    d = cluster.store.get("deployments", "default", name)
    template = d["spec"]["template"]
    containers = [{**template["spec"]["containers"][0], "image": image}]
    cluster.api.update({**d, "spec": {**d["spec"], "template": {**template, "spec": {"containers": containers}}}})


def counting(cluster: Cluster) -> list[int]:
    writes = [0]

    def count(_change) -> None:
        writes[0] += 1
    cluster.store.watch(count)
    return writes


def bench_rollout(nodes: int, real: bool, replicas: int = 1000) -> None:
    cluster = new_cluster(nodes, not real)
    writes = counting(cluster)
    with Meter(f"{replicas}-replica Deployment on {nodes} nodes, created and Ready") as m:
        cluster.api.create(deployment("big", replicas))
        virtual = settle_deployments(cluster, ["big"], replicas)
    print(m.line(f", {writes[0]:,} writes, {virtual:.0f} s virtual"))
    first = m.seconds
    writes[0] = 0
    with Meter(f"{replicas}-replica Deployment on {nodes} nodes, rolled to a new image") as m:
        set_image(cluster, "big", "nginx:1.29")
        virtual = settle_deployments(cluster, ["big"], replicas)
    print(m.line(f", {writes[0]:,} writes, {virtual:.0f} s virtual"))
    print(f"  create plus rollout: {first + m.seconds:.2f} s (target < 2 s)")


def bench_many(nodes: int, real: bool, count: int = 100, replicas: int = 100) -> None:
    cluster = new_cluster(nodes, not real)
    writes = counting(cluster)
    names = [f"app-{i:03d}" for i in range(count)]
    with Meter(f"{count} Deployments x {replicas} replicas on {nodes} nodes, Ready") as m:
        for name in names:
            cluster.api.create(deployment(name, replicas))
        cluster.reconcile()
        virtual = settle_deployments(cluster, names, replicas)
    print(m.line(f", {writes[0]:,} writes, {virtual:.0f} s virtual (target < 10 s, < 500 MiB)"))


def bench_growth(nodes: int, real: bool, sizes: tuple[int, ...]) -> None:
    previous = None
    for n in sizes:
        cluster = new_cluster(nodes, not real)
        with Meter(f"{n:,} pods (one Deployment) on {nodes} nodes, Ready") as m:
            cluster.api.create(deployment("grow", n))
            settle_deployments(cluster, ["grow"], n)
        ratio = f", x{m.seconds / previous:.2f} for x2 pods" if previous else ""
        print(m.line(ratio))
        previous = m.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, nargs="+", default=[12, 100])
    parser.add_argument("--quick", action="store_true", help="only the 1,000-replica rollout")
    parser.add_argument("--real", action="store_true", help="with the real scheduler and kubelet")
    parser.add_argument("--coalesce", action="store_true",
                        help="controllers run once per instant, not once per event (Cluster.coalesce)")
    args = parser.parse_args()
    Cluster.coalesce = args.coalesce
    print(f"Cluster.coalesce = {args.coalesce}")
    print("pods are placed and made Ready by " + ("the real scheduler and kubelet" if args.real else
          "a stand-in (not the real scheduler and kubelet): these are the controllers' own figures"))
    for nodes in args.nodes:
        bench_rollout(nodes, args.real)
        if args.quick:
            continue
        bench_many(nodes, args.real)
        # 110 pods fit on a node: 12 nodes take the 1k and 2k steps only when the stand-in
        # ignores capacity, which it does.
        bench_growth(nodes, args.real, (1000, 2000, 4000, 8000))


if __name__ == "__main__":
    main()
