"""Decoding what a learner pastes: documents, positions, kubectl's syntax errors, limits."""

import time

import pytest

from kubesim.apiserver.decode import CLI_MAX_BYTES, decode

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
"""


def only_error(text, source="deploy.yaml"):
    decoded = decode(text, source)
    errors = decoded.errors
    assert len(errors) == 1, errors
    return errors[0]


def test_it_reads_block_yaml_into_plain_data():
    doc = decode(DEPLOYMENT).documents[0]
    assert doc.error is None
    assert doc.data == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web"},
        "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}}},
    }


def test_it_records_value_and_key_positions_one_based():
    doc = decode(DEPLOYMENT).documents[0]
    assert doc.positions[("spec", "replicas")] == (6, 13)
    assert doc.key_positions[("spec", "replicas")] == (6, 3)
    assert doc.key_positions[("spec", "selector", "matchLabels", "app")] == (7, 28)


def test_it_falls_back_to_the_nearest_written_ancestor():
    doc = decode(DEPLOYMENT).documents[0]
    assert doc.position(("spec", "template", "spec")) == (5, 1)
    assert doc.position(("spec", "template"), key=True) == (5, 1)


def test_it_reads_kyaml_flow_style_with_trailing_commas_and_quoted_keys():
    text = '---\n{\n  "apiVersion": "v1",\n  kind: "ConfigMap",\n  metadata: {name: "x",},\n  data: {"a": "1",},\n}\n'
    doc = decode(text).documents[0]
    assert doc.data == {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "x"},
        "data": {"a": "1"},
    }
    assert doc.key_positions[("kind",)] == (4, 3)


def test_it_reads_json():
    doc = decode(
        '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "dev"}}'
    ).documents[0]
    assert doc.data["metadata"] == {"name": "dev"}


def test_it_numbers_documents_and_skips_empty_ones():
    text = (
        "---\n---\n# only a comment\n---\n"
        + DEPLOYMENT
        + "---\n"
        + DEPLOYMENT.replace("web", "api")
    )
    decoded = decode(text)
    assert [d.index for d in decoded.documents] == [0, 1]
    assert [d.first_line for d in decoded.documents] == [5, 13]
    assert decoded.documents[1].positions[("metadata", "name")] == (16, 9)


def test_it_keeps_yaml_1_1_booleans_and_timestamps_as_go_yaml_v2_does():
    doc = decode(
        "apiVersion: v1\nkind: ConfigMap\ndata:\n  on: yes\n  when: 2024-01-01\n"
    ).documents[0]
    assert doc.data["data"] == {"true": True, "when": "2024-01-01"}


def test_it_allows_anchors_aliases_and_merge_keys():
    text = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: &l {app: web, tier: db}\n"
        "  annotations:\n    <<: *l\n    tier: front\n"
    )
    doc = decode(text).documents[0]
    assert doc.data["metadata"]["annotations"] == {"app": "web", "tier": "front"}
    assert doc.data["metadata"]["labels"] == {"app": "web", "tier": "db"}


def test_it_prints_kubectl_syntax_errors_with_go_yaml_line_numbers():
    text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: a\n    image: nginx: 1\n"
    error = only_error(text)
    assert error.kubectl == (
        "error: error parsing deploy.yaml: error converting YAML to JSON: "
        "yaml: line 8: mapping values are not allowed in this context"
    )
    assert (error.code, error.line, error.column) == ("yaml.syntax", 8, 17)
    assert error.message == "mapping values are not allowed in this context"


def test_it_reports_parser_errors_on_go_yamls_zero_based_line():
    # go-yaml v2 adds 1 to the line only for scanner errors (parser.fail in decode.go).
    error = only_error("metadata:\n  name: x\n labels: {}\n")
    assert error.kubectl.endswith("yaml: line 2: did not find expected key")
    assert (error.line, error.column) == (3, 2)


def test_it_reports_a_missing_colon_at_the_key():
    error = only_error("metadata:\n  name: x\n  labels\n  app: web\n")
    assert error.kubectl.endswith("yaml: line 4: could not find expected ':'")
    assert error.line == 3


def test_it_reports_tabs_as_go_yaml_does():
    error = only_error("metadata:\n\tname: x\n")
    assert error.kubectl.endswith("yaml: line 2: found character that cannot start any token")
    assert error.diagnostic().line == 2


def test_it_counts_kubectls_lines_from_the_start_of_the_broken_document():
    text = DEPLOYMENT + "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web: x\n"
    decoded = decode(text, "all.yaml")
    assert decoded.documents[0].error is None
    error = decoded.documents[1].error
    assert error.kubectl.endswith("yaml: line 4: mapping values are not allowed in this context")
    assert error.line == 12


def test_it_still_returns_the_documents_that_parsed():
    text = DEPLOYMENT + "---\nkind: [\n---\n" + DEPLOYMENT.replace("web", "api")
    decoded = decode(text)
    assert [d.error is None for d in decoded.documents] == [True, False, True]
    assert [d.data["metadata"]["name"] for d in decoded.objects] == ["web", "api"]
    assert [d.data["metadata"]["name"] for d in decoded.applicable] == ["web"]


def test_it_refuses_duplicate_keys_with_go_yamls_words():
    error = only_error("apiVersion: v1\nkind: Pod\nkind: Service\n")
    assert error.message == 'mapping key "kind" already defined at line 2'
    assert error.kubectl == (
        "error: error parsing deploy.yaml: error converting YAML to JSON: yaml: unmarshal errors:\n"
        '  line 3: mapping key "kind" already defined at line 2'
    )
    assert (error.code, error.line, error.column) == ("yaml.duplicate_key", 3, 1)


def test_it_refuses_a_bad_document_separator():
    error = only_error("a: 1\n--- b: 2\n")
    assert (
        error.kubectl == "error: error parsing deploy.yaml: invalid Yaml document separator: b: 2"
    )


def test_it_asks_for_apiversion_and_kind_as_kubectl_does():
    error = only_error("metadata:\n  name: x\n", "pod.yaml")
    assert error.kubectl == (
        'error: error validating "pod.yaml": error validating data: [apiVersion not set, kind not set]; '
        "if you choose to ignore these errors, turn validation off with --validate=false"
    )
    one = only_error("apiVersion: v1\nmetadata:\n  name: x\n", "pod.yaml")
    assert one.kubectl == (
        'error: error validating "pod.yaml": error validating data: kind not set; '
        "if you choose to ignore these errors, turn validation off with --validate=false"
    )


def test_it_refuses_a_document_that_is_not_a_mapping():
    error = only_error("- a\n- b\n")
    assert (
        error.message
        == "json: cannot unmarshal array into Go value of type map[string]interface {}"
    )


# --- limits (DESIGN.md) -------------------------------------------------------------------


def refused_quickly(text, **kw):
    start = time.perf_counter()
    decoded = decode(text, **kw)
    elapsed = time.perf_counter() - start
    assert decoded.errors, "expected a refusal"
    assert elapsed < 0.05, f"took {elapsed * 1000:.1f} ms"
    return decoded.errors[0]


def test_it_refuses_a_10_mb_paste_before_parsing():
    error = refused_quickly("a: b\n" * 2_000_000)
    assert (error.code, error.message) == ("limit.size", "input too large: more than 256 KiB")


def test_it_accepts_up_to_1_mib_from_the_cli():
    text = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  k: '"
        + "x" * 300_000
        + "'\n"
    )
    assert decode(text).error.code == "limit.size"
    assert decode(text, max_bytes=CLI_MAX_BYTES).error is None
    assert (
        refused_quickly("a: b\n" * 2_000_000, max_bytes=CLI_MAX_BYTES).message
        == "input too large: more than 1 MiB"
    )


def test_it_refuses_an_alias_bomb():
    levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    error = refused_quickly("\n".join(levels) + "\n")
    assert error.code == "limit.aliases"
    assert error.message == "too many aliases: expanding them makes more than 10000 nodes"


@pytest.mark.parametrize(
    "text", ["[" * 100_000, "a:\n" + "".join(" " * i + "b:\n" for i in range(1, 70))]
)
def test_it_refuses_deep_nesting(text):
    error = refused_quickly(text)
    assert (error.code, error.message) == ("limit.depth", "nesting too deep: more than 64 levels")


def test_it_accepts_50_documents_and_refuses_51():
    assert len(decode("---\n".join(["a: 1\n"] * 50)).documents) == 50
    error = refused_quickly("---\n".join(["a: 1\n"] * 51))
    assert (error.code, error.message) == (
        "limit.documents",
        "too many YAML documents: 51 (the limit is 50)",
    )


def test_it_refuses_control_characters_as_go_yaml_does():
    error = only_error("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\x07b\n")
    assert error.kubectl.endswith("yaml: control characters are not allowed")
    assert (error.line, error.column) == (4, 10)


def test_it_refuses_a_recursive_anchor_by_its_depth():
    error = refused_quickly("a: &a [*a]\n")
    assert error.code == "limit.depth"
