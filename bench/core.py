"""Simulator core figures: applies per second, and the cost of a snapshot and a resume.

Run with `python -m bench.core` (or `make bench`). Prints one line per figure.
"""

import statistics
import time

from kubesim.cluster import Cluster

OBJECTS = 10_000


def config_map(i: int) -> dict:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": f"cm-{i:05d}", "namespace": "default",
                                                                 "labels": {"app": f"app-{i % 50}"}},
            "data": {"key": f"value {i}", "other": "x" * 64}}


def timed(fn, repeat: int = 5) -> float:
    """Median wall seconds of `repeat` runs of fn()."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def bench_applies() -> None:
    cluster = Cluster()
    manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-{i}\ndata:\n  a: b\n"
    n = 300
    start = time.perf_counter()
    for i in range(n):
        result = cluster.run("kubectl apply -f -", manifest.format(i=i))
        assert result.exit_code == 0, result
    elapsed = time.perf_counter() - start
    print(f"kubectl apply -f - (new ConfigMap): {n / elapsed:,.0f} applies/s ({elapsed / n * 1000:.2f} ms each)")
    start = time.perf_counter()
    for i in range(n):
        cluster.api.create(config_map(i))
    elapsed = time.perf_counter() - start
    print(f"API create (ConfigMap, no kubectl): {n / elapsed:,.0f} creates/s")


def bench_snapshot() -> None:
    cluster = Cluster()
    for i in range(OBJECTS):
        cluster.api.create(config_map(i))
    total = sum(1 for _ in cluster.store)
    data = cluster.to_bytes()
    save = timed(cluster.to_bytes)
    resume = timed(lambda: Cluster.from_bytes(data))
    print(f"snapshot of {total:,} objects: {save * 1000:.0f} ms, {len(data) / 1024:,.0f} KiB compressed")
    print(f"resume from that snapshot: {resume * 1000:.0f} ms")


def main() -> None:
    bench_applies()
    bench_snapshot()


if __name__ == "__main__":
    main()
