"""`kubectl create <kind> NAME ...` and `kubectl run`: objects built from flags, as kubectl builds them."""

import base64
import json

from ... import resources as res
from .. import printers
from ..flags import Flag
from .base import CommandError

_OUT = (Flag("output", "o", default=""), Flag("dry-run", default="none"), Flag("save-config", kind="bool", default=False),
        Flag("filename", "f", kind="list", default=()), Flag("recursive", "R", kind="bool", default=False),
        Flag("validate", default="strict"))

FLAGS = {
    "namespace": (),
    "ns": (),
    "deployment": (Flag("image", kind="list", default=()), Flag("replicas", "r", kind="int", default=1),
                   Flag("port", kind="int", default=-1)),
    "deploy": (),
    "service": (Flag("tcp", kind="list", default=()), Flag("node-port", kind="int", default=0),
                Flag("clusterip", default=""), Flag("external-name", default="")),
    "svc": (),
    "configmap": (Flag("from-literal", kind="list", default=()), Flag("from-file", kind="list", default=()),
                  Flag("from-env-file", kind="list", default=())),
    "cm": (),
    "secret": (Flag("from-literal", kind="list", default=()), Flag("from-file", kind="list", default=()),
               Flag("type", default=""), Flag("cert", default=""), Flag("key", default=""),
               Flag("docker-server", default="https://index.docker.io/v1/"), Flag("docker-username", default=""),
               Flag("docker-password", default=""), Flag("docker-email", default="")),
    "serviceaccount": (),
    "sa": (),
    "rolebinding": (Flag("clusterrole", default=""), Flag("role", default=""), Flag("user", kind="list", default=()),
                    Flag("group", kind="list", default=()), Flag("serviceaccount", kind="list", default=())),
    "job": (Flag("image", kind="list", default=()), Flag("from", default="")),
    "quota": (Flag("hard", default=""), Flag("scopes", default="")),
    "resourcequota": (),
    "role": (Flag("verb", kind="list", default=()), Flag("resource", kind="list", default=()),
             Flag("resource-name", kind="list", default=())),
}
RUN_FLAGS = (Flag("image", default=""), Flag("port", default=""), Flag("labels", "l", default=""),
             Flag("restart", default="Always"), Flag("command", kind="bool", default=False),
             Flag("env", kind="list", default=()), Flag("rm", kind="bool", default=False),
             Flag("stdin", "i", kind="bool", default=False), Flag("tty", "t", kind="bool", default=False),
             Flag("expose", kind="bool", default=False), Flag("image-pull-policy", default=""))


def all_flags() -> tuple:
    seen, out = set(), []
    for group in FLAGS.values():
        for f in group:
            if f.name not in seen:
                seen.add(f.name)
                out.append(f)
    return _OUT + tuple(out)


def create(ctx, kind_word: str, args: list[str]) -> dict:
    """The object `kubectl create KIND ...` would send."""
    builders = {"namespace": _namespace, "ns": _namespace, "deployment": _deployment, "deploy": _deployment,
                "service": _service, "svc": _service, "configmap": _configmap, "cm": _configmap,
                "secret": _secret, "serviceaccount": _serviceaccount, "sa": _serviceaccount,
                "role": _role, "clusterrole": _role, "rolebinding": _binding, "clusterrolebinding": _binding,
                "job": _job, "quota": _quota, "resourcequota": _quota}
    build = builders.get(kind_word)
    if build is None:
        raise CommandError(f'unknown command "{kind_word}" for "kubectl create"')
    if kind_word in ("clusterrole", "clusterrolebinding"):
        return build(ctx, args, cluster=True)
    return build(ctx, args)


RBAC = "rbac.authorization.k8s.io"


def _job(ctx, args):
    """`kubectl create job NAME --image=IMAGE [-- COMMAND ...]`, as kubectl builds it."""
    name = _name(args[:1], "job")
    images = ctx.flags["image"]
    if not images:
        raise CommandError("either --image or --from must be specified")
    container = {"image": images[0], "name": name, "resources": {}}
    if ctx.flags.after_dash:
        container = {"command": list(ctx.flags.after_dash), **container}
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": _meta(name),
            "spec": {"template": {"metadata": {"creationTimestamp": None},
                                  "spec": {"containers": [container], "restartPolicy": "Never"}}},
            "status": {}}


def _quota(ctx, args):
    """`kubectl create quota NAME --hard=pods=10,cpu=2`."""
    name = _name(args, "quota")
    hard = _literals([p for p in ctx.flags["hard"].split(",") if p]) if ctx.flags["hard"] else {}
    spec: dict = {"hard": hard} if hard else {}
    if ctx.flags["scopes"]:
        spec["scopes"] = [s for s in ctx.flags["scopes"].split(",") if s]
    return {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": _meta(name), "spec": spec, "status": {}}


def _binding(ctx, args, cluster: bool = False):
    name = _name(args, "rolebinding")
    role, cluster_role = ctx.flags["role"], ctx.flags["clusterrole"]
    if bool(role) == bool(cluster_role) or (cluster and role):
        raise CommandError("exactly one of clusterrole or role must be specified")
    subjects = [{"apiGroup": RBAC, "kind": "User", "name": u} for u in ctx.flags["user"]]
    subjects += [{"apiGroup": RBAC, "kind": "Group", "name": g} for g in ctx.flags["group"]]
    for sa in ctx.flags["serviceaccount"]:
        ns, _, sa_name = sa.partition(":")
        if not sa_name:
            raise CommandError("serviceaccount must be <namespace>:<name>")
        subjects.append({"kind": "ServiceAccount", "name": sa_name, "namespace": ns})
    obj = {"apiVersion": f"{RBAC}/v1", "kind": "ClusterRoleBinding" if cluster else "RoleBinding",
           "metadata": _meta(name),
           "roleRef": {"apiGroup": RBAC, "kind": "ClusterRole" if cluster_role else "Role",
                       "name": cluster_role or role}}
    if subjects:
        obj["subjects"] = subjects
    return obj


def _role(ctx, args, cluster: bool = False):
    name = _name(args, "role")
    verbs = ctx.flags["verb"]
    if not verbs:
        raise CommandError("at least one verb must be specified")
    if not ctx.flags["resource"]:
        raise CommandError("at least one resource must be specified")
    rules = []
    for text in ctx.flags["resource"]:
        plural, _, group = text.partition(".")
        r = res.lookup(plural)
        if r is None:
            raise CommandError(f'the server doesn\'t have a resource type "{plural}"')
        rule = {"apiGroups": [group or r.group], "resources": [r.plural], "verbs": list(verbs)}
        if ctx.flags["resource-name"]:
            rule["resourceNames"] = list(ctx.flags["resource-name"])
        rules.append(rule)
    return {"apiVersion": f"{RBAC}/v1", "kind": "ClusterRole" if cluster else "Role", "metadata": _meta(name),
            "rules": rules}


def _name(args: list[str], what: str) -> str:
    if not args:
        raise CommandError("exactly one NAME is required, got 0")
    if len(args) > 1 and what not in ("service", "secret"):
        raise CommandError(f"exactly one NAME is required, got {len(args)}")
    return args[0]


def _meta(name: str, labels: dict | None = None) -> dict:
    meta = {"creationTimestamp": None}
    if labels:
        meta["labels"] = labels
    meta["name"] = name
    return meta


def _namespace(ctx, args):
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": _meta(_name(args, "namespace")), "spec": {},
            "status": {}}


def _serviceaccount(ctx, args):
    return {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": _meta(_name(args, "serviceaccount"))}


def _image_name(image: str) -> str:
    base = image.rsplit("/", 1)[-1].split("@")[0].split(":")[0]
    return base


def _deployment(ctx, args):
    """`kubectl create deployment NAME --image=IMAGE... [--port=N] [-- COMMAND [ARGS...]]`: the
    words after `--` become every container's `command`, `--port` the first container's port
    (kubectl's create_deployment.go)."""
    name = _name(args, "deployment")
    images = ctx.flags["image"]
    if not images:
        raise CommandError('required flag(s) "image" not set')
    command = list(ctx.flags.after_dash)
    if len(images) > 1 and command:
        raise CommandError("cannot specify multiple --image options and command")
    containers = []
    for image in images:
        c = {"image": image, "name": _image_name(image), "resources": {}}
        if command:
            c["command"] = command
        containers.append(c)
    if ctx.flags["port"] >= 0:
        containers[0]["ports"] = [{"containerPort": ctx.flags["port"]}]
    labels = {"app": name}
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": _meta(name, labels),
            "spec": {"replicas": ctx.flags["replicas"], "selector": {"matchLabels": labels}, "strategy": {},
                     "template": {"metadata": {"creationTimestamp": None, "labels": labels},
                                  "spec": {"containers": containers}}},
            "status": {}}


def _service(ctx, args):
    if not args:
        raise CommandError("exactly one NAME is required, got 0")
    kinds = {"clusterip": "ClusterIP", "nodeport": "NodePort", "loadbalancer": "LoadBalancer",
             "externalname": "ExternalName"}
    if args[0] not in kinds:
        raise CommandError(f'unknown command "{args[0]}" for "kubectl create service"')
    svc_type = kinds[args[0]]
    name = _name(args[1:], "service")
    spec: dict = {}
    if svc_type == "ExternalName":
        if not ctx.flags["external-name"]:
            raise CommandError('required flag(s) "external-name" not set')
        spec = {"externalName": ctx.flags["external-name"], "type": "ExternalName"}
    else:
        ports = [_service_port(p, svc_type, ctx.flags["node-port"]) for p in ctx.flags["tcp"]]
        if not ports and not (svc_type == "ClusterIP" and ctx.flags["clusterip"] == "None"):
            raise CommandError('required flag(s) "tcp" not set')
        if ctx.flags["clusterip"]:
            spec["clusterIP"] = ctx.flags["clusterip"]
        spec.update({"ports": ports, "selector": {"app": name}, "type": svc_type})
    return {"apiVersion": "v1", "kind": "Service", "metadata": _meta(name, {"app": name}), "spec": spec,
            "status": {"loadBalancer": {}}}


def _service_port(text: str, svc_type: str, node_port: int) -> dict:
    port, _, target = text.partition(":")
    target = target or port
    try:
        port_n = int(port)
    except ValueError:
        raise CommandError(f'strconv.Atoi: parsing "{port}": invalid syntax') from None
    out = {"name": f"{port}-{target}", "port": port_n, "protocol": "TCP",
           "targetPort": int(target) if target.isdigit() else target}
    if svc_type == "NodePort" and node_port:
        out["nodePort"] = node_port
    return out


def _literals(items: list[str]) -> dict:
    out = {}
    for item in items:
        key, eq, value = item.partition("=")
        if not eq or not key:
            raise CommandError(f'invalid literal source {item}, expected key=value')
        out[key] = value
    return out


def _files(ctx, items: list[str]) -> dict:
    out = {}
    for item in items:
        key, eq, path = item.partition("=")
        if not eq:
            path, key = item, item.rsplit("/", 1)[-1]
        full = ctx.inv.path(path)
        if not ctx.inv.fs.exists(full):
            raise CommandError(f"error reading {path}: no such file or directory")
        out[key] = ctx.inv.fs.read(full).decode("utf-8", "replace")
    return out


def _configmap(ctx, args):
    name = _name(args, "configmap")
    data = {**_files(ctx, ctx.flags["from-file"]), **_literals(ctx.flags["from-literal"])}
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": _meta(name), **({"data": dict(sorted(data.items()))}
                                                                                if data else {})}


def _secret(ctx, args):
    if not args or args[0] not in ("generic", "tls", "docker-registry"):
        raise CommandError(f'unknown command "{args[0] if args else ""}" for "kubectl create secret"')
    name = _name(args[1:], "secret")
    if args[0] == "tls":
        data = {"tls.crt": _read(ctx, ctx.flags["cert"], "cert"), "tls.key": _read(ctx, ctx.flags["key"], "key")}
        secret_type = "kubernetes.io/tls"
    elif args[0] == "docker-registry":
        auth = base64.b64encode(f"{ctx.flags['docker-username']}:{ctx.flags['docker-password']}".encode()).decode()
        entry = {"username": ctx.flags["docker-username"], "password": ctx.flags["docker-password"],
                 "email": ctx.flags["docker-email"], "auth": auth}
        config = json.dumps({"auths": {ctx.flags["docker-server"]: entry}}, separators=(",", ":"))
        data, secret_type = {".dockerconfigjson": config}, "kubernetes.io/dockerconfigjson"
    else:
        data = {**_files(ctx, ctx.flags["from-file"]), **_literals(ctx.flags["from-literal"])}
        secret_type = ctx.flags["type"] or "Opaque"
    encoded = {k: base64.b64encode(v.encode()).decode() for k, v in sorted(data.items())}
    return {"apiVersion": "v1", "kind": "Secret", "metadata": _meta(name), **({"data": encoded} if encoded else {}),
            "type": secret_type}


def _read(ctx, path: str, what: str) -> str:
    if not path:
        raise CommandError(f'required flag(s) "{what}" not set')
    full = ctx.inv.path(path)
    if not ctx.inv.fs.exists(full):
        raise CommandError(f"open {path}: no such file or directory")
    return ctx.inv.fs.read(full).decode("utf-8", "replace")


def pod_for_run(ctx, args: list[str]) -> dict:
    """The pod `kubectl run NAME --image=IMAGE [--port] [--labels] [--command] -- ARGS` sends."""
    if not args:
        raise CommandError("NAME is required for run")
    name = args[0]
    image = ctx.flags["image"]
    if not image:
        raise CommandError('required flag(s) "image" not set')
    labels = _literals([p for p in ctx.flags["labels"].split(",") if p]) if ctx.flags["labels"] else {"run": name}
    container: dict = {}
    rest = list(ctx.flags.after_dash) or args[1:]
    if rest:
        container["args" if not ctx.flags["command"] else "command"] = rest
    if ctx.flags["env"]:
        container["env"] = [{"name": k, "value": v} for k, v in _literals(ctx.flags["env"]).items()]
    container["image"] = image
    if ctx.flags["image-pull-policy"]:
        container["imagePullPolicy"] = ctx.flags["image-pull-policy"]
    container["name"] = name
    if ctx.flags["port"]:
        container["ports"] = [{"containerPort": int(ctx.flags["port"])}]
    container["resources"] = {}
    restart = ctx.flags["restart"]
    if restart not in ("Always", "OnFailure", "Never"):
        raise CommandError(f"invalid restart policy: {restart}")
    return {"apiVersion": "v1", "kind": "Pod", "metadata": _meta(name, labels),
            "spec": {"containers": [container], "dnsPolicy": "ClusterFirst", "restartPolicy": restart},
            "status": {}}


def send(ctx, obj: dict) -> int:
    """Create `obj` (or only print it with --dry-run=client) and say what happened."""
    r = res.for_kind(obj["apiVersion"], obj["kind"])
    dry_run = ctx.flags["dry-run"]
    output = ctx.flags["output"]
    if dry_run not in ("none", "client", "server"):
        raise CommandError(f'Invalid dry-run value ({dry_run}). Must be "none", "server", or "client".')
    shown = obj
    if dry_run != "client":
        sent = {k: v for k, v in _without_nulls(obj).items() if k != "status"}
        if r.namespaced:
            sent["metadata"]["namespace"] = ctx.namespace
        shown = ctx.api.create(sent, ctx.user, dry_run=dry_run == "server")
    elif r.namespaced and ctx.flags.get("namespace"):
        shown = {**obj, "metadata": {**obj["metadata"], "namespace": ctx.namespace}}
    if output in ("yaml", "json"):
        ctx.out(printers.yaml_output(shown) if output == "yaml" else printers.json_output(shown))
    elif output == "name":
        ctx.out(f"{r.qualified}/{obj['metadata']['name']}\n")
    else:
        suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(dry_run, "")
        ctx.out(f"{r.qualified}/{obj['metadata']['name']} created{suffix}\n")
    return 0


def _without_nulls(obj):
    if isinstance(obj, dict):
        return {k: _without_nulls(v) for k, v in obj.items() if v is not None}
    if isinstance(obj, list):
        return [_without_nulls(v) for v in obj]
    return obj
