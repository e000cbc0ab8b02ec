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


def test_it_expands_braces_first(run):
    assert run("echo {a,b}c x{1..3} {01..03} {c..a}").stdout == "ac bc x1 x2 x3 01 02 03 c b a\n"
    assert run("echo '{a,b}' {a} {a,b").stdout == "{a,b} {a} {a,b\n"
    assert run("mkdir -p app/{dev,prod} && ls app").stdout == "dev\nprod\n"


def test_brace_expansion_is_capped(run):
    result = run("echo {1..100000}")
    assert result.exit_code == 124
    assert "brace expansion too large" in result.stderr


def test_it_removes_prefixes_and_suffixes_and_replaces(run):
    line = "f=/k8s/app/pod.yaml; echo ${f#*/} ${f##*/} ${f%.yaml}.json ${f%%/*}x ${f/app/web} " \
           "${f//\\//_}"
    assert run(line).stdout == "k8s/app/pod.yaml pod.yaml /k8s/app/pod.json x " \
                               "/k8s/web/pod.yaml _k8s_app_pod.yaml\n"


def test_it_takes_substrings(run):
    assert run("v=kubernetes; echo ${v:0:4} ${v: -3} ${v:4}").stdout == "kube tes rnetes\n"


def test_it_reads_ansi_c_quotes(run):
    assert run("printf '%s' $'a\\tb\\n'").stdout == "a\tb\n"


def test_arithmetic_takes_bases(run):
    assert run("echo $((0x1f)) $((8#17)) $((2#101))").stdout == "31 15 5\n"


def test_a_failed_expansion_abandons_the_line_as_bash(run):
    result = run("echo $((1/0)); echo after")
    assert (result.stdout, result.exit_code) == ("", 1)
    assert run("x=$(echo $((1/0))); echo after").stdout == "after\n"
    assert run("echo $((1/0)) | cat; echo after").stdout == "after\n"


def test_read_splits_on_ifs(run):
    assert run("IFS=: read user pw uid <<< 'root:x:0:0'; echo $user $uid").stdout == "root 0:0\n"
