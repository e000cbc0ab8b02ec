import asyncio
import json
import time
from urllib.parse import parse_qs

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer, WebsocketConsumer
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from labs.models import Sandbox
from labs.sandbox import actions, fragments, journal
from labs.sandbox.live import registry
from labs.sandbox.ownership import SESSION_IDS, may_open
from labs.sandbox.scheduler import group_name, save, saver, scheduler


class PingConsumer(WebsocketConsumer):
    """Answers every message with a numbered pong: the page's connection check.

    The page names its language in the query string (`?lang=en`), because a
    socket has no URL prefix for LocaleMiddleware to read.
    """

    def connect(self):
        self.count = 0
        self.language = _language_from_query(self.scope.get("query_string", b""))
        self.accept()

    def receive(self, text_data=None, bytes_data=None):
        self.count += 1
        with translation.override(self.language):
            html = render_to_string("labs/pong.html", {"count": self.count})
        self.send(text_data=html)


def _language_from_query(query_string: bytes) -> str:
    wanted = parse_qs(query_string.decode("latin-1")).get("lang", [""])[0]
    known = {code for code, _name in settings.LANGUAGES}
    return wanted if wanted in known else settings.LANGUAGE_CODE


class TokenBucket:
    """`rate` messages a second on average, bursts of up to `burst`."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.capacity = rate, burst
        self.tokens = float(burst)
        self.stamp = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class SandboxConsumer(AsyncWebsocketConsumer):
    """Drives one live sandbox: commands, manifests, time controls, faults and the scrubber.

    Only the sandbox's owner (or staff) may connect. Every action is answered with the
    current state (level-triggered); several tabs on one sandbox share the group
    `sandbox-<id>`, and the scheduler pushes the frames of a playing cluster to it.
    """

    async def connect(self):
        self.sandbox_id = int(self.scope["url_route"]["kwargs"]["sandbox_id"])
        self.language = _language_from_query(self.scope.get("query_string", b""))
        self.live = None
        self.scrub_at = None
        self.warned = False
        self.bucket = TokenBucket(settings.SANDBOX_RATE_PER_SECOND, settings.SANDBOX_RATE_BURST)
        sandbox = await database_sync_to_async(self._authorised)()
        if sandbox is None:
            await self.close(code=4403)
            return
        self.group = group_name(self.sandbox_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        self.live = await database_sync_to_async(registry.get)(sandbox)
        thawed = not self.live.watchers
        self.live.watchers[self.channel_name] = self.language
        scheduler.ensure()
        await self.send(text_data=await self._full_state())
        if self.live.speed:
            if thawed:
                # Frozen while nobody watched: play on from here, not from when it froze.
                await asyncio.to_thread(self._thaw)
            scheduler.wake(self.sandbox_id)

    def _thaw(self):
        with self.live.lock:
            self.live.play(self.live.speed)

    def _authorised(self):
        sandbox = Sandbox.objects.filter(id=self.sandbox_id).first()
        if sandbox is None:
            return None
        session = self.scope.get("session")
        key = getattr(session, "session_key", None)
        ids = session.get(SESSION_IDS, []) if session is not None else []
        if not may_open(sandbox, self.scope.get("user"), key, ids):
            return None
        return sandbox

    async def disconnect(self, code):
        if self.live is None:
            return
        await self.channel_layer.group_discard(self.group, self.channel_name)
        self.live.watchers.pop(self.channel_name, None)
        if not self.live.watchers:
            # Nobody watches: the cluster freezes where it is (saved), and is evicted later.
            await save(self.live)
            registry.evict_idle()

    async def receive(self, text_data=None, bytes_data=None):
        text = text_data if text_data is not None else (bytes_data or b"").decode(errors="replace")
        limit = settings.SANDBOX_MAX_MESSAGE_BYTES
        if len(text.encode()) > limit:
            await self._notice(
                "That message is %(size)d KiB; the sandbox takes at most %(limit)d KiB at once.",
                size=len(text.encode()) // 1024, limit=limit // 1024)
            return
        if not self.bucket.take():
            if not self.warned:
                self.warned = True
                await self._notice(
                    "Too many messages: at most %(rate)d a second. Wait a moment, then go on.",
                    rate=settings.SANDBOX_RATE_PER_SECOND)
            return
        self.warned = False
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            await self._notice(UNDERSTOOD)
            return
        if data.get("action") == "scrub":
            await self._scrub(data.get("t"))
            return
        if self.scrub_at is not None and data.get("action") != "check":
            self.scrub_at = None  # acting on the cluster brings the view back to now
            await self.send(text_data=await self._full_state())
        # Commands run in a worker thread of their own, not in the database thread: one
        # learner's long command or a disk flush never holds up another's answer.
        reply = await sync_to_async(self._perform, thread_sensitive=False)(data)
        if reply.private:
            await self.send(text_data="".join(reply.private))
        if reply.shared:
            # The answer first (every tab), then the store, then the cluster's new picture.
            await self.channel_layer.group_send(
                self.group, {"type": "sim.changed", "frames": {}, "shared": "".join(reply.shared)})
        if reply.save and journal.snapshot_due(self.live):
            saver.soon(self.live)
        if reply.changed:
            await scheduler.flush(self.live)

    def _perform(self, data):
        with translation.override(self.language):
            return actions.perform(self.live, data, self.language)

    async def sim_changed(self, event):
        frames = event.get("frames") or {}
        parts = [event.get("shared") or ""]
        if self.scrub_at is None:
            parts += (frames.get(self.language) or {}).values()
        html = "".join(parts)
        if html:
            await self.send(text_data=html)

    async def _scrub(self, value):
        if value in (None, "", "live"):
            self.scrub_at = None
            await self.send(text_data=await self._full_state())
            return
        try:
            self.scrub_at = int(float(value))
        except (TypeError, ValueError):
            await self._notice(UNDERSTOOD)
            return
        await self.send(text_data=await asyncio.to_thread(self._past_state, self.scrub_at))

    def _past_state(self, virtual_ms):
        with self.live.lock:
            past = self.live.at(virtual_ms)
        return "".join(fragments.state_fragments(self.live, self.language, cluster=past,
                                                 past=True).values())

    async def _full_state(self):
        def render():
            with self.live.lock:
                return "".join(fragments.state_fragments(self.live, self.language).values())

        return await asyncio.to_thread(render)

    async def _notice(self, message, **values):
        with translation.override(self.language):
            text = _(message) % values if values else _(message)
        await self.send(text_data=fragments.notice(text, self.language))


# Marked for translation here, translated in the learner's language by `_notice`.
UNDERSTOOD = gettext_noop("The sandbox did not understand that message.")
gettext_noop("That message is %(size)d KiB; the sandbox takes at most %(limit)d KiB at once.")
gettext_noop("Too many messages: at most %(rate)d a second. Wait a moment, then go on.")
