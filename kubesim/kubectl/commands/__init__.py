"""kubectl's command tree: find the verb, parse its flags, run it.

Each verb lives in a module of its own and declares `FLAGS` and `run(ctx) -> int`; the
table below names them. Global flags (`-n`, `--as`, ...) are accepted before or after the
verb, as cobra accepts them.
"""

import difflib
import importlib

from ..flags import GLOBAL_FLAGS, FlagError, parse
from .base import Context, run_guarded, usage_error

# verb -> module under kubesim.kubectl.commands
VERBS = {
    "api-resources": "info",
    "apply": "apply",
    "auth": "auth",
    "create": "create",
    "delete": "delete",
    "describe": "describe",
    "drain": "drain",
    "annotate": "label",
    "cordon": "nodes",
    "exec": "podio",
    "explain": "explain",
    "expose": "expose",
    "get": "get",
    "label": "label",
    "logs": "podio",
    "patch": "patch",
    "port-forward": "port_forward",
    "proxy": "proxy",
    "replace": "apply",
    "rollout": "rollout",
    "run": "create",
    "scale": "scale",
    "set": "rollout",
    "uncordon": "nodes",
    "wait": "wait",
    "api-versions": "info",
    "cluster-info": "info",
    "config": "info",
    "version": "info",
}

_GLOBAL_WITH_VALUE = {f"--{f.name}" for f in GLOBAL_FLAGS if f.kind != "bool"} | {
    f"-{f.short}" for f in GLOBAL_FLAGS if f.short and f.kind != "bool"}


def register(cluster) -> None:
    cluster.register_command("kubectl", lambda inv: main(cluster, inv))


def _find_verb(argv: list[str]) -> int | None:
    """Index of the verb: the first argument that is not a global flag or its value."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in _GLOBAL_WITH_VALUE:
            i += 2
            continue
        if arg.startswith("-"):
            i += 1
            continue
        return i
    return None


def main(cluster, inv) -> int:
    argv = list(inv.argv[1:])
    at = _find_verb(argv)
    if at is None:
        inv.stdout.write(HELP)
        return 0
    verb = argv[at]
    rest = argv[:at] + argv[at + 1:]
    if verb not in VERBS:
        inv.stderr.write(_unknown_verb(verb))
        return 1
    module = importlib.import_module(f"{__name__}.{VERBS[verb]}")
    try:
        flags = parse(rest, GLOBAL_FLAGS + module.flags_for(verb))
    except FlagError as e:
        inv.stderr.write(usage_error(verb, str(e)))
        return 1
    # The API server's warnings reach kubectl with its answers, so they come out first.
    errors = _Buffer()
    stderr, inv.stderr = inv.stderr, errors
    cluster.api.warnings.clear()
    try:
        status = run_guarded(Context(cluster, inv, verb, flags), lambda c: module.run(verb, c))
    finally:
        inv.stderr = stderr
    for warning in cluster.api.warnings:
        stderr.write(f"Warning: {warning}\n")
    cluster.api.warnings.clear()
    stderr.write(errors.text())
    return status


class _Buffer:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, data) -> None:
        self.parts.append(data.decode() if isinstance(data, bytes) else data)

    def text(self) -> str:
        return "".join(self.parts)


def _unknown_verb(verb: str) -> str:
    close = difflib.get_close_matches(verb, sorted(VERBS), n=3, cutoff=0.6)
    text = f'error: unknown command "{verb}" for "kubectl"\n'
    if close:
        text += "\nDid you mean this?\n" + "".join(f"\t{c}\n" for c in close)
    return text


HELP = """kubectl controls the Kubernetes cluster manager.

 Find more information at: https://kubernetes.io/docs/reference/kubectl/

Basic Commands (Beginner):
  create          Create a resource from a file or from stdin
  expose          Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service
  run             Run a particular image on the cluster
  set             Set specific features on objects

Basic Commands (Intermediate):
  explain         Get documentation for a resource
  get             Display one or many resources
  edit            Edit a resource on the server
  delete          Delete resources by file names, stdin, resources and names, or by resources and label selector

Deploy Commands:
  rollout         Manage the rollout of a resource
  scale           Set a new size for a deployment, replica set, or replication controller
  autoscale       Auto-scale a deployment, replica set, stateful set, or replication controller

Cluster Management Commands:
  certificate     Modify certificate resources
  cluster-info    Display cluster information
  top             Display resource (CPU/memory) usage
  cordon          Mark node as unschedulable
  uncordon        Mark node as schedulable
  drain           Drain node in preparation for maintenance
  taint           Update the taints on one or more nodes

Troubleshooting and Debugging Commands:
  describe        Show details of a specific resource or group of resources
  logs            Print the logs for a container in a pod
  attach          Attach to a running container
  exec            Execute a command in a container
  port-forward    Forward one or more local ports to a pod
  proxy           Run a proxy to the Kubernetes API server
  cp              Copy files and directories to and from containers
  auth            Inspect authorization
  debug           Create debugging sessions for troubleshooting workloads and nodes
  events          List events

Advanced Commands:
  diff            Diff the live version against a would-be applied version
  apply           Apply a configuration to a resource by file name or stdin
  patch           Update fields of a resource
  replace         Replace a resource by file name or stdin
  wait            Experimental: Wait for a specific condition on one or many resources
  kustomize       Build a kustomization target from a directory or URL

Settings Commands:
  label           Update the labels on a resource
  annotate        Update the annotations on a resource
  completion      Output shell completion code for the specified shell (bash, zsh, fish, or powershell)

Subcommands provided by plugins:

Other Commands:
  api-resources   Print the supported API resources on the server
  api-versions    Print the supported API versions on the server, in the form of "group/version"
  config          Modify kubeconfig files
  plugin          Provides utilities for interacting with plugins
  version         Print the client and server version information

Usage:
  kubectl [flags] [options]

Use "kubectl <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
"""
