"""Networking figures: DNS lookups and routed requests per second on 1,000 pods behind 100
Services, and endpoint updates per second while a 1,000-replica Deployment rolls.

Run with `python -m bench.networking [--quick]`. Target: over 5,000 routed requests/s.
Rates are per second of this process's CPU time (`time.process_time`), so a busy shared
machine does not distort them.
"""

from __future__ import annotations

import argparse
import time

from kubesim.cluster import Cluster
from kubesim.network.http import Request

from .controllers import deployment


def build(services: int, per_service: int, nodes: int) -> Cluster:
    cluster = Cluster(seed=7, nodes=nodes)
    for i in range(services):
        name = f"app{i:03d}"
        cluster.api.create(deployment(name, per_service))
        cluster.api.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": "default"},
                            "spec": {"selector": {"app": name}, "ports": [{"port": 80}]}})
    cluster.advance(300)
    return cluster


def dns_lookups(cluster: Cluster, services: int, rounds: int) -> float:
    pod = cluster.store.with_labels("pods", "default", {"app": "app000"})[0]
    origin = cluster.network.pod_origin(pod)
    start = time.process_time()
    for r in range(rounds):
        answer = cluster.network.resolve(origin, f"app{r % services:03d}")
        assert answer.found
    return rounds / (time.process_time() - start)


def routed_requests(cluster: Cluster, services: int, rounds: int) -> float:
    pod = cluster.store.with_labels("pods", "default", {"app": "app000"})[0]
    origin = cluster.network.pod_origin(pod)
    ips = [cluster.store.get("services", "default", f"app{i:03d}")["spec"]["clusterIP"] for i in range(services)]
    start = time.process_time()
    for r in range(rounds):
        ip = ips[r % services]
        ex = cluster.network.request(origin, Request("GET", "http", ip, 80, "/", [("Host", ip)]), ip)
        assert ex.response is not None and ex.response.status == 200, ex.trace.text()
    return rounds / (time.process_time() - start)


def rolling_endpoints(replicas: int, nodes: int) -> tuple[float, int, float]:
    cluster = Cluster(seed=7, nodes=nodes)
    cluster.api.create(deployment("big", replicas))
    cluster.api.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "big", "namespace": "default"},
                        "spec": {"selector": {"app": "big"}, "ports": [{"port": 80}]}})
    cluster.advance(120)
    counted = {"n": 0}

    def count(change) -> None:
        counted["n"] += 1

    cluster.store.watch(count, "endpointslices")
    cluster.store.watch(count, "endpoints")
    live = cluster.store.get("deployments", "default", "big")
    template = live["spec"]["template"]
    spec = template["spec"]
    new_spec = {**spec, "containers": [{**spec["containers"][0], "image": "nginx:1.29"}]}
    start = time.process_time()
    cluster.api.update({**live, "spec": {**live["spec"], "template": {**template, "spec": new_spec}}})
    cluster.settle(horizon_s=120, budget_s=3600)
    seconds = time.process_time() - start
    return counted["n"] / seconds, counted["n"], seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a tenth of the size")
    args = parser.parse_args()
    services, per_service, replicas, nodes = (10, 10, 100, 4) if args.quick else (100, 10, 1000, 12)
    start = time.process_time()
    cluster = build(services, per_service, nodes)
    print(f"built {services} Services x {per_service} pods on {nodes} workers in {time.process_time() - start:.1f} s")
    print(f"DNS lookups: {dns_lookups(cluster, services, 20_000):,.0f}/s")
    print(f"routed requests (pod -> ClusterIP -> kube-proxy -> pod): {routed_requests(cluster, services, 20_000):,.0f}/s")
    rate, writes, seconds = rolling_endpoints(replicas, nodes)
    print(f"endpoint writes while a {replicas}-replica Deployment rolls: {writes:,} in {seconds:.1f} s "
          f"({rate:,.0f}/s)")


if __name__ == "__main__":
    main()
