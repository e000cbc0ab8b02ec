"""The notes' pipeline: take the client key out of a kubeconfig and decode it."""

import base64

KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n"
KUBECONFIG = f"""apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: {base64.b64encode(b"ca").decode()}
    server: https://172.18.0.2:6443
  name: kind-kind
users:
- name: kind-kind
  user:
    client-certificate-data: {base64.b64encode(b"cert").decode()}
    client-key-data: {base64.b64encode(KEY.encode()).decode()}
"""


def write_kubeconfig(shell):
    shell.fs.write("/home/learner/.kube/config", KUBECONFIG, parents=True)


def test_it_decodes_the_client_key(shell, run):
    write_kubeconfig(shell)
    result = run("grep client-key-data ~/.kube/config | awk '{print $2}' | base64 -d")
    assert result.stdout == KEY
    assert result.stderr == ""
    assert result.exit_code == 0


def test_it_saves_the_key_to_a_file(shell, run):
    write_kubeconfig(shell)
    run("grep client-key-data ~/.kube/config | awk '{print $2}' | base64 -d > client.key")
    assert shell.fs.read("/home/learner/client.key").decode() == KEY
    assert run("head -1 client.key").stdout == "-----BEGIN RSA PRIVATE KEY-----\n"


def test_it_works_with_cut_instead_of_awk(shell, run):
    write_kubeconfig(shell)
    result = run("grep client-key-data ~/.kube/config | cut -d: -f2 | tr -d ' ' | base64 --decode")
    assert result.stdout == KEY


def test_it_reports_a_missing_kubeconfig_as_grep_does(run):
    result = run("grep client-key-data ~/.kube/config | awk '{print $2}' | base64 -d")
    assert result.stderr == "grep: /home/learner/.kube/config: No such file or directory\n"
    assert result.stdout == ""
    assert result.exit_code == 0  # the pipeline's status is base64's, which read nothing
