"""Every manifest of the Kubernetes documentation examples that INDEX.tsv marks `ok` applies
with `kubectl apply -f` in a fresh default world; every other one is refused or flagged."""

import csv
from pathlib import Path

import pytest

from kubesim.cluster import Cluster

EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "k8s-examples"


def rows() -> list[dict]:
    with open(EXAMPLES / "INDEX.tsv", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


OK = [r["path"] for r in rows() if r["status"] == "ok"]


@pytest.fixture(scope="module")
def fresh():
    base = Cluster().to_bytes()
    return lambda: Cluster.from_bytes(base)


@pytest.mark.parametrize("path", OK)
def test_it_applies_every_ok_example(fresh, path):
    cluster = fresh()
    text = (EXAMPLES / path).read_text()
    for namespace in _namespaces(text):
        cluster.run(f"kubectl create namespace {namespace}")
    result = cluster.run("kubectl apply -f -", text)
    assert result.exit_code == 0, f"{path}:\n{result.stderr}"
    assert result.stdout.strip(), path


def _namespaces(text: str) -> list[str]:
    """Namespaces a manifest expects to exist already (a real user would have created them)."""
    found = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("namespace:"):
            name = stripped.split(":", 1)[1].strip().strip("'\"")
            if name and name not in ("default", "kube-system", "kube-public") and name not in found:
                found.append(name)
    return found
