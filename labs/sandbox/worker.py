"""This process as one worker among several: its channel, the sandboxes it owns, and what it
does for learners whose sockets are on other workers.

Only with SANDBOX_SHARED (several workers on one Redis and one database). Each process has
one channel of its own on the channel layer; the lease of a sandbox names the channel of its
owner (labs/sandbox/lease.py). A consumer on another worker forwards its learner's messages
there ("sandbox.forward"), registers as a watcher ("sandbox.watch", repeated as a heartbeat)
and asks for whole states ("sandbox.state"); the owner answers on the consumer's channel
("sandbox.reply") and pushes frames to the sandbox's group as usual. When a sandbox changes
owner, its group hears "sandbox.moved" and every consumer attaches again.
"""

from __future__ import annotations

import asyncio
import logging
import time

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction
from django.utils import translation

from labs.models import Sandbox
from labs.sandbox import actions, fragments, journal, lease
from labs.sandbox.live import LiveSandbox, registry
from labs.sandbox.scheduler import group_name, saver, scheduler

log = logging.getLogger(__name__)


class Worker:
    def __init__(self) -> None:
        self.channel: str | None = None
        self.loop = None
        self.tasks: list[asyncio.Task] = []
        self.heard: dict[tuple[int, str], float] = {}  # (sandbox, remote watcher) -> last heartbeat

    async def ensure(self) -> str:
        """This worker's channel, listening (started in the running loop on first use)."""
        loop = asyncio.get_running_loop()
        if self.channel is None or self.loop is not loop or any(t.done() for t in self.tasks):
            self.loop = loop
            # The default prefix: channels-redis pops one queue per process for all of its
            # "specific." channels; a channel of another prefix would starve the consumers.
            self.channel = await get_channel_layer().new_channel()
            self.tasks = [loop.create_task(self._listen(), name="sandbox-worker"),
                          loop.create_task(self._renew(), name="sandbox-leases")]
        return self.channel

    # -- owning ----------------------------------------------------------------------------
    def own(self, sandbox_id: int) -> LiveSandbox | None:
        """The live sandbox when this worker owns it (taking the lease if free), else None.
        A sandbox is loaded afresh whenever its lease is newly taken: another worker may have
        written since this one last held it."""
        live = registry.peek(sandbox_id)
        if live is not None and live.holder == self.channel:
            try:
                with transaction.atomic():
                    lease.fenced(sandbox_id, self.channel, live.fence)
                return live
            except lease.LeaseLost:
                registry.drop(sandbox_id)
        fence = lease.acquire(sandbox_id, self.channel)
        if fence is None:
            return None
        registry.drop(sandbox_id)
        sandbox = Sandbox.objects.filter(id=sandbox_id).first()
        if sandbox is None:
            return None
        live = registry.get(sandbox)
        live.holder, live.fence = self.channel, fence
        return live

    def release_if_unwatched(self, live: LiveSandbox) -> None:
        """Nobody watches: store the sandbox and give it up, so any worker may take it."""
        with live.lock:
            if live.watchers or live.holder != self.channel:
                return
            live.save()
            lease.release(live.id, live.holder, live.fence)
            live.holder, live.fence = "", 0
        registry.drop(live.id)

    # -- messages from other workers' consumers --------------------------------------------
    async def _listen(self) -> None:
        layer = get_channel_layer()
        while True:
            try:
                message = await layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:  # Redis restarting: wait and listen again
                log.warning("worker channel: receive failed, retrying", exc_info=True)
                await asyncio.sleep(1.0)
                continue
            try:
                await self._handle(message)
            except Exception:
                log.exception("worker channel: %s failed", message.get("type"))

    async def _handle(self, message: dict) -> None:
        sandbox_id = int(message["sandbox"])
        reply_to = message["reply_to"]
        live = registry.peek(sandbox_id)
        if live is None or live.holder != self.channel:
            await get_channel_layer().send(reply_to, {"type": "sandbox.moved"})
            return
        kind = message["type"]
        language = message.get("language") or settings.LANGUAGE_CODE
        if kind == "sandbox.watch":
            await self._watch(live, reply_to, language, message.get("state", False))
        elif kind == "sandbox.unwatch":
            live.watchers.pop(reply_to, None)
            self.heard.pop((live.id, reply_to), None)
            if not live.watchers:
                await database_sync_to_async(self.release_if_unwatched)(live)
        elif kind == "sandbox.forward":
            await self._forward(live, message["data"], language, reply_to)
        elif kind == "sandbox.state":
            html = await asyncio.to_thread(state_html, live, language, message.get("t"))
            await get_channel_layer().send(reply_to, {"type": "sandbox.reply", "html": html})

    async def _watch(self, live: LiveSandbox, channel: str, language: str, state: bool) -> None:
        self.heard[(live.id, channel)] = time.monotonic()
        if state:
            html = await asyncio.to_thread(state_html, live, language)
            await get_channel_layer().send(channel, {"type": "sandbox.reply", "html": html})
        await add_watcher(live, channel, language)

    async def _forward(self, live: LiveSandbox, data: dict, language: str, reply_to: str) -> None:
        async def answer(html):
            await get_channel_layer().send(
                reply_to, {"type": "sandbox.reply", "html": html, "client_id": data.get("client_id") or ""})

        try:
            await act(live, data, language, answer)
        except lease.LeaseLost:
            await self.lost(live.id)

    # -- leases ----------------------------------------------------------------------------
    async def _renew(self) -> None:
        while True:
            await asyncio.sleep(settings.SANDBOX_LEASE_SECONDS / 3)
            self._forget_silent_watchers()
            fences = {live.id: live.fence for live in list(registry.entries.values())
                      if live.holder == self.channel and live.fence}
            try:
                lost = await database_sync_to_async(lease.renew)(self.channel, fences)
            except Exception:  # the database is away: the leases may lapse
                log.warning("renewing sandbox leases failed", exc_info=True)
                continue
            for sandbox_id in lost:
                await self.lost(sandbox_id)

    def _forget_silent_watchers(self) -> None:
        """A watcher on another worker that stopped its heartbeat (that worker died)."""
        limit = time.monotonic() - 2 * settings.SANDBOX_LEASE_SECONDS
        for (sandbox_id, channel), seen in list(self.heard.items()):
            if seen < limit:
                del self.heard[(sandbox_id, channel)]
                live = registry.peek(sandbox_id)
                if live is not None:
                    live.watchers.pop(channel, None)

    async def lost(self, sandbox_id: int) -> None:
        """Another worker owns the sandbox now: forget this copy, and tell its consumers."""
        log.warning("sandbox %s: lease lost, dropping this worker's copy", sandbox_id)
        registry.drop(sandbox_id)
        await get_channel_layer().group_send(group_name(sandbox_id), {"type": "sandbox.moved"})


async def act(live: LiveSandbox, data: dict, language: str, answer) -> None:
    """Perform a learner's message on a sandbox this worker runs: `answer(html)` tells the
    asking socket (first: it is stored by then), the answer for every tab goes to the group,
    a snapshot is taken when due, and the new picture is pushed."""
    reply = await sync_to_async(_perform, thread_sensitive=False)(live, data, language)
    if reply.private:
        await answer("".join(reply.private))
    if reply.shared:
        await get_channel_layer().group_send(
            group_name(live.id), {"type": "sim.changed", "frames": {}, "shared": "".join(reply.shared)})
    if reply.save and journal.snapshot_due(live):
        saver.soon(live)
    if reply.changed:
        await scheduler.flush(live)


def _perform(live: LiveSandbox, data: dict, language: str):
    with translation.override(language):
        return actions.perform(live, data, language)


async def add_watcher(live: LiveSandbox, channel: str, language: str) -> None:
    """Somebody watches `live` (in `language`): its frames are rendered for them, and a playing
    cluster that was frozen while nobody watched plays on from here, not from when it froze."""
    thawed = not live.watchers
    live.watchers[channel] = language
    scheduler.ensure()
    if live.speed:
        if thawed:
            await asyncio.to_thread(_thaw, live)
        scheduler.wake(live.id)


def _thaw(live: LiveSandbox) -> None:
    with live.lock:
        live.play(live.speed)


def state_html(live: LiveSandbox, language: str, past_ms=None) -> str:
    """The whole state in `language`: now, or at `past_ms` for the scrubber."""
    with live.lock:
        if past_ms is None:
            return "".join(fragments.state_fragments(live, language).values())
        past = live.at(past_ms)
    return "".join(fragments.state_fragments(live, language, cluster=past, past=True).values())


worker = Worker()
