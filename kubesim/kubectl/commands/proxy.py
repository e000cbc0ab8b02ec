"""`kubectl proxy`: serve the API server on localhost, left running (logic in
kubesim.network.kubectl_verbs)."""

from ...network import kubectl_verbs
from ..flags import Flag

FLAGS = (
    Flag("port", "p", kind="int", default=None), Flag("address", default="127.0.0.1"), Flag("accept-hosts"),
    Flag("accept-paths"), Flag("reject-paths"), Flag("reject-methods"), Flag("api-prefix", default="/"),
    Flag("www", "w"), Flag("www-prefix", "P"), Flag("disable-filter", kind="bool", default=False),
    Flag("unix-socket", "u"), Flag("keepalive", default="0"),
)


def flags_for(verb: str) -> tuple:
    return FLAGS


def run(verb: str, ctx) -> int:
    return kubectl_verbs.proxy(ctx)
