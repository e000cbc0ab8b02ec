"""Same seed, same story: replays, snapshots and the converged default world."""

import json
import os
import subprocess
import sys

from kubesim.cluster import Cluster, dumps

SCENARIO = [
    ("kubectl apply -f -", """apiVersion: v1
kind: Pod
metadata: {name: site}
spec:
  volumes: [{name: html, emptyDir: {}}]
  initContainers: [{name: init, image: busybox:1.28, command: [sh, -c, "echo hi > /html/init.txt"],
                    volumeMounts: [{name: html, mountPath: /html}]}]
  containers:
  - name: web
    image: nginx
    volumeMounts: [{name: html, mountPath: /usr/share/nginx/html}]
    livenessProbe: {httpGet: {path: /init.txt, port: 80}, periodSeconds: 5}
  - name: writer
    image: debian
    command: [sh, -c, "while true; do date >> /html/index.html; sleep 7; done"]
    volumeMounts: [{name: html, mountPath: /html}]
---
apiVersion: v1
kind: Pod
metadata: {name: crash}
spec:
  containers: [{name: c, image: busybox, command: [sh, -c, "sleep 3; exit 2"]}]
"""),
    ("sleep 45", ""),
    ("cluster probe fail site", ""),
    ("sleep 40", ""),
    ("cluster sandbox kill crash", ""),
    ("sleep 30", ""),
    ("kubectl delete pod site --wait=false", ""),
    ("sleep 60", ""),
]


def run(c, steps):
    for line, stdin in steps:
        c.run(line, stdin)
    return c


def test_it_replays_to_the_same_snapshot():
    c = run(Cluster(seed=7), SCENARIO)
    assert c.verify()


def test_the_same_seed_gives_the_same_snapshot():
    a = run(Cluster(seed=7), SCENARIO)
    b = run(Cluster(seed=7), SCENARIO)
    assert dumps(a.snapshot()) == dumps(b.snapshot())


def test_snapshot_restore_continue_matches_a_straight_run():
    straight = run(Cluster(seed=7), SCENARIO)
    half = run(Cluster(seed=7), SCENARIO[:4])
    resumed = Cluster(snapshot=json.loads(json.dumps(half.snapshot())))
    run(resumed, SCENARIO[4:])
    assert dumps(resumed.snapshot()) == dumps(straight.snapshot())


def test_the_default_world_is_left_untouched():
    c = Cluster(seed=3)
    before = [dumps(c.store.list(plural)) for plural in ("pods", "nodes", "leases")]
    c.advance(3600)
    c.run("kubectl get pods -A")
    assert [dumps(c.store.list(plural)) for plural in ("pods", "nodes", "leases")] == before
    assert c.store.list("events") == []
    assert c.settle()


def test_hash_seeds_do_not_change_the_story():
    code = ("import sys; sys.path.insert(0, '.');"
            "from tests.kubesim.nodes.test_determinism import SCENARIO, run;"
            "from kubesim.cluster import Cluster, dumps;"
            "import hashlib; print(hashlib.sha256(dumps(run(Cluster(seed=7), SCENARIO).snapshot()).encode()).hexdigest())")
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                             cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__)))))
        digests.add(out.stdout.strip())
    assert len(digests) == 1
