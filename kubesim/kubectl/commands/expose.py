"""`kubectl expose`: a Service for a pod, Deployment, ReplicaSet, RC or Service (logic in
kubesim.network.kubectl_verbs)."""

from ...network import kubectl_verbs
from ..flags import Flag

FLAGS = (
    Flag("port"), Flag("protocol"), Flag("target-port"), Flag("name"), Flag("external-ip"), Flag("type"),
    Flag("selector"), Flag("labels", "l"), Flag("load-balancer-ip"), Flag("session-affinity"), Flag("cluster-ip"),
    Flag("override-type", default="merge"), Flag("overrides"), Flag("dry-run", default="none"),
    Flag("output", "o", default=""), Flag("filename", "f", kind="list", default=()),
    Flag("save-config", kind="bool", default=False),
)


def flags_for(verb: str) -> tuple:
    return FLAGS


def run(verb: str, ctx) -> int:
    return kubectl_verbs.expose(ctx)
