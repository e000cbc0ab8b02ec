"""Node figures: pod start-ups (created to Ready) and probe evaluations per second of wall time.

Run with `python -m bench.nodes`. Prints one line per figure.

- single pods: one pod at a time is created and the cluster is run until it is Ready;
- 1,000 pods at once on a 10-node cluster, run until all are Ready;
- probes: 100 pods with a readiness and a liveness probe run for one virtual hour. The kubelet
  does not wake for every period: it computes when a result next changes. Two figures: the probe
  runs a real kubelet would have made in that hour (every period of every probe), and the probe
  runs the simulator actually evaluated (calls of the probe timeline), each per wall second.
"""

import time

from kubesim.cluster import Cluster
from kubesim.kubelet import probes

SINGLE = 200
MANY = 1_000
PROBED = 100
HOUR = 3600


def pod(name: str, **container) -> dict:
    # A tagged image: IfNotPresent, so each node pulls it once (`nginx` alone means :latest and
    # Always, a pull per pod, serialized per node as the kubelet does by default).
    spec = {"name": "app", "image": "nginx:1.29", **container}
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "default"},
            "spec": {"containers": [spec]}}


def ready(cluster: Cluster, name: str) -> bool:
    p = cluster.store.get("pods", "default", name)
    conditions = (p or {}).get("status", {}).get("conditions") or []
    return any(c["type"] == "Ready" and c["status"] == "True" for c in conditions)


def bench_single() -> None:
    cluster = Cluster(seed=1, nodes=2)
    start = time.perf_counter()
    for i in range(SINGLE):
        cluster.api.create(pod(f"single-{i:04d}"))
        result = cluster.run(f"kubectl wait --for=condition=Ready pod/single-{i:04d} --timeout=120s")
        assert result.exit_code == 0, result
    elapsed = time.perf_counter() - start
    print(f"single pods, created to Ready one at a time: {SINGLE / elapsed:,.0f} start-ups/s "
          f"({elapsed / SINGLE * 1000:.1f} ms each)")


def bench_many() -> None:
    cluster = Cluster(seed=1, nodes=10)
    start = time.perf_counter()
    for i in range(MANY):
        cluster.api.create(pod(f"many-{i:04d}"))
    up, waited = 0, 0
    while up < MANY and waited < 1200:
        cluster.run("sleep 10")
        waited += 10
        up = sum(ready(cluster, f"many-{i:04d}") for i in range(MANY))
    elapsed = time.perf_counter() - start
    assert up == MANY, f"only {up} of {MANY} pods Ready after {waited}s"
    print(f"{MANY:,} pods on 10 nodes, created to Ready: {MANY / elapsed:,.0f} start-ups/s "
          f"({elapsed:.2f} s for all, {waited} virtual s)")


def bench_probes() -> None:
    calls = 0
    original = probes.Timeline.at

    def counted(self, at):
        nonlocal calls
        calls += 1
        return original(self, at)

    cluster = Cluster(seed=1, nodes=4)
    http = {"httpGet": {"path": "/", "port": 80}}
    for i in range(PROBED):
        cluster.api.create(pod(f"probed-{i:03d}", readinessProbe={**http, "periodSeconds": 5},
                               livenessProbe={**http, "periodSeconds": 10}))
    cluster.run("sleep 60")
    probes.Timeline.at = counted
    try:
        start = time.perf_counter()
        # A few pods fail and recover during the hour, so the kubelet has transitions to compute.
        for i in range(0, PROBED, 10):
            cluster.run(f"cluster probe fail probed-{i:03d}")
        cluster.run("sleep 600")
        for i in range(0, PROBED, 10):
            cluster.run(f"cluster probe pass probed-{i:03d}")
        cluster.run(f"sleep {HOUR - 600}")
        elapsed = time.perf_counter() - start
    finally:
        probes.Timeline.at = original
    nominal = PROBED * (HOUR // 5 + HOUR // 10)
    print(f"probes, {PROBED} pods x (readiness 5s + liveness 10s) for 1 virtual hour: "
          f"{nominal / elapsed:,.0f} probe runs covered/s ({nominal:,} runs in {elapsed:.2f} s)")
    print(f"probes, same hour: {calls / elapsed:,.0f} probe evaluations computed/s "
          f"({calls:,} evaluations in {elapsed:.2f} s)")


def main() -> None:
    bench_single()
    bench_many()
    bench_probes()


if __name__ == "__main__":
    main()
