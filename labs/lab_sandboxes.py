"""A learner's sandboxes for a lab: made from the lab's world, replaying an attempt, and
turned back into a submission.

A lab's sandbox starts as the grader's does: the lab's world at time zero, its starter files
in the home folder and its scripted events queued on the clock. The cluster remembers, in
`cluster.state["lab"]`, which lab it came from and its time zero, so its command log becomes
a submission with times counted from the lab's start, however long ago the sandbox was made.
"""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kubesim.cluster import Cluster
from labs.grading import world
from labs.grading.engine import finish, run_submission
from labs.grading.submission import from_log
from labs.models import Lab, Sandbox, SandboxEntry
from labs.sandbox.ownership import create_lab_sandbox, sandboxes_of

STATE_KEY = "lab"


def starting_cluster(lab: Lab) -> Cluster:
    """The lab's world at time zero, ready to be a learner's sandbox."""
    cluster, start_ms = world.starting_cluster(lab.definition)
    world.schedule_events(cluster, lab.definition.get("events") or [], start_ms)
    _remember_lab(cluster, lab, start_ms)
    return cluster


def restarter(sandbox: Sandbox):
    """For a lab's sandbox, how Reset makes a fresh cluster (the lab's world again); None for
    a sandbox of no lab."""
    if sandbox.lab_id is None:
        return None
    lab = sandbox.lab
    return lambda: starting_cluster(lab)


def replayed_cluster(lab: Lab, entries: list[dict]) -> Cluster:
    """The lab's world with `entries` run in it and time run on as the grader did, so the
    learner sees the cluster the checks read."""
    session = world.start(lab.definition)
    run_submission(session, entries)
    finish(session, lab.definition["budget_ms"])
    cluster = session.cluster
    cluster.mark_time()  # the time the grader ran on is part of this sandbox's history
    _remember_lab(cluster, lab, session.start_ms)
    return cluster


def _remember_lab(cluster: Cluster, lab: Lab, start_ms: int) -> None:
    cluster.state[STATE_KEY] = {"slug": lab.slug, "revision": lab.revision, "start_ms": start_ms}


def sandbox_for(request, lab: Lab, chosen: str | None = None) -> Sandbox:
    """The sandbox the lab page shows: the one asked for (`?sandbox=ID`, one of this learner's
    for this lab), else the most recently used one, else a new one from the lab's world."""
    mine = sandboxes_of(request).filter(lab=lab)
    if chosen:
        if not chosen.isdigit():
            raise Http404("No such sandbox")
        picked = _alive(mine.filter(id=int(chosen)).first())
        if picked is None:
            raise Http404("No such sandbox")
        return picked
    existing = _alive(mine.first())
    if existing is not None:
        return existing
    return create_lab_sandbox(request, lab, starting_cluster(lab), name=lab.title(request.LANGUAGE_CODE))


def replay_sandbox(request, lab: Lab, attempt) -> Sandbox:
    """A new sandbox of this learner's for `lab` with `attempt`'s command lines run in it."""
    name = _("%(lab)s: replay of attempt %(number)d") % {"lab": lab.title(request.LANGUAGE_CODE),
                                                         "number": attempt.pk}
    return create_lab_sandbox(request, lab, replayed_cluster(lab, attempt.submission), name=name)


def _alive(sandbox: Sandbox | None) -> Sandbox | None:
    """None for a guest's sandbox past its expiry (it is deleted, as opening it would)."""
    if sandbox is not None and sandbox.owner_id is None and sandbox.expires and sandbox.expires < timezone.now():
        sandbox.delete()
        return None
    return sandbox


def entries_of(sandbox: Sandbox) -> list[dict]:
    """The learner's command lines since the lab began, with times counted from the lab's time
    zero. Read from what is stored (the snapshot's log, then the journal after it): every
    command the learner saw answered is there, whichever server process runs the sandbox."""
    state = Sandbox.objects.filter(pk=sandbox.pk).values_list("state", flat=True).first()
    cluster = Cluster.from_bytes(bytes(state)) if state else None
    log = list(cluster.log) if cluster else []
    rows = SandboxEntry.objects.filter(sandbox_id=sandbox.pk, seq__gt=len(log)).order_by("seq")
    for seq, t, line, stdin in rows.values_list("seq", "t", "line", "stdin"):
        if seq != len(log) + 1:
            break  # a gap: what follows was never part of this log (as journal.catch_up)
        log.append({"t": t, "line": line, "stdin": stdin})
    start_ms = (cluster.state.get(STATE_KEY) or {}).get("start_ms", 0) if cluster else 0
    return from_log(log, start_ms)
