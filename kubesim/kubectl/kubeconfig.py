"""The learner's `~/.kube/config`, read on every kubectl run as kubectl reads it.

The file lives in the workstation's virtual filesystem, so `kubectl config set-context
--current --namespace=dev` (and a learner's own edits) change what later commands use.
"""

import copy
import functools

import yaml

from .. import workstation

PATH = "/.kube/config"


def load(fs) -> dict:
    """The parsed file, shared between calls: read it, never change it."""
    try:
        raw = fs.read(fs.home + PATH)
    except Exception:  # noqa: BLE001 - a missing file means kubectl's defaults
        return {}
    return _parse(raw)


@functools.lru_cache(maxsize=64)
def _parse(raw: bytes) -> dict:
    """Parsed once per distinct file content: every kubectl run reads it."""
    try:
        data = yaml.load(raw.decode("utf-8", "replace"), Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def save(fs, config: dict) -> None:
    fs.write(fs.home + PATH, dump(config))


def dump(config: dict) -> str:
    return yaml.safe_dump(config, default_flow_style=False, sort_keys=True)


def current_context(config: dict) -> dict:
    name = config.get("current-context", "")
    for entry in config.get("contexts") or []:
        if entry.get("name") == name:
            return entry.get("context") or {}
    return {}


def namespace(fs) -> str:
    return current_context(load(fs)).get("namespace") or "default"


def set_context(fs, name: str | None, namespace_value: str | None) -> str:
    """`kubectl config set-context NAME|--current --namespace=NS`; returns kubectl's message."""
    # A copy: load() hands out the cached parse, which must stay as the file says.
    config = copy.deepcopy(load(fs)) or yaml.safe_load(workstation.kubeconfig())
    target = name or config.get("current-context", "")
    contexts = config.setdefault("contexts", []) or []
    entry = next((c for c in contexts if c.get("name") == target), None)
    created = entry is None
    if created:
        entry = {"name": target, "context": {}}
        contexts.append(entry)
    if namespace_value is not None:
        entry.setdefault("context", {})["namespace"] = namespace_value
    config["contexts"] = contexts
    save(fs, config)
    return f'Context "{target}" {"created" if created else "modified"}.'
