"""Ages and durations as kubectl prints them, and the virtual-clock timestamps they come from.

`human_duration` reproduces apimachinery's `duration.HumanDuration` branch for branch
(pkg/util/duration/duration.go, read at the 1.37-dev snapshot). "Now" is always passed in:
a timezone-aware `datetime`, or epoch seconds (int/float) — the virtual clock decides.
"""

from __future__ import annotations

from datetime import UTC, datetime

Now = datetime | int | float


def as_datetime(now: Now) -> datetime:
    """Accept the virtual "now" as an aware datetime or as epoch seconds."""
    if isinstance(now, datetime):
        return now if now.tzinfo else now.replace(tzinfo=UTC)
    return datetime.fromtimestamp(now, tz=UTC)


def parse_time(value: str | None) -> datetime | None:
    """An RFC 3339 API timestamp (`2026-01-01T00:00:00Z`, MicroTime too) as an aware datetime."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def format_time(moment: Now) -> str:
    """An aware datetime as the API writes metav1.Time: `2026-01-01T00:00:00Z`."""
    return as_datetime(moment).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def human_duration(seconds: float) -> str:
    """duration.HumanDuration: `0s`, `45s`, `2m5s`, `10m`, `3h5m`, `2d3h`, `2y30d`, `9y`."""
    whole = int(seconds)  # Go's int(d.Seconds()) truncates toward zero
    if whole < -1:
        return "<invalid>"
    if whole < 0:
        return "0s"
    if whole < 60 * 2:
        return f"{whole}s"
    minutes = whole // 60
    if minutes < 10:
        s = whole % 60
        return f"{minutes}m" if s == 0 else f"{minutes}m{s}s"
    if minutes < 60 * 3:
        return f"{minutes}m"
    hours = whole // 3600
    if hours < 8:
        m = minutes % 60
        return f"{hours}h" if m == 0 else f"{hours}h{m}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        h = hours % 24
        return f"{hours // 24}d" if h == 0 else f"{hours // 24}d{h}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        dy = (hours // 24) % 365
        return f"{hours // 24 // 365}y" if dy == 0 else f"{hours // 24 // 365}y{dy}d"
    return f"{hours // 24 // 365}y"


def seconds_between(start: str | None, end: Now) -> float | None:
    moment = parse_time(start)
    if moment is None:
        return None
    return (as_datetime(end) - moment).total_seconds()


def age(timestamp: str | None, now: Now) -> str:
    """translateTimestampSince: the AGE cell; `<unknown>` when the timestamp is missing."""
    elapsed = seconds_between(timestamp, now)
    return "<unknown>" if elapsed is None else human_duration(elapsed)


def until(timestamp: str | None, now: Now) -> str:
    """translateTimestampUntil: time left until `timestamp`."""
    moment = parse_time(timestamp)
    if moment is None:
        return "<unknown>"
    return human_duration((moment - as_datetime(now)).total_seconds())
