"""A small cast for the networking specs: a cluster, a web Deployment behind a Service and a
busybox pod to ask from; `sh(...)` runs lines and returns what the terminal shows."""

from __future__ import annotations

from kubesim import kubelet
from kubesim.cluster import Cluster


def new_cluster(seed: int = 1, nodes: int = 2) -> Cluster:
    return Cluster(seed=seed, nodes=nodes)


def sh(cluster: Cluster, line: str, stdin: str = "") -> str:
    result = cluster.run(line, stdin)
    text = result.stdout + result.stderr
    if result.exit_code:
        text += f"[exit {result.exit_code}]\n"
    return text


def web(cluster: Cluster, replicas: int = 3, name: str = "web", port: int = 80, image: str = "nginx") -> Cluster:
    """A Deployment of nginx pods exposed as a ClusterIP Service, running."""
    sh(cluster, f"kubectl create deployment {name} --image={image} --replicas={replicas}")
    sh(cluster, f"kubectl expose deployment {name} --port={port} --target-port=80")
    cluster.advance(30)
    return cluster


def client(cluster: Cluster, name: str = "bb", image: str = "busybox") -> dict:
    """A running pod to run commands in (busybox: wget and nslookup, no curl)."""
    if cluster.store.get("pods", "default", name) is None:
        sh(cluster, f"kubectl run {name} --image={image} -- sleep 36000")
        cluster.advance(30)
    return cluster.store.get("pods", "default", name)


def exec_in(cluster: Cluster, pod: dict, *argv: str) -> tuple[str, int]:
    result = kubelet.exec_in(cluster, pod, pod["spec"]["containers"][0]["name"], list(argv))
    return result.stdout + result.stderr, result.exit_code


def apply(cluster: Cluster, manifest: str) -> str:
    return sh(cluster, "kubectl apply -f -", manifest)


def svc_ip(cluster: Cluster, name: str, namespace: str = "default") -> str:
    return cluster.store.get("services", namespace, name)["spec"]["clusterIP"]
