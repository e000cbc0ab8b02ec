"""Loading labs from `labs/content/<slug>/` into the database (called by `loadcontent`).

Each lab is validated on its own; a lab with problems is refused, with file and line, and
keeps whatever was stored before, while the other labs still load. Loading twice changes
nothing the second time (the revision hash decides). A lab whose folder is gone is marked
inactive rather than deleted, so learners' attempts stay.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from labs.grading.definition import LABS_DIR, LabInvalid, Problem, lab_folders, read_lab
from labs.models import Lab

__all__ = ["LABS_DIR", "find_lab", "lab_folders", "load_labs", "store_lab"]


def load_labs(report, labs_dir: Path = LABS_DIR) -> None:
    """Load every lab into `report` (learn.loading.LoadReport): report.labs, "lab SLUG" in
    added/changed/unchanged/removed, and "FILE:LINE: problem" lines in refused."""
    folders = lab_folders(labs_dir)
    for folder in folders:
        try:
            definition = read_lab(folder)
        except LabInvalid as error:
            report.refused.extend(p.text(settings.BASE_DIR) for p in error.problems)
            continue
        outcome = store_lab(definition)
        if outcome == "taken":
            taken = Problem(folder / "lab.yaml", None, f"the slug {definition['slug']} belongs to a lab made in "
                                                       "the browser; rename this lab")
            report.refused.append(taken.text(settings.BASE_DIR))
            continue
        getattr(report, outcome).append(f"lab {definition['slug']}")
        report.labs += 1
    gone = Lab.objects.filter(active=True, source=Lab.REPO).exclude(slug__in=[f.name for f in folders])
    report.removed.extend(f"lab {slug}" for slug in gone.values_list("slug", flat=True))
    gone.update(active=False)


def store_lab(definition: dict) -> str:
    """Create or update one repository lab; returns "added", "changed", "unchanged", or "taken"
    when a lab made in the browser already has the slug (it is never overwritten)."""
    with transaction.atomic():
        lab = Lab.objects.select_for_update().filter(slug=definition["slug"]).first()
        if lab is not None and lab.source != Lab.REPO:
            return "taken"
        if lab is not None and lab.revision == definition["revision"] and lab.active:
            return "unchanged"
        fields = {"topic": definition["topic"], "revision": definition["revision"], "definition": definition,
                  "titles": definition["title"], "active": True}
        if lab is None:
            Lab.objects.create(slug=definition["slug"], **fields)
            return "added"
        Lab.objects.filter(pk=lab.pk).update(**fields, updated=timezone.now())
        return "changed"


def find_lab(name: str) -> dict:
    """A lab's definition read from its folder: a slug under labs/content, or a folder path."""
    folder = Path(name)
    if not (folder / "lab.yaml").exists():
        folder = LABS_DIR / name
    if not folder.is_dir():
        raise FileNotFoundError(f"no lab {name!r} (looked in {LABS_DIR.name}/ and at the path)")
    return read_lab(folder)
