"""Objects for the patch tests: a Deployment as written, and as the API server stores it.

The live objects carry what the server and controllers add (defaults, uid, status, the
revision annotation), because the three-way patch must leave all of that alone.
"""

import copy

from kubesim.kubectl.patching import plan_apply

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


def web_manifest() -> dict:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web", "labels": {"app": "web", "tier": "frontend"}},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {
                    "containers": [
                        {"name": "web", "image": "nginx:1.27", "ports": [{"containerPort": 80}]}
                    ]
                },
            },
        },
    }


def stored(manifest: dict) -> dict:
    """What `kubectl apply` creates, after the API server's defaulting and a controller's
    status update (values as Kubernetes 1.37 sets them for this manifest)."""
    obj = copy.deepcopy(plan_apply(manifest, None, namespace="default").result)
    meta = obj["metadata"]
    meta["annotations"]["deployment.kubernetes.io/revision"] = "1"
    meta.update(
        creationTimestamp="2026-01-01T00:00:00Z",
        generation=1,
        resourceVersion="1042",
        uid="5f0c2b1e-8d6a-4c1e-9f57-2a9d3c7b8e10",
    )
    spec = obj["spec"]
    spec.setdefault("replicas", 1)
    spec.setdefault("progressDeadlineSeconds", 600)
    spec.setdefault("revisionHistoryLimit", 10)
    spec.setdefault(
        "strategy",
        {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
    )
    pod = spec["template"]["spec"]
    pod.update(
        dnsPolicy="ClusterFirst",
        restartPolicy="Always",
        schedulerName="default-scheduler",
        securityContext={},
        terminationGracePeriodSeconds=30,
    )
    for container in pod["containers"]:
        container.update(
            imagePullPolicy="IfNotPresent",
            resources={},
            terminationMessagePath="/dev/termination-log",
            terminationMessagePolicy="File",
        )
        for port in container.get("ports", []):
            port.setdefault("protocol", "TCP")
    obj["status"] = {
        "availableReplicas": spec["replicas"],
        "observedGeneration": 1,
        "readyReplicas": spec["replicas"],
        "replicas": spec["replicas"],
        "updatedReplicas": spec["replicas"],
    }
    return obj


def _parts(path) -> list:
    """`spec.containers.0.image`, or a tuple when a key has dots (annotation keys)."""
    if isinstance(path, tuple):
        return list(path)
    return [int(p) if p.isdigit() else p for p in path.split(".")]


def edited(obj: dict, path, value) -> dict:
    """A deep copy of `obj` with `path` set (`spec.template.spec.containers.0.image`)."""
    out = copy.deepcopy(obj)
    node = out
    parts = _parts(path)
    for part in parts[:-1]:
        node = node[part]
    node[parts[-1]] = value
    return out


def without(obj: dict, path) -> dict:
    """A deep copy of `obj` without `path`."""
    out = copy.deepcopy(obj)
    node = out
    parts = _parts(path)
    for part in parts[:-1]:
        node = node[part]
    del node[parts[-1]]
    return out
