"""Every Kubernetes website example the course uses, through the API server's front half.

INDEX.tsv (shared/k8s-examples) marks each file: `ok` files must be accepted as they are;
the others are realistic mistakes and must be refused with kubectl's words. Two kinds of
non-ok files are accepted by a real API server on their own, and so by us: `inconsistent`
ones (they only clash with a companion file, see the last test) and placeholder image names
(the kubelet refuses those later with InvalidImageName, not the API server).
"""

import csv
from pathlib import Path

import pytest

from kubesim.apiserver.check import check_text
from kubesim.apiserver.decode import decode

EXAMPLES = Path(__file__).resolve().parents[3] / ".." / "shared" / "k8s-examples"
ROWS = list(csv.DictReader((EXAMPLES / "INDEX.tsv").open(encoding="utf-8"), delimiter="\t"))
ACCEPTED_BY_THE_API = {"application/job/rabbitmq/job.yaml", "pods/private-reg-pod.yaml"}

REFUSALS = {
    "application/job/job-tmpl.yaml": 'The Job "process-item-$ITEM" is invalid: metadata.name: Invalid value: '
    '"process-item-$ITEM": a lowercase RFC 1123 subdomain must consist of',
    "controllers/job-success-policy-example.yaml": 'The Job "" is invalid: \n'
    "* metadata.name: Required value: name or generateName is required\n"
    '* spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    "deployments/deployment-with-capacity-reservation.yaml": "cannot be handled as a Deployment: strict decoding "
    'error: unknown field "spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuring'
    'Execution[0].labelSelector", unknown field',
    "pods/inject/envars-file-container.yaml": "error: error parsing pods/inject/envars-file-container.yaml: error "
    "converting YAML to JSON: yaml: line 9: found unknown escape character",
    "pods/pod-with-node-affinity.yaml": 'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal '
    "array into Go struct field NodeAffinity.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuring"
    "Execution of type v1.NodeSelector",
    "secret/serviceaccount/mysecretname.yaml": 'Secret in version "v1" cannot be handled as a Secret: json: cannot '
    "unmarshal array into Go struct field ObjectMeta.metadata.annotations of type map[string]string",
    "secret/tls-auth-secret.yaml": 'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at '
    "input byte",
    "service/networking/dual-stack-ipv6-lb-svc.yaml": 'Service in version "v1" cannot be handled as a Service: '
    'strict decoding error: unknown field "spec.ipFamily"',
    "service/networking/dual-stack-ipv6-svc.yaml": 'Service in version "v1" cannot be handled as a Service: '
    'strict decoding error: unknown field "spec.ipFamily"',
}


def test_it_finds_the_shared_examples():
    assert len(ROWS) > 250
    assert {r["status"] for r in ROWS} >= {
        "ok",
        "invalid-yaml",
        "schema-invalid",
        "placeholder",
        "fragment",
    }


@pytest.mark.parametrize("row", ROWS, ids=[r["path"] for r in ROWS])
def test_it_accepts_ok_examples_and_refuses_the_broken_ones(row):
    results = check_text((EXAMPLES / row["path"]).read_text(encoding="utf-8"), row["path"])
    refused = [r.kubectl for r in results if not r.ok]
    if (
        row["status"] == "ok"
        or row["status"] == "inconsistent"
        or row["path"] in ACCEPTED_BY_THE_API
    ):
        assert refused == []
        assert [r.obj["kind"] for r in results] == row["kinds"].split(",")
    else:
        assert len(refused) == 1
        assert REFUSALS[row["path"]] in refused[0]


def test_it_refuses_an_inconsistent_example_applied_over_its_companion():
    live = check_text((EXAMPLES / "application/deployment.yaml").read_text(encoding="utf-8"))[0].obj
    text = (EXAMPLES / "application/deployment-scale.yaml").read_text(encoding="utf-8")
    result = check_text(text, "deployment-scale.yaml", old=lambda _: live)[0]
    assert result.kubectl == (
        'The Deployment "nginx-deployment" is invalid: spec.selector: Invalid value: '
        '{"matchLabels":{"app.kubernetes.io/name":"nginx"}}: field is immutable'
    )


def test_it_decodes_the_original_kyaml_files_like_their_block_renderings():
    originals = sorted((EXAMPLES / "_kyaml").rglob("*.yaml"))
    assert originals
    for original in originals:
        block = EXAMPLES / original.relative_to(EXAMPLES / "_kyaml")
        kyaml = [d.data for d in decode(original.read_text(encoding="utf-8")).documents]
        assert kyaml == [d.data for d in decode(block.read_text(encoding="utf-8")).documents], (
            original
        )
