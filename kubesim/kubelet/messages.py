"""Texts the kubelet writes, with the Go formatting they need (durations, pod names)."""

from __future__ import annotations

DEADLINE_MESSAGE = "Pod was active on the node longer than the specified deadline"
SANDBOX_CHANGED = "Pod sandbox changed, it will be killed and re-created."


def go_duration(ms: int) -> str:
    """Go's time.Duration.String() for a millisecond count: 1.234s, 500ms, 1m2.5s, 5m0s."""
    if ms < 1000:
        return f"{ms}ms" if ms else "0s"
    minutes, rest = divmod(ms, 60_000)
    hours, minutes = divmod(minutes, 60)
    seconds = f"{rest / 1000:.3f}".rstrip("0").rstrip(".")
    text = f"{seconds}s"
    if minutes or hours:
        text = f"{minutes}m{text}"
    if hours:
        text = f"{hours}h{text}"
    return text


def format_pod(pod: dict) -> str:
    meta = pod["metadata"]
    return f"{meta['name']}_{meta.get('namespace', 'default')}({meta.get('uid', '')})"
