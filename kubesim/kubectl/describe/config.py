"""`kubectl describe` for Namespace, ConfigMap, Secret, ServiceAccount and ResourceQuota.

Mirrors describeNamespace (with DescribeResourceQuotas and the `No LimitRange resource.` line),
the ConfigMapDescriber, describeSecret (values are never shown, only their byte counts, except
a service-account token), describeServiceAccount and describeQuota in kubernetes/kubectl
pkg/describe/describe.go (v0.37.0-beta.0). Secrets print no events; ConfigMaps print them after
the data.
"""

from __future__ import annotations

import base64
import binascii
from fractions import Fraction

from ...quantity import Quantity, parse
from ..printers.duration import Now
from .common import annotations_multiline, describe_events, labels_multiline, meta, rfc1123z
from .related import Related
from .writer import LEVEL_0, LEVEL_1, PrefixWriter

SCOPE_HELP = {
    "Terminating": "Matches all pods that have an active deadline. These pods have a limited lifespan "
                   "on a node before being actively terminated by the system.",
    "NotTerminating": "Matches all pods that do not have an active deadline. These pods usually include "
                      "long running pods whose container command is not expected to terminate.",
    "BestEffort": "Matches all pods that do not have resource requirements set. These pods have a best "
                  "effort quality of service.",
    "NotBestEffort": "Matches all pods that have at least one resource requirement set. These pods have a "
                     "burstable or guaranteed quality of service.",
}


def _name(w: PrefixWriter, obj: dict, namespaced: bool = True) -> None:
    w.write(LEVEL_0, f"Name:\t{meta(obj).get('name', '')}\n")
    if namespaced:
        w.write(LEVEL_0, f"Namespace:\t{meta(obj).get('namespace', '')}\n")


def _quota_rows(quota: dict, level: int, rule: str, w: PrefixWriter) -> None:
    status = quota.get("status") or {}
    hard, used = status.get("hard") or {}, status.get("used") or {}
    w.write(level, "Resource\tUsed\tHard\n")
    w.write(level, f"--------\t{rule}\t{rule}\n")
    for name in sorted(hard):
        hard_q, used_q = parse(hard[name]), parse(used.get(name, "0"))
        if level == LEVEL_0 and hard_q.fmt != used_q.fmt:
            # describeQuota re-expresses "used" in the hard limit's format (as a whole number).
            used_q = Quantity(Fraction(used_q.int_value()), hard_q.fmt)
        w.write(level, f"{name}\t{used_q}\t{hard_q}\n")


def _scopes(quota: dict, level: int, w: PrefixWriter, bullet: str) -> None:
    scopes = sorted((quota.get("spec") or {}).get("scopes") or [])
    if not scopes:
        return
    w.write(level, f"Scopes:\t{', '.join(scopes)}\n")
    for scope in scopes:
        if scope in SCOPE_HELP:
            w.write(level, f"{bullet}{SCOPE_HELP[scope]}\n")


def describe_namespace(ns: dict, events: list[dict] | None, related: Related, now: Now) -> str:
    m, status = meta(ns), ns.get("status") or {}
    w = PrefixWriter()
    _name(w, ns, namespaced=False)
    labels_multiline(w, "Labels", m.get("labels"))
    annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, f"Status:\t{status.get('phase', '')}\n")
    conditions = status.get("conditions") or []
    if conditions:
        w.write(LEVEL_0, "Conditions:\n")
        w.write(LEVEL_1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n")
        w.write(LEVEL_1, "----\t------\t------------------\t------\t-------\n")
        for c in conditions:
            w.write(LEVEL_1, f"{c.get('type', '')}\t{c.get('status', '')}\t{rfc1123z(c.get('lastTransitionTime'))}"
                             f"\t{c.get('reason', '')}\t{c.get('message', '')}\n")
    w.write(LEVEL_0, "\n")
    quotas = sorted(related.list("resourcequotas", m.get("name", "")), key=lambda q: meta(q).get("name", ""))
    if not quotas:
        w.write(LEVEL_0, "No resource quota.\n")
    else:
        w.write(LEVEL_0, "Resource Quotas\n")
        for quota in quotas:
            w.write(LEVEL_1, f"Name:\t{meta(quota).get('name', '')}\n")
            _scopes(quota, LEVEL_1, w, "* ")
            _quota_rows(quota, LEVEL_1, "---", w)
    w.write(LEVEL_0, "\n")
    if not related.list("limitranges", m.get("name", "")):
        w.write(LEVEL_0, "No LimitRange resource.\n")
    else:
        # kubesim has no LimitRange admission yet; show the table header kubectl prints.
        w.write(LEVEL_0, "Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\t"
                         "Max Limit/Request Ratio\n")
        w.write(LEVEL_0, " ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n")
    return w.text()


def describe_resourcequota(quota: dict, events: list[dict] | None, related: Related, now: Now) -> str:
    w = PrefixWriter()
    _name(w, quota)
    _scopes(quota, LEVEL_0, w, " * ")
    _quota_rows(quota, LEVEL_0, "----", w)
    return w.text()


def describe_configmap(cm: dict, events: list[dict] | None, related: Related, now: Now) -> str:
    m = meta(cm)
    w = PrefixWriter()
    _name(w, cm)
    labels_multiline(w, "Labels", m.get("labels"))
    annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, "\nData\n====\n")
    data = cm.get("data") or {}
    for key in sorted(data):
        w.write(LEVEL_0, f"{key}:\n----\n")
        w.write(LEVEL_0, f"{data[key]}\n")
        w.write(LEVEL_0, "\n")
    w.write(LEVEL_0, "\nBinaryData\n====\n")
    binary = cm.get("binaryData") or {}
    for key in sorted(binary):
        w.write(LEVEL_0, f"{key}: {len(_decoded(binary[key]))} bytes\n")
    w.write(LEVEL_0, "\n")
    if events is not None:
        describe_events(events, w, now)
    return w.text()


def _decoded(value: str) -> bytes:
    try:
        return base64.b64decode(value or "", validate=False)
    except (binascii.Error, ValueError):
        return b""


def describe_secret(secret: dict, events: list[dict] | None, related: Related, now: Now) -> str:
    m = meta(secret)
    w = PrefixWriter()
    _name(w, secret)
    labels_multiline(w, "Labels", m.get("labels"))
    annotations_multiline(w, "Annotations", m.get("annotations"))
    kind = secret.get("type", "")
    w.write(LEVEL_0, f"\nType:\t{kind}\n")
    w.write(LEVEL_0, "\nData\n====\n")
    data = dict(secret.get("data") or {})
    # stringData is write-only: the API server folds it into data before anyone reads it.
    for key, value in (secret.get("stringData") or {}).items():
        data[key] = base64.b64encode(str(value).encode()).decode()
    for key in sorted(data):
        raw = _decoded(data[key])
        if key == "token" and kind == "kubernetes.io/service-account-token":
            w.write(LEVEL_0, f"{key}:\t{raw.decode(errors='replace')}\n")
        else:
            w.write(LEVEL_0, f"{key}:\t{len(raw)} bytes\n")
    return w.text()


def describe_serviceaccount(sa: dict, events: list[dict] | None, related: Related, now: Now) -> str:
    m = meta(sa)
    w = PrefixWriter()
    _name(w, sa)
    labels_multiline(w, "Labels", m.get("labels"))
    annotations_multiline(w, "Annotations", m.get("annotations"))
    names = [s.get("name", "") for s in sa.get("imagePullSecrets") or []]
    header, blank = "Image pull secrets:", " " * len("Image pull secrets:")
    if not names:
        w.write(LEVEL_0, f"{header}\t<none>\n")
    for i, name in enumerate(names):
        w.write(LEVEL_0, f"{header if i == 0 else blank}\t{name}\n")
    if events is not None:
        describe_events(events, w, now)
    return w.text()

