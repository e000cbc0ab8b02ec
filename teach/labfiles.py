"""A lab as the browser holds it: its files (relative path -> text), in the lab folder's layout.

This module knows which paths a lab may have, the size limits, how to check the files with
the same validation `loadcontent` uses (`read_lab_files`), and the skeleton a new lab starts
from. It stores nothing (see teach/labstore.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from labs.grading.definition import LabInvalid, read_lab_files

MAX_FILES = 60
MAX_FILE_BYTES = 100_000
MAX_TOTAL_BYTES = 1_000_000
# lab.yaml and solution.sh at the top; everything else one level down in its folder.
TOP_FILES = ("lab.yaml", "solution.sh")
FOLDERS = ("steps", "starter", "world", "mutants")
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")


class FilesRefused(ValueError):
    """A set of files that cannot be a lab at all (bad path, too big): one message per reason."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("; ".join(messages))


@dataclass(frozen=True)
class Issue:
    """One problem shown to the author: the file (relative path), its line (or None), the text."""

    file: str
    line: int | None
    message: str

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "message": self.message}


def path_problem(path: str) -> str | None:
    """Why `path` cannot be a file of a lab, or None when it can."""
    if not isinstance(path, str) or not path:
        return "a file needs a name"
    if path in TOP_FILES:
        return None
    folder, _, name = path.partition("/")
    if folder not in FOLDERS or not name:
        return (f"{path!r}: files are lab.yaml, solution.sh, or go in "
                f"{', '.join(f + '/' for f in FOLDERS)}")
    if not NAME.match(name) or ".." in name:
        return f"{path!r}: a file name has letters, digits, dots, hyphens and underscores only"
    return None


def refusals(files: dict) -> list[str]:
    """Every reason these files cannot be kept as a lab (empty when they can)."""
    if not isinstance(files, dict):
        return ["the files must be a mapping of path to text"]
    messages = [m for m in (path_problem(p) for p in sorted(files)) if m]
    if len(files) > MAX_FILES:
        messages.append(f"a lab has at most {MAX_FILES} files")
    total = 0
    for path, text in sorted(files.items()):
        if not isinstance(text, str):
            messages.append(f"{path}: not text")
            continue
        size = len(text.encode("utf-8"))
        total += size
        if size > MAX_FILE_BYTES:
            messages.append(f"{path}: {size:,} bytes; a file has at most {MAX_FILE_BYTES:,}")
    if total > MAX_TOTAL_BYTES:
        messages.append(f"the files hold {total:,} bytes; a lab has at most {MAX_TOTAL_BYTES:,}")
    return messages


def check(files: dict[str, str], slug: str | None = None) -> tuple[dict | None, list[Issue]]:
    """(definition, []) when the files make a valid lab, else (None, every issue). With `slug`,
    lab.yaml's slug must be it."""
    refused = refusals(files)
    if refused:
        return None, [Issue("", None, message) for message in refused]
    try:
        return read_lab_files(files, name=slug), []
    except LabInvalid as error:
        return None, [Issue(str(p.path), p.line, p.message) for p in error.problems]


def normalise_newlines(text: str) -> str:
    # A browser posts a textarea with CRLF line ends; the lab's files use LF.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def renamed_slug(files: dict[str, str], slug: str) -> dict[str, str]:
    """The files with lab.yaml's `slug:` line set to `slug` (a copy of a lab gets its own)."""
    text = files.get("lab.yaml", "")
    changed, count = re.subn(r"(?m)^slug:.*$", f"slug: {slug}", text, count=1)
    if not count:
        changed = f"slug: {slug}\n" + text
    return {**files, "lab.yaml": changed}


def skeleton(slug: str) -> dict[str, str]:
    """A small lab that is valid as it is, for an author to change: one pod to run."""
    return {
        "lab.yaml": SKELETON_YAML.format(slug=slug),
        "solution.sh": "kubectl run web --image=nginx:1.29\n"
                       "kubectl wait --for=condition=Ready pod/web --timeout=60s\n",
        "steps/run.en.md": "## Run a pod\n\nRun a pod named `web` from the image `nginx:1.29`.\n",
        "steps/run.zh-hans.md": "## 运行一个 Pod\n\n用镜像 `nginx:1.29` 运行一个名为 `web` 的 Pod。\n",
    }


SKELETON_YAML = """\
slug: {slug}
topic: pod-basics
title:
  en: A new lab
  zh-hans: 新实验
world:
  nodes: 2
steps:
  - id: run
    hints:
      - level: point
        text: {{en: Use kubectl run., zh-hans: 使用 kubectl run。}}
checks:
  - id: pod-ready
    points: 50
    title: {{en: web is ready, zh-hans: web 已就绪}}
    pods: {{name: web, ready: true, count: 1}}
  - id: image
    points: 30
    title: {{en: web runs nginx 1.29, zh-hans: web 运行 nginx 1.29}}
    get: {{resource: pod/web, jsonpath: "{{.spec.containers[0].image}}", equals: "nginx:1.29"}}
  - id: label
    points: 20
    title: {{en: web is labelled run=web, zh-hans: web 带有标签 run=web}}
    get: {{resource: pod/web, jsonpath: "{{.metadata.labels.run}}", equals: web}}
budget: 2m
mutants:
  - name: image-typo
    fails: pod-ready
    explainer: image-pull
    edits:
      - {{replace: "nginx:1.29", with: "ngnix:1.29"}}
  - name: other-name
    fails: pod-ready
    explainer: count-mismatch
    edits:
      - {{replace: "kubectl run web", with: "kubectl run webb"}}
"""
