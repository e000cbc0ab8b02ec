"""The learner's lab pages: the list by topic, a lab (its sandbox with the instructions beside
it, hints, Submit, history), an attempt's grade, and replaying an attempt in a sandbox."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labs import attempts, hints, lab_sandboxes
from labs.grading.submission import SubmissionError
from labs.grading.world import WorldError
from labs.lab_pages import lab_topics, markdown, text_in, title_of
from labs.models import Attempt, Lab, Sandbox
from labs.sandbox import budget
from labs.sandbox.ownership import SandboxLimit, check_room, sandboxes_of
from labs.services import explain_result
from labs.views import sandbox_context


def _get_lab(slug) -> Lab:
    return get_object_or_404(Lab, slug=slug, active=True)


def _get_attempt_for_user(request, attempt_id) -> Attempt:
    """The attempt if this request may see it; 404 otherwise, as if it did not exist."""
    attempt = Attempt.objects.select_related("lab", "user").filter(id=attempt_id).first()
    if attempt is None or not attempts.may_view(request.user, attempt):
        raise Http404("No such attempt")
    return attempt


def index(request):
    labs = list(Lab.objects.filter(active=True).defer("definition", "files"))
    standing = attempts.standings(request.user, labs)
    topics = lab_topics(get_language())
    groups = [{"topic": topic, "lesson": topics.get(topic),
               "labs": [{"lab": lab, "title": title_of(lab), "standing": standing[lab.id]} for lab in group]}
              for topic, group in attempts.by_topic(labs)]
    return render(request, "labs/index.html", {"groups": groups, "count": len(labs)})


def lab(request, slug):
    chosen = _get_lab(slug)
    try:
        if not request.GET.get("sandbox") and not sandboxes_of(request).filter(lab=chosen).exists():
            check_room(request, chosen)  # before the lab's world is built for a new sandbox
        sandbox = lab_sandboxes.sandbox_for(request, chosen, request.GET.get("sandbox"))
    except SandboxLimit as limit:
        return render(request, "labs/sandbox/unavailable.html", {"message": str(limit)})
    except WorldError as error:
        return render(request, "labs/sandbox/unavailable.html", {"message": _broken(error)}, status=503)
    return lab_page(request, chosen, sandbox)


def _broken(error: WorldError) -> str:
    return _("This lab cannot start: its world could not be built (%(error)s). Please tell its author.") % {
        "error": error}


def lab_page(request, lab: Lab, sandbox: Sandbox, extra: str = "", manifest: str | None = None):
    """The sandbox page of `sandbox` with `lab`'s instructions, hints, Submit and history."""
    language = get_language()
    starter = lab.definition.get("starter") or []
    if manifest is None:
        manifest = starter[0]["text"] if starter else ""
    context = sandbox_context(request, sandbox, extra, manifest)
    opened = hints.opened_hints(request, lab)
    steps = [_step_view(lab, step, language) for step in hints.steps_with_hints(lab, opened)]
    mine = attempts.history(request.user, lab)
    lab_url = reverse("labs:lab", args=[lab.slug])
    context.update({
        "lab": lab,
        "lab_title": title_of(lab),
        "lesson": lab_topics(language).get(lab.topic),
        "steps": steps,
        "starter_files": [item["path"] for item in starter],
        "attempts": mine,
        "best": max((a.score for a in mine), default=None),
        "passed": any(attempts.passed(a) for a in mine),
        "hint_cost": (hints.hint_cost(request.user, lab) if request.user.is_authenticated
                      else hints.guest_hint_cost(request, lab)),
        # A new key for every page view: one submit click and its retries share it.
        "submit_key": uuid.uuid4(),
        "login_url": reverse("login") + "?" + urlencode({"next": lab_url}),
        "signup_url": reverse("signup") + "?" + urlencode({"next": lab_url}),
    })
    response = render(request, "labs/lab.html", context)
    # Never from the cache (nor the back button): a cached page would resubmit an old key.
    add_never_cache_headers(response)
    return response


def _step_view(lab: Lab, step: dict, language: str) -> dict:
    return {"id": step["id"], "html": markdown(text_in(step["text"], language), lab.slug, language),
            "hints": [_hint_view(lab, hint, language) for hint in step["hints"]]}


def _hint_view(lab: Lab, hint: hints.Hint, language: str) -> dict:
    return {"hint": hint, "html": markdown(text_in(hint.text, language), lab.slug, language) if hint.opened else ""}


@require_POST
def hint(request, slug):
    """Open the next hint of a step (htmx swaps the step's hints; without JavaScript, the page)."""
    chosen = _get_lab(slug)
    step_id = request.POST.get("step", "")
    index = request.POST.get("index", "")
    try:
        hints.open_hint(request, chosen, step_id, int(index) if index.isdigit() else -1)
    except hints.HintRefused as refused:
        if request.htmx:
            return HttpResponseBadRequest(str(refused))
        messages.error(request, str(refused))
        return redirect("labs:lab", slug=slug)
    if request.htmx:
        opened = hints.opened_hints(request, chosen)
        step = next(s for s in hints.steps_with_hints(chosen, opened) if s["id"] == step_id)
        return render(request, "labs/lab.html#step-hints", {
            "lab": chosen, "step": _step_view(chosen, step, get_language())})
    return redirect(reverse("labs:lab", args=[slug]) + f"#hints-{step_id}")


@require_POST
def submit(request, slug):
    """Grade the learner's sandbox once per key, then show the grade. The grading finishes and
    is stored whether or not the browser is still there to read the answer."""
    lab_url = reverse("labs:lab", args=[slug])
    if not request.user.is_authenticated:
        return redirect(reverse("login") + "?" + urlencode({"next": lab_url}))
    chosen = _get_lab(slug)
    sandbox_id = request.POST.get("sandbox", "")
    sandbox = Sandbox.objects.filter(id=int(sandbox_id) if sandbox_id.isdigit() else 0, owner=request.user,
                                     lab=chosen).first()
    if sandbox is None:
        raise Http404("No such sandbox")
    try:
        attempt = attempts.submit(request.user, chosen, sandbox, request.POST.get("key", ""))
    except attempts.BadKey:
        return HttpResponseBadRequest(_("This form is out of date: reload the page and submit again."))
    except SubmissionError as error:
        messages.error(request, str(error))
        return redirect(lab_url)
    except WorldError as error:
        messages.error(request, _broken(error))
        return redirect(lab_url)
    return redirect("labs:attempt", attempt_id=attempt.id)


def attempt(request, attempt_id):
    shown = _get_attempt_for_user(request, attempt_id)
    language = get_language()
    return render(request, "labs/attempt.html", {
        "attempt": shown,
        "lab": shown.lab,
        "lab_title": title_of(shown.lab),
        "result": explain_result(shown.result, language),
        "passed": attempts.passed(shown),
        "own": shown.user_id == request.user.pk,
        "current": shown.revision == shown.lab.revision,
    })


@require_POST
def replay(request, attempt_id):
    """A new sandbox (the viewer's own, for that lab) with the attempt's command lines run in
    it, opened on the lab page so they can look around."""
    shown = _get_attempt_for_user(request, attempt_id)
    if not shown.lab.active:
        raise Http404("This lab is no longer offered")
    spender = budget.key_for(request.user, request.session.session_key)
    try:
        check_room(request, shown.lab)  # before replaying, which costs as much as grading
        if not budget.commands.allow(spender):
            raise SandboxLimit(budget.refusal(spender))
        made = lab_sandboxes.replay_sandbox(request, shown.lab, shown)
    except (SandboxLimit, WorldError) as problem:
        messages.error(request, str(problem) if isinstance(problem, SandboxLimit) else _broken(problem))
        return redirect("labs:attempt", attempt_id=shown.id)
    return redirect(reverse("labs:lab", args=[shown.lab.slug]) + "?" + urlencode({"sandbox": made.id}))
