"""What `kubectl logs` and `kubectl exec` show: every line a process wrote, stdout and stderr
where they belong, and commands that keep running (`sleep`, `tail -f`, `logs -f`)."""

from kubesim import clock as clk
from kubesim import kubelet

from .helpers import apply, cluster, pod, summary

PULLER_AFTER_SLEEP = """metadata: {name: site}
spec:
  volumes: [{name: html, emptyDir: {}}]
  containers:
  - name: puller
    image: busybox
    command: [sh, -c, "sleep 5; echo 'Hello from the File Puller' > /html/index.html; sleep 3600"]
    volumeMounts: [{name: html, mountPath: /html}]
  - name: server
    image: nginx
    volumeMounts: [{name: html, mountPath: /usr/share/nginx/html}]
"""


def test_it_keeps_what_a_script_prints_after_a_sleep():
    c = cluster()
    c.run('kubectl run bb --image=busybox --restart=Never -- sh -c "echo a; sleep 5; echo b"')
    c.advance(30)
    assert summary(c, "bb") == ("0/1", "Completed", 0)
    assert kubelet.logs(c, pod(c, "bb"), "bb") == "a\nb\n"
    assert c.run("kubectl logs bb").stdout == "a\nb\n"


def test_it_logs_every_round_of_a_running_loop_at_its_moment():
    c = cluster()
    c.run('kubectl run clock --image=busybox -- sh -c "while true; do date; sleep 10; done"')
    c.advance(35)
    started = pod(c, "clock")["status"]["containerStatuses"][0]["state"]["running"]["startedAt"]
    lines = c.run("kubectl logs clock").stdout.splitlines()
    assert started.startswith("2026-01-01T00:00:01")
    assert lines == [f"Thu Jan  1 00:00:{s} UTC 2026" for s in ("01", "11", "21", "31")]


def test_previous_shows_the_whole_output_of_the_attempt_before():
    c = cluster()
    c.run('kubectl run crash --image=busybox -- sh -c "echo start; date; sleep 3; echo end; exit 1"')
    c.advance(12)
    assert summary(c, "crash")[1] == "CrashLoopBackOff"
    last = c.run("kubectl logs crash").stdout
    # Waiting to restart, the container's last run is both its log and its previous one.
    assert last.startswith("start\n") and last.endswith("end\n")
    assert c.run("kubectl logs crash --previous").stdout == last
    while summary(c, "crash")[1] != "Running":  # the back-off ends and it runs again
        c.advance(1)
    assert c.run("kubectl logs crash --previous").stdout == last
    assert c.run("kubectl logs crash").stdout.startswith("start\n") and c.run("kubectl logs crash").stdout != last


def test_the_web_server_serves_what_the_puller_wrote_after_its_sleep():
    c = cluster()
    apply(c, PULLER_AFTER_SLEEP)
    c.advance(3)
    started = pod(c, "site")["status"]["containerStatuses"][0]["state"]["running"]["startedAt"]
    c.advance_to(clk.parse_timestamp(started) + 4000)
    assert c.run("kubectl exec site -c puller -- ls /html").stdout == ""  # nothing there yet
    c.advance(10)
    page = kubelet.http_get(c, pod(c, "site"), 80, "/")
    assert (page.status, page.body) == (200, "Hello from the File Puller\n")


def test_exec_keeps_stdout_and_stderr_apart_and_reports_the_exit_code():
    c = cluster()
    c.run("kubectl run bb --image=busybox -- sleep 3600")
    c.advance(20)
    result = kubelet.exec_in(c, pod(c, "bb"), "bb", ["sh", "-c", "echo out; echo err >&2; exit 3"])
    assert (result.stdout, result.stderr, result.exit_code) == ("out\n", "err\n", 3)
    shown = c.run("kubectl exec bb -- ls /nope")
    assert shown.stdout == ""
    assert shown.stderr == "ls: /nope: No such file or directory\ncommand terminated with exit code 1\n"
    assert shown.exit_code == 1


def test_debian_images_word_errors_as_gnu_coreutils_does():
    c = cluster()
    c.run("kubectl run web --image=nginx")
    c.advance(20)
    shown = c.run("kubectl exec web -- ls /nope")
    assert shown.stderr == "ls: cannot access '/nope': No such file or directory\ncommand terminated with exit code 2\n"


def test_a_missing_binary_is_the_runtimes_error_not_the_commands():
    c = cluster()
    c.run("kubectl run bb --image=busybox -- sleep 3600")
    c.advance(20)
    shown = c.run("kubectl exec bb -- curl -s http://web")
    assert shown.stdout == ""
    assert shown.stderr.startswith("error: Internal error occurred:")
    assert shown.stderr.endswith('exec: "curl": executable file not found in $PATH: unknown\n')
    assert "command terminated" not in shown.stderr and shown.exit_code == 1


def test_logs_merge_stdout_and_stderr_in_the_order_written():
    c = cluster()
    c.run('kubectl run mix --image=busybox --restart=Never -- sh -c "echo 1; echo 2 >&2; sleep 1; echo 3 >&2; echo 4"')
    c.advance(20)
    assert c.run("kubectl logs mix").stdout == "1\n2\n3\n4\n"


def test_exec_that_sleeps_takes_virtual_time_and_returns_all_its_output():
    c = cluster()
    c.run("kubectl run bb --image=busybox -- sleep 3600")
    c.advance(20)
    before = c.clock.now
    shown = c.run("kubectl exec bb -- sh -c 'echo a; sleep 3; echo b'")
    assert (shown.stdout, c.clock.now - before) == ("a\nb\n", 3000)


def test_tail_f_in_a_container_prints_what_is_appended():
    c = cluster()
    c.run('kubectl run t --image=busybox -- sh -c "echo one > /f; tail -f /f"')
    c.advance(15)
    assert c.run("kubectl logs t").stdout == "one\n"
    c.run("kubectl exec t -- sh -c 'echo two >> /f'")
    assert c.run("kubectl logs t").stdout == "one\ntwo\n"
    assert summary(c, "t") == ("1/1", "Running", 0)


def test_tail_f_follows_a_file_another_container_writes():
    c = cluster()
    apply(c, """metadata: {name: app}
spec:
  volumes: [{name: logs, emptyDir: {}}]
  containers:
  - name: writer
    image: busybox
    command: [sh, -c, "i=0; while true; do i=$((i+1)); echo line $i >> /logs/app.log; sleep 5; done"]
    volumeMounts: [{name: logs, mountPath: /logs}]
  - name: shipper
    image: busybox
    command: [sh, -c, "tail -n +1 -f /logs/app.log"]
    volumeMounts: [{name: logs, mountPath: /logs}]
""")
    c.advance(23)
    assert c.run("kubectl logs app -c shipper").stdout == "".join(f"line {i}\n" for i in range(1, 6))


def test_logs_f_shows_the_lines_written_while_following():
    c = cluster()
    c.run('kubectl run clock --image=busybox -- sh -c "while true; do echo tick; sleep 10; done"')
    c.advance(5)
    before = c.clock.now
    shown = c.run("kubectl logs -f clock")
    assert c.clock.now - before == 60_000
    assert shown.stdout == "tick\n" * 7


def test_logs_f_ends_when_the_container_does():
    c = cluster()
    c.run('kubectl run job --image=busybox --restart=Never -- sh -c "echo a; sleep 5; echo b"')
    c.advance(3)
    before = c.clock.now
    assert c.run("kubectl logs -f job").stdout == "a\nb\n"
    assert c.clock.now - before < 10_000
