"""A pod of plain servers is not replayed: the kubelet knows what the replay would conclude
(they serve from their start and never end on their own). The cluster must end up exactly as
when every replay runs."""

import pytest

from kubesim.cluster import dumps
from kubesim.kubelet import world
from kubesim.kubelet.worker import Kubelet

from .helpers import cluster

SCENARIO = [
    "kubectl create deployment web --image=nginx:1.27 --replicas=4",
    "kubectl create deployment cache --image=redis:7",
    "kubectl run apache --image=httpd:2.4",
    "kubectl run quiet --image=nginx:1.27 --command -- nginx -v",
    "kubectl run script --image=busybox:1.36 -- sh -c 'sleep 3; echo done'",
    "sleep 40",
    "kubectl set image deployment/web nginx=nginx:1.29",
    "sleep 40",
    "kubectl scale deployment web --replicas=1",
    "kubectl delete pod apache",
    "sleep 40",
    "kubectl get pods",
    "kubectl logs deployment/web",
    "kubectl exec deployment/web -- curl -s localhost",
]


def run(shortcut: bool, monkeypatch) -> tuple[str, list[str]]:
    if not shortcut:
        monkeypatch.setattr(Kubelet, "plainly_serving", lambda self, pod, rec, extra=(): False)
    c = cluster()
    outputs = [c.run(line).stdout for line in SCENARIO]
    return dumps(c.snapshot()), outputs


def test_a_pod_of_plain_servers_ends_up_as_when_replayed(monkeypatch):
    replays = []
    original = world.PodWorld.run
    monkeypatch.setattr(world.PodWorld, "run", lambda self, *a, **k: replays.append(1) or original(self, *a, **k))
    skipped = run(True, monkeypatch)
    skipped_replays = len(replays)
    with monkeypatch.context() as m:
        replayed = run(False, m)
    assert skipped == replayed
    assert skipped_replays < len(replays) - 10  # the servers' starts and stops were not replayed


@pytest.mark.parametrize("argv, serves", [
    (["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"], True),
    (["nginx", "-v"], False),
    (["/docker-entrypoint.sh", "nginx", "-s", "quit"], False),
    (["/docker-entrypoint.sh"], False),
    (["sh", "-c", "nginx -g 'daemon off;'"], False),
    (["/usr/sbin/nginx"], True),
    (["missing-binary"], False),
])
def test_it_tells_a_plain_server_from_anything_else(argv, serves):
    from kubesim.kubelet import container as ct
    from kubesim.kubelet import images

    c = cluster()
    image = images.lookup(images.resolve("nginx:1.27"))
    assert ct.serves_at_once(c.shell.commands, image, argv, {}) is serves
