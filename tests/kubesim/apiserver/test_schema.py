"""Strict schema checks: unknown fields, wrong types, missing fields, unknown kinds."""

import time

from kubesim.apiserver import schema
from kubesim.apiserver.decode import decode
from kubesim.apiserver.errors import FieldError

BAD_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replica: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx
        imagePullPolicyX: Always
      - image: busybox
"""


def checked(text):
    doc = decode(text).documents[0]
    return doc, schema.check(doc.data)


def test_it_lists_every_unknown_field_in_one_strict_decoding_error():
    doc, problems = checked(BAD_DEPLOYMENT)
    assert schema.decoding_error(doc.data, problems, "deploy.yaml", doc.position) == (
        'Error from server (BadRequest): error when creating "deploy.yaml": Deployment in version "v1" '
        'cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica", '
        'unknown field "spec.template.spec.containers[0].imagePullPolicyX"'
    )


def test_it_points_the_editor_at_each_unknown_key_and_missing_field():
    doc, problems = checked(BAD_DEPLOYMENT)
    found = {(d.path, d.line, d.column, d.code) for d in schema.diagnostics(problems, doc.position)}
    assert found == {
        ("spec.replica", 6, 3, "schema.unknown_field"),
        ("spec.template.spec.containers[0].imagePullPolicyX", 16, 9, "schema.unknown_field"),
        ("spec.template.spec.containers[1].name", 17, 9, "schema.required"),
    }


def test_it_turns_missing_required_fields_into_validation_errors():
    _, problems = checked(BAD_DEPLOYMENT)
    assert schema.required_errors(problems) == [
        FieldError("Required value", "spec.template.spec.containers[1].name")
    ]


def test_it_answers_a_wrong_type_with_gos_unmarshal_error():
    text = BAD_DEPLOYMENT.replace("replica: 3", 'replicas: "three"')
    doc, problems = checked(text)
    assert schema.decoding_error(doc.data, problems, "deploy.yaml", doc.position) == (
        'Error from server (BadRequest): error when creating "deploy.yaml": Deployment in version "v1" '
        "cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field "
        "DeploymentSpec.spec.replicas of type int32"
    )


def test_it_names_the_innermost_struct_and_skips_indexes_in_gos_field_path():
    text = BAD_DEPLOYMENT.replace(
        "image: nginx", "image: nginx\n        ports:\n        - containerPort: '80'"
    )
    _, problems = checked(text)
    wrong = [p for p in problems if p.kind == schema.WRONG_TYPE]
    assert [p.go_error for p in wrong] == [
        (
            "json: cannot unmarshal string into Go struct field ContainerPort"
            ".spec.template.spec.containers.ports.containerPort of type int32"
        )
    ]


def test_it_describes_map_values_and_arrays_in_go_types():
    _, problems = checked(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  port: 8080\n"
    )
    assert (
        problems[0].go_error
        == "json: cannot unmarshal number into Go struct field ConfigMap.data of type string"
    )
    _, problems = checked(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers: {name: a}\n"
    )
    assert problems[0].go_error == (
        "json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container"
    )


def test_it_lets_null_values_through_as_go_does():
    _, problems = checked(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: x, labels: null}\nspec:\n  containers: null\n"
    )
    assert problems == []


def test_it_prefers_the_earliest_type_error_over_unknown_fields():
    text = BAD_DEPLOYMENT.replace("name: web\nspec:", "name: web\n  labels: {tier: 1}\nspec:")
    doc, problems = checked(text)
    assert schema.decoding_error(doc.data, problems, "d.yaml", doc.position).endswith(
        "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string"
    )


def test_it_refuses_an_unknown_kind_as_kubectl_does():
    obj = {"apiVersion": "apps/v1", "kind": "Deploymnt", "metadata": {"name": "web"}}
    assert schema.kind_error(obj, "deploy.yaml") == (
        'error: resource mapping not found for name: "web" namespace: "" from "deploy.yaml": '
        'no matches for kind "Deploymnt" in version "apps/v1"\nensure CRDs are installed first'
    )


def test_it_refuses_a_removed_apiversion_with_kubectls_words_only():
    obj = {
        "apiVersion": "extensions/v1beta1",
        "kind": "Ingress",
        "metadata": {"name": "legacy", "namespace": "web"},
    }
    assert schema.kind_error(obj, "old-ingress.yaml") == (
        'error: resource mapping not found for name: "legacy" namespace: "web" from "old-ingress.yaml": '
        'no matches for kind "Ingress" in version "extensions/v1beta1"\nensure CRDs are installed first'
    )


def test_it_hints_at_todays_apiversion_after_a_removed_one():
    assert schema.removed_hint("extensions/v1beta1", "Ingress") == (
        "hint: Ingress is served as networking.k8s.io/v1 since Kubernetes 1.19; "
        "extensions/v1beta1 was removed in 1.22"
    )
    assert schema.removed_hint("apps/v1beta2", "Deployment") == (
        "hint: Deployment is served as apps/v1 since Kubernetes 1.9; apps/v1beta2 was removed in 1.16"
    )


def test_it_accepts_every_served_kind_it_has_a_schema_for():
    assert (
        schema.kind_error({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role"}, "r.yaml")
        is None
    )
    assert (
        schema.check({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "dev"}}) == []
    )


def test_it_validates_a_manifest_warm_in_well_under_a_millisecond():
    doc, _ = checked(BAD_DEPLOYMENT)
    schema.warm_up()
    start = time.perf_counter()
    for _ in range(100):
        schema.check(doc.data)
    assert (time.perf_counter() - start) / 100 < 0.005
