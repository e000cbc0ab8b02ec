"""Authoring labs in the browser: the list, the editor, the live check, runs, preview, zip."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from labs.models import Lab
from teach import labfiles, labstore, proving, ziplab
from teach.preview import preview_context
from teach.views.common import _get_lab_for_user, instructor_required, may_edit, visible_labs

MAX_POST_FILES_BYTES = 2 * labfiles.MAX_TOTAL_BYTES


class BadFiles(ValueError):
    pass


@require_GET
@instructor_required
def index(request):
    labs = visible_labs(request.user).select_related("author").order_by("source", "slug")
    mine = [lab for lab in labs if lab.source == Lab.BROWSER]
    return render(request, "teach/labs.html", {
        "repo_labs": [lab for lab in labs if lab.source == Lab.REPO],
        "browser_labs": [(lab, may_edit(request.user, lab)) for lab in mine],
    })


@require_POST
@instructor_required
def lab_new(request):
    slug = request.POST.get("slug", "").strip()
    if _refuse_slug(request, slug):
        return redirect("teach:index")
    try:
        lab = labstore.create(slug, labfiles.skeleton(slug), request.user)
    except labstore.SlugTaken:  # taken between the check and the insert
        _refuse_slug(request, slug)
        return redirect("teach:index")
    return redirect("teach:lab_edit", slug=lab.slug)


@require_POST
@instructor_required
def lab_copy(request, slug):
    source = _get_lab_for_user(request, slug)
    new_slug = request.POST.get("slug", "").strip()
    files = labstore.files_of(source)
    if not files:
        messages.error(request, _("This lab's files are gone; it cannot be copied."))
        return redirect("teach:index")
    if _refuse_slug(request, new_slug):
        return redirect("teach:lab_edit", slug=source.slug)
    files = labfiles.renamed_slug(files, new_slug)
    try:
        lab = labstore.create(new_slug, files, request.user)
    except labstore.SlugTaken:
        _refuse_slug(request, new_slug)
        return redirect("teach:lab_edit", slug=source.slug)
    except ValueError:
        # An invalid browser lab can still be copied: keep its files, start from the skeleton's
        # definition until they are mended.
        lab = labstore.create(new_slug, labfiles.skeleton(new_slug), request.user)
        labstore.save(lab, files)
    messages.success(request, _("Copied to %(slug)s: a draft only you can see.") % {"slug": lab.slug})
    return redirect("teach:lab_edit", slug=lab.slug)


def _refuse_slug(request, slug: str) -> bool:
    problem = labstore.slug_problem(slug)
    if problem == "taken":
        messages.error(request, _("The slug %(slug)s is taken: every lab has its own.") % {"slug": slug})
    elif problem:
        messages.error(request, _("A slug is lowercase letters and digits in words joined by hyphens, "
                                  "such as my-first-lab."))
    return problem is not None


@require_GET
@instructor_required
def lab_edit(request, slug):
    lab = _get_lab_for_user(request, slug)
    return _editor(request, lab, labstore.files_of(lab))


def _editor(request, lab: Lab, files: dict, runs: dict | None = None, status: int = 200):
    names = sorted(files)
    current = request.GET.get("file") or request.POST.get("current") or "lab.yaml"
    if current not in files:
        current = names[0] if names else "lab.yaml"
    definition, issues = labfiles.check(files, lab.slug)
    runnable = definition or (lab.definition if lab.definition else None)
    return render(request, "teach/editor.html", {
        "lab": lab,
        "editable": may_edit(request.user, lab),
        "files": files,
        "names": names,
        "current": current,
        "current_text": files.get(current, ""),
        "issues": [i.as_dict() for i in issues],
        "is_current": definition is not None and definition["revision"] == lab.revision,
        "run_names": proving.run_names(runnable) if runnable else [],
        "runs": runs,
        "folders": labfiles.FOLDERS,
    }, status=status)


@require_POST
@instructor_required
def lab_save(request, slug):
    lab = _get_lab_for_user(request, slug, edit=True)
    try:
        files = _posted_files(request, lab)
        files, current = _apply_operation(request, files)
        issues = labstore.save(lab, files)
    except (BadFiles, labfiles.FilesRefused) as error:
        for message in getattr(error, "messages", [str(error)]):
            messages.error(request, message)
        return redirect(_edit_url(lab, request.POST.get("current", "")))
    if issues:
        messages.warning(request, _("Files saved. The lab has problems (listed beside the editor); "
                                    "learners keep the last valid version."))
    else:
        messages.success(request, _("Saved."))
    return redirect(_edit_url(lab, current))


def _edit_url(lab: Lab, current: str) -> str:
    url = reverse("teach:lab_edit", kwargs={"slug": lab.slug})
    return f"{url}?file={current}" if current else url


def _posted_files(request, lab: Lab) -> dict[str, str]:
    """The files as the page holds them: all of them as JSON (with JavaScript), or the stored
    files with the one file of the textarea changed (without)."""
    raw = request.POST.get("files", "")
    if raw:
        if len(raw) > MAX_POST_FILES_BYTES:
            raise BadFiles(_("The lab is too large to save."))
        try:
            files = json.loads(raw)
        except ValueError:
            raise BadFiles(_("The page sent files that cannot be read; reload it and try again.")) from None
        if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
            raise BadFiles(_("The page sent files that cannot be read; reload it and try again."))
        return {str(k): labfiles.normalise_newlines(v) for k, v in files.items()}
    files = dict(lab.files)
    path = request.POST.get("path", "")
    if path and "text" in request.POST:
        files[path] = labfiles.normalise_newlines(request.POST["text"])
    return files


def _apply_operation(request, files: dict[str, str]) -> tuple[dict[str, str], str]:
    """Add, rename or delete a file (or just save); returns the files and the file to show."""
    op = request.POST.get("op", "save")
    current = request.POST.get("current", "")
    target = request.POST.get("new_path", "").strip()
    if op in ("add", "rename"):
        problem = labfiles.path_problem(target)
        if problem:
            raise BadFiles(problem)
        if target in files:
            raise BadFiles(_("There is already a file %(path)s.") % {"path": target})
    if op == "add":
        files[target] = ""
        return files, target
    if op == "rename":
        if current not in files or current == "lab.yaml":
            raise BadFiles(_("Choose a file to rename (lab.yaml keeps its name)."))
        files[target] = files.pop(current)
        return files, target
    if op == "delete":
        if current not in files or current == "lab.yaml":
            raise BadFiles(_("Choose a file to delete (a lab always has its lab.yaml)."))
        del files[current]
        return files, "lab.yaml"
    return files, current


@require_POST
@instructor_required
def lab_check(request, slug):
    """The live check: the files as typed, validated as `loadcontent` would (htmx partial)."""
    lab = _get_lab_for_user(request, slug)
    try:
        files = _posted_files(request, lab)
        _definition, issues = labfiles.check(files, lab.slug)
    except BadFiles as error:
        issues = [labfiles.Issue("", None, str(error))]
    return render(request, "teach/editor.html#problems", {"issues": [i.as_dict() for i in issues]})


@require_POST
@instructor_required
def lab_run(request, slug):
    """Grade the reference, the starter, a mutant or all of them, in a child process."""
    lab = _get_lab_for_user(request, slug)
    try:
        files = _posted_files(request, lab) if may_edit(request.user, lab) else labstore.files_of(lab)
    except BadFiles as error:
        return _run_reply(request, lab, None, {"runs": [], "error": str(error)})
    definition, issues = labfiles.check(files, lab.slug)
    if definition is None:
        outcome = {"runs": [], "error": _("Fix the problems of the lab first: %(count)s found.")
                   % {"count": len(issues)}}
    else:
        outcome = proving.run_labs(definition, request.POST.get("which", proving.ALL))
    return _run_reply(request, lab, files, outcome)


def _run_reply(request, lab, files, outcome):
    runs = {**outcome, "runs": [_shown_run(r, request.LANGUAGE_CODE) for r in outcome["runs"]]}
    if request.htmx:
        return render(request, "teach/editor.html#runs", {"runs": runs})
    return _editor(request, lab, files if files is not None else labstore.files_of(lab), runs=runs)


def _shown_run(run: dict, language: str) -> dict:
    checks = [{**c, "title_text": c["title"].get(language) or c["title"].get("en", c["id"])} for c in run["checks"]]
    return {**run, "checks": checks, "label": run["name"].removeprefix(proving.MUTANT_PREFIX)}


@require_GET
@instructor_required
def lab_preview(request, slug):
    lab = _get_lab_for_user(request, slug)
    definition, _issues = labfiles.check(labstore.files_of(lab), lab.slug)
    return render(request, "teach/preview.html",
                  {"lab": lab, **preview_context(definition or lab.definition, request.LANGUAGE_CODE)})


@require_GET
@instructor_required
def lab_export(request, slug):
    lab = _get_lab_for_user(request, slug)
    data = ziplab.export_zip(lab.slug, labstore.files_of(lab))
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{lab.slug}.zip"'
    return response


@require_POST
@instructor_required
def lab_import(request):
    upload = request.FILES.get("archive")
    if upload is None:
        messages.error(request, _("Choose a zip file to import."))
        return redirect("teach:index")
    try:
        files = ziplab.import_zip(upload.read(ziplab.MAX_ARCHIVE_BYTES + 1))
    except ziplab.ZipRefused as error:
        for message in error.messages:
            messages.error(request, _("Not imported: %(reason)s") % {"reason": message})
        return redirect("teach:index")
    definition, issues = labfiles.check(files)
    if definition is None:
        for issue in issues:
            where = f"{issue.file}:{issue.line}" if issue.line else issue.file
            messages.error(request, _("Not imported: %(where)s: %(problem)s")
                           % {"where": where, "problem": issue.message})
        return redirect("teach:index")
    return _import_as(request, definition["slug"], files)


def _import_as(request, slug: str, files: dict[str, str]):
    existing = Lab.objects.filter(slug=slug).first()
    if existing is not None and may_edit(request.user, existing):
        labstore.save(existing, files)
        messages.success(request, _("Imported: the files of %(slug)s were replaced.") % {"slug": slug})
        return redirect("teach:lab_edit", slug=slug)
    if labstore.slug_problem(slug):
        messages.error(request, _("Not imported: the slug %(slug)s is taken. Change the slug in "
                                  "lab.yaml and import again.") % {"slug": slug})
        return redirect("teach:index")
    try:
        labstore.create(slug, files, request.user)
    except labstore.SlugTaken:
        messages.error(request, _("Not imported: the slug %(slug)s is taken. Change the slug in "
                                  "lab.yaml and import again.") % {"slug": slug})
        return redirect("teach:index")
    messages.success(request, _("Imported %(slug)s as a draft.") % {"slug": slug})
    return redirect("teach:lab_edit", slug=slug)


@require_POST
@instructor_required
def lab_publish(request, slug):
    lab = _get_lab_for_user(request, slug, edit=True)
    publish = request.POST.get("publish") == "1"
    if publish and not labstore.is_current(lab):
        messages.error(request, _("Save a valid version first: learners would get a lab with problems."))
    else:
        Lab.objects.filter(pk=lab.pk).update(active=publish)
        messages.success(request, _("Published: learners see this lab.") if publish
                         else _("Unpublished: learners no longer see this lab."))
    return redirect("teach:lab_edit", slug=lab.slug)
