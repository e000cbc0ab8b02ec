"""kubectl's JSONPath templates: the documented examples and the cheat sheet's, as kubectl 1.37
prints them (maps as compact JSON with sorted keys, results joined by single spaces)."""

import pytest

from kubesim.kubectl.jsonpath import JSONPath, JSONPathError, render

# The input of https://kubernetes.io/docs/reference/kubectl/jsonpath/
DOC = {
    "kind": "List",
    "items": [
        {"kind": "None",
         "metadata": {"name": "127.0.0.1", "labels": {"kubernetes.io/hostname": "127.0.0.1"}},
         "status": {"capacity": {"cpu": "4"}, "addresses": [{"type": "LegacyHostIP", "address": "127.0.0.1"}]}},
        {"kind": "None",
         "metadata": {"name": "127.0.0.2"},
         "status": {"capacity": {"cpu": "8"},
                    "addresses": [{"type": "LegacyHostIP", "address": "127.0.0.2"},
                                  {"type": "another", "address": "127.0.0.3"}]}},
    ],
    "users": [{"name": "myself", "user": {}}, {"name": "e2e", "user": {"username": "admin", "password": "secret"}}],
}


def out(template, data=DOC, **kwargs):
    stdout, stderr = render(template, data, **kwargs)
    assert stderr == ""
    return stdout


@pytest.mark.parametrize(("template", "expected"), [
    ("kind is {.kind}", "kind is List"),
    ("{.kind}", "List"),
    ("{['kind']}", "List"),
    ("{$.kind}", "List"),
    ("{..name}", "127.0.0.1 127.0.0.2 myself e2e"),
    ("{.items[*].metadata.name}", "127.0.0.1 127.0.0.2"),
    ("{.users[0].name}", "myself"),
    ("{.items[*]['metadata.name', 'status.capacity']}", '127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"}'),
    ('{.users[?(@.name=="e2e")].user.password}', "secret"),
    ("{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}",
     '[127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] '),
    ("{.items[0].metadata.labels.kubernetes\\.io/hostname}", "127.0.0.1"),
    ("{.items[0].metadata.labels['kubernetes\\.io/hostname']}", "127.0.0.1"),
    ("{.items[-1].metadata.name}", "127.0.0.2"),
    ("{.items[-2:].metadata.name}", "127.0.0.1 127.0.0.2"),
    ("{.items[0:2:2].metadata.name}", "127.0.0.1"),
    ("{.items[1].status.addresses[*].address}", "127.0.0.2 127.0.0.3"),
    ('{.items[*].status.addresses[?(@.type!="LegacyHostIP")].address}', "127.0.0.3"),
    ("{.users[?(@.user.password)].name}", "e2e"),
    ('{.items[?(@.status.capacity.cpu>"4")].metadata.name}', "127.0.0.2"),
    ("{.users[1].user}", '{"password":"secret","username":"admin"}'),
    ("{.items[0].status.addresses}", '[{"address":"127.0.0.1","type":"LegacyHostIP"}]'),
    ('{"\\t"}x{"\\n"}', "\tx\n"),
    ("{\"a\"}{'b'}{'\\u00e9'}", "abé"),
])
def test_it_renders_the_documented_examples(template, expected):
    assert out(template) == expected


PODS = {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": [
    {"metadata": {"name": "web-1", "labels": {"app": "web"}},
     "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}], "nodeName": "kind-worker"},
     "status": {"phase": "Running", "podIP": "10.244.1.5", "startTime": "2026-01-01T00:00:05Z",
                "containerStatuses": [{"name": "nginx", "restartCount": 2, "ready": True}],
                "conditions": [{"type": "Ready", "status": "True"}, {"type": "PodScheduled", "status": "True"}]}},
    {"metadata": {"name": "db-0", "labels": {"app": "db"}},
     "spec": {"containers": [{"name": "pg", "image": "postgres:17"}, {"name": "exporter", "image": "exporter:1"}]},
     "status": {"phase": "Pending", "containerStatuses": [{"name": "pg", "restartCount": 0, "ready": False}],
                "conditions": [{"type": "Ready", "status": "False"}]}},
]}


@pytest.mark.parametrize(("template", "expected"), [
    ("{.items[*].status.podIP}", "10.244.1.5"),
    ("{range .items[*]}{.metadata.name}{\"\\t\"}{.status.startTime}{\"\\n\"}{end}",
     "web-1\t2026-01-01T00:00:05Z\ndb-0\t\n"),
    ("{.items[*].spec.containers[*].image}", "nginx:1.27 postgres:17 exporter:1"),
    ("{range .items[*]}{@.metadata.name}:{range @.status.conditions[*]}{@.type}={@.status};{end}{\"\\n\"}{end}",
     "web-1:Ready=True;PodScheduled=True;\ndb-0:Ready=False;\n"),
    ('{.items[?(@.metadata.labels.app=="db")].metadata.name}', "db-0"),
    ("{.items[?(@.status.containerStatuses[0].restartCount>1)].metadata.name}", "web-1"),
    ("{.items[?(@.status.containerStatuses[0].restartCount<=0)].metadata.name}", "db-0"),
    ("{.items[0].status.containerStatuses[0].ready}", "true"),
    ("{.items..metadata.name}", "web-1 db-0"),
    ("{.items[*].metadata.labels}", '{"app":"web"} {"app":"db"}'),
    ("{.items[*].spec.nodeName}", "kind-worker"),
    ("{.items[*].missing}", ""),
])
def test_it_renders_the_cheat_sheet_examples(template, expected):
    assert out(template, PODS) == expected


def test_it_ranges_over_an_empty_list_without_output():
    assert out("{range .items[*]}{.metadata.name}{end}", {"items": []}) == ""


def test_it_reports_missing_keys_only_when_asked():
    assert out("{.metadata.nam}", {"metadata": {"name": "web"}}) == ""
    _, err = render("{.metadata.nam}", {"metadata": {"name": "web"}}, allow_missing_keys=False)
    assert err == (
        'error: error executing jsonpath "{.metadata.nam}": Error executing template: nam is not found. '
        "Printing more information for debugging the template:\n"
        "\ttemplate was:\n\t\t{.metadata.nam}\n"
        '\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{"metadata":map[string]interface {}'
        '{"name":"web"}}\n\n\n'
    )


@pytest.mark.parametrize(("template", "message"), [
    ("{.items[5]}", "array index out of bounds: index 5, length 2"),
    ("{.items[-3]}", "array index out of bounds: index -1, length 2"),
    ("{.items[5:]}", "array index out of bounds: index 5, length 2"),
    ("{.items[::0]}", "step must be > 0"),
    ("{.kind[0]}", "string is not array or slice"),
    ("{end}", "not in range, nothing to end"),
    ("{items}", "unrecognized identifier items"),
    ('{.users[?(@.name==1)]}', "incompatible types for comparison"),
    ('{.users[?(@.user>"a")]}', "invalid type for comparison"),
])
def test_it_reports_execution_errors(template, message):
    with pytest.raises(JSONPathError) as info:
        JSONPath(template).execute(DOC)
    assert info.value.message == message


@pytest.mark.parametrize(("template", "message"), [
    ("{.items[0}", "unterminated array"),
    ("{.items", "unclosed action"),
    ("{#}", "unrecognized character in action: U+0023 '#'"),
    ("{.items[a]}", "invalid array index a"),
    ('{"abc}', "unterminated quoted string"),
    ("{.items[?(@.a==1)}", "unclosed array expect ]"),
    ("{....a}", "invalid multiple recursive descent"),
    ("{1.2.3}", "cannot parse number 1.2.3"),
])
def test_it_reports_parse_errors(template, message):
    with pytest.raises(JSONPathError) as info:
        JSONPath(template)
    assert info.value.message == message
    assert render(template, DOC)[1] == f"error: error parsing jsonpath {template}, {message}\n"


def test_it_prints_jsonpath_as_json():
    assert out("{.items[*].metadata.name}", as_json=True) == '[\n    "127.0.0.1",\n    "127.0.0.2"\n]\n'


def test_it_prints_numbers_booleans_and_nulls_like_go():
    data = {"i": 3, "f": 1.5, "big": 1000000.0, "t": True, "n": None}
    assert out("{.i} {.f} {.big} {.t} {.n}", data) == "3 1.5 1e+06 true null"


def test_it_escapes_html_characters_in_json_like_go():
    assert out("{.a}", {"a": {"k": "<b>&"}}) == '{"k":"\\u003cb\\u003e\\u0026"}'
