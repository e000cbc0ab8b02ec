"""Other engineers plug commands (kubectl, curl, ...) into the shell through the registry."""

from kubesim.shell import Invocation, Shell, workstation_registry


def fake_kubectl(ctx: Invocation) -> int:
    if ctx.argv[1:] == ["get", "pods"]:
        ctx.stdout.write("NAME   READY   STATUS\nweb-1  1/1     Running\ndb-1   0/1     Pending\n")
        return 0
    if ctx.argv[1:3] == ["apply", "-f"]:
        data = ctx.stdin if ctx.argv[3] == "-" else ctx.fs.read(ctx.argv[3], ctx.cwd)
        ctx.stdout.write(f"applied {len(data)} bytes from {ctx.cwd}\n")
        return 0
    ctx.stderr.write(f"error: unknown command \"{ctx.argv[1]}\" for \"kubectl\"\n")
    return 1


def make_shell() -> Shell:
    commands = workstation_registry()
    commands.register("kubectl", fake_kubectl, path="/usr/local/bin/kubectl")
    shell = Shell(commands=commands)
    shell.strict = True
    return shell


def test_a_registered_command_joins_pipelines():
    shell = make_shell()
    assert shell.run("kubectl get pods | grep Running | awk '{print $1}'").stdout == "web-1\n"
    assert shell.run("kubectl get pods | tail -n +2 | wc -l").stdout == "2\n"


def test_a_registered_command_reads_standard_input_and_files():
    shell = make_shell()
    assert shell.run("echo 'kind: Pod' | kubectl apply -f -").stdout == \
        "applied 10 bytes from /home/learner\n"
    shell.run("mkdir m; echo 'kind: Pod' > m/pod.yaml; cd m")
    assert shell.run("kubectl apply -f pod.yaml").stdout == "applied 10 bytes from /home/learner/m\n"
    assert shell.run("kubectl apply -f - <<EOF\nkind: Pod\nEOF").stdout == \
        "applied 10 bytes from /home/learner/m\n"


def test_a_registered_commands_errors_and_status_come_through():
    result = make_shell().run("kubectl frobnicate || echo failed")
    assert result.stderr == "error: unknown command \"frobnicate\" for \"kubectl\"\n"
    assert result.stdout == "failed\n"


def test_which_finds_registered_commands():
    shell = make_shell()
    assert shell.run("which kubectl grep").stdout == "/usr/local/bin/kubectl\n/usr/bin/grep\n"
    result = shell.run("which cd nosuch")
    assert (result.stdout, result.exit_code) == ("", 1)


def test_a_command_receives_exported_variables_and_prefix_assignments():
    seen = {}

    def show_env(ctx: Invocation) -> int:
        seen.update(ctx.env)
        return 0

    commands = workstation_registry()
    commands.register("show", show_env)
    shell = Shell(env={"USER": "learner"}, commands=commands)
    shell.run("LOCAL=1; export KUBECONFIG=~/kc; NS=dev show")
    assert seen["KUBECONFIG"] == "/home/learner/kc"
    assert seen["NS"] == "dev"
    assert "LOCAL" not in seen


def test_a_command_can_run_a_nested_line_through_its_shell():
    def twice(ctx: Invocation) -> int:
        for _ in range(2):
            ctx.shell.run_text(ctx.argv[1], _streams(ctx), catch_limits=False)
        return 0

    commands = workstation_registry()
    commands.register("twice", twice)
    assert Shell(commands=commands).run("twice 'echo hi'").stdout == "hi\nhi\n"


def _streams(ctx):
    from kubesim.shell.registry import Streams

    return Streams(ctx.stdin_stream, ctx.stdout, ctx.stderr)


def test_copies_of_the_registry_are_independent():
    base = workstation_registry()
    extended = base.copy()
    extended.register("kubectl", fake_kubectl)
    assert "kubectl" in extended and "kubectl" not in base


def test_a_broken_tool_is_reported_not_raised():
    def broken(ctx: Invocation) -> int:
        raise ValueError("bug")

    commands = workstation_registry()
    commands.register("broken", broken)
    result = Shell(commands=commands).run("broken; echo still here")
    assert result.stderr == "broken: internal error: ValueError: bug\n"
    assert result.stdout == "still here\n"
