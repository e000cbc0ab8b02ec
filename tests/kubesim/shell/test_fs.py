"""The virtual filesystem: a home, paths, errors as coreutils word them."""

import pytest

from kubesim.shell import FSError, VirtualFS


def test_it_starts_with_a_home_and_tmp():
    fs = VirtualFS()
    assert fs.is_dir("/home/learner") and fs.is_dir("/tmp")
    assert fs.listdir("/home/learner") == []


def test_it_resolves_relative_paths_and_dots():
    fs = VirtualFS()
    fs.write("note", "x", cwd="/home/learner/../learner/./")
    assert fs.read("/home/learner/note") == b"x"
    assert fs.read("../../home/learner/note", cwd="/tmp") == b"x"


def test_it_raises_errors_with_the_strerror_text():
    fs = VirtualFS()
    with pytest.raises(FSError) as missing:
        fs.read("/nofile")
    assert missing.value.strerror == "No such file or directory"
    with pytest.raises(FSError) as directory:
        fs.read("/tmp")
    assert directory.value.strerror == "Is a directory"
    fs.write("/tmp/f", "")
    with pytest.raises(FSError) as not_dir:
        fs.write("/tmp/f/g", "")
    assert not_dir.value.strerror == "Not a directory"


def test_it_stamps_files_with_the_injected_clock():
    now = [1_767_225_600.0]
    fs = VirtualFS(clock=lambda: now[0])
    fs.write("/tmp/a", "1")
    now[0] += 60
    fs.write("/tmp/a", "2", append=True)
    assert fs.stat("/tmp/a").mtime == 1_767_225_660.0
    assert fs.read("/tmp/a") == b"12"


def test_it_caps_the_total_size(run):
    result = run("seq 1000000 > a; for i in 1 2 3 4 5 6; do cat a a a > b$i; done")
    assert result.exit_code != 0
    assert "File too large" in result.stderr
