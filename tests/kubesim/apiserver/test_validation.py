"""The API server's semantic validation: every message as kubectl shows it."""

import pytest

from kubesim.apiserver.check import check_text, invalid_text
from kubesim.apiserver.defaults import apply_defaults
from kubesim.apiserver.validation import validate, validate_update

SUBDOMAIN = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
LABEL = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and "
    "end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
)


def pod(**spec):
    spec.setdefault("containers", [{"name": "web", "image": "nginx"}])
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "p", "namespace": "default"},
        "spec": spec,
    }


def deployment(selector=None, labels=None, **spec):
    labels = {"app": "web"} if labels is None else labels
    body = {
        "template": {
            "metadata": {"labels": labels},
            "spec": {"containers": [{"name": "web", "image": "nginx"}]},
        }
    }
    if selector != "absent":
        body["selector"] = {"matchLabels": {"app": "web"}} if selector is None else selector
    body.update(spec)
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web", "namespace": "default"},
        "spec": body,
    }


def service(**spec):
    spec.setdefault("ports", [{"port": 80}])
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "web", "namespace": "default"},
        "spec": spec,
    }


def messages(obj):
    return [str(e) for e in validate(apply_defaults(obj))]


# --- names and metadata ---------------------------------------------------------------------


def test_it_requires_a_name():
    obj = pod()
    del obj["metadata"]["name"]
    assert messages(obj) == ["metadata.name: Required value: name or generateName is required"]


def test_it_wants_dns_subdomain_names_for_most_objects():
    obj = pod()
    obj["metadata"]["name"] = "My_Pod"
    assert messages(obj) == [f'metadata.name: Invalid value: "My_Pod": {SUBDOMAIN}']


def test_it_wants_rfc_1123_labels_for_services_and_namespaces():
    svc = service()
    svc["metadata"]["name"] = "web.v1"
    assert messages(svc) == [f'metadata.name: Invalid value: "web.v1": {LABEL}']
    ns = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "Dev"}}
    assert messages(ns) == [f'metadata.name: Invalid value: "Dev": {LABEL}']


def test_it_checks_label_keys_and_values():
    obj = pod()
    obj["metadata"]["labels"] = {"app": "web server", "-bad": "x"}
    assert messages(obj) == [
        (
            'metadata.labels: Invalid value: "web server": a valid label must be an empty string or consist of '
            "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
            "'MyValue',  or 'my_value',  or '12345', regex used for validation is "
            "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
        ),
        (
            "metadata.labels: Invalid value: \"-bad\": name part must consist of alphanumeric characters, '-', '_' "
            "or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
            "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
        ),
    ]


# --- pods -----------------------------------------------------------------------------------


def test_it_requires_containers_and_images():
    assert messages(pod(containers=[])) == ["spec.containers: Required value"]
    assert messages(pod(containers=[{"name": "web"}])) == [
        "spec.containers[0].image: Required value"
    ]


def test_it_wants_unique_dns_label_container_names():
    containers = [
        {"name": "web", "image": "a"},
        {"name": "web", "image": "b"},
        {"name": "Side_car", "image": "c"},
    ]
    assert messages(pod(containers=containers)) == [
        'spec.containers[1].name: Duplicate value: "web"',
        f'spec.containers[2].name: Invalid value: "Side_car": {LABEL}',
    ]
    inits = [{"name": "web", "image": "busybox"}]
    assert messages(pod(initContainers=inits)) == [
        'spec.initContainers[0].name: Duplicate value: "web"'
    ]


def test_it_checks_container_ports():
    ports = [
        {"containerPort": 70000},
        {"containerPort": 80, "name": "a-very-long-port-name"},
        {"containerPort": 81, "name": "8080"},
    ]
    assert messages(pod(containers=[{"name": "web", "image": "nginx", "ports": ports}])) == [
        "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
        'spec.containers[0].ports[1].name: Invalid value: "a-very-long-port-name": must be no more than 15 characters',
        'spec.containers[0].ports[2].name: Invalid value: "8080": must contain at least one letter (a-z)',
    ]


def test_it_lists_the_supported_restart_policies():
    assert messages(pod(restartPolicy="Sometimes")) == [
        'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'
    ]


def test_it_forbids_probes_and_hooks_on_plain_init_containers():
    init = {
        "name": "init",
        "image": "busybox",
        "readinessProbe": {"exec": {"command": ["true"]}},
        "lifecycle": {"postStart": {"exec": {"command": ["true"]}}},
    }
    assert messages(pod(initContainers=[init])) == [
        "spec.initContainers[0].lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always",
        (
            "spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without "
            "restartPolicy=Always"
        ),
    ]
    sidecar = {**init, "restartPolicy": "Always"}
    assert messages(pod(initContainers=[sidecar])) == []


def test_it_wants_exactly_one_probe_handler():
    def probe(p):
        return messages(pod(containers=[{"name": "web", "image": "nginx", "livenessProbe": p}]))

    assert probe({"periodSeconds": 5}) == [
        "spec.containers[0].livenessProbe: Required value: must specify a handler type"
    ]
    assert probe({"exec": {"command": ["true"]}, "httpGet": {"port": 80}}) == [
        "spec.containers[0].livenessProbe.httpGet: Forbidden: may not specify more than 1 handler type"
    ]
    assert probe({"tcpSocket": {"port": 80}, "successThreshold": 2}) == [
        "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"
    ]


def test_it_finds_volume_mounts_without_volumes():
    container = {
        "name": "web",
        "image": "nginx",
        "volumeMounts": [{"name": "data", "mountPath": "/data"}],
    }
    assert messages(pod(containers=[container])) == [
        'spec.containers[0].volumeMounts[0].name: Not found: "data"'
    ]


# --- workloads and selectors ------------------------------------------------------------------


def test_it_wants_the_selector_to_match_the_template():
    assert messages(deployment(labels={"app": "web2"})) == [
        'spec.template.metadata.labels: Invalid value: {"app":"web2"}: `selector` does not match template `labels`'
    ]


def test_it_reports_a_missing_selector_with_both_causes():
    errors = validate(apply_defaults(deployment(selector="absent", labels={"app": "mysql"})))
    assert invalid_text("Deployment", "mysql", errors) == (
        'The Deployment "mysql" is invalid: \n'
        "* spec.selector: Required value\n"
        '* spec.template.metadata.labels: Invalid value: {"app":"mysql"}: `selector` does not match template `labels`'
    )


def test_it_refuses_empty_selectors():
    assert messages(deployment(selector={})) == [
        "spec.selector: Invalid value: {}: empty selector is invalid for deployment"
    ]
    sts = deployment(selector={}, serviceName="web")
    sts["kind"] = "StatefulSet"
    assert messages(sts) == [
        "spec.selector: Invalid value: {}: empty selector is invalid for statefulset"
    ]


def test_it_checks_match_expressions():
    exprs = [
        {"key": "tier", "operator": "In"},
        {"key": "tier", "operator": "Exists", "values": ["a"]},
        {"key": "tier", "operator": "Equals", "values": ["a"]},
    ]
    assert messages(deployment(selector={"matchExpressions": exprs})) == [
        "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
        (
            "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or "
            "'DoesNotExist'"
        ),
        'spec.selector.matchExpressions[2].operator: Invalid value: "Equals": not a valid selector operator',
        (
            'spec.selector: Invalid value: {"matchExpressions":[{"key":"tier","operator":"In"},{"key":"tier","operator":'
            '"Exists","values":["a"]},{"key":"tier","operator":"Equals","values":["a"]}]}: invalid label selector'
        ),
    ]


def test_it_refuses_negative_replicas_and_non_always_restart_in_deployments():
    assert messages(deployment(replicas=-1)) == [
        "spec.replicas: Invalid value: -1: must be greater than or equal to 0"
    ]
    obj = deployment()
    obj["spec"]["template"]["spec"]["restartPolicy"] = "Never"
    assert messages(obj) == [
        'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'
    ]


def test_it_wants_jobs_to_restart_on_failure_or_never():
    job = deployment(selector="absent")
    job.update(apiVersion="batch/v1", kind="Job")
    assert messages(job) == [
        'spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"'
    ]


# --- services and ingresses --------------------------------------------------------------------


def test_it_requires_service_ports_and_checks_them():
    assert messages(service(ports=[])) == ["spec.ports: Required value"]
    assert messages(
        service(ports=[{"port": 0}, {"port": 80, "name": "http", "targetPort": "web_port"}])
    ) == [
        "spec.ports[0].name: Required value",
        "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
        "spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive",
        (
            'spec.ports[1].targetPort: Invalid value: "web_port": must contain only alpha-numeric characters (a-z, 0-9), '
            "and hyphens (-)"
        ),
    ]


def test_it_lists_the_supported_service_types():
    assert messages(service(type="Nodeport")) == [
        (
            'spec.type: Unsupported value: "Nodeport": supported values: "ClusterIP", "ExternalName", "LoadBalancer", '
            '"NodePort"'
        )
    ]


def test_it_checks_node_ports():
    assert messages(service(type="NodePort", ports=[{"port": 80, "nodePort": 80}])) == [
        (
            "spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. "
            "The range of valid ports is 30000-32767"
        )
    ]
    assert messages(service(ports=[{"port": 80, "nodePort": 30080}])) == [
        "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"
    ]


def test_it_checks_headless_and_external_name_services():
    assert messages(service(type="NodePort", clusterIP="None")) == [
        "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services"
    ]
    assert messages(service(type="ExternalName", ports=[])) == ["spec.externalName: Required value"]


def test_it_checks_ip_family_values_but_leaves_ipv6_to_the_allocator():
    assert messages(service(ipFamilies=["IPv4", "ipv6", "IPv4"], ipFamilyPolicy="DualStack")) == [
        'spec.ipFamilies[1]: Unsupported value: "ipv6": supported values: "IPv4", "IPv6"',
        'spec.ipFamilies[2]: Duplicate value: "IPv4"',
        ('spec.ipFamilyPolicy: Unsupported value: "DualStack": supported values: "PreferDualStack", '
         '"RequireDualStack", "SingleStack"'),
    ]
    assert messages(service(ipFamilies=["IPv6"], clusterIP="fd00::10")) == []


def test_it_defaults_a_selectorless_headless_service_to_both_families():
    spec = apply_defaults(service(clusterIP="None"))["spec"]
    assert (spec["ipFamilyPolicy"], spec["ipFamilies"]) == ("RequireDualStack", ["IPv4", "IPv6"])
    spec = apply_defaults(service(clusterIP="None", selector={"app": "web"}))["spec"]
    assert (spec["ipFamilyPolicy"], spec["ipFamilies"]) == ("SingleStack", ["IPv4"])


def ingress(paths):
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": {"name": "web", "namespace": "default"},
        "spec": {"rules": [{"http": {"paths": paths}}]},
    }


def test_it_requires_a_path_type_and_an_absolute_path():
    backend = {"service": {"name": "web", "port": {"number": 80}}}
    assert messages(
        ingress(
            [
                {"path": "/", "backend": backend},
                {"path": "api", "pathType": "Prefix", "backend": backend},
            ]
        )
    ) == [
        "spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified",
        'spec.rules[0].http.paths[1].path: Invalid value: "api": must be an absolute path',
    ]


def test_it_checks_ingress_backends():
    assert messages(
        ingress([{"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "web"}}}])
    ) == ["spec.rules[0].http.paths[0].backend: Required value: port name or number is required"]


# --- config, storage, RBAC -----------------------------------------------------------------------


def test_it_checks_config_keys():
    cm = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "c", "namespace": "default"},
        "data": {"my key": "v"},
    }
    assert messages(cm) == [
        (
            "data[my key]: Invalid value: \"my key\": a valid config key must consist of alphanumeric characters, '-', "
            "'_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"
        )
    ]


def test_it_wants_tls_secrets_to_have_both_keys():
    secret = {
        "apiVersion": "v1",
        "kind": "Secret",
        "type": "kubernetes.io/tls",
        "metadata": {"name": "s", "namespace": "default"},
        "data": {"tls.crt": "eA=="},
    }
    assert messages(secret) == ["data[tls.key]: Required value"]


def test_it_answers_bad_base64_at_the_decoding_stage():
    text = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: not-base64!\n"
    assert check_text(text, "secret.yaml")[0].kubectl == (
        'Error from server (BadRequest): error when creating "secret.yaml": Secret in version "v1" cannot be '
        "handled as a Secret: illegal base64 data at input byte 3"
    )


def test_it_checks_claims():
    pvc = {
        "apiVersion": "v1",
        "kind": "PersistentVolumeClaim",
        "metadata": {"name": "c", "namespace": "default"},
        "spec": {},
    }
    assert messages(pvc) == [
        "spec.accessModes: Required value: at least 1 access mode is required",
        "spec.resources[storage]: Required value",
    ]


def test_it_checks_rbac_rules_and_bindings():
    role = {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "Role",
        "metadata": {"name": "r", "namespace": "default"},
        "rules": [{"resources": ["pods"]}],
    }
    assert messages(role) == [
        "rules[0].verbs: Required value: verbs must contain at least one value",
        "rules[0].apiGroups: Required value: resource rules must supply at least one api group",
    ]
    binding = {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "RoleBinding",
        "metadata": {"name": "b", "namespace": "default"},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Roles", "name": "r"},
        "subjects": [{"kind": "user", "name": "jane"}],
    }
    assert messages(binding) == [
        'roleRef.kind: Unsupported value: "Roles": supported values: "Role", "ClusterRole"',
        'subjects[0].kind: Unsupported value: "user": supported values: "ServiceAccount", "User", "Group"',
    ]


# --- updates --------------------------------------------------------------------------------------


def updated(old, new):
    return [str(e) for e in validate_update(apply_defaults(old), apply_defaults(new))]


def test_it_keeps_workload_selectors_immutable():
    new = deployment(selector={"matchLabels": {"app": "web-v2"}}, labels={"app": "web-v2"})
    assert updated(deployment(), new) == [
        'spec.selector: Invalid value: {"matchLabels":{"app":"web-v2"}}: field is immutable'
    ]
    assert updated(deployment(), deployment(replicas=5)) == []


def test_it_lets_a_statefulset_change_only_some_fields():
    old = deployment(serviceName="web")
    old["kind"] = "StatefulSet"
    new = {**old, "spec": {**old["spec"], "serviceName": "other", "replicas": 3}}
    assert updated(old, new) == [
        (
            "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', "
            "'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' "
            "are forbidden"
        )
    ]


def test_it_lets_a_pod_change_only_its_images():
    old = apply_defaults(pod())
    container = old["spec"]["containers"][0]
    new_image = {
        **old,
        "spec": {**old["spec"], "containers": [{**container, "image": "nginx:1.27"}]},
    }
    assert updated(old, new_image) == []
    new_ports = pod(
        containers=[{"name": "web", "image": "nginx", "ports": [{"containerPort": 80}]}]
    )
    assert updated(old, new_ports) == [
        (
            "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"
            "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to "
            "existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously "
            "negative)"
        )
    ]


def test_it_keeps_a_service_cluster_ip():
    assert updated(service(clusterIP="10.96.0.5"), service(clusterIP="10.96.0.6")) == [
        'spec.clusterIPs[0]: Invalid value: "10.96.0.6": may not change once set'
    ]


@pytest.mark.parametrize("kind", ["Deployment", "ReplicaSet", "DaemonSet"])
def test_it_applies_the_selector_rule_to_every_apps_workload(kind):
    old, new = deployment(), deployment(selector={"matchLabels": {"app": "x"}}, labels={"app": "x"})
    old["kind"] = new["kind"] = kind
    assert len(updated(old, new)) == 1


@pytest.mark.parametrize("bad", [5, "x", [1], {"a": 1}, None, True, -1, ""])
@pytest.mark.parametrize(
    "path",
    [
        ("metadata", "name"),
        ("metadata", "labels"),
        ("spec", "selector"),
        ("spec", "replicas"),
        ("spec", "template", "metadata", "labels"),
        ("spec", "template", "spec", "containers"),
        ("spec", "template", "spec", "containers", 0, "name"),
        ("spec", "template", "spec", "containers", 0, "ports"),
        ("spec", "template", "spec", "volumes"),
    ],
)
def test_it_never_crashes_on_wrongly_typed_fields(path, bad):
    # The decoding stage refuses these first; the editor still asks validation for the rest.
    obj = deployment()
    obj["spec"]["template"]["spec"]["containers"][0]["ports"] = [{"containerPort": 80}]
    target = obj
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = bad
    defaulted = apply_defaults(obj)
    assert isinstance(validate(defaulted), list)
    assert isinstance(validate_update(defaulted, defaulted), list)
