"""`-o name`, `-o json`, `-o yaml`, custom columns and `kubectl get all`, as kubectl prints them."""

import pytest

from kubesim.kubectl.jsonpath import JSONPathError
from kubesim.kubectl.printers import (
    CustomColumnsError,
    PrinterError,
    custom_columns_from_file,
    custom_columns_from_spec,
    custom_columns_output,
    grouped_output,
    json_output,
    name_output,
    sort_objects,
    yaml_output,
)

from .conftest import NOW, meta, pod

DEPLOY = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta("web"),
          "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}},
                   "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]}}},
          "status": {"readyReplicas": 1, "updatedReplicas": 1, "availableReplicas": 1, "replicas": 1}}


def test_it_names_objects_with_their_group():
    assert name_output([pod(), DEPLOY]) == "pod/web\ndeployment.apps/web\n"


def test_it_prints_one_object_as_json_with_sorted_keys():
    cm = {"kind": "ConfigMap", "apiVersion": "v1", "metadata": {"name": "cfg", "namespace": "default"},
          "data": {"b": "<2>", "a": "1"}}
    assert json_output(cm) == (
        "{\n"
        '    "apiVersion": "v1",\n'
        '    "data": {\n'
        '        "a": "1",\n'
        '        "b": "\\u003c2\\u003e"\n'
        "    },\n"
        '    "kind": "ConfigMap",\n'
        '    "metadata": {\n'
        '        "name": "cfg",\n'
        '        "namespace": "default"\n'
        "    }\n"
        "}\n"
    )


def test_it_wraps_a_list_result_in_a_list_object():
    assert json_output([]) == (
        "{\n"
        '    "apiVersion": "v1",\n'
        '    "items": [],\n'
        '    "kind": "List",\n'
        '    "metadata": {\n'
        '        "resourceVersion": ""\n'
        "    }\n"
        "}\n"
    )
    ns = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "dev"}, "spec": {"finalizers": ["kubernetes"]}}
    assert yaml_output([ns]) == (
        "apiVersion: v1\n"
        "items:\n"
        "- apiVersion: v1\n"
        "  kind: Namespace\n"
        "  metadata:\n"
        "    name: dev\n"
        "  spec:\n"
        "    finalizers:\n"
        "    - kubernetes\n"
        "kind: List\n"
        "metadata:\n"
        '  resourceVersion: ""\n'
    )


def test_it_prints_custom_columns():
    p = pod()
    p["spec"]["nodeName"] = "kind-worker"
    other = pod(name="db")
    other["metadata"]["labels"] = {"app": "db"}
    columns = custom_columns_from_spec("NAME:.metadata.name,NODE:spec.nodeName,IMAGES:{.spec.containers[*].image},LABELS:.metadata.labels")
    assert custom_columns_output(columns, [p, other]) == (
        "NAME   NODE          IMAGES       LABELS\n"
        "web    kind-worker   nginx:1.27   <none>\n"
        "db     <none>        nginx:1.27   map[app:db]\n"
    )
    assert custom_columns_output(columns[:1], [p], no_headers=True) == "web\n"


def test_it_reads_custom_columns_from_a_file():
    columns = custom_columns_from_file("NAME          PHASE\n.metadata.name   {.status.phase}\n")
    assert columns == [("NAME", "{.metadata.name}"), ("PHASE", "{.status.phase}")]
    assert custom_columns_output(columns, [pod()]) == "NAME   PHASE\nweb    Running\n"


@pytest.mark.parametrize(("spec", "message"), [
    ("", "custom-columns format specified but no custom columns given"),
    ("NAME", "unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>"),
    ("NAME:{.a}{.b}", ("unexpected path string, expected a 'name1.name2' or '.name1.name2' or "
                       "'{name1.name2}' or '{.name1.name2}'")),
])
def test_it_refuses_bad_custom_column_specs(spec, message):
    with pytest.raises(CustomColumnsError) as info:
        custom_columns_from_spec(spec)
    assert info.value.message == message


def test_it_reports_a_custom_column_that_cannot_run():
    with pytest.raises(JSONPathError) as info:
        custom_columns_output(custom_columns_from_spec("C:.spec.containers[3].name"), [pod()])
    assert info.value.message == "array index out of bounds: index 3, length 1"


def test_it_groups_get_all_by_kind_with_prefixed_names():
    svc = {"apiVersion": "v1", "kind": "Service", "metadata": meta("kubernetes"),
           "spec": {"type": "ClusterIP", "clusterIPs": ["10.96.0.1"], "ports": [{"port": 443, "protocol": "TCP"}]}}
    rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": meta("web-7d4c9bd8f"),
          "spec": {"replicas": 1}, "status": {"replicas": 1, "readyReplicas": 1}}
    assert grouped_output([rs, DEPLOY, svc, pod(name="web-7d4c9bd8f-x2x4q")], NOW) == (
        "NAME                      READY   STATUS    RESTARTS   AGE\n"
        "pod/web-7d4c9bd8f-x2x4q   1/1     Running   0          60m\n"
        "\n"
        "NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n"
        "service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   60m\n"
        "\n"
        "NAME                  READY   UP-TO-DATE   AVAILABLE   AGE\n"
        "deployment.apps/web   1/1     1            1           60m\n"
        "\n"
        "NAME                            DESIRED   CURRENT   READY   AGE\n"
        "replicaset.apps/web-7d4c9bd8f   1         1         1       60m\n"
    )
    assert grouped_output([svc, DEPLOY], NOW, no_headers=True, with_namespace=True) == (
        "default   service/kubernetes   ClusterIP   10.96.0.1   <none>   443/TCP   60m\n"
        "default   deployment.apps/web   1/1   1     1     60m\n"
    )


def test_it_sorts_by_a_field_with_missing_values_first():
    claims = [{"metadata": {"name": "big"}, "spec": {"resources": {"requests": {"storage": "2Gi"}}}},
              {"metadata": {"name": "none"}, "spec": {}},
              {"metadata": {"name": "small"}, "spec": {"resources": {"requests": {"storage": "512Mi"}}}}]
    ordered = sort_objects(claims, ".spec.resources.requests.storage")
    assert [c["metadata"]["name"] for c in ordered] == ["none", "small", "big"]
    pods = [pod(name="b"), pod(name="a")]
    assert [p["metadata"]["name"] for p in sort_objects(pods, "{.metadata.name}")] == ["a", "b"]


def test_it_refuses_to_sort_by_a_field_no_object_has():
    with pytest.raises(PrinterError) as info:
        sort_objects([pod()], ".status.nothing")
    assert info.value.message == 'couldn\'t find any field with path "{.status.nothing}" in the list of objects'


def test_it_prefixes_kinds_only_when_several_kinds_are_printed():
    assert grouped_output([pod()], NOW) == (
        "NAME   READY   STATUS    RESTARTS   AGE\n"
        "web    1/1     Running   0          60m\n"
    )
