"""Virtual time, the event queue and the cluster's random streams.

Time is an integer count of milliseconds since the fixed virtual epoch. Nothing happens
between events: the clock jumps from one to the next, so an idle cluster costs nothing.
Events are plain data (kind, key, params) ordered by (time, priority, sequence), which makes
same-time events deterministic and the queue storable in a snapshot.
"""

import hashlib
import heapq
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def to_datetime(ms: int) -> datetime:
    return EPOCH + timedelta(milliseconds=ms)


_STAMPS: dict[int, str] = {}  # whole second -> its text: a busy moment writes hundreds of them
_PARSED: dict[str, int] = {}


def timestamp(ms: int) -> str:
    """RFC 3339 at second precision, as metadata timestamps are written."""
    second = ms // 1000
    text = _STAMPS.get(second)
    if text is None:
        if len(_STAMPS) >= 4096:
            _STAMPS.clear()
        text = _STAMPS[second] = to_datetime(second * 1000).strftime("%Y-%m-%dT%H:%M:%SZ")
    return text


def parse_timestamp(text: str) -> int:
    ms = _PARSED.get(text)
    if ms is None:
        moment = datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        if len(_PARSED) >= 4096:
            _PARSED.clear()
        ms = _PARSED[text] = int((moment - EPOCH).total_seconds() * 1000)
    return ms


@dataclass(frozen=True, order=True)
class Event:
    """Something that will happen: `kind` names the handler, `key` the object it concerns."""

    at: int
    priority: int
    seq: int
    kind: str = field(compare=False)
    key: str = field(compare=False)
    params: dict = field(compare=False, default_factory=dict)

    def dump(self) -> list:
        return [self.at, self.priority, self.seq, self.kind, self.key, self.params]


class Clock:
    def __init__(self) -> None:
        self.now = 0
        self._queue: list[Event] = []
        self._seq = 0
        self._cancelled: set[int] = set()

    def schedule(self, delay_ms: int, kind: str, key: str = "", params: dict | None = None, priority: int = 0) -> int:
        """Queue an event `delay_ms` from now; returns its sequence number (to cancel it)."""
        self._seq += 1
        event = Event(self.now + max(0, int(delay_ms)), priority, self._seq, kind, key, params or {})
        heapq.heappush(self._queue, event)
        return self._seq

    def cancel(self, seq: int) -> None:
        self._cancelled.add(seq)

    def next_time(self) -> int | None:
        self._drop_cancelled()
        return self._queue[0].at if self._queue else None

    def pop_due(self, until: int) -> Event | None:
        """The next event at or before `until`, moving the clock to it; None if there is none."""
        self._drop_cancelled()
        if not self._queue or self._queue[0].at > until:
            return None
        event = heapq.heappop(self._queue)
        self.now = max(self.now, event.at)
        return event

    def pending(self) -> int:
        return len(self._queue) - len(self._cancelled)

    def _drop_cancelled(self) -> None:
        while self._queue and self._queue[0].seq in self._cancelled:
            self._cancelled.discard(heapq.heappop(self._queue).seq)

    def dump(self) -> dict:
        self._drop_cancelled()
        live = sorted(e for e in self._queue if e.seq not in self._cancelled)
        return {"now": self.now, "seq": self._seq, "queue": [e.dump() for e in live]}

    @classmethod
    def load(cls, data: dict) -> "Clock":
        clock = cls()
        clock.now = data["now"]
        clock._seq = data["seq"]
        clock._queue = [Event(*row) for row in data["queue"]]
        heapq.heapify(clock._queue)
        return clock


class Streams:
    """Per-purpose random streams derived from (seed, purpose, owner).

    Each draw hashes the seed, the stream's name and a per-stream counter, so adding a new
    purpose never shifts the values another purpose draws (pod names stay stable), and the
    whole state is a small dict of counters.
    """

    NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"

    def __init__(self, seed: int, counters: dict[str, int] | None = None) -> None:
        self.seed = seed
        self.counters: dict[str, int] = dict(counters or {})

    def _draw(self, purpose: str, owner: str) -> bytes:
        name = f"{purpose}/{owner}"
        n = self.counters.get(name, 0)
        self.counters[name] = n + 1
        return hashlib.blake2b(f"{self.seed}/{name}/{n}".encode(), digest_size=16).digest()

    def integer(self, purpose: str, owner: str, below: int) -> int:
        return int.from_bytes(self._draw(purpose, owner), "big") % below

    def fraction(self, purpose: str, owner: str) -> float:
        return int.from_bytes(self._draw(purpose, owner)[:7], "big") / float(1 << 56)

    def suffix(self, purpose: str, owner: str, length: int = 5) -> str:
        """A name suffix from the alphabet Kubernetes uses for generated names."""
        raw = self._draw(purpose, owner)
        return "".join(self.NAME_ALPHABET[b % len(self.NAME_ALPHABET)] for b in raw[:length])

    def uid(self, owner: str) -> str:
        raw = bytearray(self._draw("uid", owner))
        raw[6] = (raw[6] & 0x0F) | 0x40  # a version-4 shaped UUID, like the API server's
        raw[8] = (raw[8] & 0x3F) | 0x80
        h = raw.hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def hexdigits(self, purpose: str, owner: str, length: int) -> str:
        out = ""
        while len(out) < length:
            out += self._draw(purpose, owner).hex()
        return out[:length]

    def dump(self) -> dict:
        return {"seed": self.seed, "counters": dict(sorted(self.counters.items()))}

    @classmethod
    def load(cls, data: dict) -> "Streams":
        return cls(data["seed"], data["counters"])
