"""Parameters, command substitution, arithmetic, tilde and globs."""


def test_it_expands_variables_in_all_their_forms(run):
    assert run("A=x; echo $A ${A} \"${A}y\" $Ay").stdout == "x x xy\n"


def test_it_supports_defaults_and_lengths(run):
    line = "B=hello; echo ${U:-dflt} ${B:-dflt} ${#B} ${U:+alt} ${B:+alt} ${U:=set} $U"
    assert run(line).stdout == "dflt hello 5 alt set set\n"


def test_it_reports_a_required_parameter(run):
    result = run("echo ${MISSING:?must be set}")
    assert result.stderr == "bash: MISSING: must be set\n"
    assert result.exit_code == 1


def test_it_expands_the_last_status(run):
    assert run("false; echo $?; true; echo $?").stdout == "1\n0\n"
    assert run("nosuch 2>/dev/null; echo $?").stdout == "127\n"


def test_it_substitutes_commands(run):
    assert run("echo \"[$(printf 'a\\nb\\n\\n')]\"").stdout == "[a\nb]\n"
    assert run("echo `echo back` $(echo $(echo nested))").stdout == "back nested\n"


def test_an_assignment_takes_the_status_of_its_substitution(run):
    assert run("X=$(false); echo $?").stdout == "1\n"


def test_it_does_arithmetic_in_64_bits(run):
    assert run("i=5; echo $((i * 2 + 1)) $(( (1+2)**3 )) $((7 / 2)) $((-7 % 3))").stdout == \
        "11 27 3 -1\n"
    assert run("echo $((2**63))").stdout == "-9223372036854775808\n"
    assert run("i=1; i=$((i+1)); echo $i").stdout == "2\n"


def test_it_reports_division_by_zero(run):
    result = run("echo $((1/0))")
    assert result.stderr == 'bash: 1/0: division by 0 (error token is "0")\n'
    assert result.exit_code == 1


def test_it_expands_tilde_at_the_start_of_words_and_assignments(run):
    assert run("K=~/.kube; echo ~ ~/x $K a~").stdout == \
        "/home/learner /home/learner/x /home/learner/.kube a~\n"


def test_it_globs_against_the_virtual_filesystem(shell, run):
    for name in ("b.yaml", "a.yaml", "c.txt", ".hidden.yaml"):
        shell.fs.write(f"/home/learner/{name}", "")
    assert run("echo *.yaml").stdout == "a.yaml b.yaml\n"
    assert run("echo ?.txt").stdout == "c.txt\n"
    assert run("echo [ab].yaml").stdout == "a.yaml b.yaml\n"
    assert run("echo '*.yaml' \\*.yaml").stdout == "*.yaml *.yaml\n"
    assert run("echo *.none").stdout == "*.none\n"
    assert run("echo /home/learner/*.txt").stdout == "/home/learner/c.txt\n"


def test_it_passes_positional_parameters_to_sh_c(run):
    assert run("sh -c 'echo $0 $1 $#; for a in \"$@\"; do echo \"<$a>\"; done' me 'x y' z").stdout \
        == "me x y 2\n<x y>\n<z>\n"
