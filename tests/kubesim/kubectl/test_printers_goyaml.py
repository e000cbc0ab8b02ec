"""`-o yaml` reads like kubectl's (sigs.k8s.io/yaml over go-yaml v2): sorted keys, unindented
sequences, quotes only where go-yaml needs them."""

import functools

import pytest

from kubesim.kubectl.printers import yaml_output
from kubesim.kubectl.printers.goyaml import go_key_compare, needs_double_quotes

POD = {
    "apiVersion": "v1", "kind": "Pod",
    "metadata": {"name": "nginx", "namespace": "default", "labels": {"run": "nginx"}, "resourceVersion": "1234",
                 "creationTimestamp": "2026-01-01T00:00:00Z", "uid": "0b6a3d6e-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
                 "annotations": {"kubectl.kubernetes.io/last-applied-configuration":
                                 '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"nginx"}}\n'}},
    "spec": {
        "containers": [{"name": "nginx", "image": "nginx", "imagePullPolicy": "Always", "resources": {},
                        "ports": [{"containerPort": 80, "protocol": "TCP"}],
                        "volumeMounts": [{"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
                                          "name": "kube-api-access-x5fq8", "readOnly": True}]}],
        "tolerations": [{"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists",
                         "tolerationSeconds": 300}],
        "volumes": [{"name": "kube-api-access-x5fq8", "projected": {"defaultMode": 420, "sources": [
            {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
            {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}}]}}],
    },
    "status": {
        "conditions": [{"type": "Ready", "status": "True", "lastProbeTime": None,
                        "lastTransitionTime": "2026-01-01T00:00:07Z"}],
        "phase": "Running", "podIP": "10.244.1.5", "podIPs": [{"ip": "10.244.1.5"}], "qosClass": "BestEffort",
    },
}

POD_YAML = """\
apiVersion: v1
kind: Pod
metadata:
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"v1","kind":"Pod","metadata":{"name":"nginx"}}
  creationTimestamp: "2026-01-01T00:00:00Z"
  labels:
    run: nginx
  name: nginx
  namespace: default
  resourceVersion: "1234"
  uid: 0b6a3d6e-1c2d-4e5f-8a9b-0c1d2e3f4a5b
spec:
  containers:
  - image: nginx
    imagePullPolicy: Always
    name: nginx
    ports:
    - containerPort: 80
      protocol: TCP
    resources: {}
    volumeMounts:
    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
      name: kube-api-access-x5fq8
      readOnly: true
  tolerations:
  - effect: NoExecute
    key: node.kubernetes.io/not-ready
    operator: Exists
    tolerationSeconds: 300
  volumes:
  - name: kube-api-access-x5fq8
    projected:
      defaultMode: 420
      sources:
      - serviceAccountToken:
          expirationSeconds: 3607
          path: token
      - configMap:
          items:
          - key: ca.crt
            path: ca.crt
          name: kube-root-ca.crt
status:
  conditions:
  - lastProbeTime: null
    lastTransitionTime: "2026-01-01T00:00:07Z"
    status: "True"
    type: Ready
  phase: Running
  podIP: 10.244.1.5
  podIPs:
  - ip: 10.244.1.5
  qosClass: BestEffort
"""


def test_it_prints_a_pod_like_kubectl():
    assert yaml_output(POD) == POD_YAML


def test_it_uses_literal_blocks_for_multi_line_strings():
    cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "game"},
          "data": {"game.properties": "enemies=aliens\nlives=3\n", "ui.properties": "color.good=purple"}}
    assert yaml_output(cm) == (
        "apiVersion: v1\n"
        "data:\n"
        "  game.properties: |\n"
        "    enemies=aliens\n"
        "    lives=3\n"
        "  ui.properties: color.good=purple\n"
        "kind: ConfigMap\n"
        "metadata:\n"
        "  name: game\n"
    )


def test_it_folds_long_messages_at_eighty_columns():
    message = ("0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: "
               "3 No preemption victims found for incoming pod.")
    assert yaml_output({"status": {"message": message}}) == (
        "status:\n"
        "  message: '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are\n"
        "    available: 3 No preemption victims found for incoming pod.'\n"
    )


@pytest.mark.parametrize(("text", "quoted"), [
    ("80", True), ("true", True), ("yes", True), ("on", True), ("n", True), ("null", True), ("~", True),
    ("", True), ("1.5", True), ("1e3", True), ("0x1F", True), ("1_000", True), ("08", True),
    ("2026-01-01T00:00:00Z", True), ("2026-01-01", True), ("1:20", True), (".inf", True), ("<<", True),
    ("nginx:1.27", False), ("web", False), ("v1.37.0", False), ("10.244.1.5", False), ("-", False),
    ("Always", False), ("True-ish", False),
])
def test_it_double_quotes_what_go_yaml_would_read_back_as_another_type(text, quoted):
    assert needs_double_quotes(text) is quoted


def test_it_sorts_keys_like_go_yaml():
    # yaml.v2 sorter.go: digit runs compare as numbers, a non-letter sorts before a letter.
    keys = ["b", "a10", "a2", "a_b", "aB", "a"]
    assert sorted(keys, key=functools.cmp_to_key(go_key_compare)) == ["a", "a_b", "a2", "a10", "aB", "b"]
