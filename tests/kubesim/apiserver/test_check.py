"""The front half end to end: the terminal gets kubectl's first failing stage, the editor
gets every problem with its line."""

from kubesim.apiserver.check import check_text, parse_path

BROKEN = """\
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
      labels: {app: web2}
    spec:
      containers:
      - name: web
"""


def test_it_answers_the_terminal_with_the_first_failing_stage():
    result = check_text(BROKEN, "deploy.yaml")[0]
    assert result.stage == "decoding"
    assert result.kubectl == (
        'Error from server (BadRequest): error when creating "deploy.yaml": Deployment in version "v1" cannot be '
        'handled as a Deployment: strict decoding error: unknown field "spec.replica"'
    )


def test_it_gives_the_editor_every_problem_with_its_line():
    result = check_text(BROKEN, "deploy.yaml")[0]
    found = [(d.line, d.column, d.code, d.message) for d in result.diagnostics]
    assert found == [
        (6, 3, "schema.unknown_field", 'unknown field "spec.replica"'),
        (
            11,
            7,
            "field.invalid_value",
            (
                'spec.template.metadata.labels: Invalid value: {"app":"web2"}: '
                "`selector` does not match template `labels`"
            ),
        ),
        (14, 9, "field.required_value", "spec.template.spec.containers[0].image: Required value"),
    ]


def test_it_renders_validation_errors_as_kubectl_does():
    result = check_text(BROKEN.replace("  replica: 3\n", ""), "deploy.yaml")[0]
    assert result.stage == "validation"
    assert result.kubectl == (
        'The Deployment "web" is invalid: \n'
        '* spec.template.metadata.labels: Invalid value: {"app":"web2"}: `selector` does not match template `labels`\n'
        "* spec.template.spec.containers[0].image: Required value"
    )


def test_it_points_at_a_bad_label_key():
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    ok: x\n    bad key: y\n"
    diagnostic = check_text(text)[0].diagnostics[0]
    assert (diagnostic.path, diagnostic.line, diagnostic.column) == ("metadata.labels", 7, 5)


def test_it_refuses_unknown_kinds_before_anything_else():
    text = "apiVersion: apps/v1\nkind: Deploymnt\nmetadata:\n  name: web\nspec:\n  replica: 3\n"
    result = check_text(text, "deploy.yaml")[0]
    assert result.kubectl == (
        'error: resource mapping not found for name: "web" namespace: "" from "deploy.yaml": no matches for kind '
        '"Deploymnt" in version "apps/v1"\nensure CRDs are installed first'
    )
    assert [(d.line, d.code) for d in result.diagnostics] == [(2, "api.unknown_kind")]
    assert result.diagnostics[0].message == 'no matches for kind "Deploymnt" in version "apps/v1"'


def test_it_accepts_a_good_manifest_with_defaults_and_a_namespace():
    text = BROKEN.replace("  replica: 3\n", "").replace("web2", "web") + "        image: nginx\n"
    result = check_text(text)[0]
    assert result.ok and result.diagnostics == []
    assert result.obj["metadata"]["namespace"] == "default"
    assert result.obj["spec"]["replicas"] == 1


def test_it_refuses_a_whole_input_over_the_limit():
    results = check_text("a: b\n" * 100_000)
    assert [r.stage for r in results] == ["decode"]
    assert results[0].kubectl == "error: error reading -: input too large: more than 256 KiB"


def test_it_parses_field_paths_back_into_yaml_paths():
    assert parse_path("spec.template.spec.containers[0].image") == (
        "spec",
        "template",
        "spec",
        "containers",
        0,
        "image",
    )
    assert parse_path("data[tls.key]") == ("data", "tls.key")
