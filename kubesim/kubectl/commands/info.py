"""Commands about the cluster itself: version, cluster-info, api-resources, api-versions, config."""

import json

from ... import resources as res
from ... import workstation
from ...version import GIT_VERSION
from .. import kubeconfig
from ..flags import Flag
from ..printers import tabwrite
from .base import CommandError

KUSTOMIZE_VERSION = "v5.7.1"

_FLAGS = {
    "version": (Flag("client", kind="bool", default=False), Flag("output", "o", default="")),
    "cluster-info": (),
    "api-resources": (Flag("namespaced", kind="bool", default=None), Flag("api-group", default=None),
                      Flag("output", "o", default=""), Flag("no-headers", kind="bool", default=False),
                      Flag("sort-by", default="")),
    "api-versions": (),
    "config": (Flag("minify", kind="bool", default=False), Flag("raw", kind="bool", default=False),
               Flag("output", "o", default=""), Flag("current", kind="bool", default=False),
               Flag("cluster", default=""), Flag("user", default="")),
}


def flags_for(verb: str) -> tuple:
    return _FLAGS[verb]


def run(verb: str, ctx) -> int:
    return {"version": version, "cluster-info": cluster_info, "api-resources": api_resources,
            "api-versions": api_versions, "config": config}[verb](ctx)


def version(ctx) -> int:
    info = {"gitVersion": GIT_VERSION, "major": "1", "minor": GIT_VERSION.split(".")[1], "platform": "linux/amd64"}
    output = ctx.flags["output"]
    client_only = ctx.flags["client"]
    if output == "json":
        doc = {"clientVersion": _version_info(info), "kustomizeVersion": KUSTOMIZE_VERSION}
        if not client_only:
            doc["serverVersion"] = _version_info(info)
        ctx.out(json.dumps(doc, indent=2) + "\n")
        return 0
    if output and output != "yaml":
        raise CommandError("--output must be 'yaml' or 'json'")
    ctx.out(f"Client Version: {GIT_VERSION}\nKustomize Version: {KUSTOMIZE_VERSION}\n")
    if not client_only:
        ctx.out(f"Server Version: {GIT_VERSION}\n")
    return 0


def _version_info(info: dict) -> dict:
    return {"major": info["major"], "minor": info["minor"], "gitVersion": info["gitVersion"],
            "gitCommit": "0000000000000000000000000000000000000000", "gitTreeState": "clean",
            "buildDate": "2026-01-01T00:00:00Z", "goVersion": "go1.25.5", "compiler": "gc",
            "platform": info["platform"]}


def cluster_info(ctx) -> int:
    if ctx.flags.args:
        if ctx.flags.args[0] == "dump":
            raise CommandError("cluster-info dump is not available in the simulator")
        raise CommandError(f'unknown command "{ctx.flags.args[0]}" for "kubectl cluster-info"')
    server = workstation.API_SERVER
    lines = [f"Kubernetes control plane is running at {server}"]
    for svc in ctx.store.list("services", "kube-system"):
        labels = svc["metadata"].get("labels") or {}
        if labels.get("kubernetes.io/cluster-service") == "true":
            title = labels.get("kubernetes.io/name", svc["metadata"]["name"])
            port = (svc["spec"].get("ports") or [{}])[0].get("name")
            target = f"{svc['metadata']['name']}:{port}" if port else svc["metadata"]["name"]
            lines.append(f"{title} is running at {server}/api/v1/namespaces/kube-system/services/{target}/proxy")
    ctx.out("\n".join(lines) + "\n\nTo further debug and diagnose cluster problems, use "
            "'kubectl cluster-info dump'.\n")
    return 0


def api_resources(ctx) -> int:
    rows = []
    for r in sorted(res.RESOURCES, key=lambda r: (r.group, r.plural)):
        if ctx.flags["namespaced"] is not None and r.namespaced != ctx.flags["namespaced"]:
            continue
        if ctx.flags["api-group"] is not None and r.group != ctx.flags["api-group"]:
            continue
        if r.kind == "Binding":
            continue
        rows.append(r)
    if ctx.flags["output"] == "name":
        ctx.out("".join(f"{r.plural}.{r.group}\n" if r.group else f"{r.plural}\n" for r in rows))
        return 0
    table = [["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]]
    if ctx.flags["output"] == "wide":
        table[0].append("VERBS")
    for r in rows:
        row = [r.plural, ",".join(r.short_names), r.api_version, str(r.namespaced).lower(), r.kind]
        if ctx.flags["output"] == "wide":
            row.append("[" + " ".join(sorted(r.verbs)) + "]")
        table.append(row)
    if ctx.flags["no-headers"]:
        table = table[1:]
    ctx.out(tabwrite(table))
    return 0


def api_versions(ctx) -> int:
    versions = sorted({r.api_version for r in res.RESOURCES})
    ctx.out("".join(v + "\n" for v in versions))
    return 0


def config(ctx) -> int:
    args = ctx.flags.args
    if not args:
        raise CommandError('unknown command "" for "kubectl config"')
    sub, fs = args[0], ctx.inv.fs
    data = kubeconfig.load(fs)
    if sub == "view":
        text = kubeconfig.dump(data) if data else workstation.kubeconfig()
        ctx.out(text if ctx.flags["raw"] else _redact(text))
    elif sub == "current-context":
        ctx.out(data.get("current-context", "") + "\n")
    elif sub == "get-contexts":
        rows = [["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"]]
        for entry in data.get("contexts") or []:
            c = entry.get("context") or {}
            rows.append(["*" if entry.get("name") == data.get("current-context") else "", entry.get("name", ""),
                         c.get("cluster", ""), c.get("user", ""), c.get("namespace", "")])
        ctx.out(tabwrite(rows))
    elif sub == "set-context":
        if not ctx.flags["current"] and len(args) < 2:
            raise CommandError("you must specify a non-empty context name or --current")
        ns = ctx.flags.get("namespace") if "namespace" in ctx.flags.given else None
        ctx.out(kubeconfig.set_context(fs, None if ctx.flags["current"] else args[1], ns) + "\n")
    elif sub == "use-context":
        names = [e.get("name") for e in data.get("contexts") or []]
        if len(args) < 2 or args[1] not in names:
            raise CommandError(f'no context exists with the name: "{args[1] if len(args) > 1 else ""}"')
        kubeconfig.save(fs, {**data, "current-context": args[1]})
        ctx.out(f'Switched to context "{args[1]}".\n')
    else:
        raise CommandError(f'unknown command "{sub}" for "kubectl config"')
    return 0


def _redact(text: str) -> str:
    """`kubectl config view` hides key and certificate data unless --raw is given."""
    out = []
    for line in text.splitlines():
        key = line.strip().split(":", 1)[0]
        if key in ("certificate-authority-data", "client-certificate-data", "client-key-data"):
            line = line[: line.index(key)] + f"{key}: DATA+OMITTED"
        out.append(line)
    return "\n".join(out) + "\n"
