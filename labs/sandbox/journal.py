"""The sandbox's journal: every command is stored before the learner gets its answer.

A live sandbox writes its new log entries as `SandboxEntry` rows (one small insert) before the
consumer answers; the full snapshot (`Sandbox.state`) is written only now and then. Loading
takes the snapshot and replays the entries after it, so a crash, a restart or another worker
finds every acknowledged command. A message's client id names the entry it caused: a retried
message is answered from the journal, not run a second time.
"""

from __future__ import annotations

from django.db import transaction

from labs.models import Sandbox, SandboxEntry
from labs.sandbox import lease

SNAPSHOT_EVERY = 50  # journal entries after the snapshot before a new snapshot is due
SCROLLBACK_ROWS = 200


def record(live, client_id: str = "") -> None:
    """Store the log entries the journal lacks; `client_id` names the newest of them.

    The caller answers the learner only after this returns. Holds the sandbox's lock, so the
    entries of two tabs are stored in the order they ran.
    """
    with live.lock:
        if live.reset_pending:
            _store_reset(live)
            return
        log = live.cluster.log
        start = live.journaled
        if start >= len(log):
            return
        rows = [SandboxEntry(sandbox_id=live.id, seq=seq, t=entry["t"], line=entry["line"],
                             stdin=entry["stdin"] or "", answer=live.answers.pop(seq, None))
                for seq, entry in enumerate(log[start:], start=start + 1)]
        if client_id:
            rows[-1].client_id = client_id[:64]
        if rows[-1].answer and rows[-1].answer.get("terminal"):
            rows[-1].answer["nested"] = live.nested  # `kubectl exec -it ... sh` left open
        with transaction.atomic():
            _fence(live)
            SandboxEntry.objects.bulk_create(rows)
        live.journaled = len(log)
        if client_id:
            live.answered[client_id] = len(log)


def _store_reset(live) -> None:
    """A reset starts a new log: the old entries go, and the empty cluster is stored at once."""
    with transaction.atomic():
        _fence(live)
        SandboxEntry.objects.filter(sandbox_id=live.id).delete()
        live.save()
    live.reset_pending = False
    live.journaled = len(live.cluster.log)
    live.answered.clear()


def _fence(live) -> None:
    """With several workers, only the lease's holder may write (else lease.LeaseLost)."""
    if live.fence:
        lease.fenced(live.id, live.holder, live.fence)


def answered(live, client_id: str) -> dict | None:
    """The stored answer to the message `client_id` when it already ran ({} if it showed
    nothing), else None."""
    if not client_id:
        return None
    if client_id in live.answered:
        seq = live.answered[client_id]
        row = SandboxEntry.objects.filter(sandbox_id=live.id, seq=seq).first()
    else:
        row = SandboxEntry.objects.filter(sandbox_id=live.id, client_id=client_id[:64]).first()
    if row is None:
        return None
    return {**(row.answer or {}), "seq": row.seq}


def snapshot_due(live) -> bool:
    return live.journaled - live.saved_log_length >= SNAPSHOT_EVERY


def catch_up(cluster, sandbox: Sandbox) -> list[SandboxEntry]:
    """Replay onto `cluster` (loaded from the snapshot) the journal entries after it; returns
    the recent entries that showed something, oldest first, for the terminal's scrollback."""
    for row in SandboxEntry.objects.filter(sandbox=sandbox, seq__gt=len(cluster.log)).iterator():
        if row.seq != len(cluster.log) + 1:
            break  # a gap (a snapshot written by a worker that lost its lease): stop there
        cluster.advance_to(row.t)
        if row.line is None:
            cluster.mark_time()
        else:
            cluster.run(row.line, row.stdin)
    shown = SandboxEntry.objects.filter(sandbox=sandbox, answer__terminal=True).order_by("-seq")
    return list(reversed(shown[:SCROLLBACK_ROWS]))
