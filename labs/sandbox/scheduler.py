"""The per-process scheduler: one asyncio task with a heap of wake-up times.

Playing sandboxes are advanced in CPU slices of a few milliseconds (SANDBOX_SLICE_MS), so a
large cluster takes turns with the others instead of stalling them; changed state is pushed
to the sandbox's group (`sandbox-<id>`) at most SANDBOX_FRAMES_PER_SECOND times a second,
except right after a learner's own action, which is answered at once.
"""

import asyncio
import heapq
import logging
import time

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction

from labs.sandbox import fragments
from labs.sandbox.live import LiveSandbox, registry

log = logging.getLogger(__name__)
HOUSEKEEPING_SECONDS = 30


def group_name(sandbox_id: int) -> str:
    return f"sandbox-{sandbox_id}"


def render_frame(live: LiveSandbox) -> dict:
    """{language: {fragment id: html}} of what changed since the last frame (lock taken here)."""
    with live.lock:
        overrides = live.next_overrides()
        # After a moment from the past, the present still has to be shown.
        live.dirty = overrides is not None
        out = {}
        for language in sorted(set(live.watchers.values())):
            due = fragments.streams_due(live, language, overrides)
            fresh = fragments.state_fragments(live, language, overrides=overrides, only=due)
            sent = live.sent.setdefault(language, {})
            changed = {k: v for k, v in fresh.items() if sent.get(k) != v}
            sent.update(changed)
            if changed:
                out[language] = changed
        return out


class Scheduler:
    def __init__(self) -> None:
        self.heap: list = []
        self.pending: dict[int, float] = {}
        self.sequence = 0
        self.task: asyncio.Task | None = None
        self.loop = None
        self.event: asyncio.Event | None = None
        self.tidied = time.monotonic()

    @property
    def interval(self) -> float:
        return 1 / max(settings.SANDBOX_FRAMES_PER_SECOND, 1)

    def ensure(self) -> None:
        """Start the task in the running loop (again, if an earlier loop has gone)."""
        loop = asyncio.get_running_loop()
        if self.task is not None and not self.task.done() and self.loop is loop:
            return
        self.loop, self.heap, self.pending = loop, [], {}
        self.event = asyncio.Event()
        self.task = loop.create_task(self._run(), name="sandbox-scheduler")
        for live in registry.playing():
            self.wake(live.id)

    def wake(self, sandbox_id: int, delay: float = 0.0) -> None:
        when = time.monotonic() + max(delay, 0.0)
        if self.pending.get(sandbox_id, float("inf")) <= when:
            return
        self.pending[sandbox_id] = when
        self.sequence += 1
        heapq.heappush(self.heap, (when, self.sequence, sandbox_id))
        if self.event is not None:
            self.event.set()

    async def _run(self) -> None:
        while True:
            if time.monotonic() - self.tidied > HOUSEKEEPING_SECONDS:
                self.tidied = time.monotonic()
                registry.evict_idle()  # sandboxes nobody watched for a while leave memory
            if not self.heap:
                self.event.clear()
                try:
                    await asyncio.wait_for(self.event.wait(), HOUSEKEEPING_SECONDS)
                except TimeoutError:
                    pass
                continue
            when, _seq, sandbox_id = self.heap[0]
            wait = when - time.monotonic()
            if wait > 0:
                self.event.clear()
                try:
                    await asyncio.wait_for(self.event.wait(), wait)
                except TimeoutError:
                    pass
                continue
            heapq.heappop(self.heap)
            if self.pending.get(sandbox_id) != when:
                continue  # superseded by an earlier wake-up
            del self.pending[sandbox_id]
            live = registry.peek(sandbox_id)
            if live is None:
                continue
            try:
                await self.service(live)
            except Exception:
                log.exception("sandbox %s: scheduler turn failed", sandbox_id)
            await asyncio.sleep(0)  # let sockets breathe between turns

    async def service(self, live: LiveSandbox) -> None:
        playing = bool(live.speed and live.watchers)
        caught_up = True
        if playing:
            if live.lock.acquire(blocking=False):
                try:
                    caught_up = live.advance_slice(settings.SANDBOX_SLICE_MS / 1000)
                except Exception:
                    live.speed = 0
                    raise
                finally:
                    live.lock.release()
            else:
                caught_up = False
        now = time.monotonic()
        if (live.dirty or live.subframes or live.ticked) and live.watchers:
            # A frame that would only move the clock comes at most twice a second.
            gap = self.interval if (live.dirty or live.subframes) else max(self.interval, 0.5)
            due = live.last_flush + gap
            if now >= due:
                await self.flush(live)
            else:
                self.wake(live.id, due - now)
        if playing and now - live.last_save > settings.SANDBOX_SAVE_SECONDS:
            await save(live)
        if playing:
            self.wake(live.id, 0.002 if not caught_up else self.interval)

    async def flush(self, live: LiveSandbox, shared: str = "") -> None:
        """Push the next frame (and `shared` html, e.g. a terminal entry) to every tab."""
        live.last_flush = time.monotonic()
        live.ticked = False
        small = not live.subframes and live.cluster.store.resource_version == live.shown_rv
        if small and live.lock.acquire(blocking=False):
            # Only the clock (and the ages) to redraw: cheaper here than a thread hand-off.
            try:
                frames = render_frame(live)
            finally:
                live.lock.release()
        else:
            frames = await asyncio.to_thread(render_frame, live)
        if frames or shared:
            await get_channel_layer().group_send(
                group_name(live.id), {"type": "sim.changed", "frames": frames, "shared": shared}
            )
        if live.subframes or live.dirty or (live.speed and live.watchers):
            self.wake(live.id, self.interval)


async def save(live: LiveSandbox) -> None:
    """Store the sandbox now (a learner left, or it played for a while)."""
    await database_sync_to_async(save_many)([live])


def save_many(lives: list[LiveSandbox]) -> None:
    """Write several sandboxes in one transaction: one disk flush for all of them."""
    with transaction.atomic():
        for live in lives:
            with live.lock:
                live.save()


class Saver:
    """Saves sandboxes soon after their commands, several at once, off the answer's path."""

    def __init__(self) -> None:
        self.waiting: dict[int, LiveSandbox] = {}
        self.task: asyncio.Task | None = None
        self.loop = None
        self.event: asyncio.Event | None = None

    def soon(self, live: LiveSandbox) -> None:
        loop = asyncio.get_running_loop()
        if self.task is None or self.task.done() or self.loop is not loop:
            self.loop, self.event = loop, asyncio.Event()
            self.task = loop.create_task(self._run(), name="sandbox-saver")
        self.waiting[live.id] = live
        self.event.set()

    async def _run(self) -> None:
        while True:
            await self.event.wait()
            self.event.clear()
            batch, self.waiting = list(self.waiting.values()), {}
            try:
                await database_sync_to_async(save_many)(batch)
            except Exception:
                log.exception("saving %d sandboxes failed", len(batch))

    async def flush(self) -> None:
        """Wait until everything waiting is stored (tests, shutdown)."""
        while self.waiting or (self.event is not None and self.event.is_set()):
            await asyncio.sleep(0.01)


saver = Saver()


scheduler = Scheduler()
