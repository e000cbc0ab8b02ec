"""Keeping browser labs: creating, saving, copying, importing and publishing them.

A browser lab keeps its files in `Lab.files` whatever state they are in, so an author never
loses work; its definition, revision, topic and titles change only when the files are valid
(as `labs.loading.store_lab` does for the repository's labs). A new or copied lab starts as a
draft (`active` off): learners see it only once published.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from labs.grading.definition import LABS_DIR, SLUG
from labs.models import Lab

from . import labfiles

MAX_SLUG = 80


class SlugTaken(ValueError):
    pass


def slug_problem(slug: str) -> str | None:
    """Why `slug` cannot name a new lab (None when it can): labs of the repository and of the
    browser share one set of slugs, including repository folders not loaded yet."""
    if not isinstance(slug, str) or not SLUG.match(slug) or len(slug) > MAX_SLUG:
        return "slug"
    if Lab.objects.filter(slug=slug).exists() or (LABS_DIR / slug).exists():
        return "taken"
    return None


def repo_files(lab: Lab) -> dict[str, str]:
    """The files of a repository lab, read from its folder (empty if the folder is gone)."""
    folder = LABS_DIR / lab.slug
    if lab.source != Lab.REPO or not folder.is_dir():
        return {}
    files = {}
    for file in sorted(folder.rglob("*")):
        relative = file.relative_to(folder).as_posix()
        if file.is_file() and labfiles.path_problem(relative) is None:
            files[relative] = file.read_text(encoding="utf-8")
    return files


def files_of(lab: Lab) -> dict[str, str]:
    return repo_files(lab) if lab.source == Lab.REPO else dict(lab.files)


def create(slug: str, files: dict[str, str], author) -> Lab:
    """A new draft browser lab from valid files; `SlugTaken` or `ValueError` (with issues)."""
    if slug_problem(slug):
        raise SlugTaken(slug)
    definition, issues = labfiles.check(files, slug)
    if definition is None:
        raise ValueError([i.as_dict() for i in issues])
    try:
        with transaction.atomic():
            return Lab.objects.create(
                slug=slug, source=Lab.BROWSER, author=author, files=files, active=False,
                **_defined_fields(definition))
    except IntegrityError:
        raise SlugTaken(slug) from None


def save(lab: Lab, files: dict[str, str]) -> list[labfiles.Issue]:
    """Keep the files; when they are valid also the definition. Returns the issues (none when
    the lab was fully saved). Files that cannot be a lab at all are refused (FilesRefused)."""
    refused = labfiles.refusals(files)
    if refused:
        raise labfiles.FilesRefused(refused)
    definition, issues = labfiles.check(files, lab.slug)
    fields = {"files": files}
    if definition is not None:
        # Otherwise a published lab keeps serving its last valid definition while being mended.
        fields.update(_defined_fields(definition))
    for name, value in fields.items():
        setattr(lab, name, value)
    lab.save(update_fields=[*fields, "updated"])
    return issues


def is_current(lab: Lab) -> bool:
    """True when the stored definition is the one the stored files make (nothing unsaved or
    invalid between them)."""
    definition, _issues = labfiles.check(files_of(lab), lab.slug)
    return definition is not None and definition["revision"] == lab.revision


def _defined_fields(definition: dict) -> dict:
    return {"topic": definition["topic"], "revision": definition["revision"], "definition": definition,
            "titles": definition["title"]}
