"""`kubectl port-forward TYPE/NAME [LOCAL:]REMOTE ...`, left running (logic in
kubesim.network.kubectl_verbs)."""

from ...network import kubectl_verbs
from ..flags import Flag

FLAGS = (Flag("address", default="localhost"), Flag("pod-running-timeout", default="1m0s"))


def flags_for(verb: str) -> tuple:
    return FLAGS


def run(verb: str, ctx) -> int:
    return kubectl_verbs.port_forward(ctx)
