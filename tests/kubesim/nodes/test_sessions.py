"""The browser's `kubectl exec -it POD -- sh`: a shell whose directory and variables last from
line to line, whose effects persist, and which a replay of the cluster rebuilds."""

import pytest

from kubesim import kubelet
from kubesim.cluster import Cluster

from .helpers import cluster, pod


def running(c, name: str, image: str) -> dict:
    c.run(f"kubectl run {name} --image={image}" + (" -- sleep 36000" if image == "busybox" else ""))
    c.advance(20)
    return pod(c, name)


def test_it_keeps_the_directory_and_variables_between_lines():
    c = cluster()
    session = kubelet.open_session(c, running(c, "bb", "busybox"), "bb")
    assert kubelet.session_prompt(c, session) == "/ # "
    kubelet.session_input(c, session, "cd /tmp")
    kubelet.session_input(c, session, "GREETING=hello; export NAME=kube")
    result = kubelet.session_input(c, session, 'echo "$GREETING $NAME from $(pwd)"')
    assert (result.stdout, result.stderr, result.exit_code) == ("hello kube from /tmp\n", "", 0)
    assert kubelet.session_prompt(c, session) == "/tmp # "
    kubelet.session_input(c, session, "cd")
    assert kubelet.session_prompt(c, session) == "~ # "


def test_its_effects_persist_like_kubectl_exec():
    c = cluster()
    session = kubelet.open_session(c, running(c, "bb", "busybox"), "bb")
    kubelet.session_input(c, session, "echo saved > /tmp/note")
    assert c.run("kubectl exec bb -- cat /tmp/note").stdout == "saved\n"


def test_errors_go_to_stderr_with_the_status():
    c = cluster()
    session = kubelet.open_session(c, running(c, "bb", "busybox"), "bb")
    result = kubelet.session_input(c, session, "ls /nope")
    assert (result.stdout, result.stderr, result.exit_code) == ("", "ls: /nope: No such file or directory\n", 1)
    assert kubelet.session_input(c, session, "echo $?").stdout == "1\n"


def test_exit_ends_the_session_as_kubectl_reports_it():
    c = cluster()
    session = kubelet.open_session(c, running(c, "bb", "busybox"), "bb")
    result = kubelet.session_input(c, session, "exit 3")
    assert (result.stderr, result.exit_code) == ("command terminated with exit code 3\n", 3)
    assert kubelet.session_prompt(c, session) is None
    assert kubelet.session_input(c, kubelet.open_session(c, pod(c, "bb"), "bb"), "exit").exit_code == 0


def test_debian_images_show_bashs_prompt_with_the_pod_name():
    c = cluster()
    session = kubelet.open_session(c, running(c, "web", "nginx"), "web")
    assert kubelet.session_prompt(c, session) == "root@web:/# "
    kubelet.session_input(c, session, "cd /usr/share/nginx/html")
    assert kubelet.session_prompt(c, session) == "root@web:/usr/share/nginx/html# "
    dash = kubelet.open_session(c, pod(c, "web"), "web", shell="sh")
    assert kubelet.session_prompt(c, dash) == "# "


def test_a_container_without_a_shell_refuses_the_session():
    c = cluster()
    c.run("kubectl create deployment hello --image=gcr.io/google-samples/hello-app:1.0")
    c.advance(20)
    hello = next(p for p in c.store.list("pods", "default") if p["metadata"]["name"].startswith("hello"))
    with pytest.raises(kubelet.SessionError, match='exec: "sh": executable file not found in \\$PATH'):
        kubelet.open_session(c, hello, "hello-app")


def test_the_container_ending_ends_the_session():
    c = cluster()
    session = kubelet.open_session(c, running(c, "bb", "busybox"), "bb")
    c.run("kubectl delete pod bb --wait=false")
    c.advance(40)
    assert kubelet.session_input(c, session, "ls").exit_code == 137
    assert kubelet.session_prompt(c, session) is None


def test_sessions_are_plain_data_that_snapshots_and_replays_keep():
    c = cluster()
    session = kubelet.open_session(c, running(c, "bb", "busybox"), "bb")
    kubelet.session_input(c, session, "cd /etc && X=1")
    restored = Cluster.from_bytes(c.to_bytes())
    assert kubelet.session_input(restored, session, "echo $X; pwd").stdout == "1\n/etc\n"
    assert c.verify()
