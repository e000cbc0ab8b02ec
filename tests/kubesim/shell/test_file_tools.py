"""cat, ls, mkdir, touch, rm, cp, mv, tee, chmod on the virtual filesystem."""


def test_cat_concatenates_and_numbers(shell, run):
    shell.fs.write("/home/learner/a", "1\n")
    shell.fs.write("/home/learner/b", "2\n")
    assert run("cat a b").stdout == "1\n2\n"
    assert run("cat -n a b").stdout == "     1\t1\n     2\t2\n"
    assert run("echo in | cat a - b").stdout == "1\nin\n2\n"
    result = run("cat a nofile b")
    assert (result.stdout, result.stderr, result.exit_code) == \
        ("1\n2\n", "cat: nofile: No such file or directory\n", 1)
    assert run("cat /tmp").stderr == "cat: /tmp: Is a directory\n"


def test_ls_lists_names_and_long_format(shell, run):
    run("mkdir -p k8s; echo 'kind: Pod' > pod.yaml; touch .hidden")
    assert run("ls").stdout == "k8s\npod.yaml\n"
    assert run("ls -1").stdout == "k8s\npod.yaml\n"
    assert run("ls -a").stdout == ".\n..\n.hidden\nk8s\npod.yaml\n"
    assert run("ls -l").stdout == (
        "total 8\n"
        "drwxr-xr-x 2 learner learner 4096 Jan  1 00:00 k8s\n"
        "-rw-r--r-- 1 learner learner   10 Jan  1 00:00 pod.yaml\n")
    assert run("ls pod.yaml /tmp").stdout == "pod.yaml\n\n/tmp:\n"
    result = run("ls nofile")
    assert result.stderr == "ls: cannot access 'nofile': No such file or directory\n"
    assert result.exit_code == 2


def test_mkdir_touch_and_rm(shell, run):
    assert run("mkdir a/b").stderr == \
        "mkdir: cannot create directory 'a/b': No such file or directory\n"
    run("mkdir -p a/b && touch a/b/f")
    assert shell.fs.is_file("/home/learner/a/b/f")
    assert run("mkdir a").stderr == "mkdir: cannot create directory 'a': File exists\n"
    assert run("rm a").stderr == "rm: cannot remove 'a': Is a directory\n"
    assert run("rm nofile").stderr == "rm: cannot remove 'nofile': No such file or directory\n"
    assert run("rm -f nofile").exit_code == 0
    assert run("rm -r a && ls").stdout == ""


def test_cp_and_mv(shell, run):
    run("echo data > f; mkdir d")
    run("cp f g && cp f d && mv g h")
    assert run("ls; ls d").stdout == "d\nf\nh\nf\n"
    assert run("cp nofile x").stderr == "cp: cannot stat 'nofile': No such file or directory\n"
    assert run("cp d e").stderr == "cp: -r not specified; omitting directory 'd'\n"
    run("cp -r d e && mv e/f e/renamed")
    assert shell.fs.read("/home/learner/e/renamed") == b"data\n"
    assert run("cp f").stderr == "cp: missing destination file operand after 'f'\n" \
                                 "Try 'cp --help' for more information.\n"


def test_tee_copies_to_files_and_stdout(shell, run):
    assert run("echo hi | tee a b").stdout == "hi\n"
    run("echo again | tee -a a > /dev/null")
    assert shell.fs.read("/home/learner/a") == b"hi\nagain\n"
    assert shell.fs.read("/home/learner/b") == b"hi\n"


def test_scripts_run_with_sh_and_when_executable(shell, run):
    run("printf 'echo script $1\\n' > s.sh")
    assert run("sh s.sh arg").stdout == "script arg\n"
    result = run("./s.sh")
    assert (result.stderr, result.exit_code) == ("bash: ./s.sh: Permission denied\n", 126)
    run("chmod +x s.sh")
    assert run("ls -l s.sh").stdout.startswith("-rwxr-xr-x ")
