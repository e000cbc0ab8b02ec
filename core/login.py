"""Logging in, slowed down for password guessing: after too many failed logins for one
username, or from one client address, within a window, further attempts are refused with a
message saying how long to wait, without even checking the password.

The counts live in Django's cache: the default in-process cache is right for one server
process; with several workers they must share one cache (REDIS_URL configures Django's Redis
cache, see config/settings.py), or each worker counts on its own. The address is REMOTE_ADDR:
behind a proxy, run Daphne with --proxy-headers so that it is the learner's, not the proxy's.
A school behind one NAT address shares it, hence the higher limit per address.
"""

import math
import time

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.forms.utils import ErrorDict
from django.utils.translation import ngettext

FAILURES_PER_USERNAME = 5
FAILURES_PER_ADDRESS = 50
WINDOW_SECONDS = 15 * 60


def _limits():
    return [
        ("username", getattr(settings, "LOGIN_FAILURES_PER_USERNAME", FAILURES_PER_USERNAME)),
        ("address", getattr(settings, "LOGIN_FAILURES_PER_ADDRESS", FAILURES_PER_ADDRESS)),
    ]


def _window() -> int:
    return getattr(settings, "LOGIN_FAILURE_WINDOW_SECONDS", WINDOW_SECONDS)


def _keys(request) -> dict[str, str]:
    username = str(request.POST.get("username", "")).strip().lower()[:150]
    return {"username": f"login-failures:user:{username}",
            "address": f"login-failures:addr:{request.META.get('REMOTE_ADDR', '')}"}


def seconds_to_wait(request) -> int:
    """0 when this login may be tried, else the seconds until its oldest counted failure expires."""
    keys = _keys(request)
    now = time.time()
    for kind, limit in _limits():
        record = cache.get(keys[kind])
        if record and record["count"] >= limit and record["until"] > now:
            return max(1, math.ceil(record["until"] - now))
    return 0


def note_failure(request) -> None:
    # The window starts with the first failure; later ones count within it (a fixed window:
    # simple, and with the cache's own expiry nothing needs cleaning up).
    now = time.time()
    for key in _keys(request).values():
        record = cache.get(key)
        if not record or record["until"] <= now:
            record = {"count": 0, "until": now + _window()}
        record["count"] += 1
        cache.set(key, record, timeout=max(1, math.ceil(record["until"] - now)))


def note_success(request) -> None:
    # Only the username's count: a login that works must not clear an address's count, or one
    # account of the guesser's own would let them guess at everyone else's for ever.
    cache.delete(_keys(request)["username"])


def wait_message(seconds: int) -> str:
    minutes = math.ceil(seconds / 60)
    return ngettext(
        "Too many failed logins. Wait %(minutes)d minute, then try again.",
        "Too many failed logins. Wait %(minutes)d minutes, then try again.",
        minutes) % {"minutes": minutes}


class LoginView(auth_views.LoginView):
    """Django's login view, refusing attempts while the limit holds (status 429)."""

    def post(self, request, *args, **kwargs):
        wait = seconds_to_wait(request)
        if wait:
            form = self.get_form()
            # Shown with the username filled in, and never validated: no password is checked.
            form._errors, form.cleaned_data = ErrorDict(), {}
            form.add_error(None, wait_message(wait))
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 429
            response["Retry-After"] = str(wait)
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        note_failure(self.request)
        return super().form_invalid(form)

    def form_valid(self, form):
        note_success(self.request)
        return super().form_valid(form)
