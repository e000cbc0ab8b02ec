"""`kubectl describe` for Role, ClusterRole, RoleBinding and ClusterRoleBinding.

The PolicyRule table follows the RoleDescriber in kubernetes/kubectl pkg/describe/describe.go
and kubectl's pkg/util/rbac (v0.37.0-beta.0): every rule is broken down to one group, resource,
verb (and resource name) each; "simple" pieces for the same group/resource/name are merged back
with their verbs in first-seen order; the result is stably sorted by the Go string of the rule,
`&PolicyRule{Verbs:[...],APIGroups:[...],Resources:[...],ResourceNames:[...],NonResourceURLs:[...],}`,
so rules sort by their verbs first. Resources print as `resource.group/subresource`.
"""

from __future__ import annotations

from ..printers.duration import Now
from .common import annotations_multiline, go_list, labels_multiline, meta
from .related import Related
from .writer import LEVEL_0, LEVEL_1, PrefixWriter


def breakdown(rule: dict) -> list[dict]:
    """BreakdownRule: one verb, group, resource and resource name per rule."""
    pieces = []
    verbs = rule.get("verbs") or []
    for group in rule.get("apiGroups") or []:
        for resource in rule.get("resources") or []:
            for verb in verbs:
                names = rule.get("resourceNames") or []
                for name in names:
                    pieces.append({"apiGroups": [group], "resources": [resource], "verbs": [verb],
                                   "resourceNames": [name]})
                if not names:
                    pieces.append({"apiGroups": [group], "resources": [resource], "verbs": [verb]})
    for url in rule.get("nonResourceURLs") or []:
        for verb in verbs:
            pieces.append({"nonResourceURLs": [url], "verbs": [verb]})
    return pieces


def _simple_key(rule: dict) -> tuple | None:
    if len(rule.get("resourceNames") or []) > 1 or rule.get("nonResourceURLs"):
        return None
    if len(rule.get("apiGroups") or []) != 1 or len(rule.get("resources") or []) != 1:
        return None
    names = rule.get("resourceNames") or []
    return (rule["apiGroups"][0], rule["resources"][0], bool(names), names[0] if names else "")


def compact(rules: list[dict]) -> list[dict]:
    """CompactRules: merge the verbs of simple rules on the same group/resource/name."""
    compacted, simple = [], {}
    for rule in rules:
        key = _simple_key(rule)
        if key is None:
            compacted.append(rule)
        elif key in simple:
            verbs = simple[key]["verbs"]
            verbs.extend(v for v in rule.get("verbs") or [] if v not in verbs)
        else:
            simple[key] = {**rule, "verbs": list(rule.get("verbs") or [])}
    return compacted + list(simple.values())


def rule_string(rule: dict) -> str:
    """The generated PolicyRule.String() kubectl sorts by."""
    return ("&PolicyRule{"
            f"Verbs:{go_list(rule.get('verbs'))},APIGroups:{go_list(rule.get('apiGroups'))},"
            f"Resources:{go_list(rule.get('resources'))},ResourceNames:{go_list(rule.get('resourceNames'))},"
            f"NonResourceURLs:{go_list(rule.get('nonResourceURLs'))},}}")


def combine_resource_group(resources: list | None, groups: list | None) -> str:
    """CombineResourceGroup: `deployments.apps`, `pods/log`, `deployments.apps/scale`."""
    if not resources:
        return ""
    resource, _, sub = resources[0].partition("/")
    if groups and groups[0]:
        resource += "." + groups[0]
    return resource + ("/" + sub if sub or "/" in resources[0] else "")


def describe_role(role: dict, events: list[dict] | None, related: Related, now: Now) -> str:
    m = meta(role)
    rules = compact([piece for rule in role.get("rules") or [] for piece in breakdown(rule)])
    rules.sort(key=rule_string)
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    labels_multiline(w, "Labels", m.get("labels"))
    annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, "PolicyRule:\n")
    w.write(LEVEL_1, "Resources\tNon-Resource URLs\tResource Names\tVerbs\n")
    w.write(LEVEL_1, "---------\t-----------------\t--------------\t-----\n")
    for r in rules:
        w.write(LEVEL_1, f"{combine_resource_group(r.get('resources'), r.get('apiGroups'))}\t"
                         f"{go_list(r.get('nonResourceURLs'))}\t{go_list(r.get('resourceNames'))}\t"
                         f"{go_list(r.get('verbs'))}\n")
    return w.text()


def describe_binding(binding: dict, events: list[dict] | None, related: Related, now: Now) -> str:
    m, ref = meta(binding), binding.get("roleRef") or {}
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    labels_multiline(w, "Labels", m.get("labels"))
    annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, "Role:\n")
    w.write(LEVEL_1, f"Kind:\t{ref.get('kind', '')}\n")
    w.write(LEVEL_1, f"Name:\t{ref.get('name', '')}\n")
    w.write(LEVEL_0, "Subjects:\n")
    w.write(LEVEL_1, "Kind\tName\tNamespace\n")
    w.write(LEVEL_1, "----\t----\t---------\n")
    for subject in binding.get("subjects") or []:
        w.write(LEVEL_1, f"{subject.get('kind', '')}\t{subject.get('name', '')}\t{subject.get('namespace', '')}\n")
    return w.text()
