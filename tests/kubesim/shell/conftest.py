"""A fresh learner's shell for every test (strict: a tool's Python error fails the test)."""

import pytest

from kubesim.shell import Shell


@pytest.fixture
def shell():
    sh = Shell(env={"USER": "learner"})
    sh.strict = True
    return sh


@pytest.fixture
def run(shell):
    return shell.run
