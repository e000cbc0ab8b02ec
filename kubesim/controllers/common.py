"""What every controller shares: keys, owner references, pod predicates, conditions,
status writes and the back-off of failed syncs.

Controllers follow client-go's habits: watch handlers only enqueue `namespace/name` keys,
and `sync(key)` reads the store, compares desired with observed state and writes only the
difference. Objects from the store are never changed in place (`assoc` copies one path).
"""

from __future__ import annotations

import functools
import json
import math

from .. import clock as clk
from ..apiserver.identity import SYSTEM
from ..kubectl import selectors

# The identity controllers write as: system:masters, as kube-controller-manager's
# credentials are bound to rights wide enough for every write it makes.
CONTROLLER_USER = SYSTEM

# client-go's default controller rate limiter: 5 ms doubling per failure, capped at 1000 s.
BACKOFF_BASE_MS = 5
BACKOFF_CAP_MS = 1_000_000


# -- keys and references ---------------------------------------------------------------------

def key_of(obj: dict) -> str:
    meta = obj["metadata"]
    ns = meta.get("namespace", "")
    return f"{ns}/{meta['name']}" if ns else meta["name"]


def split_key(key: str) -> tuple[str, str]:
    ns, _, name = key.rpartition("/")
    return ns, name


def controller_ref(obj: dict) -> dict | None:
    """The ownerReference with `controller: true`, if any (metav1.GetControllerOf)."""
    for ref in obj["metadata"].get("ownerReferences") or ():
        if ref.get("controller"):
            return ref
    return None


def owner_reference(owner: dict, block: bool = True) -> dict:
    """The reference a controller puts on what it creates (metav1.NewControllerRef)."""
    return {"apiVersion": owner["apiVersion"], "blockOwnerDeletion": block, "controller": True,
            "kind": owner["kind"], "name": owner["metadata"]["name"], "uid": owner["metadata"]["uid"]}


def is_controlled_by(obj: dict, owner: dict) -> bool:
    ref = controller_ref(obj)
    return ref is not None and ref["uid"] == owner["metadata"]["uid"]


def with_owner(obj: dict, owner: dict) -> dict:
    """`obj` adopted by `owner` (its other references kept)."""
    refs = [r for r in obj["metadata"].get("ownerReferences") or () if r.get("uid") != owner["metadata"]["uid"]]
    return {**obj, "metadata": {**obj["metadata"], "ownerReferences": refs + [owner_reference(owner)]}}


def without_owner(obj: dict, owner_uid: str) -> dict:
    """`obj` released: the reference to `owner_uid` dropped."""
    refs = [r for r in obj["metadata"].get("ownerReferences") or () if r.get("uid") != owner_uid]
    meta = {k: v for k, v in obj["metadata"].items() if k != "ownerReferences"}
    if refs:
        meta["ownerReferences"] = refs
    return {**obj, "metadata": meta}


def being_deleted(obj: dict) -> bool:
    return bool(obj["metadata"].get("deletionTimestamp"))


# -- selectors -------------------------------------------------------------------------------

_SELECTORS: dict[str, selectors.Selector] = {}
# The same selector dicts (a stored owner's spec.selector, never changed in place) are asked
# about for every pod: remember them by identity too, holding them so that no id is reused.
_BY_IDENTITY: dict[int, tuple[dict, selectors.Selector | None]] = {}


def label_selector(spec: dict | None) -> selectors.Selector | None:
    """A parsed LabelSelector (cached by its JSON text); None when it cannot be parsed."""
    known = _BY_IDENTITY.get(id(spec))
    if known is not None and known[0] is spec:
        return known[1]
    found = _parsed_selector(spec)
    if isinstance(spec, dict):
        if len(_BY_IDENTITY) > 4096:
            _BY_IDENTITY.clear()
        _BY_IDENTITY[id(spec)] = (spec, found)
    return found


def _parsed_selector(spec: dict | None) -> selectors.Selector | None:
    text = json.dumps(spec, sort_keys=True)
    found = _SELECTORS.get(text)
    if found is None:
        try:
            found = selectors.selector_from_label_selector(spec)
        except selectors.SelectorError:
            return None
        if len(_SELECTORS) > 4096:
            _SELECTORS.clear()
        _SELECTORS[text] = found
    return found


def selector_matches(spec: dict | None, labels: dict | None) -> bool:
    sel = label_selector(spec)
    return sel is not None and sel.matches(labels or {})


def map_selector_matches(selector: dict | None, labels: dict | None) -> bool:
    """A Service or ReplicationController selector: every pair must be present."""
    labels = labels or {}
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


# -- pods ------------------------------------------------------------------------------------

def pod_phase(pod: dict) -> str:
    return (pod.get("status") or {}).get("phase", "Pending")


def is_terminal(pod: dict) -> bool:
    return pod_phase(pod) in ("Succeeded", "Failed")


def is_active(pod: dict) -> bool:
    """controller.IsPodActive: not finished and not being deleted."""
    return not is_terminal(pod) and not being_deleted(pod)


def condition(obj: dict, kind: str) -> dict | None:
    for cond in (obj.get("status") or {}).get("conditions") or ():
        if cond.get("type") == kind:
            return cond
    return None


def is_ready(pod: dict) -> bool:
    cond = condition(pod, "Ready")
    return cond is not None and cond.get("status") == "True"


def ready_since_ms(pod: dict) -> int | None:
    """When the pod last became Ready (its condition's lastTransitionTime), if it is Ready."""
    cond = condition(pod, "Ready")
    if cond is None or cond.get("status") != "True" or not cond.get("lastTransitionTime"):
        return None
    return parse_time(cond["lastTransitionTime"])


def available_at_ms(pod: dict, min_ready_seconds: int) -> int | None:
    """The first moment the pod counts as available (podutil.IsPodAvailable), if it is Ready."""
    since = ready_since_ms(pod)
    if since is None:
        return None
    if not min_ready_seconds:
        return since
    # Available once Ready for strictly more than minReadySeconds ("Before(now)").
    return since + min_ready_seconds * 1000 + 1


def is_available(pod: dict, min_ready_seconds: int, now_ms: int) -> bool:
    at = available_at_ms(pod, min_ready_seconds)
    return at is not None and (min_ready_seconds == 0 or at <= now_ms)


def restarts(pod: dict) -> int:
    return max((c.get("restartCount", 0) for c in (pod.get("status") or {}).get("containerStatuses") or ()),
               default=0)


@functools.lru_cache(maxsize=65536)
def parse_time(text: str | None) -> int:
    """An RFC 3339 timestamp (with or without fractional seconds) as virtual milliseconds.

    Cached: the same few timestamps are parsed over and over when pods are ranked."""
    if not text:
        return 0
    if "." in text:
        head, frac = text.rstrip("Z").split(".", 1)
        return clk.parse_timestamp(head + "Z") + int((frac + "000")[:3])
    return clk.parse_timestamp(text)


def log2_bucket(now_ms: int, then_ms: int) -> int:
    """The base-2 logarithm of a duration in nanoseconds, as ReplicaSet ranking buckets it."""
    delta_ns = (now_ms - then_ms) * 1_000_000
    return int(math.log2(delta_ns)) if delta_ns > 0 else -1


# -- conditions and status -------------------------------------------------------------------

def set_condition(conditions: list[dict], new: dict) -> list[dict]:
    """apps' SetXCondition: unchanged when status and reason are equal; the transition time
    is kept when only the reason changes; the condition moves to the end of the list."""
    current = next((c for c in conditions if c["type"] == new["type"]), None)
    if current is not None and current["status"] == new["status"] and current.get("reason") == new.get("reason"):
        return conditions
    if current is not None and current["status"] == new["status"]:
        new = {**new, "lastTransitionTime": current["lastTransitionTime"]}
    return [c for c in conditions if c["type"] != new["type"]] + [new]


def remove_condition(conditions: list[dict], kind: str) -> list[dict]:
    return [c for c in conditions if c["type"] != kind]


def new_condition(kind: str, status: str, reason: str, message: str, now_ms: int, *,
                  update_time: bool = False) -> dict:
    t = clk.timestamp(now_ms)
    cond = {"lastTransitionTime": t, "message": message, "reason": reason, "status": status, "type": kind}
    if update_time:
        cond = {"lastTransitionTime": t, "lastUpdateTime": t, "message": message, "reason": reason,
                "status": status, "type": kind}
    return cond


def without_zeros(status: dict) -> dict:
    """Go's `omitempty`: zero counts and empty lists are not written."""
    return {k: v for k, v in status.items() if v not in (0, None, [], "")}


def write_status(cluster, plural: str, obj: dict, status: dict) -> dict:
    """Store `status` on `obj` unless it is already there (a converged sync writes nothing)."""
    if obj.get("status") == status:
        return obj
    return cluster.api.update_status(plural, {**obj, "status": status})


# -- failed syncs ----------------------------------------------------------------------------

class Backoff:
    """Per-key retry delays for syncs that failed (kept in `cluster.state` for snapshots)."""

    def __init__(self, cluster, name: str, event_kind: str) -> None:
        self.cluster = cluster
        self.name = name
        self.event_kind = event_kind

    def _failures(self) -> dict:
        return self.cluster.state.setdefault("backoff", {}).setdefault(self.name, {})

    def retry(self, key: str) -> None:
        """Schedule another sync of `key` after the next back-off step."""
        failures = self._failures()
        n = failures.get(key, 0)
        failures[key] = n + 1
        delay = min(BACKOFF_BASE_MS * 2 ** min(n, 40), BACKOFF_CAP_MS)
        self.cluster.clock.schedule(delay, self.event_kind, key)

    def forget(self, key: str) -> None:
        failures = self.cluster.state.get("backoff", {}).get(self.name)
        if failures and key in failures:
            del failures[key]


# -- timed re-checks -------------------------------------------------------------------------

def wake_at(cluster, kind: str, key: str, at_ms: int) -> None:
    """Have the event `kind` for `key` at `at_ms` (once: an earlier pending one suffices)."""
    pending = cluster.state.setdefault("wakeups", {}).setdefault(kind, {})
    current = pending.get(key)
    if current is not None and cluster.clock.now <= current <= at_ms:
        return
    pending[key] = at_ms
    cluster.clock.schedule(at_ms - cluster.clock.now, kind, key)


def woke(cluster, kind: str, key: str) -> None:
    """Forget a wake-up that has just fired."""
    pending = cluster.state.get("wakeups", {}).get(kind)
    if pending is not None and pending.get(key, -1) <= cluster.clock.now:
        pending.pop(key, None)
