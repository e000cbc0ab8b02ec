"""Programs of the images: busybox applets and coreutils (true, false, printenv, rev, hostname,
id, uname, ...), and stand-ins for programs not modelled in depth (perl, node, mysql, ...)."""

import pytest

from kubesim import kubelet

from .helpers import cluster, pod


@pytest.mark.parametrize("image", ["busybox", "debian"])
def test_it_completes_true_and_errors_false(image):
    c = cluster()
    c.run(f"kubectl run ok --image={image} --restart=Never -- true")
    c.run(f"kubectl run ko --image={image} --restart=Never -- false")
    c.advance(20)
    ok, ko = pod(c, "ok")["status"], pod(c, "ko")["status"]
    assert ok["phase"] == "Succeeded" and ok["containerStatuses"][0]["state"]["terminated"]["reason"] == "Completed"
    assert ko["phase"] == "Failed"
    assert ko["containerStatuses"][0]["state"]["terminated"]["exitCode"] == 1


def test_it_runs_the_applets_the_course_uses_inside_a_busybox_pod():
    c = cluster()
    c.run("kubectl run box --image=busybox --env=GREETING=hi -- sleep 3600")
    c.advance(20)
    ip = pod(c, "box")["status"]["podIP"]

    def out(command: str) -> str:
        result = c.run(f"kubectl exec box -- sh -c '{command}'")
        assert result.exit_code == 0, (command, result.stderr)
        return result.stdout

    assert out("printenv GREETING") == "hi\n"
    assert "GREETING=hi\n" in out("printenv")
    assert out("hostname") == "box\n"
    assert out("hostname -i") == f"{ip}\n"
    assert out("whoami") == "root\n"
    assert out("id -u") == "0\n"
    assert out("uname") == "Linux\n"
    assert out("echo hello | rev") == "olleh\n"
    assert out("seq 3 | sort -r | head -n 1") == "3\n"
    assert out("[[ -d /etc ]] && echo yes") == "yes\n"
    assert out("basename /a/b/c.txt .txt; dirname /a/b/c.txt") == "c\n/a/b\n"
    assert out("echo -n hi | md5sum") == "49f68a5c8493ec2c0bf489821c21fc3b  -\n"
    assert out("expr 3 + 4; expr length hello; expr web-2 : \".*-\\([0-9]*\\)\"") == "7\n5\n2\n"
    assert out("ash -c \"echo from ash\"; timeout 5 echo in time") == "from ash\nin time\n"
    assert c.run("kubectl exec box -- printenv NOPE").exit_code == 1


def test_it_prints_pi_with_perl_as_the_job_example_does():
    c = cluster()
    c.run("""kubectl run pi --image=perl:5.34 --restart=Never -- perl -Mbignum=bpi -wle 'print bpi(30)'""")
    c.advance(60)
    assert c.run("kubectl logs pi").stdout == "3.14159265358979323846264338328\n"
    assert pod(c, "pi")["status"]["phase"] == "Succeeded"


def test_it_keeps_stand_in_servers_running_and_answers_their_health_checks():
    c = cluster()
    c.run("kubectl run hello --image=gcr.io/google-samples/node-hello:1.0 --port=8080")
    c.run("kubectl run db --image=mysql:5.7 --env=MYSQL_ALLOW_EMPTY_PASSWORD=1")
    c.advance(60)
    assert c.run("kubectl get pod hello db").stdout.count("Running") == 2
    assert kubelet.http_get(c, pod(c, "hello"), 8080, "/").body == "Hello Kubernetes!"
    assert c.run("kubectl exec db -- mysqladmin ping").stdout == "mysqld is alive\n"


def test_ps_shows_pause_as_pid_1_when_the_pod_shares_its_process_namespace():
    c = cluster()
    c.api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "nginx", "namespace": "default"},
                  "spec": {"shareProcessNamespace": True, "containers": [
                      {"name": "nginx", "image": "nginx"},
                      {"name": "shell", "image": "busybox:1.28", "command": ["sleep", "3600"]}]}})
    c.advance(20)
    lines = c.run("kubectl exec nginx -c shell -- ps").stdout.splitlines()
    assert lines[0] == "PID   USER     TIME  COMMAND"
    assert lines[1] == "    1 65535     0:00 /pause"
    commands = [line[21:] for line in lines[1:]]
    assert commands[1] == "nginx: master process nginx -g daemon off;"
    assert "nginx: worker process" in commands and commands[-2:] == ["sleep 3600", "ps"]
    pids = [int(line[:5]) for line in lines[1:]]
    assert pids == sorted(pids)


def test_ps_shows_the_containers_own_process_as_pid_1_without_sharing():
    c = cluster()
    c.run("kubectl run solo --image=busybox -- sleep 3600")
    c.advance(20)
    lines = c.run("kubectl exec solo -- ps").stdout.splitlines()
    assert lines[1] == "    1 root      0:00 sleep 3600"
    assert lines[-1].endswith(" ps") and len(lines) == 3
