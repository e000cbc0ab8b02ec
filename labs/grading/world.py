"""The lab's starting world: a fresh cluster with the lab's nodes, objects, quota and files.

The world is built through the command language (kubectl label, patch, apply), the way an
administrator would prepare it, then run until stable; that moment is the lab's time zero.
Built worlds are kept as snapshots per lab revision, so grading one more submission costs a
snapshot restore, not a rebuild. Scripted events are queued on the cluster's own clock, so
they happen at their virtual time even in the middle of a learner's `sleep 60`.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass

from kubesim.cluster import Cluster
from kubesim.shell.interp import Shell

from .timeline import Timeline

SEED = 0
EVENT_KIND = "labs.scripted"
_SNAPSHOTS: dict[str, tuple[str, int]] = {}  # revision -> (snapshot as JSON, time zero)
_SNAPSHOTS_KEPT = 64


class WorldError(Exception):
    """The starting world could not be built (a world object or starter command failed)."""


@dataclass
class Session:
    """A lab's cluster from time zero on, with the recorder that over-time checks read."""

    cluster: Cluster
    start_ms: int
    timeline: Timeline
    scripted: dict[str, int]  # event name -> virtual ms (absolute) it is due

    def at(self, t_ms: int) -> int:
        return self.start_ms + t_ms


def start(definition: dict) -> Session:
    """A new session for a lab: its starting world restored, its scripted events queued."""
    cluster, start_ms = starting_cluster(definition)
    timeline = Timeline(cluster, start_ms)
    scripted = schedule_events(cluster, definition.get("events") or [], start_ms)
    return Session(cluster, start_ms, timeline, scripted)


def starting_cluster(definition: dict) -> tuple[Cluster, int]:
    """The lab's world at time zero, restored from its snapshot, and that time (virtual ms)."""
    frozen, start_ms = _starting_snapshot(definition)
    # A restored cluster may share parts of its snapshot (the learner's files, objects); each
    # cluster gets its own copy, so one grading can never leak into the next.
    return Cluster(snapshot=json.loads(frozen)), start_ms


def schedule_events(cluster: Cluster, events: list[dict], start_ms: int) -> dict[str, int]:
    """Queue the lab's `cluster ...` lines at their times; returns name -> due time."""
    attach_scripted(cluster)
    due = {}
    for event in events:
        at = start_ms + event["at_ms"]
        cluster.clock.schedule(at - cluster.clock.now, EVENT_KIND, event["name"], {"line": event["run"]})
        due[event["name"]] = at
    return due


def attach_scripted(cluster: Cluster) -> None:
    """Let the cluster run its queued scripted events. Handlers are not part of a snapshot, so
    a restored cluster (a learner's lab sandbox) needs this again; the events themselves are
    in the clock's queue. Their lines run outside the command log: they are not the learner's."""
    shell = Shell(cluster.shell.fs, env={"USER": "kubelab", "HOSTNAME": "control"},
                  commands=cluster.shell.commands, clock=cluster.wall_seconds)

    def fire(event) -> None:
        shell.run(event.params["line"])

    cluster.handlers[EVENT_KIND] = fire


def _starting_snapshot(definition: dict) -> tuple[str, int]:
    key = definition.get("revision") or json.dumps(definition["world"], sort_keys=True)
    if key not in _SNAPSHOTS:
        cluster = build(definition)
        if len(_SNAPSHOTS) >= _SNAPSHOTS_KEPT:
            _SNAPSHOTS.pop(next(iter(_SNAPSHOTS)))
        _SNAPSHOTS[key] = (json.dumps(cluster.snapshot()), cluster.clock.now)
    return _SNAPSHOTS[key]


def build(definition: dict) -> Cluster:
    """Build the starting world from scratch and run it until stable."""
    world = definition["world"]
    cluster = Cluster(seed=SEED, nodes=len(world["nodes"]))
    for node in world["nodes"]:
        _prepare_node(cluster, node)
    if world.get("kube_proxy_mode", "iptables") != "iptables":
        _set_proxy_mode(cluster, world["kube_proxy_mode"])
    if world.get("quota"):
        _run(cluster, "kubectl apply -f -", _quota_manifest(world["quota"]), "quota")
    for item in world.get("objects") or []:
        _run(cluster, "kubectl apply -f -", item["text"], item["file"])
    for item in definition.get("starter") or []:
        cluster.shell.fs.write(cluster.shell.fs.home + "/" + item["path"], item["text"])
    cluster.settle()
    cluster.log = []  # the learner's log starts at time zero
    return cluster


def _prepare_node(cluster: Cluster, node: dict) -> None:
    name = node["name"]
    if node.get("labels"):
        pairs = " ".join(shlex.quote(f"{k}={v}") for k, v in sorted(node["labels"].items()))
        _run(cluster, f"kubectl label node {name} {pairs} --overwrite", "", f"node {name}")
    if node.get("taints"):
        patch = json.dumps({"spec": {"taints": node["taints"]}})
        _run(cluster, f"kubectl patch node {name} --type=merge -p {shlex.quote(patch)}", "", f"node {name}")


def _set_proxy_mode(cluster: Cluster, mode: str) -> None:
    cm = cluster.store.get("configmaps", "kube-system", "kube-proxy") or {}
    text = (cm.get("data") or {}).get("config.conf", "")
    text = re.sub(r"(?m)^mode:.*$", f'mode: "{mode}"', text) if re.search(r"(?m)^mode:", text) \
        else text + f'\nmode: "{mode}"\n'
    patch = json.dumps({"data": {"config.conf": text}})
    _run(cluster, f"kubectl -n kube-system patch configmap kube-proxy --type=merge -p {shlex.quote(patch)}",
         "", "kube_proxy_mode")
    _run(cluster, "kubectl -n kube-system rollout restart daemonset kube-proxy", "", "kube_proxy_mode")


def _quota_manifest(quota: dict) -> str:
    doc = {"apiVersion": "v1", "kind": "ResourceQuota",
           "metadata": {"name": quota.get("name", "lab-quota"), "namespace": quota.get("namespace", "default")},
           "spec": {"hard": {k: str(v) for k, v in quota["hard"].items()}}}
    return json.dumps(doc)


def _run(cluster: Cluster, line: str, stdin: str, what: str) -> None:
    result = cluster.run(line, stdin)
    if result.exit_code != 0:
        raise WorldError(f"{what}: `{line.splitlines()[0]}` failed: {result.stderr.strip()}")
