"""The Deployment controller's arithmetic: surge and unavailability, revisions and their
annotations, proportional scaling, and the status with its conditions.

Pure functions over API dicts, after kubernetes/kubernetes
pkg/controller/deployment/util/deployment_util.go (read to learn, not copied). Fields the
API server would default are defaulted here too (replicas 1, RollingUpdate 25%/25%,
progressDeadlineSeconds 600, revisionHistoryLimit 10), so a Deployment stored without
them behaves as a defaulted one.
"""

from __future__ import annotations

import math

from . import common as c

HASH_LABEL = "pod-template-hash"
REVISION = "deployment.kubernetes.io/revision"
REVISION_HISTORY = "deployment.kubernetes.io/revision-history"
DESIRED = "deployment.kubernetes.io/desired-replicas"
MAX = "deployment.kubernetes.io/max-replicas"
# Deployment annotations not copied onto its ReplicaSets (annotationsToSkip).
SKIPPED_ANNOTATIONS = frozenset({"kubectl.kubernetes.io/last-applied-configuration", REVISION, REVISION_HISTORY,
                                 DESIRED, MAX, "deprecated.deployment.rollback.to"})

# Condition reasons (deployment_util.go constants).
NEW_RS_CREATED = "NewReplicaSetCreated"
FOUND_NEW_RS = "FoundNewReplicaSet"
RS_UPDATED = "ReplicaSetUpdated"
NEW_RS_AVAILABLE = "NewReplicaSetAvailable"
TIMED_OUT = "ProgressDeadlineExceeded"
PAUSED = "DeploymentPaused"
RESUMED = "DeploymentResumed"
MIN_AVAILABLE = "MinimumReplicasAvailable"
MIN_UNAVAILABLE = "MinimumReplicasUnavailable"


# -- spec with defaults ------------------------------------------------------------------------

def replicas(d: dict) -> int:
    return (d.get("spec") or {}).get("replicas", 1)


def spec_replicas(rs: dict) -> int:
    return (rs.get("spec") or {}).get("replicas", 1)


def strategy_type(d: dict) -> str:
    return ((d.get("spec") or {}).get("strategy") or {}).get("type", "RollingUpdate")


def progress_deadline(d: dict) -> int:
    return (d.get("spec") or {}).get("progressDeadlineSeconds", 600)


def has_progress_deadline(d: dict) -> bool:
    return progress_deadline(d) is not None and progress_deadline(d) != 2**31 - 1


def scaled_value(value, total: int, round_up: bool) -> int:
    """intstr.GetScaledValueFromIntOrPercent."""
    if isinstance(value, int):
        return value
    text = str(value)
    if not text.endswith("%"):
        return int(text) if text.isdigit() else 0
    scaled = int(text[:-1]) * total / 100
    return math.ceil(scaled) if round_up else math.floor(scaled)


def resolve_fenceposts(d: dict) -> tuple[int, int]:
    """(maxSurge, maxUnavailable) as absolute numbers; both 0 becomes unavailable 1."""
    rolling = ((d.get("spec") or {}).get("strategy") or {}).get("rollingUpdate") or {}
    desired = replicas(d)
    surge = scaled_value(rolling.get("maxSurge", "25%"), desired, True)
    unavailable = scaled_value(rolling.get("maxUnavailable", "25%"), desired, False)
    if surge == 0 and unavailable == 0:
        unavailable = 1
    return surge, unavailable


def max_surge(d: dict) -> int:
    return resolve_fenceposts(d)[0] if strategy_type(d) == "RollingUpdate" else 0


def max_unavailable(d: dict) -> int:
    if strategy_type(d) != "RollingUpdate" or replicas(d) == 0:
        return 0
    return min(resolve_fenceposts(d)[1], replicas(d))


# -- ReplicaSets: order, revisions, templates ------------------------------------------------------

def creation_order(rs: dict) -> tuple:
    return (c.parse_time(rs["metadata"].get("creationTimestamp")), rs["metadata"]["name"])


def revision(rs: dict) -> int:
    text = (rs["metadata"].get("annotations") or {}).get(REVISION, "")
    return int(text) if text.isdigit() else 0


def revision_order(rs: dict) -> tuple:
    return (revision(rs),) + creation_order(rs)


def max_revision(rss: list[dict]) -> int:
    return max((revision(rs) for rs in rss), default=0)


def without_hash(template: dict) -> dict:
    meta = template.get("metadata") or {}
    labels = {k: v for k, v in (meta.get("labels") or {}).items() if k != HASH_LABEL}
    return {**template, "metadata": {**meta, "labels": labels}}


def equal_ignore_hash(a: dict, b: dict) -> bool:
    """Are two pod templates equal but for the pod-template-hash label? Remembered for the
    last pairs of template dicts (held, so their ids stay theirs): a Deployment's sync asks
    it of the same stored templates over and over."""
    key = (id(a), id(b))
    known = _EQUAL.get(key)
    if known is not None and known[0] is a and known[1] is b:
        return known[2]
    if len(_EQUAL) >= 1024:
        _EQUAL.clear()
    equal = without_hash(a) == without_hash(b)
    _EQUAL[key] = (a, b, equal)
    return equal


_EQUAL: dict[tuple[int, int], tuple[dict, dict, bool]] = {}


def find_new_replicaset(d: dict, rs_list: list[dict]) -> dict | None:
    """The oldest ReplicaSet whose template is the Deployment's (ignoring the hash label)."""
    template = (d.get("spec") or {}).get("template") or {}
    for rs in sorted(rs_list, key=creation_order):
        if equal_ignore_hash((rs.get("spec") or {}).get("template") or {}, template):
            return rs
    return None


def active(rss: list[dict]) -> list[dict]:
    return [rs for rs in rss if rs is not None and spec_replicas(rs) > 0]


def total_spec(rss: list[dict]) -> int:
    return sum(spec_replicas(rs) for rs in rss if rs is not None)


def _status_sum(rss: list, field: str) -> int:
    return sum((rs.get("status") or {}).get(field, 0) for rs in rss if rs is not None)


# -- annotations ----------------------------------------------------------------------------------

def new_replicaset_annotations(d: dict, rs: dict, new_revision: str, exists: bool) -> tuple[dict, bool]:
    """SetNewReplicaSetAnnotations: copy the Deployment's annotations, raise the revision
    (remembering the old one in revision-history), and on creation the replica notes."""
    notes = dict(rs["metadata"].get("annotations") or {})
    changed = False
    for k, v in ((d["metadata"].get("annotations") or {}).items()):
        if k not in SKIPPED_ANNOTATIONS and notes.get(k) != v:
            notes[k] = v
            changed = True
    old = notes.get(REVISION, "")
    old_n = int(old) if old.isdigit() else 0
    if old_n < int(new_revision):
        notes[REVISION] = new_revision
        changed = True
        if old:
            history = notes.get(REVISION_HISTORY, "")
            notes[REVISION_HISTORY] = f"{history},{old}" if history else old
    if not exists:
        notes[DESIRED] = str(replicas(d))
        notes[MAX] = str(replicas(d) + max_surge(d))
        changed = True
    return notes, changed


def replicas_annotations(rs: dict, d: dict) -> tuple[dict, bool]:
    """SetReplicasAnnotations: desired-replicas and max-replicas for the Deployment's size."""
    notes = dict(rs["metadata"].get("annotations") or {})
    wanted = {DESIRED: str(replicas(d)), MAX: str(replicas(d) + max_surge(d))}
    changed = any(notes.get(k) != v for k, v in wanted.items())
    notes.update(wanted)
    return notes, changed


def desired_annotation(rs: dict) -> int | None:
    text = (rs["metadata"].get("annotations") or {}).get(DESIRED, "")
    return int(text) if text.isdigit() else None


def with_revision(d: dict, revision_text: str) -> dict:
    """The Deployment carrying `revision_text` as its revision (the same dict if it does)."""
    notes = d["metadata"].get("annotations") or {}
    if notes.get(REVISION) == revision_text:
        return d
    return {**d, "metadata": {**d["metadata"], "annotations": {**notes, REVISION: revision_text}}}


# -- sizes ------------------------------------------------------------------------------------------

def new_rs_new_replicas(d: dict, all_rss: list[dict], new_rs: dict) -> int:
    """NewRSNewReplicas: how far the new ReplicaSet may grow now."""
    if strategy_type(d) != "RollingUpdate":
        return replicas(d)
    rolling = ((d.get("spec") or {}).get("strategy") or {}).get("rollingUpdate") or {}
    surge = scaled_value(rolling.get("maxSurge", "25%"), replicas(d), True)
    current = total_spec(all_rss)
    max_total = replicas(d) + surge
    if current >= max_total:
        return spec_replicas(new_rs)
    grow = min(max_total - current, replicas(d) - spec_replicas(new_rs))
    return spec_replicas(new_rs) + grow


def complete(d: dict, status: dict) -> bool:
    """DeploymentComplete."""
    want = replicas(d)
    return (status.get("updatedReplicas", 0) == want and status.get("replicas", 0) == want
            and status.get("availableReplicas", 0) == want
            and status.get("observedGeneration", 0) >= d["metadata"].get("generation", 0))


def saturated(d: dict, rs: dict | None) -> bool:
    if rs is None:
        return False
    want = replicas(d)
    return (spec_replicas(rs) == want and desired_annotation(rs) == want
            and (rs.get("status") or {}).get("availableReplicas", 0) == want)


def active_or_latest(new_rs: dict | None, old_rss: list[dict]) -> dict | None:
    """FindActiveOrLatest: the only active ReplicaSet, or the latest when none is active."""
    if new_rs is None and not old_rss:
        return None
    olds = sorted(old_rss, key=creation_order, reverse=True)
    live = active(olds + [new_rs])
    if not live:
        return new_rs if new_rs is not None else olds[0]
    return live[0] if len(live) == 1 else None


def proportional_sizes(d: dict, new_rs: dict | None, old_rss: list[dict]) -> list[tuple[dict, int]]:
    """dc.scale for several active ReplicaSets: spread the change by their share of
    max-replicas, the leftover to the largest; in the order they are scaled."""
    rss = active(old_rss + [new_rs])
    allowed = replicas(d) + max_surge(d) if replicas(d) > 0 else 0
    to_add = allowed - total_spec(rss)
    if to_add > 0:  # ReplicaSetsBySizeNewer
        rss.sort(key=lambda rs: (-spec_replicas(rs), -c.parse_time(rs["metadata"].get("creationTimestamp")),
                                 rs["metadata"]["name"]))
    elif to_add < 0:  # ReplicaSetsBySizeOlder
        rss.sort(key=lambda rs: (-spec_replicas(rs),) + creation_order(rs))
    sizes, added = [], 0
    for rs in rss:
        if to_add:
            share = _proportion(rs, d, to_add, added)
            sizes.append(spec_replicas(rs) + share)
            added += share
        else:
            sizes.append(spec_replicas(rs))
    if rss and to_add:
        sizes[0] = max(0, sizes[0] + to_add - added)
    return list(zip(rss, sizes))


def _proportion(rs: dict, d: dict, to_add: int, added: int) -> int:
    if spec_replicas(rs) == 0 or to_add == 0 or to_add == added:
        return 0
    fraction = _fraction(rs, d)
    allowed = to_add - added
    return min(fraction, allowed) if to_add > 0 else max(fraction, allowed)


def _fraction(rs: dict, d: dict) -> int:
    if replicas(d) == 0:
        return -spec_replicas(rs)
    deployment_replicas = replicas(d) + max_surge(d)
    text = (rs["metadata"].get("annotations") or {}).get(MAX, "")
    annotated = int(text) if text.isdigit() else (d.get("status") or {}).get("replicas", 0)
    if annotated == 0:
        return 0
    size = spec_replicas(rs) * deployment_replicas / annotated
    return math.floor(size + 0.5) - spec_replicas(rs)  # math.Round: halves away from zero


# -- status ------------------------------------------------------------------------------------------

def calculate_status(d: dict, old_rss: list[dict], new_rs: dict | None, now: int) -> dict:
    """calculateStatus: counts from the ReplicaSets, and the Available condition."""
    all_rss = old_rss + ([new_rs] if new_rs is not None else [])
    available = _status_sum(all_rss, "availableReplicas")
    old_status = d.get("status") or {}
    status = c.without_zeros({
        "observedGeneration": d["metadata"].get("generation", 0),
        "replicas": _status_sum(all_rss, "replicas"),
        "updatedReplicas": _status_sum([new_rs], "replicas"),
        "readyReplicas": _status_sum(all_rss, "readyReplicas"),
        "availableReplicas": available,
        "unavailableReplicas": max(0, total_spec(all_rss) - available),
        "collisionCount": old_status.get("collisionCount"),
    })
    conditions = list(old_status.get("conditions") or [])
    if available >= replicas(d) - max_unavailable(d):
        cond = c.new_condition("Available", "True", MIN_AVAILABLE, "Deployment has minimum availability.", now,
                               update_time=True)
    else:
        cond = c.new_condition("Available", "False", MIN_UNAVAILABLE,
                               "Deployment does not have minimum availability.", now, update_time=True)
    status["conditions"] = c.set_condition(conditions, cond)
    return status


def _progress_made(d: dict, new: dict) -> bool:
    """DeploymentProgressing: more updated, fewer old, more ready or more available pods."""
    old = d.get("status") or {}
    old_olds = old.get("replicas", 0) - old.get("updatedReplicas", 0)
    new_olds = new.get("replicas", 0) - new.get("updatedReplicas", 0)
    return (new.get("updatedReplicas", 0) > old.get("updatedReplicas", 0) or new_olds < old_olds
            or new.get("readyReplicas", 0) > old.get("readyReplicas", 0)
            or new.get("availableReplicas", 0) > old.get("availableReplicas", 0))


def _timed_out(d: dict, status: dict, now: int) -> bool:
    cond = next((x for x in status.get("conditions") or () if x["type"] == "Progressing"), None)
    if not has_progress_deadline(d) or cond is None or cond.get("reason") == NEW_RS_AVAILABLE:
        return False
    if cond.get("reason") == TIMED_OUT:
        return True
    return c.parse_time(cond.get("lastUpdateTime")) + progress_deadline(d) * 1000 < now


def progressing(d: dict, status: dict, new_rs: dict | None, now: int) -> dict:
    """syncRolloutStatus's Progressing condition."""
    conditions = list(status.get("conditions") or [])
    if not has_progress_deadline(d):
        return {**status, "conditions": c.remove_condition(conditions, "Progressing")}
    current = c.condition(d, "Progressing")
    done = (status.get("replicas", 0) == status.get("updatedReplicas", 0) and current is not None
            and current.get("reason") == NEW_RS_AVAILABLE)
    if done:
        return status
    subject = f'ReplicaSet "{new_rs["metadata"]["name"]}"' if new_rs is not None \
        else f'Deployment "{d["metadata"]["name"]}"'
    if complete(d, status):
        cond = c.new_condition("Progressing", "True", NEW_RS_AVAILABLE, f"{subject} has successfully progressed.",
                               now, update_time=True)
        conditions = c.set_condition(conditions, cond)
    elif _progress_made(d, status):
        cond = c.new_condition("Progressing", "True", RS_UPDATED, f"{subject} is progressing.", now,
                               update_time=True)
        if current is not None:
            if current["status"] == "True":
                cond["lastTransitionTime"] = current["lastTransitionTime"]
            conditions = c.remove_condition(conditions, "Progressing")
        conditions = c.set_condition(conditions, cond)
    elif _timed_out(d, {**status, "conditions": conditions}, now):
        cond = c.new_condition("Progressing", "False", TIMED_OUT, f"{subject} has timed out progressing.", now,
                               update_time=True)
        conditions = c.set_condition(conditions, cond)
    return {**status, "conditions": conditions}


def replica_failure(all_rss: list[dict], new_rs: dict | None) -> dict | None:
    """getReplicaFailures: the new ReplicaSet's ReplicaFailure first, else any other's."""
    for rs in ([new_rs] if new_rs is not None else []) + all_rss:
        cond = c.condition(rs, "ReplicaFailure")
        if cond is not None:
            return {"lastTransitionTime": cond["lastTransitionTime"], "lastUpdateTime": cond["lastTransitionTime"],
                    "message": cond.get("message", ""), "reason": cond.get("reason", ""),
                    "status": cond["status"], "type": "ReplicaFailure"}
    return None
