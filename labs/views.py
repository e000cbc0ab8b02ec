from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from labs.models import Sandbox
from labs.sandbox import actions, budget, fragments, journal
from labs.sandbox.live import registry
from labs.sandbox.ownership import (
    SandboxLimit,
    _get_sandbox_for_user,
    create_sandbox,
    default_sandbox,
    guest_expiry,
    sandboxes_of,
)

MAX_NAME = 80


def sandbox(request):
    """The learner's most recent sandbox (a new one the first time), with a lesson's
    manifest or commands when a lesson's link sent them here."""
    try:
        chosen = default_sandbox(request)
    except SandboxLimit as limit:
        return render(request, "labs/sandbox/unavailable.html", {"message": str(limit)})
    return _page(request, chosen)


def sandbox_detail(request, sandbox_id):
    return _page(request, _get_sandbox_for_user(request, sandbox_id))


@require_POST
def sandbox_act(request, sandbox_id):
    """The page's forms without JavaScript: the same actions as the socket, then the page."""
    chosen = _get_sandbox_for_user(request, sandbox_id)
    data = {key: request.POST.get(key, "")
            for key in ("action", "line", "manifest", "op", "speed", "verb", "target", "client_id")}
    spender = budget.key_for(request.user, request.session.session_key)
    if budget.counted(data) and not budget.commands.allow(spender):
        refused = fragments.notice(budget.refusal(spender), request.LANGUAGE_CODE)
        response = _page(request, chosen, extra=refused, manifest=data["manifest"])
        response.status_code = 429  # Too Many Requests, with the page and the reason on it
        return response
    live = registry.get(chosen)
    reply = actions.perform(live, data, request.LANGUAGE_CODE)
    if reply.save and journal.snapshot_due(live):
        with live.lock:
            live.save()
    return _page(request, chosen, extra="".join(reply.private),
                 manifest=data["manifest"])


def _page(request, chosen: Sandbox, extra: str = "", manifest: str | None = None):
    if chosen.lab_id is not None and chosen.lab.active:
        # A lab's sandbox is shown with its lab's instructions (labs/lab_views.py).
        from labs.lab_views import lab_page

        return lab_page(request, chosen.lab, chosen, extra=extra, manifest=manifest)
    return render(request, "labs/sandbox.html", sandbox_context(request, chosen, extra, manifest))


def sandbox_context(request, chosen: Sandbox, extra: str = "", manifest: str | None = None) -> dict:
    """What labs/sandbox.html shows of a sandbox (the lab page extends it)."""
    live = registry.get(chosen)
    if chosen.owner_id is None:
        Sandbox.objects.filter(id=chosen.id).update(expires=guest_expiry())
    with live.lock:
        state = fragments.state_fragments(live, request.LANGUAGE_CODE)
        scrollback = [fragments.terminal_entry(e, request.LANGUAGE_CODE) for e in live.scrollback]
        history = [e["line"] for e in live.cluster.log if e["line"]][-100:]
        prompt = live.nested["prompt"] if live.nested else "$"
    lesson = _lesson_material(request)
    return {
        "sandbox": chosen,
        "state": state,
        "scrollback": scrollback,
        "history": history,
        "extra": extra,
        "manifest": manifest if manifest is not None else lesson.get("manifest", ""),
        "commands": lesson.get("commands", []),
        "fault_verbs": actions.FAULT_BUTTONS,
        "prompt": prompt,
    }


def _lesson_material(request) -> dict:
    """A lesson block's manifest or commands (?lesson=SLUG&block=N), or ?command= / ?manifest=."""
    out = {}
    slug, block = request.GET.get("lesson"), request.GET.get("block")
    if slug and block and block.isdigit():
        from learn.models import Lesson

        lesson = Lesson.objects.filter(slug=slug).first()
        blocks = lesson.blocks if lesson is not None else []
        if int(block) < len(blocks):
            record = blocks[int(block)]
            if record.get("kind") == "file":
                out["manifest"] = record.get("text", "")
            else:
                out["commands"] = list(record.get("commands") or [])
    if "manifest" in request.GET:
        out["manifest"] = request.GET["manifest"]
    if "command" in request.GET and "commands" not in out:
        out["commands"] = [c for c in request.GET["command"].split("\n") if c.strip()]
    return out


def my_sandboxes(request):
    mine = list(sandboxes_of(request).defer("state"))
    for item in mine:
        item.clock = fragments.clock_text(item.virtual_ms)
    return render(request, "labs/sandbox/mine.html", {
        "sandboxes": mine,
        "now": timezone.now(),
        "limit": settings.SANDBOX_MAX_PER_LEARNER,
        "signup_url": reverse("signup"),
        "guest_hours": settings.SANDBOX_ANONYMOUS_HOURS,
    })


@require_POST
def sandbox_new(request):
    try:
        made = create_sandbox(request, name=request.POST.get("name", "").strip()[:MAX_NAME])
    except SandboxLimit as limit:
        messages.error(request, str(limit))
        return redirect("labs:mine")
    return redirect("labs:sandbox_detail", sandbox_id=made.id)


@require_POST
def sandbox_rename(request, sandbox_id):
    chosen = _get_sandbox_for_user(request, sandbox_id)
    name = request.POST.get("name", "").strip()[:MAX_NAME]
    if name:
        Sandbox.objects.filter(id=chosen.id).update(name=name)
    return redirect("labs:mine")


@require_POST
def sandbox_reset(request, sandbox_id):
    chosen = _get_sandbox_for_user(request, sandbox_id)
    spender = budget.key_for(request.user, request.session.session_key)
    if not budget.commands.allow(spender):
        messages.error(request, budget.refusal(spender))
        return redirect("labs:mine")
    live = registry.get(chosen)
    actions.perform(live, {"action": "reset"}, request.LANGUAGE_CODE)
    return redirect("labs:mine")


@require_POST
def sandbox_delete(request, sandbox_id):
    chosen = _get_sandbox_for_user(request, sandbox_id)
    registry.drop(chosen.id)
    chosen.delete()
    return redirect("labs:mine")
