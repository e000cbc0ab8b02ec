"""awk: the subset the notes and labs use, with gawk's output."""

import pytest

DATA = "name age team\nalice 30 red\nbob 25 blue\ncarol 35 red\n"


@pytest.fixture
def data(shell):
    shell.fs.write("/home/learner/people.txt", DATA)
    shell.fs.write("/home/learner/passwd", "root:x:0:0:root:/root:/bin/bash\n"
                                           "learner:x:1000:1000::/home/learner:/bin/bash\n")


@pytest.mark.parametrize("program, output", [
    ("'{print $2}'", "age\n30\n25\n35\n"),
    ("'NR>1 {print $1}'", "alice\nbob\ncarol\n"),
    ("'{print $1,$3}'", "name team\nalice red\nbob blue\ncarol red\n"),
    ("'{print $NF}'", "team\nred\nblue\nred\n"),
    ("'{print $(NF-1)}'", "age\n30\n25\n35\n"),
    ("'/red/'", "alice 30 red\ncarol 35 red\n"),
    ("'$3 == \"red\" {n++} END {print n}'", "2\n"),
    ("'NR > 1 && $2 > 28 {print $1}'", "alice\ncarol\n"),
    ("'NR>1 {sum += $2} END {print sum, sum/(NR-1)}'", "90 30\n"),
    ("'BEGIN {print \"start\"} END {print NR \" lines\"}'", "start\n4 lines\n"),
    ("'NR < 3 {print NR\": \"$1}'", "1: name\n2: alice\n"),
    ("'NR==2, NR==3 {print $1}'", "alice\nbob\n"),
    ("'NR == 4 {printf \"%-6s|%3d\\n\", $1, $2}'", "carol | 35\n"),
    ("'NR>1 {t[$3] += $2} END {print t[\"red\"], t[\"blue\"]}'", "65 25\n"),
    ("'NR == 1 { $2 = \"-\"; print }'", "name - team\n"),
    ("'END { print length($1), toupper(substr($1, 1, 1)) }'", "5 C\n"),
    ("'NR == 1 { n = split($0, parts, \" \"); print n, parts[3] }'", "3 team\n"),
    ("'NR==2 { gsub(/l/, \"L\"); print }'", "aLice 30 red\n"),
    ("'NR==2 { sub(/[0-9]+/, \"<&>\"); print }'", "alice <30> red\n"),
    ("'NR==3 { print index($0, \"25\"), match($0, /[0-9]+/), RSTART, RLENGTH }'", "5 5 5 2\n"),
    ("-v min=30 'NR>1 && $2 >= min {print $1}'", "alice\ncarol\n"),
    ("'$1 ~ /^b/ || $1 !~ /a/ {print $1}'", "bob\n"),
    ("'NR>1 { if ($2 > 30) print $1, \"old\"; else print $1, \"young\" }'",
     "alice young\nbob young\ncarol old\n"),
    ("'NR==1 { for (i = NF; i > 0; i--) printf \"%s \", $i; print \"\" }'", "team age name \n"),
    ("'NR>1 {print $1 > \"/dev/stderr\"}'", ""),
])
def test_it_runs_programs_over_files(data, run, program, output):
    assert run(f"awk {program} people.txt").stdout == output


def test_it_splits_on_a_field_separator(data, run):
    assert run("awk -F: '{print $1}' passwd").stdout == "root\nlearner\n"
    assert run("awk -F: -v OFS=, '{print $1, $NF}' passwd").stdout == \
        "root,/bin/bash\nlearner,/bin/bash\n"
    assert run("echo 'a, b,c' | awk -F', *' '{print $2 $3}'").stdout == "bc\n"
    assert run("printf 'a\\tb c\\n' | awk -F'\\t' '{print $2}'").stdout == "b c\n"


def test_it_reads_standard_input_and_compares_numbers_as_numbers(run):
    assert run("printf '10\\n9\\n100\\n' | awk '$1 > 9'").stdout == "10\n100\n"
    assert run("echo '3 4' | awk '{print $1 * $2, $1 / $2, $1 % $2, -$1, $1 ^ 2}'").stdout == \
        "12 0.75 3 -3 9\n"
    assert run("awk 'BEGIN {print 1e6, 0.1 + 0.2, 2 ^ 53, 7 / 3, int(-3.7)}'").stdout == \
        "1000000 0.3 9007199254740992 2.33333 -3\n"


def test_it_writes_to_files_and_pipes(shell, run):
    run("printf 'b\\na\\n' | awk '{print > \"out.txt\"; print | \"sort\"}'")
    assert shell.fs.read("/home/learner/out.txt") == b"b\na\n"
    assert run("printf 'b\\na\\n' | awk '{print | \"sort\"}'").stdout == "a\nb\n"


def test_it_supports_functions_and_loops(run):
    program = "function fib(n) { return n < 2 ? n : fib(n-1) + fib(n-2) } " \
              "BEGIN { for (i = 1; i <= 10; i++) s = s fib(i) \" \"; print s; " \
              "i = 0; while (i < 3) { i++; if (i == 2) continue; printf \"%d\", i }; print \"\" }"
    assert run(f"awk '{program}'").stdout == "1 1 2 3 5 8 13 21 34 55 \n13\n"


def test_it_reports_syntax_errors_as_gawk(run):
    result = run("awk '{print $2'")
    assert result.stderr == "awk: cmd. line:1: {print $2\n" \
                            "awk: cmd. line:1:          ^ unexpected newline or end of string\n"
    assert result.exit_code == 1


def test_it_reports_fatal_errors_as_gawk(run):
    assert run("awk 'BEGIN {print 1/0}'").stderr == \
        "awk: cmd. line:1: fatal: division by zero attempted\n"
    result = run("awk '{print}' nofile")
    assert result.stderr == \
        "awk: fatal: cannot open file `nofile' for reading: No such file or directory\n"
    assert result.exit_code == 2


def test_exit_sets_the_status_and_runs_end(run):
    result = run("printf '1\\n2\\n3\\n' | awk '$1 == 2 {exit 3} {print} END {print \"end\"}'")
    assert (result.stdout, result.exit_code) == ("1\nend\n", 3)


def test_next_skips_the_remaining_rules(run):
    assert run("printf 'a\\nb\\n' | awk '/a/ {next} {print}'").stdout == "b\n"


def test_environ_comes_from_the_shell(run):
    assert run("export NS=dev; awk 'BEGIN {print ENVIRON[\"NS\"]}'").stdout == "dev\n"
