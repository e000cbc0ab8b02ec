"""The explainer catalogue: a sentence for every finding code, in both languages, with every
placeholder filled."""

import pytest

from kubesim.findings import Finding
from labs.explainers import SENTENCES, explain, sentence_key
from labs.grading.codes import ALL_CODES

VARIANTS = {
    "image-pull": ("problem", ("name", "tag", "format")),
    "probe-wrong-port": ("probe", ("readiness", "liveness", "startup")),
    "probe-wrong-path": ("probe", ("readiness", "liveness", "startup")),
    "service-type-access": ("access", ("nodeport", "loadbalancer", "cluster-ip", "external-name")),
}


def findings():
    for code, names in sorted(ALL_CODES.items()):
        params = {name: f"<{name}>" for name in names}
        if code in VARIANTS:
            key, values = VARIANTS[code]
            for value in values:
                yield pytest.param(Finding(code, {**params, key: value}), id=f"{code}:{value}")
        else:
            yield pytest.param(Finding(code, params), id=code)
    yield pytest.param(Finding("selector-no-match", {"service": "web", "selector": "app=web", "namespace": "default",
                                                     "labels": "app=db"}), id="selector-no-match:service")


def test_it_has_a_sentence_for_every_code_and_variant():
    for param in findings():
        finding = param.values[0]
        assert sentence_key(finding.code, finding.params) in SENTENCES, param.id


@pytest.mark.parametrize("finding", findings())
def test_it_explains_in_english_and_chinese(finding):
    english, chinese = explain(finding, "en"), explain(finding, "zh-hans")
    assert "%(" not in english and "%(" not in chinese
    assert english != chinese
    for value in finding.params.values():
        if value.startswith("<"):  # the same placeholders in both languages
            assert (value in english) == (value in chinese), value


def test_it_explains_a_target_port_mismatch_in_both_languages():
    finding = Finding("target-port-mismatch", {"service": "web", "port": 80, "target_port": 8080, "pod": "web-1",
                                               "container_ports": "80"})
    assert explain(finding, "en") == (
        "Service web forwards port 80 to targetPort 8080, but the pods do not listen there (pod web-1 "
        "listens on 80). Set targetPort to the container's port.")
    assert explain(finding, "zh-hans") == (
        "Service web 把 80 端口转发到 targetPort 8080，但 Pod 并没有在那里监听（Pod web-1 监听的是 80）。"
        "请把 targetPort 设为容器的端口。")


def test_it_says_which_labels_the_pods_have():
    finding = Finding("selector-no-match", {"service": "web", "selector": "app=web", "namespace": "default",
                                            "labels": "app=nginx"})
    assert explain(finding, "en") == (
        "Service web selects pods labelled app=web, but no pod in namespace default has those labels "
        "(the pods there have: app=nginx), so the Service has no endpoints.")
    assert explain(finding, "zh-hans") == (
        "Service web 选择带标签 app=web 的 Pod，但命名空间 default 中没有 Pod 带这些标签"
        "（那里的 Pod 带的是：app=nginx），所以这个 Service 没有端点。")


def test_it_names_a_request_from_inside_a_pod():
    finding = Finding("request-failed", {"url": "http://web/", "origin": "pod/client", "expected": "HTTP 200",
                                         "observed": "503"})
    assert explain(finding, "en") == "A request to http://web/ from inside pod client got “503”; expected HTTP 200."
    assert explain(finding, "zh-hans") == "在 Pod client 中请求 http://web/，得到的是“503”；期望 HTTP 200。"


def test_it_falls_back_to_the_code_for_an_unknown_finding():
    assert explain(Finding("no-such-code", {}), "en") == "no-such-code"
