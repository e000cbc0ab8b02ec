"""Who may open a sandbox, making one, and handing guests' sandboxes to their new account.

An anonymous visitor's sandboxes belong to their session (its key, and the list of ids kept
in the session, which survives the key change at login). Only the owner and staff may open
or drive a sandbox; everyone else gets a 404, as if it did not exist.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

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
    """The learner's most recently used sandbox, or a new one."""
    existing = sandboxes_of(request).first()
    if existing is not None:
        return existing
    return create_sandbox(request)


def create_sandbox(request, name: str = "") -> Sandbox:
    """A new sandbox for this learner, within the per-learner and guest caps."""
    mine = sandboxes_of(request)
    if mine.count() >= settings.SANDBOX_MAX_PER_LEARNER:
        raise SandboxLimit(
            _("You already have %(count)d sandboxes, the most one learner may keep. "
              "Delete one to make another.") % {"count": settings.SANDBOX_MAX_PER_LEARNER}
        )
    fields = {
        "name": name or _("Sandbox %(number)d") % {"number": mine.count() + 1},
        "seed": secrets.randbelow(2**31),
        "nodes": settings.SANDBOX_NODES,
    }
    if request.user.is_authenticated:
        return Sandbox.objects.create(owner=request.user, **fields)
    purge_expired()
    if Sandbox.objects.filter(owner=None).count() >= settings.SANDBOX_ANONYMOUS_MAX:
        raise SandboxLimit(
            _("Too many guests are using sandboxes right now. Log in or sign up to get one.")
        )
    if not request.session.session_key:
        request.session.save()
    sandbox = Sandbox.objects.create(
        session_key=request.session.session_key, expires=guest_expiry(), **fields
    )
    request.session[SESSION_IDS] = [*request.session.get(SESSION_IDS, []), sandbox.id]
    return sandbox


def guest_expiry():
    return timezone.now() + timedelta(hours=settings.SANDBOX_ANONYMOUS_HOURS)


def purge_expired() -> int:
    deleted, _detail = Sandbox.objects.filter(owner=None, expires__lt=timezone.now()).delete()
    return deleted


@receiver(user_logged_in)
def claim_guest_sandboxes(sender, request, user, **kwargs):
    """On sign-up or login, the guest's sandboxes become the account's (up to the cap)."""
    if request is None or not hasattr(request, "session"):
        return
    ids = request.session.get(SESSION_IDS, [])
    if not ids:
        return
    room = settings.SANDBOX_MAX_PER_LEARNER - Sandbox.objects.filter(owner=user).count()
    guests = list(Sandbox.objects.filter(id__in=ids, owner=None).order_by("-updated")[:max(room, 0)])
    for sandbox in guests:
        Sandbox.objects.filter(id=sandbox.id, owner=None).update(
            owner=user, session_key="", expires=None
        )
    request.session[SESSION_IDS] = []
