"""Who is asking: the users and groups the API server authenticates."""

from dataclasses import dataclass


@dataclass(frozen=True)
class User:
    name: str
    groups: tuple[str, ...] = ()

    @property
    def is_anonymous(self) -> bool:
        return self.name == "system:anonymous"


# The kubeconfig user of a kind cluster: kubeadm (1.29+) puts admin.conf's certificate in
# the group kubeadm:cluster-admins, which a ClusterRoleBinding ties to cluster-admin.
ADMIN = User("kubernetes-admin", ("kubeadm:cluster-admins", "system:authenticated"))
ANONYMOUS = User("system:anonymous", ("system:unauthenticated",))
SYSTEM = User("system:kube-controller-manager", ("system:masters", "system:authenticated"))


def service_account(namespace: str, name: str) -> User:
    return User(
        f"system:serviceaccount:{namespace}:{name}",
        ("system:serviceaccounts", f"system:serviceaccounts:{namespace}", "system:authenticated"),
    )


def impersonated(name: str, groups: tuple[str, ...] = ()) -> User:
    """`kubectl --as NAME [--as-group G]`."""
    if name.startswith("system:serviceaccount:"):
        _, _, ns, sa = name.split(":", 3)
        return service_account(ns, sa)
    return User(name, tuple(groups) + ("system:authenticated",))
