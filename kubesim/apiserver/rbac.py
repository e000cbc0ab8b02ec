"""RBAC authorization: Roles and ClusterRoles granted through bindings.

Mirrors the RBAC authorizer: a request (user, verb, group, resource, subresource,
namespace, name) is allowed when any rule bound to the user covers it. Members of
`system:masters` are allowed everything, as the API server's superuser short-circuit does.
"""

from dataclasses import dataclass

from .identity import User


@dataclass(frozen=True)
class Request:
    verb: str
    group: str
    resource: str  # plural
    namespace: str = ""
    name: str = ""
    subresource: str = ""

    @property
    def full_resource(self) -> str:
        return f"{self.resource}/{self.subresource}" if self.subresource else self.resource


def _subject_matches(subject: dict, user: User, namespace: str) -> bool:
    kind, name = subject.get("kind"), subject.get("name")
    if kind == "User":
        return name == user.name
    if kind == "Group":
        return name in user.groups
    if kind == "ServiceAccount":
        ns = subject.get("namespace") or namespace
        return user.name == f"system:serviceaccount:{ns}:{name}"
    return False


def _rule_allows(rule: dict, req: Request) -> bool:
    verbs = rule.get("verbs") or ()
    groups = rule.get("apiGroups") or ()
    resources = rule.get("resources") or ()
    names = rule.get("resourceNames") or ()
    if "*" not in verbs and req.verb not in verbs:
        return False
    if "*" not in groups and req.group not in groups:
        return False
    named = req.full_resource in resources or f"{req.resource}/*" in resources
    any_parent = bool(req.subresource) and f"*/{req.subresource}" in resources
    if "*" not in resources and not named and not any_parent:
        return False
    return not names or req.name in names


def _role_rules(store, ref: dict, namespace: str) -> list[dict]:
    if ref.get("kind") == "ClusterRole":
        role = store.get("clusterroles", "", ref.get("name", ""))
    else:
        role = store.get("roles", namespace, ref.get("name", ""))
    return (role or {}).get("rules") or []


def allowed(store, user: User, req: Request) -> bool:
    if "system:masters" in user.groups:
        return True
    for binding in store.list("clusterrolebindings"):
        bound = any(_subject_matches(s, user, "") for s in binding.get("subjects") or ())
        if bound and any(_rule_allows(r, req) for r in _role_rules(store, binding.get("roleRef", {}), "")):
            return True
    if req.namespace:
        for binding in store.list("rolebindings", req.namespace):
            if any(_subject_matches(s, user, req.namespace) for s in binding.get("subjects") or ()):
                rules = _role_rules(store, binding.get("roleRef", {}), req.namespace)
                if any(_rule_allows(r, req) for r in rules):
                    return True
    return False


def denial(user: User, req: Request) -> str:
    """The reason text of a 403, as the RBAC authorizer words it."""
    where = f'in the namespace "{req.namespace}"' if req.namespace else "at the cluster scope"
    return (
        f'User "{user.name}" cannot {req.verb} resource "{req.full_resource}" '
        f'in API group "{req.group}" {where}'
    )
