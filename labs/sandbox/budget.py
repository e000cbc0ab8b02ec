"""Commands per minute per learner, over all of their tabs, sockets and no-JavaScript forms.

Each socket already has its own message rate (labs/consumers.py `TokenBucket`); this budget
is per person: an account (`user:<id>`) or a guest's session (`guest:<session key>`), with
SANDBOX_COMMANDS_PER_MINUTE and SANDBOX_ANONYMOUS_COMMANDS_PER_MINUTE (0: no limit). Only
actions that run something in the cluster are counted (`counted`): typing in the editor sends
"check" messages, and those stay free.

The budget lives in this process's memory: with several workers, a learner whose tabs are on
two workers gets the budget on each.

    key = budget.key_for(user, session_key)
    if budget.counted(data) and not budget.commands.allow(key):
        ... answer with budget.refusal(key) ...
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

COUNTED = frozenset({"command", "fault", "apply", "delete", "time", "reset", "why"})
# Marked for translation here; `refusal` (or the consumer's `_notice`) translates it.
REFUSAL = gettext_noop("Too many commands: at most %(count)d a minute. Wait a moment, then go on.")
GUEST = "guest:"
PRUNE_AT = 10_000  # buckets kept before full (idle) ones are forgotten


def key_for(user, session_key: str | None) -> str:
    """Whose budget a request or socket spends: the account's, else the guest session's."""
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return GUEST + (session_key or "")


def per_minute(key: str) -> int:
    if key.startswith(GUEST):
        return settings.SANDBOX_ANONYMOUS_COMMANDS_PER_MINUTE
    return settings.SANDBOX_COMMANDS_PER_MINUTE


def counted(data: dict) -> bool:
    """Does this message (or form) run something in the cluster?"""
    return str(data.get("action") or "") in COUNTED


def refusal(key: str) -> str:
    """The learner's message, in the active language."""
    return _(REFUSAL) % {"count": per_minute(key)}


class Budget:
    """A token bucket per key: up to `per_minute(key)` commands at once, refilled evenly over a
    minute, so a learner who keeps to the rate is never refused."""

    def __init__(self, clock=time.monotonic) -> None:
        self.clock = clock
        self.buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, when counted)
        self.lock = threading.Lock()  # the no-JavaScript views run in threads

    def allow(self, key: str) -> bool:
        """Spend one command of `key`'s budget; False (nothing spent) when it is used up."""
        capacity = per_minute(key)
        if capacity <= 0:
            return True
        now = self.clock()
        with self.lock:
            tokens, then = self.buckets.get(key, (float(capacity), now))
            tokens = min(float(capacity), tokens + (now - then) * capacity / 60)
            allowed = tokens >= 1
            self.buckets[key] = (tokens - 1 if allowed else tokens, now)
            if len(self.buckets) > PRUNE_AT:
                self._forget_full(now)
        return allowed

    def _forget_full(self, now: float) -> None:
        """Buckets that have refilled are the same as no bucket: drop them (memory stays bounded
        by the learners active in the last minute)."""
        for key, (tokens, then) in list(self.buckets.items()):
            capacity = per_minute(key)
            if tokens + (now - then) * capacity / 60 >= capacity:
                del self.buckets[key]


commands = Budget()  # this process's
