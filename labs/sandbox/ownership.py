"""Who may open a sandbox, making one, and handing guests' sandboxes to their new account.

An anonymous visitor's sandboxes belong to their session (its key, and the list of ids kept
in the session, which survives the key change at login). Only the owner and staff may open
or drive a sandbox; everyone else gets a 404, as if it did not exist.

The caps (settings SANDBOX_*): sandboxes per learner, per lab and per guest, guests in all,
and the size of each cluster (`limits_for`: objects and pods, fewer for guests).
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kubesim.apiserver.limits import Limits
from kubesim.cluster import Cluster
from labs.models import Sandbox

SESSION_IDS = "sandbox_ids"


class SandboxLimit(Exception):
    """A cap was reached; the message says which and what to do."""


def may_open(sandbox: Sandbox, user, session_key: str | None, session_ids=()) -> bool:
    if user is not None and user.is_authenticated and (user.is_staff or sandbox.owner_id == user.id):
        return True
    if sandbox.owner_id is None and session_key:
        return sandbox.session_key == session_key or sandbox.id in set(session_ids or ())
    return False


def _get_sandbox_for_user(request, sandbox_id) -> Sandbox:
    """The sandbox if this request may open it; 404 otherwise (also when it has expired)."""
    sandbox = Sandbox.objects.filter(id=sandbox_id).first()
    session_ids = request.session.get(SESSION_IDS, [])
    if sandbox is None or not may_open(sandbox, request.user, request.session.session_key, session_ids):
        raise Http404("No such sandbox")
    if sandbox.owner_id is None and sandbox.expires and sandbox.expires < timezone.now():
        sandbox.delete()
        raise Http404("No such sandbox")
    return sandbox


def sandboxes_of(request):
    if request.user.is_authenticated:
        return Sandbox.objects.filter(owner=request.user)
    key = request.session.session_key
    if not key:
        return Sandbox.objects.none()
    return Sandbox.objects.filter(owner=None, session_key=key)


def default_sandbox(request) -> Sandbox:
    """The learner's most recently used sandbox (not one of a lab), or a new one."""
    existing = sandboxes_of(request).filter(lab=None).first()
    if existing is not None:
        return existing
    return create_sandbox(request)


def create_sandbox(request, name: str = "") -> Sandbox:
    """A new sandbox for this learner, within the per-learner and guest caps. Lab sandboxes
    do not count here: they have their own cap, per lab (`create_lab_sandbox`)."""
    check_room(request)
    seed = secrets.randbelow(2**31)
    # Made now rather than on first open, so the snapshot carries this learner's limits.
    cluster = Cluster(seed, settings.SANDBOX_NODES, limits=_limits(guest=not request.user.is_authenticated))
    cluster.shell.interactive = True  # as a loaded sandbox's terminal is
    fields = {
        "name": name or _("Sandbox %(number)d") % {"number": sandboxes_of(request).filter(lab=None).count() + 1},
        "seed": seed,
        "nodes": settings.SANDBOX_NODES,
        "state": cluster.to_bytes(),
    }
    return _new_sandbox(request, fields)


def create_lab_sandbox(request, lab, cluster, name: str) -> Sandbox:
    """A sandbox for `lab` holding `cluster` (the lab's world, or an attempt replayed in it;
    labs/lab_sandboxes.py makes them). At most SANDBOX_MAX_PER_LAB per lab and learner, so
    that doing every lab never asks a learner to delete the sandboxes they made themselves."""
    check_room(request, lab)
    cluster.shell.interactive = True  # as a loaded sandbox's terminal is
    cluster.limits = _limits(guest=not request.user.is_authenticated)
    fields = {"name": name[:80], "seed": cluster.seed, "nodes": cluster.nodes, "lab": lab,
              "state": cluster.to_bytes(), "virtual_ms": cluster.clock.now}
    return _new_sandbox(request, fields)


def check_room(request, lab=None) -> None:
    """SandboxLimit unless this learner (or guest) may make another sandbox (for `lab`, or of
    no lab). Cheap: callers ask before building a cluster, which costs far more."""
    mine = sandboxes_of(request)
    if lab is None and mine.filter(lab=None).count() >= settings.SANDBOX_MAX_PER_LEARNER:
        raise SandboxLimit(
            ngettext("You already have %(count)d sandbox, the most one learner may keep. "
                     "Delete it to make another.",
                     "You already have %(count)d sandboxes, the most one learner may keep. "
                     "Delete one to make another.",
                     settings.SANDBOX_MAX_PER_LEARNER) % {"count": settings.SANDBOX_MAX_PER_LEARNER}
        )
    if lab is not None and mine.filter(lab=lab).count() >= settings.SANDBOX_MAX_PER_LAB:
        raise SandboxLimit(
            ngettext("You already have %(count)d sandbox for this lab. Delete it on the My sandboxes "
                     "page to make another.",
                     "You already have %(count)d sandboxes for this lab. Delete one on the My sandboxes "
                     "page to make another.",
                     settings.SANDBOX_MAX_PER_LAB) % {"count": settings.SANDBOX_MAX_PER_LAB}
        )
    if not request.user.is_authenticated:
        _check_guest_room(request)


def _check_guest_room(request) -> None:
    purge_expired()
    if Sandbox.objects.filter(owner=None).count() >= settings.SANDBOX_ANONYMOUS_MAX:
        raise SandboxLimit(
            _("Too many guests are using sandboxes right now. Log in or sign up to get one.")
        )
    if sandboxes_of(request).count() >= settings.SANDBOX_ANONYMOUS_PER_VISITOR:
        raise SandboxLimit(
            ngettext("A guest may keep %(count)d sandbox, labs' included. Delete it on the My "
                     "sandboxes page, or sign up to keep more.",
                     "A guest may keep %(count)d sandboxes, labs' included. Delete one on the My "
                     "sandboxes page, or sign up to keep more.",
                     settings.SANDBOX_ANONYMOUS_PER_VISITOR) % {"count": settings.SANDBOX_ANONYMOUS_PER_VISITOR}
        )


def _new_sandbox(request, fields: dict) -> Sandbox:
    """The row of a new sandbox: the account's, or the guest session's."""
    if request.user.is_authenticated:
        return Sandbox.objects.create(owner=request.user, **fields)
    if not request.session.session_key:
        request.session.save()
    sandbox = Sandbox.objects.create(
        session_key=request.session.session_key, expires=guest_expiry(), **fields
    )
    request.session[SESSION_IDS] = [*request.session.get(SESSION_IDS, []), sandbox.id]
    return sandbox


def limits_for(sandbox: Sandbox) -> Limits:
    """How big this sandbox's cluster may grow: a guest's less than an account's."""
    return _limits(guest=sandbox.owner_id is None)


def _limits(guest: bool) -> Limits:
    if guest:
        objects, pods = settings.SANDBOX_ANONYMOUS_MAX_OBJECTS, settings.SANDBOX_ANONYMOUS_MAX_PODS
    else:
        objects, pods = settings.SANDBOX_MAX_OBJECTS, settings.SANDBOX_MAX_PODS
    return Limits(objects=objects or None, pods=pods or None)  # 0: no limit


def guest_expiry():
    return timezone.now() + timedelta(hours=settings.SANDBOX_ANONYMOUS_HOURS)


def expired():
    """Guests' sandboxes nobody opened for SANDBOX_ANONYMOUS_HOURS."""
    return Sandbox.objects.filter(owner=None, expires__lt=timezone.now())


def purge_expired() -> int:
    """Delete the expired guests' sandboxes (their journals go with them); how many went."""
    _deleted, detail = expired().delete()
    return detail.get(Sandbox._meta.label, 0)


@receiver(user_logged_in)
def claim_guest_sandboxes(sender, request, user, **kwargs):
    """On sign-up or login, the guest's sandboxes become the account's (up to the cap)."""
    if request is None or not hasattr(request, "session"):
        return
    ids = request.session.get(SESSION_IDS, [])
    if not ids:
        return
    room = settings.SANDBOX_MAX_PER_LEARNER - Sandbox.objects.filter(owner=user, lab=None).count()
    guests = list(Sandbox.objects.filter(id__in=ids, owner=None, lab=None).order_by("-updated")[:max(room, 0)])
    # A lab's sandbox comes along whatever the cap: it holds the work the learner signed in to submit.
    guests += list(Sandbox.objects.filter(id__in=ids, owner=None).exclude(lab=None))
    for sandbox in guests:
        Sandbox.objects.filter(id=sandbox.id, owner=None).update(
            owner=user, session_key="", expires=None
        )
    request.session[SESSION_IDS] = []
