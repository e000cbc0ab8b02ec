"""Here-documents: the terminal may send several lines at once."""


def test_it_expands_an_unquoted_here_document(run):
    line = "NAME=web\ncat <<EOF\nname: $NAME\nhome: ~ $(echo sub)\nEOF\necho after"
    assert run(line).stdout == "name: web\nhome: ~ sub\nafter\n"


def test_it_keeps_a_quoted_here_document_literal(run):
    line = "cat <<'EOF'\n$HOME `date` \\n\nEOF"
    assert run(line).stdout == "$HOME `date` \\n\n"


def test_it_strips_leading_tabs_with_dash(run):
    assert run("cat <<-END\n\t\tindented\n\tEND\n").stdout == "indented\n"


def test_it_writes_a_manifest_to_a_file(shell, run):
    line = "cat > pod.yaml <<EOF\napiVersion: v1\nkind: Pod\nEOF\ngrep -c : pod.yaml"
    result = run(line)
    assert shell.fs.read("/home/learner/pod.yaml") == b"apiVersion: v1\nkind: Pod\n"
    assert result.stdout == "2\n"


def test_it_pipes_a_here_document(run):
    assert run("cat <<EOF | wc -l\na\nb\nc\nEOF").stdout == "3\n"


def test_it_reads_two_here_documents_in_order(run):
    assert run("cat <<A; cat <<B\none\nA\ntwo\nB").stdout == "one\ntwo\n"


def test_it_warns_about_a_missing_delimiter_as_bash(run):
    result = run("cat <<EOF\nno end")
    assert result.stdout == "no end\n"
    assert result.stderr == \
        "bash: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')\n"
