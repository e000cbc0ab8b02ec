"""Defaulting as the Kubernetes 1.37 API server applies it, per kind.

`apply_defaults(obj)` returns a new object with every default filled in and never changes
its argument: each function copies only the dicts and lists on the paths it fills (a deep
copy of a whole object costs far more, DESIGN.md principle 5).

Sources (read, not copied): kubernetes/kubernetes pkg/apis/core/v1/defaults.go
(SetDefaults_Pod, SetDefaults_PodSpec, SetDefaults_Container, SetDefaults_Probe,
SetDefaults_HTTPGetAction, SetDefaults_Service, SetDefaults_Secret, SetDefaults_Namespace,
SetDefaults_PersistentVolumeClaim, SetDefaults_*VolumeSource), pkg/apis/apps/v1/defaults.go,
pkg/apis/batch/v1/defaults.go, pkg/apis/rbac/v1/defaults.go. A few values come from other
stages and are applied here too because learners see them on every object: a Pod's
`priority`/`preemptionPolicy` (the Priority admission plugin), a Service's `ipFamilies`,
`ipFamilyPolicy` and `clusterIPs` (the Service REST strategy), a Namespace's
`spec.finalizers` (its strategy). ClusterIP and NodePort allocation stay with the server.
"""

import base64

_MODE_DEFAULT = 420  # 0644, the defaultMode of secret/configMap/projected/downwardAPI volumes


def _d(value) -> dict:
    return value if isinstance(value, dict) else {}


def _l(value) -> list:
    return value if isinstance(value, list) else []


def _fill(obj: dict, **defaults) -> dict:
    """A copy of `obj` with the missing keys set (None counts as missing, as Go's nil)."""
    out = dict(obj)
    for key, value in defaults.items():
        if out.get(key) is None:
            out[key] = value
    return out


# --- pods ------------------------------------------------------------------------------------


def pull_policy(image: str) -> str:
    """Always for `:latest` or no tag, else IfNotPresent (a digest counts as pinned)."""
    if "@" in image:
        return "IfNotPresent"
    last = image.rsplit("/", 1)[-1]
    tag = last.rsplit(":", 1)[1] if ":" in last else ""
    return "Always" if tag in ("", "latest") else "IfNotPresent"


def _probe(probe) -> dict:
    probe = _fill(
        _d(probe), timeoutSeconds=1, periodSeconds=10, successThreshold=1, failureThreshold=3
    )
    if isinstance(probe.get("httpGet"), dict):
        probe["httpGet"] = _http_get(probe["httpGet"])
    return probe


def _http_get(action: dict) -> dict:
    out = dict(action)
    if not out.get("path"):
        out["path"] = "/"
    if not out.get("scheme"):
        out["scheme"] = "HTTP"
    return out


def _container(c) -> dict:
    c = dict(_d(c))
    c = _fill(
        c,
        terminationMessagePath="/dev/termination-log",
        terminationMessagePolicy="File",
        resources={},
    )
    if c.get("imagePullPolicy") is None and isinstance(c.get("image"), str):
        c["imagePullPolicy"] = pull_policy(c["image"])
    if "ports" in c:
        c["ports"] = [_fill(_d(p), protocol="TCP") for p in _l(c["ports"])]
    for key in ("livenessProbe", "readinessProbe", "startupProbe"):
        if c.get(key) is not None:
            c[key] = _probe(c[key])
    lifecycle = _d(c.get("lifecycle"))
    for hook in ("postStart", "preStop"):
        if isinstance(_d(lifecycle.get(hook)).get("httpGet"), dict):
            lifecycle = {
                **lifecycle,
                hook: {**lifecycle[hook], "httpGet": _http_get(lifecycle[hook]["httpGet"])},
            }
            c["lifecycle"] = lifecycle
    if c.get("env") is not None:
        c["env"] = [_env(e) for e in _l(c["env"])]
    return _requests_from_limits(c)


def _env(env) -> dict:
    env = _d(env)
    field_ref = _d(_d(env.get("valueFrom")).get("fieldRef"))
    if field_ref and not field_ref.get("apiVersion"):
        return {
            **env,
            "valueFrom": {**env["valueFrom"], "fieldRef": {"apiVersion": "v1", **field_ref}},
        }
    return env


def _env_like(item) -> dict:
    """A downwardAPI volume item's fieldRef gets apiVersion v1, like an env fieldRef."""
    item = _d(item)
    field_ref = _d(item.get("fieldRef"))
    if field_ref and not field_ref.get("apiVersion"):
        return {**item, "fieldRef": {"apiVersion": "v1", **field_ref}}
    return item


def _requests_from_limits(c: dict) -> dict:
    """SetDefaults_Pod: a limit without a request makes the request equal to the limit."""
    resources = _d(c.get("resources"))
    limits = _d(resources.get("limits"))
    if not limits:
        return c
    requests = {**limits, **_d(resources.get("requests"))}
    return {**c, "resources": {**resources, "requests": requests}}


def _volume(volume) -> dict:
    volume = dict(_d(volume))
    for source in ("secret", "configMap", "projected", "downwardAPI"):
        if isinstance(volume.get(source), dict):
            volume[source] = _fill(volume[source], defaultMode=_MODE_DEFAULT)
    downward = volume.get("downwardAPI")
    if isinstance(downward, dict) and downward.get("items"):
        volume["downwardAPI"] = {**downward, "items": [_env_like(i) for i in _l(downward["items"])]}
    sources = set(volume) - {"name"}
    if not sources:
        volume["emptyDir"] = {}
    return volume


def pod_spec_defaults(spec) -> dict:
    spec = _fill(
        _d(spec),
        restartPolicy="Always",
        terminationGracePeriodSeconds=30,
        dnsPolicy="ClusterFirst",
        securityContext={},
        schedulerName="default-scheduler",
        enableServiceLinks=True,
    )
    for key in ("containers", "initContainers"):
        if spec.get(key) is not None:
            spec[key] = [_container(c) for c in _l(spec[key])]
    if spec.get("volumes") is not None:
        spec["volumes"] = [_volume(v) for v in _l(spec["volumes"])]
    if spec.get("hostNetwork") is True:
        spec = _host_network_ports(spec)
    return spec


def _host_network_ports(spec: dict) -> dict:
    """With hostNetwork, each containerPort is also its hostPort."""
    out = dict(spec)
    for key in ("containers", "initContainers"):
        if out.get(key):
            out[key] = [
                {
                    **c,
                    "ports": [
                        _fill(p, hostPort=p.get("containerPort")) for p in _l(c.get("ports"))
                    ],
                }
                if c.get("ports")
                else c
                for c in out[key]
            ]
    return out


def _template(template) -> dict:
    template = dict(_d(template))
    template["spec"] = pod_spec_defaults(template.get("spec"))
    return template


def _pod(obj: dict) -> dict:
    spec = pod_spec_defaults(obj.get("spec"))
    # The Priority admission plugin, without a PriorityClass (no global default in kind).
    spec = _fill(spec, priority=0, preemptionPolicy="PreemptLowerPriority")
    return {**obj, "spec": spec}


# --- workloads -------------------------------------------------------------------------------


def _with_spec(obj: dict, spec: dict) -> dict:
    return {**obj, "spec": spec}


def _deployment(obj: dict) -> dict:
    spec = _fill(
        _d(obj.get("spec")), replicas=1, revisionHistoryLimit=10, progressDeadlineSeconds=600
    )
    strategy = _fill(_d(spec.get("strategy")), type="RollingUpdate")
    if strategy["type"] == "RollingUpdate":
        strategy["rollingUpdate"] = _fill(
            _d(strategy.get("rollingUpdate")), maxUnavailable="25%", maxSurge="25%"
        )
    spec["strategy"] = strategy
    spec["template"] = _template(spec.get("template"))
    return _with_spec(obj, spec)


def _replicaset(obj: dict) -> dict:
    spec = _fill(_d(obj.get("spec")), replicas=1)
    spec["template"] = _template(spec.get("template"))
    return _with_spec(obj, spec)


def _statefulset(obj: dict) -> dict:
    spec = _fill(
        _d(obj.get("spec")),
        replicas=1,
        podManagementPolicy="OrderedReady",
        revisionHistoryLimit=10,
        persistentVolumeClaimRetentionPolicy={"whenDeleted": "Retain", "whenScaled": "Retain"},
    )
    strategy = _fill(_d(spec.get("updateStrategy")), type="RollingUpdate")
    if strategy["type"] == "RollingUpdate":
        strategy["rollingUpdate"] = _fill(_d(strategy.get("rollingUpdate")), partition=0)
    spec["updateStrategy"] = strategy
    if spec.get("volumeClaimTemplates") is not None:
        spec["volumeClaimTemplates"] = [
            _claim_template(t) for t in _l(spec["volumeClaimTemplates"])
        ]
    spec["template"] = _template(spec.get("template"))
    return _with_spec(obj, spec)


def _claim_template(template) -> dict:
    """Claim templates are full PVCs to the API: kind, apiVersion and a Pending status."""
    template = _fill(_d(template), apiVersion="v1", kind="PersistentVolumeClaim")
    template["spec"] = _fill(_d(template.get("spec")), volumeMode="Filesystem")
    template["status"] = _fill(_d(template.get("status")), phase="Pending")
    return template


def _daemonset(obj: dict) -> dict:
    spec = _fill(_d(obj.get("spec")), revisionHistoryLimit=10)
    strategy = _fill(_d(spec.get("updateStrategy")), type="RollingUpdate")
    if strategy["type"] == "RollingUpdate":
        strategy["rollingUpdate"] = _fill(
            _d(strategy.get("rollingUpdate")), maxUnavailable=1, maxSurge=0
        )
    spec["updateStrategy"] = strategy
    spec["template"] = _template(spec.get("template"))
    return _with_spec(obj, spec)


def job_spec_defaults(spec) -> dict:
    spec = dict(_d(spec))
    if spec.get("completions") is None and spec.get("parallelism") is None:
        spec["completions"] = 1
    spec = _fill(spec, parallelism=1, completionMode="NonIndexed", suspend=False)
    if spec.get("backoffLimit") is None:
        spec["backoffLimit"] = 2**31 - 1 if spec.get("backoffLimitPerIndex") is not None else 6
    if spec.get("podReplacementPolicy") is None:
        spec["podReplacementPolicy"] = (
            "Failed" if spec.get("podFailurePolicy") else "TerminatingOrFailed"
        )
    spec["template"] = _template(spec.get("template"))
    return spec


def _job(obj: dict) -> dict:
    out = _with_spec(obj, job_spec_defaults(obj.get("spec")))
    labels = _d(_d(out["spec"]["template"].get("metadata")).get("labels"))
    meta = _d(out.get("metadata"))
    if labels and not meta.get("labels"):
        out["metadata"] = {**meta, "labels": dict(labels)}  # a Job wears its template's labels
    return out


def _cronjob(obj: dict) -> dict:
    spec = _fill(
        _d(obj.get("spec")),
        concurrencyPolicy="Allow",
        suspend=False,
        successfulJobsHistoryLimit=3,
        failedJobsHistoryLimit=1,
    )
    template = dict(_d(spec.get("jobTemplate")))
    template["spec"] = job_spec_defaults(template.get("spec"))
    spec["jobTemplate"] = template
    return _with_spec(obj, spec)


# --- networking, config, storage, RBAC -------------------------------------------------------


def _service(obj: dict) -> dict:
    spec = _fill(_d(obj.get("spec")), type="ClusterIP", sessionAffinity="None")
    kind = spec["type"]
    if spec.get("ports") is not None:
        spec["ports"] = [_service_port(p) for p in _l(spec["ports"])]
    external = kind in ("NodePort", "LoadBalancer") or (
        kind == "ClusterIP" and spec.get("externalIPs")
    )
    if external:
        spec = _fill(spec, externalTrafficPolicy="Cluster")
    if kind in ("ClusterIP", "NodePort", "LoadBalancer"):
        spec = _fill(spec, internalTrafficPolicy="Cluster")
        spec = _ip_families(spec)
        if spec.get("clusterIP") and not spec.get("clusterIPs"):
            spec["clusterIPs"] = [spec["clusterIP"]]
    if kind == "LoadBalancer":
        spec = _fill(spec, allocateLoadBalancerNodePorts=True)
    if spec["sessionAffinity"] == "ClientIP" and spec.get("sessionAffinityConfig") is None:
        spec["sessionAffinityConfig"] = {"clientIP": {"timeoutSeconds": 10800}}
    return _with_spec(obj, spec)


def _ip_families(spec: dict) -> dict:
    """The IP family fields the REST strategy fills on kind's single-stack IPv4 cluster
    (initIPFamilyFields): SingleStack and [IPv4] unless given. A headless Service without a
    selector is the exception: it defaults to RequireDualStack and lists both families,
    since it needs no address of either. An IPv6 clusterIP gets no family here: the
    allocator refuses it (service_alloc.family_errors)."""
    selectorless_headless = spec.get("clusterIP") == "None" and not spec.get("selector")
    spec = _fill(spec, ipFamilyPolicy="RequireDualStack" if selectorless_headless else "SingleStack")
    families = _l(spec.get("ipFamilies"))
    if not families:
        if ":" in str(spec.get("clusterIP") or ""):
            return spec
        families = ["IPv4"]
    if selectorless_headless and len(families) == 1 and spec["ipFamilyPolicy"] != "SingleStack":
        families = families + ["IPv6" if families[0] == "IPv4" else "IPv4"]
    return {**spec, "ipFamilies": families}


def _service_port(port) -> dict:
    port = _fill(_d(port), protocol="TCP")
    if port.get("targetPort") in (None, 0, ""):
        port["targetPort"] = port.get("port")
    return port


def _secret(obj: dict) -> dict:
    """type Opaque; `stringData` is folded into `data` (base64) as the API stores it."""
    out = _fill(obj, type="Opaque")
    string_data = out.pop("stringData", None)
    if isinstance(string_data, dict):
        encoded = {k: base64.b64encode(str(v).encode()).decode() for k, v in string_data.items()}
        out["data"] = {**_d(out.get("data")), **encoded}
    return out


def _namespace(obj: dict) -> dict:
    meta = _d(obj.get("metadata"))
    out = dict(obj)
    if meta.get("name"):
        out["metadata"] = {
            **meta,
            "labels": {**_d(meta.get("labels")), "kubernetes.io/metadata.name": meta["name"]},
        }
    out["spec"] = _fill(_d(obj.get("spec")), finalizers=["kubernetes"])
    return out


def _pvc(obj: dict) -> dict:
    return _with_spec(obj, _fill(_d(obj.get("spec")), volumeMode="Filesystem"))


def _binding(obj: dict) -> dict:
    subjects = obj.get("subjects")
    if not isinstance(subjects, list):
        return obj
    out = []
    for s in subjects:
        s = _d(s)
        group = "" if s.get("kind") == "ServiceAccount" else "rbac.authorization.k8s.io"
        out.append(_fill(s, apiGroup=group))
    return {**obj, "subjects": out}


_DEFAULTERS = {
    "Pod": _pod,
    "Deployment": _deployment,
    "ReplicaSet": _replicaset,
    "StatefulSet": _statefulset,
    "DaemonSet": _daemonset,
    "Job": _job,
    "CronJob": _cronjob,
    "Service": _service,
    "Secret": _secret,
    "Namespace": _namespace,
    "PersistentVolumeClaim": _pvc,
    "RoleBinding": _binding,
    "ClusterRoleBinding": _binding,
}


def apply_defaults(obj: dict) -> dict:
    """`obj` with Kubernetes' defaults filled in; the argument is left untouched."""
    defaulter = _DEFAULTERS.get(obj.get("kind"))
    return defaulter(obj) if defaulter else obj


def generate_job_selector(job: dict, uid: str) -> dict:
    """What the Job strategy adds on create unless `manualSelector` is true (it needs the
    new object's uid, so the server calls this after assigning one): a selector on
    `batch.kubernetes.io/controller-uid` and the four labels on the pod template
    (kubernetes/kubernetes pkg/registry/batch/job/strategy.go, generateSelector)."""
    spec = _d(job.get("spec"))
    if spec.get("manualSelector") is True:
        return job
    name = _d(job.get("metadata")).get("name", "")
    added = {
        "batch.kubernetes.io/controller-uid": uid,
        "batch.kubernetes.io/job-name": name,
        "controller-uid": uid,
        "job-name": name,
    }
    template = dict(_d(spec.get("template")))
    meta = _d(template.get("metadata"))
    template["metadata"] = {**meta, "labels": {**_d(meta.get("labels")), **added}}
    selector = {"matchLabels": {"batch.kubernetes.io/controller-uid": uid}}
    return {**job, "spec": {**spec, "selector": selector, "template": template}}
