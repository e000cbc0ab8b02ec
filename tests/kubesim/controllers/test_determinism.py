"""Determinism: the same scenario gives the same store under different string hashing, and
a cluster resumed from a snapshot in the middle of things goes on exactly as the original."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from .helpers import deployment, new_cluster, resume
from .test_statefulset import STS

ROOT = Path(__file__).resolve().parents[3]


def scenario(split_at: float | None = None) -> str:
    """A rollout, a StatefulSet and a stopped node; the digest of the final store."""
    cluster = new_cluster(seed=5, nodes=3)
    cluster.api.create(deployment(replicas=5))
    cluster.api.create(__import__("yaml").safe_load(STS))
    cluster.advance(40)
    d = cluster.store.get("deployments", "default", "web")
    template = d["spec"]["template"]
    containers = [{**template["spec"]["containers"][0], "image": "nginx:1.29"}]
    cluster.api.update({**d, "spec": {**d["spec"], "template": {**template, "spec": {"containers": containers}}}})
    cluster.run("cluster node stop kind-worker2")
    if split_at is not None:
        cluster.advance(split_at)
        cluster = resume(cluster)
    cluster.advance(420 - (split_at or 0))
    return hashlib.sha256(json.dumps(cluster.store.dump(), sort_keys=True).encode()).hexdigest()


def test_it_gives_the_same_store_under_two_hash_seeds():
    code = "from tests.kubesim.controllers.test_determinism import scenario; print(scenario())"
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                             check=True)
        digests.add(out.stdout.strip().splitlines()[-1])
    assert len(digests) == 1


def test_it_resumes_from_a_snapshot_in_the_middle_as_if_never_stopped():
    assert scenario(split_at=7) == scenario()
