"""The learner's workstation: a home folder with `~/.kube/config` for the kind cluster."""

import base64
import textwrap

from .shell.fs import VirtualFS

API_SERVER = "https://172.18.0.2:6443"
CONTEXT = "kind-kind"


def _pem(label: str, seed_text: str, lines: int) -> str:
    """A PEM block with a deterministic body: enough for pipelines that cut and decode it."""
    body = base64.b64encode((seed_text * 64).encode()[: lines * 48]).decode()
    return f"-----BEGIN {label}-----\n" + "\n".join(textwrap.wrap(body, 64)) + f"\n-----END {label}-----\n"


CA_CERT = _pem("CERTIFICATE", "kubelab kubernetes ca ", 18)
CLIENT_CERT = _pem("CERTIFICATE", "kubelab kubernetes-admin kubeadm:cluster-admins ", 20)
CLIENT_KEY = _pem("RSA PRIVATE KEY", "kubelab kubernetes-admin private key ", 25)


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def kubeconfig() -> str:
    return f"""apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: {_b64(CA_CERT)}
    server: {API_SERVER}
  name: {CONTEXT}
contexts:
- context:
    cluster: {CONTEXT}
    user: {CONTEXT}
  name: {CONTEXT}
current-context: {CONTEXT}
kind: Config
preferences: {{}}
users:
- name: {CONTEXT}
  user:
    client-certificate-data: {_b64(CLIENT_CERT)}
    client-key-data: {_b64(CLIENT_KEY)}
"""


def new_home(clock) -> VirtualFS:
    fs = VirtualFS(clock)
    fs.mkdir(fs.home + "/.kube", parents=True)
    fs.write(fs.home + "/.kube/config", kubeconfig())
    return fs
