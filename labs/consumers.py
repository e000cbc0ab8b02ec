import asyncio
import json
import logging
import time
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer, WebsocketConsumer
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from labs.models import Sandbox
from labs.sandbox import budget, fragments, lease
from labs.sandbox.live import registry
from labs.sandbox.ownership import SESSION_IDS, may_open
from labs.sandbox.scheduler import group_name, save
from labs.sandbox.worker import act, add_watcher, state_html, worker

log = logging.getLogger(__name__)
ATTACH_TRIES = 5


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

    With several workers (SANDBOX_SHARED) the cluster runs on the worker that holds the
    sandbox's lease: this consumer either is on that worker (`self.live`) or forwards to it
    (`self.remote`, labs/sandbox/worker.py), and attaches again when the sandbox moves.
    """

    async def connect(self):
        self.sandbox_id = int(self.scope["url_route"]["kwargs"]["sandbox_id"])
        self.language = _language_from_query(self.scope.get("query_string", b""))
        self.live = None
        self.remote = None
        self.watchdog = None
        self.unanswered: dict[str, dict] = {}  # forwarded messages not answered yet, by client id
        self.scrub_at = None
        self.warned = False
        self.bucket = TokenBucket(settings.SANDBOX_RATE_PER_SECOND, settings.SANDBOX_RATE_BURST)
        sandbox = await database_sync_to_async(self._authorised)()
        if sandbox is None:
            await self.close(code=4403)
            return
        self.spender = budget.key_for(self.scope.get("user"),
                                      getattr(self.scope.get("session"), "session_key", None))
        self.group = group_name(self.sandbox_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self._attach(sandbox)
        if settings.SANDBOX_SHARED:
            self.watchdog = asyncio.create_task(self._watch_owner())

    async def _attach(self, sandbox=None):
        """Find who runs the cluster; run it here if nobody does. Sends the whole state."""
        if not settings.SANDBOX_SHARED:
            self.live = await database_sync_to_async(registry.get)(sandbox)
            await self._watch_here()
            return
        me = await worker.ensure()
        for _try in range(ATTACH_TRIES):
            holder = await database_sync_to_async(lease.holder)(self.sandbox_id)
            if holder in (None, me):
                live = await database_sync_to_async(worker.own)(self.sandbox_id)
                if live is not None:
                    self.live, self.remote = live, None
                    await self._watch_here()
                    await self._resend()
                    return
                continue  # another worker took it just now (or it was deleted): ask again
            self.live, self.remote = None, holder
            await self.channel_layer.send(holder, self._to_owner("sandbox.watch", state=True))
            await self._resend()
            return
        await self.close(code=4404)  # the sandbox is gone

    async def _watch_here(self):
        await self.send(text_data=await self._full_state())
        await add_watcher(self.live, self.channel_name, self.language)

    def _to_owner(self, kind: str, **fields) -> dict:
        return {"type": kind, "sandbox": self.sandbox_id, "reply_to": self.channel_name,
                "language": self.language, **fields}

    async def _watch_owner(self):
        """On another worker's sandbox: a heartbeat to its owner, and a look at the lease; a
        lease that lapsed (the owner died) is taken over here."""
        while True:
            await asyncio.sleep(settings.SANDBOX_LEASE_SECONDS / 2)
            if self.remote is None:
                continue
            try:
                holder = await database_sync_to_async(lease.holder)(self.sandbox_id)
                if holder == self.remote:
                    await self.channel_layer.send(holder, self._to_owner("sandbox.watch"))
                else:
                    await self._attach()
            except Exception:  # Redis or the database away: try again later
                log.warning("sandbox %s: watching the owner failed", self.sandbox_id, exc_info=True)

    async def _resend(self):
        """Forwarded messages the old owner never answered go to the new one (their client ids
        make this safe: one that ran is answered from the journal)."""
        for data in list(self.unanswered.values()):
            await self._act(data)

    async def sandbox_moved(self, event):
        if self.live is not None:
            self.live.watchers.pop(self.channel_name, None)
        await self._attach()

    async def sandbox_reply(self, event):
        self.unanswered.pop(event.get("client_id") or "", None)
        if event.get("html"):
            await self.send(text_data=event["html"])

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
        if self.watchdog is not None:
            self.watchdog.cancel()
        if self.live is None and self.remote is None:
            return
        await self.channel_layer.group_discard(self.group, self.channel_name)
        if self.remote is not None:
            await self.channel_layer.send(self.remote, self._to_owner("sandbox.unwatch"))
            return
        self.live.watchers.pop(self.channel_name, None)
        if not self.live.watchers:
            # Nobody watches: the cluster freezes where it is (saved), and is evicted later.
            if settings.SANDBOX_SHARED:
                await database_sync_to_async(worker.release_if_unwatched)(self.live)
                return
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
        data.pop("HEADERS", None)
        if budget.counted(data) and not budget.commands.allow(self.spender):
            await self._notice(budget.REFUSAL, count=budget.per_minute(self.spender))
            return
        if data.get("action") == "scrub":
            await self._scrub(data.get("t"))
            return
        if self.scrub_at is not None and data.get("action") != "check":
            self.scrub_at = None  # acting on the cluster brings the view back to now
            await self._send_state()
        await self._act(data)

    async def _act(self, data):
        if self.remote is not None:
            if data.get("client_id"):
                self.unanswered[str(data["client_id"])] = data
            await self.channel_layer.send(self.remote, self._to_owner("sandbox.forward", data=data))
            return
        try:
            await act(self.live, data, self.language, self._answer)
        except lease.LeaseLost:
            if data.get("client_id"):
                self.unanswered[str(data["client_id"])] = data
            await worker.lost(self.sandbox_id)  # every consumer, this one too, attaches again

    async def _answer(self, html):
        await self.send(text_data=html)

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
            await self._send_state()
            return
        try:
            self.scrub_at = int(float(value))
        except (TypeError, ValueError, OverflowError):  # 1e999
            await self._notice(UNDERSTOOD)
            return
        await self._send_state(self.scrub_at)

    async def _send_state(self, past_ms=None):
        if self.remote is not None:
            await self.channel_layer.send(self.remote, self._to_owner("sandbox.state", t=past_ms))
            return
        await self.send(text_data=await asyncio.to_thread(state_html, self.live, self.language, past_ms))

    async def _full_state(self):
        return await asyncio.to_thread(state_html, self.live, self.language)

    async def _notice(self, message, **values):
        with translation.override(self.language):
            text = _(message) % values if values else _(message)
        await self.send(text_data=fragments.notice(text, self.language))


# Marked for translation here, translated in the learner's language by `_notice`.
UNDERSTOOD = gettext_noop("The sandbox did not understand that message.")
gettext_noop("That message is %(size)d KiB; the sandbox takes at most %(limit)d KiB at once.")
gettext_noop("Too many messages: at most %(rate)d a second. Wait a moment, then go on.")
