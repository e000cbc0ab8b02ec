"""Controller figures: large Deployments created, made Ready and rolled, and growth with size.

Run with `python -m bench.controllers [--nodes 12 100] [--quick] [--stand-in] [--coalesce]
[--sizes 1000 2000 4000 8000] [--in-process]`.
For each world size it prints, one line per figure: wall and CPU seconds, peak resident
memory, store writes and virtual seconds, for
- a 1,000-replica Deployment created until all Ready, then rolled to a new image (target:
  both under 2 s together);
- 100 Deployments of 100 replicas reaching Ready (target: under 10 s and 500 MiB);
- one Deployment of 1k, 2k, 4k and 8k pods reaching Ready, with the growth from each size to
  the next (target: no worse than n log n, about x2.2 per doubling here).

Pods are placed and run by the real scheduler and kubelet. A node takes 110 pods, so what
does not fit on the world (10,000 pods on 12 nodes) is measured with a stand-in for the
scheduler and kubelet instead, and says so: it binds pods round robin and marks them Ready
2 s later. `--stand-in` uses it throughout, to measure the controllers alone.

Each scenario runs in a process of its own (forked), so that its peak memory is its own and
the garbage of one does not slow the next.
"""

from __future__ import annotations

import argparse
import math
import os
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
    """Wall and CPU time of one scenario, and the process's peak resident memory (getrusage:
    tracemalloc would slow the simulator several times over) with how much it grew during
    the scenario (the process held the Python interpreter and the imports before)."""

    def __init__(self, label: str) -> None:
        self.label = label

    def __enter__(self):
        self.rss_before = current_rss()
        self.start, self.cpu_start = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall = time.perf_counter() - self.start
        self.seconds = time.process_time() - self.cpu_start  # what counts on a shared, loaded machine
        self.peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    def line(self, extra: str = "") -> str:
        return (f"{self.label}: {self.wall:.2f} s wall ({self.seconds:.2f} s CPU), "
                f"peak RSS {self.peak / 2**20:,.0f} MiB (+{max(0, self.peak - self.rss_before) / 2**20:,.0f} MiB)"
                f"{extra}")


def current_rss() -> int:
    """Resident bytes now (Linux), else the peak so far."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


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


MAX_PODS_PER_NODE = 110


def fits(workers: int, pods: int) -> bool:
    """Do `pods` (plus the world's own, a few per node) fit on a world's workers?"""
    return pods + 5 * workers <= MAX_PODS_PER_NODE * workers


def mode(nodes: int, pods: int, stand_in: bool) -> tuple[bool, str]:
    """(use the stand-in, what the line says about it)."""
    if stand_in:
        return True, " [stand-in]"
    if not fits(nodes, pods):
        return True, f" [stand-in: {pods:,} pods do not fit on {nodes} nodes of {MAX_PODS_PER_NODE} pods]"
    return False, ""


def bench_rollout(nodes: int, stand_in: bool, replicas: int = 1000) -> list[str]:
    use_stand_in, note = mode(nodes, replicas + replicas // 4, stand_in)
    cluster = new_cluster(nodes, use_stand_in)
    writes = counting(cluster)
    with Meter(f"{replicas:,}-replica Deployment on {nodes} nodes, created and all Ready") as m:
        cluster.api.create(deployment("big", replicas))
        virtual = settle_deployments(cluster, ["big"], replicas)
    lines = [m.line(f", {writes[0]:,} writes, {virtual:.0f} s virtual{note}")]
    first = m
    writes[0] = 0
    with Meter(f"{replicas:,}-replica Deployment on {nodes} nodes, rolled to a new image") as m:
        set_image(cluster, "big", "nginx:1.29")
        virtual = settle_deployments(cluster, ["big"], replicas)
    lines.append(m.line(f", {writes[0]:,} writes, {virtual:.0f} s virtual{note}"))
    lines.append(f"  created, Ready and rolled: {first.wall + m.wall:.2f} s wall, {first.seconds + m.seconds:.2f} s CPU "
                 f"(target < 2 s)")
    return lines


def bench_many(nodes: int, stand_in: bool, count: int = 100, replicas: int = 100) -> list[str]:
    use_stand_in, note = mode(nodes, count * replicas, stand_in)
    cluster = new_cluster(nodes, use_stand_in)
    writes = counting(cluster)
    names = [f"app-{i:03d}" for i in range(count)]
    with Meter(f"{count} Deployments x {replicas} replicas on {nodes} nodes, all Ready") as m:
        for name in names:
            cluster.api.create(deployment(name, replicas))
        cluster.reconcile()
        virtual = settle_deployments(cluster, names, replicas)
    return [m.line(f", {writes[0]:,} writes, {virtual:.0f} s virtual (target < 10 s, < 500 MiB){note}")]


def bench_growth_step(nodes: int, stand_in: bool, pods: int) -> tuple[float, bool, str]:
    """(CPU seconds, whether the stand-in ran the pods, the line)."""
    use_stand_in, note = mode(nodes, pods, stand_in)
    cluster = new_cluster(nodes, use_stand_in)
    with Meter(f"{pods:,} pods (one Deployment) on {nodes} nodes, all Ready") as m:
        cluster.api.create(deployment("grow", pods))
        settle_deployments(cluster, ["grow"], pods)
    return m.seconds, use_stand_in, m.line(note)


def growth_note(previous: tuple[int, float, bool] | None, pods: int, seconds: float, stand_in: bool) -> str:
    """How the CPU time grew from the previous size (measured the same way), against what
    n log n would allow. CPU, not wall: other work on a shared machine inflates wall time."""
    if previous is None or previous[2] != stand_in:
        return ""
    n, before, _ = previous
    allowed = pods * math.log(pods) / (n * math.log(n))
    return f"; CPU x{seconds / before:.2f} for x{pods / n:.0f} pods (n log n: x{allowed:.2f})"


IN_PROCESS = False  # --in-process


def isolated(fn, *args):
    """fn(*args) in a forked process of its own (its peak memory is its own), or here when
    the platform cannot fork or --in-process asks (for a profiler)."""
    if IN_PROCESS or not hasattr(os, "fork"):
        return fn(*args)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        try:
            result = repr(fn(*args))
        except BaseException as exc:  # noqa: BLE001 - reported by the parent
            result = repr(["error: " + repr(exc)])
        with os.fdopen(write, "w") as out:
            out.write(result)
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as source:
        text = source.read()
    os.waitpid(pid, 0)
    import ast
    return ast.literal_eval(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, nargs="+", default=[12, 100],
                        help="worker nodes of the worlds (default: 12 100)")
    parser.add_argument("--quick", action="store_true", help="only the 1,000-replica rollout")
    parser.add_argument("--stand-in", action="store_true",
                        help="place and run pods with the stand-in, to measure the controllers alone")
    parser.add_argument("--real", action="store_true", help=argparse.SUPPRESS)  # the default now
    parser.add_argument("--coalesce", action="store_true",
                        help="controllers run once per instant, not once per event (Cluster.coalesce)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000, 8000],
                        help="pods of the growth steps (default: 1000 2000 4000 8000)")
    parser.add_argument("--in-process", action="store_true",
                        help="run every scenario in this process (to profile it with cProfile)")
    args = parser.parse_args()
    global IN_PROCESS
    IN_PROCESS = args.in_process
    Cluster.coalesce = args.coalesce
    print(f"Cluster.coalesce = {args.coalesce}; pods placed and run by "
          + ("a stand-in (the controllers' own figures)" if args.stand_in else "the real scheduler and kubelet"))
    for nodes in args.nodes:
        print(f"-- a world of {nodes} worker nodes (and kind-control-plane)")
        for line in isolated(bench_rollout, nodes, args.stand_in):
            print(line, flush=True)
        if args.quick:
            continue
        for line in isolated(bench_many, nodes, args.stand_in):
            print(line, flush=True)
        previous = None
        for pods in args.sizes:
            seconds, used_stand_in, line = isolated(bench_growth_step, nodes, args.stand_in, pods)
            print(line + growth_note(previous, pods, seconds, used_stand_in), flush=True)
            previous = (pods, seconds, used_stand_in)


if __name__ == "__main__":
    main()
