"""Loading lessons from their files into the database (labs: labs/loading.py, same report).

A lesson is a folder `learn/content/lessons/<slug>/` with one Markdown file per language
(`en.md`, `zh-hans.md`), each starting with YAML front matter. Loading checks each lesson
on its own (both languages present, shared fields equal, the same heading anchors, asides and
runnable blocks in both), renders it and stores it. A lesson with a problem is refused, with
the file and line, and keeps whatever was stored before; the other lessons still load.
Loading twice changes nothing the second time. `manage.py loadcontent` prints the report.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from learn.models import Lesson, LessonTranslation
from learn.rendering import RENDERER_VERSION, Rendered, render_lesson, runnable_blocks
from learn.topics import TOPIC_IDS

LESSONS_DIR = Path(__file__).resolve().parent / "content" / "lessons"
SHARED_FIELDS = ("slug", "topic", "order", "minutes", "prerequisites", "labs")
KIND_NAMES = {str: "text", int: "whole number", list: "list"}
FIELD_TYPES = {
    "slug": str,
    "topic": str,
    "order": int,
    "title": str,
    "summary": str,
    "prerequisites": list,
    "minutes": int,
    "labs": list,
    "docs": list,
}


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


@dataclass
class LoadReport:
    """What one load did. `added`, `changed`, `unchanged` and `removed` name items such as
    "lesson pod-basics"; `refused` holds one "FILE:LINE: problem" line per problem."""

    lessons: int = 0
    labs: int = 0
    refused: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"{self.lessons} lessons, {self.labs} labs"

    def details(self) -> str:
        return (f"{len(self.added)} added, {len(self.changed)} changed, "
                f"{len(self.unchanged)} unchanged, {len(self.removed)} removed, "
                f"{len(self.refused)} problems")


class ContentError(Exception):
    """A problem in a content file, with where it is."""

    def __init__(self, path: Path, line: int | None, message: str):
        self.path, self.line, self.message = path, line, message
        super().__init__(str(self))

    def __str__(self):
        where = _display(self.path) + (f":{self.line}" if self.line else "")
        return f"{where}: {self.message}"


@dataclass
class LessonFile:
    path: Path
    language: str
    meta: dict
    body: str
    body_line: int  # line number of the body's first line in the file
    source: str

    def error(self, body_line: int | None, message: str) -> ContentError:
        line = self.body_line + body_line - 1 if body_line else None
        return ContentError(self.path, line, message)


def load_content(lessons_dir: Path = LESSONS_DIR) -> LoadReport:
    report = LoadReport()
    load_lessons(lessons_dir, report)
    # `loadcontent` then hands the same report to labs.loading.load_labs (report.labs and
    # "lab SLUG" entries), so that one command loads and reports all content.
    return report


def load_lessons(lessons_dir: Path, report: LoadReport) -> None:
    folders = sorted(p for p in lessons_dir.iterdir() if p.is_dir()) if lessons_dir.exists() else []
    slugs = {folder.name for folder in folders}
    for folder in folders:
        try:
            files = read_lesson(folder)
            check_lesson(files, slugs)
            rendered = {f.language: _render(f) for f in files}
            check_parity(files, rendered)
        except ContentError as error:
            report.refused.append(str(error))
            continue
        outcome = store_lesson(files, rendered)
        getattr(report, outcome).append(f"lesson {folder.name}")
        report.lessons += 1
    gone = Lesson.objects.exclude(slug__in=slugs)
    report.removed.extend(f"lesson {slug}" for slug in gone.values_list("slug", flat=True))
    gone.delete()


def read_lesson(folder: Path) -> list[LessonFile]:
    files = []
    for language in languages():
        path = folder / f"{language}.md"
        if not path.exists():
            raise ContentError(path, None, f"missing: every lesson needs a {language}.md")
        files.append(read_lesson_file(path, language))
    return files


def read_lesson_file(path: Path, language: str) -> LessonFile:
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ContentError(path, None, f"not UTF-8 text ({error.reason})") from None
    lines = source.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ContentError(path, 1, "a lesson starts with front matter between two '---' lines")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise ContentError(path, 1, "the front matter has no closing '---' line") from None
    try:
        meta = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark else 1  # +1 for 1-based lines, +1 for the opening '---'
        problem = error.problem or error.context or "invalid YAML"
        raise ContentError(path, line, f"front matter: {problem}") from None
    except yaml.reader.ReaderError as error:  # a character YAML refuses: a position, no mark
        line = "\n".join(lines[1:end]).count("\n", 0, error.position) + 2
        raise ContentError(path, line, f"front matter: the character U+{error.character:04X} is not "
                                       f"allowed ({error.reason})") from None
    except RecursionError:
        raise ContentError(path, 2, "front matter: nested too deep") from None
    if not isinstance(meta, dict):
        raise ContentError(path, 2, "the front matter must be a mapping of fields")
    for name, kind in FIELD_TYPES.items():
        if name not in meta:
            raise ContentError(path, 2, f"front matter: the field {name!r} is missing")
        if not isinstance(meta[name], kind) or (kind is int and isinstance(meta[name], bool)):
            raise ContentError(path, _field_line(lines, end, name),
                               f"front matter: {name!r} must be a {KIND_NAMES[kind]}")
    for name in ("prerequisites", "labs"):
        if not all(isinstance(item, str) for item in meta[name]):
            raise ContentError(path, _field_line(lines, end, name),
                               f"front matter: {name!r} must be a list of slugs (text)")
    for doc in meta["docs"]:
        if not (isinstance(doc, dict) and isinstance(doc.get("title"), str)
                and str(doc.get("url", "")).startswith("https://")):
            raise ContentError(path, _field_line(lines, end, "docs"),
                               "front matter: each docs entry needs a title and an https:// url")
    return LessonFile(path, language, meta, "\n".join(lines[end + 1:]), end + 2, source)


def check_lesson(files: list[LessonFile], slugs: set[str]) -> None:
    first = files[0]
    if first.meta["slug"] != first.path.parent.name:
        raise first.error(None, f"slug {first.meta['slug']!r} differs from its folder's name")
    if first.meta["topic"] not in TOPIC_IDS:
        raise first.error(None, f"unknown topic {first.meta['topic']!r} (see learn/topics.py)")
    for other in files[1:]:
        for name in SHARED_FIELDS:
            if other.meta[name] != first.meta[name]:
                raise other.error(None, f"{name!r} differs from {first.path.name} "
                                        f"({other.meta[name]!r} vs {first.meta[name]!r})")
    for slug in first.meta["prerequisites"]:
        if slug not in slugs:
            raise first.error(None, f"prerequisite {slug!r} is not a lesson")


def check_parity(files: list[LessonFile], rendered: dict[str, Rendered]) -> None:
    """The languages must have the same anchors, asides and byte-identical runnable blocks."""
    first = files[0]
    blocks = {f.language: runnable_blocks(f.body) for f in files}
    for other in files[1:]:
        mine, theirs = rendered[other.language], rendered[first.language]
        if mine.anchors != theirs.anchors:
            raise other.error(None, f"heading anchors differ from {first.path.name}: "
                                    f"{_difference(mine.anchors, theirs.anchors)}")
        if mine.notes != theirs.notes:
            raise other.error(None, f"'::: notes' asides differ from {first.path.name}: "
                                    f"{_difference(mine.notes, theirs.notes)}")
        ours, reference = blocks[other.language], blocks[first.language]
        for index, ((line, info, text), (ref_line, ref_info, ref_text)) in enumerate(
                zip(ours, reference, strict=False)):
            if (info, text) != (ref_info, ref_text):
                raise other.error(line, f"runnable block {index} differs from the one at "
                                        f"{first.path.name}:{first.body_line + ref_line - 1}")
        if len(ours) != len(reference):
            raise other.error(None, f"{len(ours)} runnable blocks, but {first.path.name} "
                                    f"has {len(reference)}")


def store_lesson(files: list[LessonFile], rendered: dict[str, Rendered]) -> str:
    """Create or update one lesson; returns "added", "changed" or "unchanged"."""
    meta = files[0].meta
    shared = {
        "topic": meta["topic"],
        "order": meta["order"],
        "minutes": meta["minutes"],
        "prerequisites": meta["prerequisites"],
        "labs": meta["labs"],
        "blocks": rendered[files[0].language].blocks,
    }
    with transaction.atomic():
        lesson = Lesson.objects.filter(slug=meta["slug"]).first()
        outcome = "changed" if lesson else "added"
        if lesson is None:
            lesson = Lesson.objects.create(slug=meta["slug"], **shared)
        existing = {t.language: t for t in lesson.translations.all()}
        same = all(getattr(lesson, name) == value for name, value in shared.items()) and all(
            f.language in existing and existing[f.language].source_hash == _hash(f) for f in files)
        if same and outcome == "changed":
            return "unchanged"
        for name, value in shared.items():
            setattr(lesson, name, value)
        lesson.save()
        for f in files:
            r = rendered[f.language]
            LessonTranslation.objects.update_or_create(
                lesson=lesson, language=f.language,
                defaults={
                    "title": f.meta["title"],
                    "summary": f.meta["summary"],
                    "html": r.html,
                    "toc": r.toc,
                    "docs": f.meta["docs"],
                    "text": r.text,
                    "has_diagrams": r.has_diagrams,
                    "source_hash": _hash(f),
                },
            )
    return outcome


def _render(f: LessonFile) -> Rendered:
    rendered = render_lesson(f.body, f.meta["slug"], f.language)
    if rendered.problems:
        line, message = rendered.problems[0]
        raise f.error(line, message)
    return rendered


def _hash(f: LessonFile) -> str:
    return hashlib.sha256(f"{RENDERER_VERSION}\n{f.source}".encode()).hexdigest()


def _field_line(lines: list[str], end: int, name: str) -> int:
    for i in range(1, end):
        if lines[i].startswith(f"{name}:"):
            return i + 1
    return 2


def _difference(mine: list, theirs: list) -> str:
    only_here = [x for x in mine if x not in theirs]
    only_there = [x for x in theirs if x not in mine]
    if not only_here and not only_there:
        return "same names in a different order"
    return f"only here {only_here}, only there {only_there}"


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(settings.BASE_DIR))
    except ValueError:
        return str(path)
