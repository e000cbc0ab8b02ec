"""Go's renderings of values in the texts kubectl and the API server print."""

from kubesim.kubectl.patching.gofmt import go_fmt, go_json, go_quote


def test_it_prints_maps_and_numbers_as_go_fmt_v_does():
    assert go_fmt({"ports": [{"containerPort": 8080}], "image": "nginx", "x": None}) == (
        "map[image:nginx ports:[map[containerPort:8080]] x:<nil>]"
    )
    assert [go_fmt(v) for v in (80, 0.5, 123456, 1000000, 1234567.0, 0.00001, True)] == [
        "80", "0.5", "123456", "1e+06", "1.234567e+06", "1e-05", "true",
    ]  # fmt: skip


def test_it_writes_json_as_encoding_json_does():
    assert go_json({"b": "<a&b>", "a": [1.0, 2.5], "c": "\u2028é"}) == (
        '{"a":[1,2.5],"b":"\\u003ca\\u0026b\\u003e","c":"\\u2028é"}'
    )


def test_it_quotes_as_strconv_quote_does():
    assert go_quote('{"a":\n\t1}') == '"{\\"a\\":\\n\\t1}"'
