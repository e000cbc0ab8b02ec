"""Label and field selectors behave, and fail, as the API server does."""

import pytest

from kubesim.kubectl import selectors as sel

POD_RESOURCE = sel.group_version_resource("", "v1", "pods")
KEY_RULE = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
    "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)


def refused(text):
    with pytest.raises(sel.SelectorError) as info:
        sel.parse_label_selector(text)
    return info.value.message


def test_it_matches_equality_requirements():
    s = sel.parse_label_selector("app=web,tier==frontend,env!=prod")
    assert s.matches({"app": "web", "tier": "frontend"})
    assert s.matches({"app": "web", "tier": "frontend", "env": "dev"})
    assert not s.matches({"app": "web", "tier": "frontend", "env": "prod"})
    assert not s.matches({"app": "web"})


def test_it_matches_set_based_requirements():
    s = sel.parse_label_selector("env in (prod, qa),tier notin (frontend),partition,!legacy")
    assert s.matches({"env": "qa", "partition": "a"})
    assert s.matches({"env": "prod", "tier": "backend", "partition": ""})
    assert not s.matches({"env": "dev", "partition": "a"})
    assert not s.matches({"env": "qa", "partition": "a", "legacy": "yes"})
    assert not s.matches({"env": "qa"})
    assert not s.matches({"env": "qa", "partition": "a", "tier": "frontend"})


def test_it_prints_the_canonical_form_sorted_by_key():
    s = sel.parse_label_selector("tier in (b,a),app=web,!legacy, x>3")
    assert str(s) == "app=web,!legacy,tier in (a,b),x>3"


def test_it_accepts_empty_values_and_keywords_as_values():
    assert sel.parse_label_selector("app=").matches({"app": ""})
    assert sel.parse_label_selector("x in (in,notin)").matches({"x": "notin"})
    assert sel.parse_label_selector("x in ()").matches({"x": ""})
    assert sel.parse_label_selector("").matches({"any": "thing"})


def test_it_explains_a_missing_operator():
    assert refused("a b") == "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"


def test_it_explains_an_unclosed_set():
    assert refused("env in (prod") == "unable to parse requirement: found '', expected: ',' or ')'"
    assert refused("env in prod") == "unable to parse requirement: found 'prod' expected: '('"


def test_it_explains_misplaced_commas():
    assert refused("app=web,") == "found '', expected: identifier after ','"
    assert refused(",app") == "found ',', expected: !, identifier, or 'end of string'"
    assert refused("!app=web") == "found '=', expected: ',' or 'end of string'"


def test_it_explains_an_invalid_key():
    assert refused("-ltier=postgres") == f'unable to parse requirement: <nil>: Invalid value: "-ltier": {KEY_RULE}'


def test_it_explains_an_invalid_value():
    assert refused("app=-web") == (
        'unable to parse requirement: values[0][app]: Invalid value: "-web": a valid label must be an '
        "empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end "
        "with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for "
        "validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
    )


def test_it_explains_a_non_integer_comparison():
    assert refused("x>a") == (
        "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, "
        "the value must be an integer"
    )


def test_it_words_a_refused_list_like_kubectl():
    assert sel.list_error(POD_RESOURCE, "a b", "", refused("a b")) == (
        'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector '
        '"a b", field selector "": unable to parse requirement: found \'b\', expected: in, notin, =, ==, '
        "!=, gt, lt"
    )
    assert sel.group_version_resource("apps", "v1", "deployments") == "apps/v1, Resource=deployments"


def test_it_builds_selectors_from_label_selector_dicts():
    spec = {"matchLabels": {"app": "web"},
            "matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["db"]},
                                 {"key": "track", "operator": "Exists"}]}
    s = sel.selector_from_label_selector(spec)
    assert s.matches({"app": "web", "track": "stable"})
    assert not s.matches({"app": "web", "track": "stable", "tier": "db"})
    assert str(s) == "app=web,tier notin (db),track"
    assert sel.format_label_selector(spec) == "app=web,tier notin (db),track"
    assert sel.format_label_selector({}) == "<none>"
    assert not sel.selector_from_label_selector(None).matches({})
    assert sel.selector_from_label_selector({}).matches({"x": "y"})


def test_it_refuses_an_unknown_operator_in_a_label_selector_dict():
    with pytest.raises(sel.SelectorError) as info:
        sel.selector_from_label_selector({"matchExpressions": [{"key": "a", "operator": "Equals"}]})
    assert info.value.message == '"Equals" is not a valid label selector operator'


def test_it_matches_service_map_selectors():
    s = sel.selector_from_set({"app": "web", "tier": "frontend"})
    assert s.matches({"app": "web", "tier": "frontend", "extra": "1"})
    assert not s.matches({"app": "web"})
    assert sel.matches({"app": "web"}, {"app": "web"})
    assert sel.matches("app in (web)", {"app": "web"})


def test_it_formats_label_maps_sorted_as_strings():
    assert sel.format_labels({"tier": "fe", "app": "web", "a.b": "1"}) == "a.b=1,app=web,tier=fe"
    assert sel.format_labels({}) == "<none>"


def test_it_matches_node_selector_requirements_with_gt_and_lt():
    node = {"metadata": {"name": "kind-worker", "labels": {"cpus": "8", "zone": "a"}}}
    assert sel.node_requirement_matches({"key": "cpus", "operator": "Gt", "values": ["4"]}, node["metadata"]["labels"])
    assert not sel.node_requirement_matches({"key": "cpus", "operator": "Lt", "values": ["4"]}, {"cpus": "8"})
    assert not sel.node_requirement_matches({"key": "cpus", "operator": "Gt", "values": ["4"]}, {"cpus": "many"})
    term = {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a", "b"]}],
            "matchFields": [{"key": "metadata.name", "operator": "In", "values": ["kind-worker"]}]}
    assert sel.node_selector_term_matches(term, node)
    assert not sel.node_selector_term_matches({}, node)
    assert sel.node_selector_matches({"nodeSelectorTerms": [{}, term]}, node)
    assert not sel.node_selector_matches({"nodeSelectorTerms": []}, node)


def test_it_parses_and_matches_field_selectors():
    pod = {"metadata": {"name": "web", "namespace": "default"},
           "spec": {"nodeName": "kind-worker"}, "status": {"phase": "Running"}}
    terms = sel.parse_field_selector("status.phase=Running,metadata.namespace!=kube-system", "Pod")
    assert sel.field_selector_matches(terms, pod)
    assert not sel.field_selector_matches(sel.parse_field_selector("spec.nodeName=", "Pod"), pod)
    assert sel.field_selector_matches(sel.parse_field_selector("spec.host==kind-worker", "Pod"), pod)
    assert sel.field_selector_matches(sel.parse_field_selector("metadata.name=web", "Deployment"), pod)


def test_it_refuses_unsupported_field_labels_like_the_api_server():
    with pytest.raises(sel.SelectorError) as info:
        sel.parse_field_selector("foo=bar", "Pod")
    assert sel.list_error(POD_RESOURCE, "", "foo=bar", info.value.message) == (
        'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", '
        'field selector "foo=bar": field label not supported: foo'
    )
    with pytest.raises(sel.SelectorError) as info:
        sel.parse_field_selector("metadata.namespace=x", "Node")
    assert info.value.message == "field label not supported: metadata.namespace"


def test_it_refuses_field_selectors_without_an_operator():
    with pytest.raises(sel.SelectorError) as info:
        sel.parse_field_selector("status.phase", "Pod")
    assert info.value.message == "invalid selector: 'status.phase'; can't understand 'status.phase'"
    with pytest.raises(sel.SelectorError) as info:
        sel.parse_field_selector("a=b\\c", "Pod")
    assert info.value.message == "invalid field selector: invalid escape sequence: \\c"
