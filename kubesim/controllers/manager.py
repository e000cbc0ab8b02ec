"""`Manager`: what the controllers of one cluster share (kube-controller-manager's process).

It holds the cluster, the pod index by owner and the event recorder, and the helpers every
controller uses to register its loop, its watches and its timed wake-ups.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import resources as res
from ..apiserver.errors import APIError
from . import common as c
from .events import Recorder
from .pods import PodTracker


class Manager:
    def __init__(self, cluster) -> None:
        self.cluster = cluster
        self.store = cluster.store
        self.api = cluster.api
        self.clock = cluster.clock
        self.tracker = PodTracker(cluster.store)
        self.recorder = Recorder(cluster)

    @property
    def now(self) -> int:
        return self.clock.now

    def loop(self, name: str, sync: Callable[[str], None]):
        """Register a controller loop; returns its queue (`enqueue(key)`)."""
        return self.cluster.add_controller(name, sync)

    def on_event(self, kind: str, queue) -> None:
        """Timed events of `kind` enqueue their key into `queue` (and forget the wake-up)."""
        def handler(event) -> None:
            c.woke(self.cluster, kind, event.key)
            queue.enqueue(event.key)
        self.cluster.handlers[kind] = handler

    def event(self, obj: dict, type_: str, reason: str, message: str, component: str) -> None:
        self.recorder.event(obj, type_, reason, message, component)

    def create(self, obj: dict) -> dict:
        return self.api.create(obj, c.CONTROLLER_USER)

    def delete(self, plural: str, namespace: str, name: str, propagation: str = "Background") -> dict | None:
        """Delete as a controller does; None if it was already gone."""
        try:
            return self.api.delete(res.BY_PLURAL[plural], namespace, name, c.CONTROLLER_USER,
                                   propagation=propagation)
        except APIError as err:
            if err.code == 404:
                return None
            raise

    def update(self, plural: str, obj: dict) -> dict:
        """A component's write of metadata, spec or status (no authorization, no defaulting)."""
        return self.api.update_status(plural, obj)
