"""Each lab graded with a typical wrong answer: the failing check's explanation, word for word,
in both languages. The wrong answers are the labs' own mutants."""

import pytest

from labs.explainers import explain
from labs.grading import grade
from labs.grading.labcheck import mutant_entries
from labs.pending import pending_labs

from .conftest import definition

PENDING = pending_labs()

CASES = {
    "pod-basics": ("image-typo", "pod-ready", "image-pull",
        ("Container server of pod web cannot start (ImagePullBackOff): there is no image called "
        "“ngnix:1.29”. Check the image name for a typo."),
        "Pod web 的容器 server 无法启动（ImagePullBackOff）：不存在名为“ngnix:1.29”的镜像。请检查镜像名是否拼错。"),
    "pod-lifecycle": ("fails-exits-zero", "fails-failed", "value-mismatch",
        "pod/fails: {.status.phase} is “Succeeded”; expected = Failed.",
        "pod/fails：{.status.phase} 的值是“Succeeded”；期望 = Failed。"),
    "init-containers": ("check-runs-first", "pod-ready", "init-failing",
        ("Pod myapp never starts its app containers: the init container check fails (exit code 1, "
        "5 restarts). Init containers run one by one, and each must succeed before the next one starts."),
        ("Pod myapp 的应用容器始终没有启动：Init 容器 check 运行失败（退出码 1，已重启 5 次）。"
        "Init 容器按顺序逐个运行，前一个成功之后，下一个才会开始。")),
    "post-start": ("wrong-file", "hook-never-failed", "unexpected-happened",
        "This must not happen, but it did at 0:04: event FailedPostStartHook pod/web1.",
        "这件事不应该发生，但在 0:04 时发生了：event FailedPostStartHook pod/web1。"),
    "probes": ("liveness-wrong-port", "live-web-steady", "probe-wrong-port",
        ("The liveness probe of container live in pod live-web checks port 8080, but nothing listens "
        "there (the container listens on 80), so the kubelet keeps killing and restarting the container."),
        ("Pod live-web 中容器 live 的存活探针检查的是 8080 端口，但那里没有程序在监听（容器监听的是 80），"
        "所以 kubelet 会不停地杀掉并重启这个容器。")),
    "controller-manager": ("default-tolerations", "replaced", "deadline-missed",
        "“pods app=web, ready, not on kind-worker >= 3” took 5:51; it had to happen within 2m.",
        "“pods app=web, ready, not on kind-worker >= 3”用了 5:51 才发生；它必须在 2m 之内发生。"),
    "label-selectors": ("zone-typo", "all-ready", "unschedulable-affinity",
        ("Pod redis-94b7fcf75-2qfhn stays Pending: no node has the labels its node affinity (or "
        "nodeSelector) requires. Compare `kubectl get nodes --show-labels` with the pod's expressions. "
        "The scheduler says: 0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 node(s) "
        "didn't match Pod's node affinity/selector. no new claims to deallocate, preemption: 0/4 nodes "
        "are available: 4 Preemption is not helpful for scheduling."),
        ("Pod redis-94b7fcf75-2qfhn 一直处于 Pending：没有哪个节点具备它的节点亲和性（或 nodeSelector）"
        "所要求的标签。请对照 `kubectl get nodes --show-labels` 检查 Pod 里的表达式。调度器的说明：0/4 "
        "nodes are available: 1 node(s) had untolerated taint(s), 3 node(s) didn't match Pod's node "
        "affinity/selector. no new claims to deallocate, preemption: 0/4 nodes are available: 4 "
        "Preemption is not helpful for scheduling.")),
    "rolling-update": ("all-unavailable", "never-below-2", "invariant-broken",
        "At 0:00 this did not hold: pods app=nginx, ready >= 2 (observed: 1).",
        "在 0:00 时，这个条件不成立：pods app=nginx, ready >= 2（实际：1）。"),
    "deployment-strategies": ("switch-too-early", "green-ready-before-switch", "order-broken",
        ("“service/web spec.selector.version = green” happened without “pods app=web,version=green, "
        "ready >= 3” before it; the order matters here."),
        ("“service/web spec.selector.version = green”发生时，“pods app=web,version=green, ready >= 3”"
        "还没有发生；这里先后顺序很重要。")),
    "statefulset-ordering": ("parallel", "web-1-after-web-0", "order-broken",
        "“created pod/web-1” happened without “ready pod/web-0” before it; the order matters here.",
        "“created pod/web-1”发生时，“ready pod/web-0”还没有发生；这里先后顺序很重要。"),
    "ingress-nginx": ("old-annotation-prefix", "http-ok", "request-failed",
        ("A request to http://172.18.0.3/demo/ from your workstation got “308 <html> <head><title>308 "
        "Permanent Redirect</title></head> <…”; expected HTTP 200, body contains 'Hello, world!'."),
        ("在你的工作站上请求 http://172.18.0.3/demo/，得到的是“308 <html> <head><title>308 Permanent "
        "Redirect</title></head> <…”；期望 HTTP 200, body contains 'Hello, world!'。")),
    "services": ("target-port-80", "external-ip-serves", "target-port-mismatch",
        ("Service my-service forwards port 80 to targetPort 80, but the pods do not listen there (pod "
        "my-app-f4994d59-bqxw4 listens on 9376). Set targetPort to the container's port."),
        ("Service my-service 把 80 端口转发到 targetPort 80，但 Pod 并没有在那里监听"
        "（Pod my-app-f4994d59-bqxw4 监听的是 9376）。请把 targetPort 设为容器的端口。")),
    "headless-services": ("not-headless", "every-pod", "lookup-mismatch",
        ("Looking up djangoapp from inside pod djangoapp-0 gave 10.108.58.233; expected 10.244.1.3, "
        "10.244.2.3, 10.244.2.4; 3 addresses."),
        ("在 Pod djangoapp-0 中查询 djangoapp，结果是 10.108.58.233；期望 10.244.1.3, 10.244.2.3, "
        "10.244.2.4; 3 addresses。")),
    "access-services": ("cluster-ip", "nodeport", "service-type-access",
        ("Service my-nginx is of type ClusterIP, so it has no port on the nodes: reaching it through a "
        "node's address needs type NodePort (or LoadBalancer)."),
        ("Service my-nginx 的类型是 ClusterIP，所以节点上没有为它开放端口：要通过节点地址访问，类型必须是 "
        "NodePort（或 LoadBalancer）。")),
    "access-pods": ("no-host-port", "host-port-serves", "request-failed",
        ("A request to http://172.18.0.3:8081/ from your workstation got “curl: (7) Failed to connect to "
        "172.18.0.3 port 8081 after 0 ms: Couldn't connect to server”; expected HTTP 200, body contains "
        "'Welcome to nginx!'."),
        ("在你的工作站上请求 http://172.18.0.3:8081/，得到的是“curl: (7) Failed to connect to 172.18.0.3 "
        "port 8081 after 0 ms: Couldn't connect to server”；期望 HTTP 200, body contains "
        "'Welcome to nginx!'。")),
}


def case_params():
    for slug, case in CASES.items():
        # A pending lab may hang the simulator while grading; its case waits for the lab.
        marks = [pytest.mark.skip(reason=f"pending: {PENDING[slug]}")] if slug in PENDING else []
        yield pytest.param(slug, *case, marks=marks, id=slug)


def test_it_has_a_wrong_answer_for_every_lab():
    from .conftest import LAB_SLUGS

    assert set(CASES) == set(LAB_SLUGS)


@pytest.mark.parametrize("slug,mutant,check_id,code,english,chinese", case_params())
def test_it_explains_a_typical_wrong_answer(slug, mutant, check_id, code, english, chinese):
    lab = definition(slug)
    wrong = next(m for m in lab["mutants"] if m["name"] == mutant)
    result = grade(lab, mutant_entries(wrong)).check(check_id)
    assert not result.passed
    assert result.code == code
    assert explain(result.findings[0], "en") == english
    assert explain(result.findings[0], "zh-hans") == chinese
