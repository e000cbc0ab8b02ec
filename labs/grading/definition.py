"""Reading and validating one lab folder (`labs/content/<slug>/`) into its definition.

The definition is plain JSON-able data holding every text the lab needs (world objects,
starter files, steps, solution, mutant files), so a stored lab grades without its folder.
Its `revision` is the hash of that data: a grade records the revision it was graded against.
Problems are collected, not raised one at a time: each names its file and line, taken from
the YAML marks of lab.yaml (or of the file at fault). A lab made in the browser is the same
files held in a dict (`read_lab_files`), read by the same code.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from learn.topics import TOPIC_IDS

from . import checks, yamlmarks
from .codes import ALL_CODES
from .units import duration_ms

LANGUAGES = ("en", "zh-hans")
LAB_TOPICS = ("pod-basics", "pod-lifecycle", "init-containers", "post-start", "probes", "controller-manager",
              "label-selectors", "rolling-update", "deployment-strategies", "statefulset-ordering",
              "ingress-nginx", "services", "headless-services", "access-services", "access-pods")
TOP_FIELDS = {"slug", "topic", "title", "world", "starter", "steps", "checks", "events", "budget", "solution",
              "mutants"}
WORLD_FIELDS = {"nodes", "objects", "kube_proxy_mode", "quota"}
HINT_LEVELS = ("point", "teach", "show")
TAINT = re.compile(r"^([A-Za-z0-9./_-]+)(?:=([A-Za-z0-9._-]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_BUDGET_MS = 2 * 3_600_000
MIN_CHECKS, MIN_MUTANTS = 3, 2
LABS_DIR = Path(__file__).resolve().parent.parent / "content"


def lab_folders(labs_dir: Path = LABS_DIR) -> list[Path]:
    """The lab folders under `labs_dir`, by name (files such as PENDING are not labs)."""
    if not labs_dir.exists():
        return []
    return sorted(p for p in labs_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int | None
    message: str

    def text(self, root: Path | None = None) -> str:
        shown = self.path
        if root is not None:
            try:
                shown = self.path.relative_to(root)
            except ValueError:
                pass
        return f"{shown}{f':{self.line}' if self.line else ''}: {self.message}"


class LabInvalid(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.text() for p in problems))


class _Reader:
    """Collects problems while reading one lab, from a folder or from a dict of its files."""

    def __init__(self, folder: Path, files: dict[str, str] | None = None, name: str | None = None):
        self.folder = folder
        self.files = files  # None: read the folder on disk
        self.name = folder.name if name is None and files is None else name  # what the slug must equal
        self.yaml_path = folder / "lab.yaml"
        self.marked: yamlmarks.Marked | None = None
        self.problems: list[Problem] = []

    def at(self, path: tuple, message: str) -> None:
        line = self.marked.line(path) if self.marked else None
        self.problems.append(Problem(self.yaml_path, line, message))

    def read(self, relative: str) -> str | None:
        """The text of a file of the lab (None when it does not exist); UnicodeDecodeError if
        it is not UTF-8."""
        if self.files is not None:
            text = self.files.get(relative)
            return text if isinstance(text, str) else None
        file = self.folder / relative
        return file.read_text(encoding="utf-8") if file.is_file() else None

    def text(self, relative, path: tuple) -> str | None:
        """A UTF-8 file of the lab folder, or None (with a problem at `path`)."""
        if not isinstance(relative, str) or not relative or relative.startswith("/") or ".." in relative.split("/"):
            self.at(path, f"{relative!r} must be a file path inside the lab folder")
            return None
        try:
            text = self.read(relative)
        except UnicodeDecodeError:
            self.at(path, f"{relative} is not UTF-8 text")
            return None
        if text is None:
            self.at(path, f"file not found: {relative}")
        return text


def read_lab(folder: Path) -> dict:
    """The definition of the lab in `folder`; `LabInvalid` with every problem otherwise."""
    return _definition(_Reader(folder))


def read_lab_files(files: dict[str, str], name: str | None = None) -> dict:
    """The definition of a lab given as its files (relative path -> text, the folder's layout),
    as the browser keeps them; problems name the relative path. `name`, when given, is the
    folder name the slug must equal."""
    return _definition(_Reader(Path("."), files, name))


def _definition(reader: _Reader) -> dict:
    definition = _read(reader)
    if reader.problems:
        raise LabInvalid(reader.problems)
    definition["revision"] = revision_of(definition)
    return definition


def revision_of(definition: dict) -> str:
    data = {k: v for k, v in definition.items() if k != "revision"}
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def _read(r: _Reader) -> dict:
    try:
        source = r.read("lab.yaml")
        if source is None:
            r.problems.append(Problem(r.yaml_path, None, "missing: every lab folder needs a lab.yaml"))
            return {}
        r.marked = yamlmarks.load(source)
    except yamlmarks.YAMLProblem as error:
        r.problems.append(Problem(r.yaml_path, error.line, error.message))
        return {}
    except UnicodeDecodeError:
        r.problems.append(Problem(r.yaml_path, None, "not UTF-8 text"))
        return {}
    doc = r.marked.data
    if not isinstance(doc, dict):
        r.at((), "lab.yaml must be a mapping of fields")
        return {}
    for key in doc:
        if key not in TOP_FIELDS:
            r.at((key,), f"unknown field {key!r}")
    for key in ("slug", "topic", "title", "world", "steps", "checks", "budget", "mutants"):
        if key not in doc:
            r.at((), f"the field {key!r} is missing")
    definition = {
        "slug": _slug(r, doc),
        "topic": _topic(r, doc),
        "title": _languages(r, doc.get("title"), ("title",)),
        "world": _world(r, doc.get("world") or {}),
        "starter": _starter(r, doc.get("starter") or []),
        "events": _events(r, doc.get("events") or []),
        "budget_ms": _duration(r, doc.get("budget", "10m"), ("budget",)),
    }
    definition["steps"] = _steps(r, doc.get("steps") or [])
    definition["checks"] = _checks(r, doc.get("checks") or [], {e["name"] for e in definition["events"]})
    definition["solution"] = r.text(doc.get("solution", "solution.sh"), ("solution",)) or ""
    definition["mutants"] = _mutants(r, doc.get("mutants") or [], definition)
    return definition


def _slug(r: _Reader, doc: dict) -> str:
    slug = doc.get("slug")
    if not isinstance(slug, str) or not SLUG.match(slug):
        r.at(("slug",), "slug: lowercase words joined by hyphens")
    elif r.name is not None and slug != r.name:
        r.at(("slug",), f"slug {slug!r} differs from its folder's name {r.name!r}")
    return slug if isinstance(slug, str) else ""


def _topic(r: _Reader, doc: dict) -> str:
    topic = doc.get("topic")
    if not isinstance(topic, str) or topic not in TOPIC_IDS:
        r.at(("topic",), f"unknown topic {topic!r} (see learn/topics.py)")
    elif topic not in LAB_TOPICS:
        r.at(("topic",), f"the topic {topic!r} has a lesson but no labs")
    return topic if isinstance(topic, str) else ""


def _languages(r: _Reader, value, path: tuple) -> dict:
    if not isinstance(value, dict):
        r.at(path, f"give the text in each language: {', '.join(LANGUAGES)}")
        return {}
    for language in LANGUAGES:
        if not isinstance(value.get(language), str) or not value[language].strip():
            r.at(path, f"the {language} text is missing")
    for key in value:
        if key not in LANGUAGES:
            r.at(path + (key,), f"unknown language {key!r}")
    return {k: value[k].strip() for k in LANGUAGES if isinstance(value.get(k), str)}


def _duration(r: _Reader, value, path: tuple) -> int:
    try:
        ms = duration_ms(value)
    except ValueError as error:
        r.at(path, str(error))
        return 0
    if not 0 < ms <= MAX_BUDGET_MS and path == ("budget",):
        r.at(path, "the budget must be more than 0 and at most 2h of virtual time")
    return ms


def _world(r: _Reader, world) -> dict:
    if not isinstance(world, dict):
        r.at(("world",), "world: a mapping (nodes, objects, kube_proxy_mode, quota)")
        return {"nodes": []}
    for key in world:
        if key not in WORLD_FIELDS:
            r.at(("world", key), f"unknown field {key!r}")
    mode = world.get("kube_proxy_mode", "iptables")
    if mode not in ("iptables", "ipvs", "nftables"):
        r.at(("world", "kube_proxy_mode"), "kube_proxy_mode: iptables, ipvs or nftables")
    out = {"nodes": _nodes(r, world.get("nodes", 2)), "kube_proxy_mode": mode, "objects": []}
    objects = world.get("objects") or []
    if not isinstance(objects, list):
        r.at(("world", "objects"), "objects: a list of YAML files of the lab")
        objects = []
    for index, file in enumerate(objects):
        text = r.text(file, ("world", "objects", index))
        if text is not None:
            _yaml_file_problems(r, r.folder / file, text)
            out["objects"].append({"file": file, "text": text})
    quota = world.get("quota")
    if quota is not None:
        if not isinstance(quota, dict) or not isinstance(quota.get("hard"), dict):
            r.at(("world", "quota"), "quota: {namespace: NS, hard: {pods: 4, ...}}")
        else:
            out["quota"] = {"namespace": quota.get("namespace", "default"), "hard": quota["hard"]}
    return out


def _yaml_file_problems(r: _Reader, file: Path, text: str) -> None:
    try:
        for _doc in yamlmarks.yaml.safe_load_all(text):
            pass
    except yamlmarks.yaml.YAMLError as error:
        found = yamlmarks.problem(error, text)
        r.problems.append(Problem(file, found.line, found.message))
    except RecursionError:
        r.problems.append(Problem(file, None, yamlmarks.NESTING))


def _nodes(r: _Reader, nodes) -> list[dict]:
    path = ("world", "nodes")
    if isinstance(nodes, int) and not isinstance(nodes, bool):
        nodes = [{} for _ in range(nodes)]
    if not isinstance(nodes, list) or not 1 <= len(nodes) <= 5:
        r.at(path, "nodes: a number of worker nodes (1 to 5) or a list of them")
        return []
    out = []
    for index, node in enumerate(nodes):
        expected = "kind-worker" + (str(index + 1) if index else "")
        node = node or {}
        if not isinstance(node, dict) or set(node) - {"name", "labels", "taints"}:
            r.at(path + (index,), "a node: {name, labels, taints}")
            continue
        if node.get("name", expected) != expected:
            r.at(path + (index, "name"), f"worker {index + 1} is named {expected!r}")
        labels = node.get("labels") or {}
        if not isinstance(labels, dict):
            r.at(path + (index, "labels"), "labels: a mapping")
            labels = {}
        out.append({"name": expected, "labels": {str(k): str(v) for k, v in labels.items()},
                    "taints": _taints(r, node.get("taints") or [], path + (index, "taints"))})
    return out


def _taints(r: _Reader, taints, path: tuple) -> list[dict]:
    out = []
    for index, taint in enumerate(taints if isinstance(taints, list) else [None]):
        match = TAINT.match(taint) if isinstance(taint, str) else None
        if not match:
            r.at(path + (index,), "a taint is written KEY[=VALUE]:EFFECT (NoSchedule, PreferNoSchedule, NoExecute)")
            continue
        item = {"key": match.group(1), "effect": match.group(3)}
        if match.group(2):
            item["value"] = match.group(2)
        out.append(item)
    return out


def _starter(r: _Reader, starter) -> list[dict]:
    if not isinstance(starter, list):
        r.at(("starter",), "starter: a list of files under starter/")
        return []
    out = []
    for index, name in enumerate(starter):
        text = r.text(f"starter/{name}" if isinstance(name, str) else name, ("starter", index))
        if text is not None:
            out.append({"path": name, "text": text})
    return out


def _events(r: _Reader, events) -> list[dict]:
    out, names = [], set()
    for index, event in enumerate(events if isinstance(events, list) else [None]):
        path = ("events", index)
        if not isinstance(event, dict) or set(event) != {"name", "at", "run"}:
            r.at(path, "a scripted event: {name, at, run: cluster ...}")
            continue
        if not isinstance(event["name"], str):
            r.at(path + ("name",), "an event's name is text")
        elif event["name"] in names:
            r.at(path + ("name",), f"two events are named {event['name']!r}")
        names.add(str(event["name"]))
        if not str(event["run"]).startswith("cluster "):
            r.at(path + ("run",), "scripted events are `cluster ...` command lines")
        out.append({"name": str(event["name"]), "at_ms": _duration(r, event["at"], path + ("at",)),
                    "run": str(event["run"])})
    return out


def _steps(r: _Reader, steps) -> list[dict]:
    if not isinstance(steps, list) or not steps:
        r.at(("steps",), "steps: a list of steps, each with an id")
        return []
    out = []
    for index, step in enumerate(steps):
        path = ("steps", index)
        if not isinstance(step, dict) or "id" not in step or set(step) - {"id", "hints"}:
            r.at(path, "a step: {id, hints}; its text is in steps/ID.LANGUAGE.md")
            continue
        text = {}
        for language in LANGUAGES:
            body = r.text(f"steps/{step['id']}.{language}.md", path + ("id",))
            if body is not None:
                text[language] = body
        out.append({"id": str(step["id"]), "text": text, "hints": _hints(r, step.get("hints") or [], path)})
    return out


def _hints(r: _Reader, hints, path: tuple) -> list[dict]:
    out = []
    for index, hint in enumerate(hints if isinstance(hints, list) else [None]):
        where = path + ("hints", index)
        if not isinstance(hint, dict) or hint.get("level") not in HINT_LEVELS:
            r.at(where, f"a hint: {{level: {'|'.join(HINT_LEVELS)}, cost, text: {{en, zh-hans}}}}")
            continue
        cost = hint.get("cost", 0)
        if not isinstance(cost, int) or isinstance(cost, bool) or cost < 0:
            r.at(where + ("cost",), "cost: points taken off when the hint is opened (0 or more)")
        out.append({"level": hint["level"], "cost": cost if isinstance(cost, int) else 0,
                    "text": _languages(r, hint.get("text"), where + ("text",))})
    levels = [HINT_LEVELS.index(h["level"]) for h in out]
    if levels != sorted(levels):
        r.at(path + ("hints",), "hints go from point to teach to show")
    return out


def _checks(r: _Reader, items, scripted: set[str]) -> list[dict]:
    if not isinstance(items, list):
        r.at(("checks",), "checks: a list")
        return []
    out, ids = [], set()
    for index, check in enumerate(items):
        path = ("checks", index)
        if not isinstance(check, dict):
            r.at(path, "a check is a mapping")
            continue
        kind = checks.kind_of(check)
        if kind is None:
            r.at(path, f"a check has exactly one kind: {', '.join(checks.KINDS)}")
            continue
        extra = set(check) - {"id", "points", "title", "namespace", "diagnose", kind}
        for key in sorted(extra):
            r.at(path + (key,), f"unknown field {key!r}")
        if not isinstance(check.get("id"), str) or not SLUG.match(check["id"]) or check["id"] in ids:
            r.at(path + ("id",), "each check has its own id (lowercase words joined by hyphens)")
        ids.add(str(check.get("id")))
        points = check.get("points")
        if not isinstance(points, int) or isinstance(points, bool) or points <= 0:
            r.at(path + ("points",), "points: a whole number above 0")
        found = checks.KINDS[kind].validate(check[kind], scripted)
        for sub, message in found:
            r.at(path + (kind,) + sub, f"{kind}: {message}")
        diagnose = check.get("diagnose") or []
        if not isinstance(diagnose, list):
            r.at(path + ("diagnose",), "diagnose: a list of KIND/NAME or pods:SELECTOR")
            diagnose = []
        for target_index, target in enumerate(diagnose):
            if not (isinstance(target, str) and (target.startswith("pods:") or "/" in target)):
                r.at(path + ("diagnose", target_index), "diagnose: KIND/NAME or pods:SELECTOR")
        out.append({"id": check["id"] if isinstance(check.get("id"), str) else "",
                    "points": points if isinstance(points, int) else 0,
                    "title": _languages(r, check.get("title"), path + ("title",)),
                    "namespace": check.get("namespace", "default"), "diagnose": diagnose,
                    "kind": kind, "spec": check[kind]})
    if len(out) < MIN_CHECKS:
        r.at(("checks",), f"a lab has at least {MIN_CHECKS} checks")
    return out


def _mutants(r: _Reader, items, definition: dict) -> list[dict]:
    if not isinstance(items, list):
        r.at(("mutants",), "mutants: a list")
        return []
    check_ids = {c["id"] for c in definition["checks"]}
    starter = {s["path"] for s in definition["starter"]}
    out, names = [], set()
    for index, mutant in enumerate(items):
        path = ("mutants", index)
        if not isinstance(mutant, dict) or set(mutant) - {"name", "fails", "explainer", "edits", "script", "files"}:
            r.at(path, "a mutant: {name, fails, explainer, edits | script | files}")
            continue
        if not isinstance(mutant.get("name"), str) or mutant["name"] in names:
            r.at(path + ("name",), "each mutant has its own name")
        names.add(str(mutant.get("name")))
        if not isinstance(mutant.get("fails"), str) or mutant["fails"] not in check_ids:
            r.at(path + ("fails",), f"fails: the id of a check of this lab, not {mutant.get('fails')!r}")
        if not isinstance(mutant.get("explainer"), str) or mutant["explainer"] not in ALL_CODES:
            r.at(path + ("explainer",), f"explainer: a finding code (labs/grading/codes.py), not "
                                        f"{mutant.get('explainer')!r}")
        script = _mutant_script(r, mutant, path, definition["solution"])
        files = {}
        if not isinstance(mutant.get("files") or {}, dict):
            r.at(path + ("files",), "files: starter file -> file of the mutant")
        for name, relative in (mutant.get("files") if isinstance(mutant.get("files"), dict) else {}).items():
            if not isinstance(name, str) or name not in starter:
                r.at(path + ("files", name), f"{name!r} is not a starter file")
            text = r.text(relative, path + ("files", name))
            if text is not None:
                files[name] = text
        out.append({"name": mutant.get("name", ""), "fails": mutant.get("fails", ""),
                    "explainer": mutant.get("explainer", ""), "script": script, "files": files})
    if len(out) < MIN_MUTANTS:
        r.at(("mutants",), f"a lab has at least {MIN_MUTANTS} mutants")
    return out


def _mutant_script(r: _Reader, mutant: dict, path: tuple, solution: str) -> str:
    if "script" in mutant:
        return r.text(mutant["script"], path + ("script",)) or ""
    script = solution
    edits = mutant.get("edits") or []
    if not isinstance(edits, list):
        r.at(path + ("edits",), "edits: a list of {replace: TEXT, with: TEXT}")
        edits = []
    for index, edit in enumerate(edits):
        where = path + ("edits", index)
        if not isinstance(edit, dict) or set(edit) != {"replace", "with"}:
            r.at(where, "an edit: {replace: TEXT, with: TEXT}")
            continue
        found = script.count(str(edit["replace"]))
        if found != 1:
            r.at(where + ("replace",), f"the text to replace occurs {found} times in the solution; "
                                       "it must occur exactly once")
            continue
        script = script.replace(str(edit["replace"]), str(edit["with"]))
    if not mutant.get("edits") and not mutant.get("files"):
        r.at(path, "a mutant changes something: edits, script or files")
    return script
