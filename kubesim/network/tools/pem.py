"""The simulator's stand-in for X.509: PEM blocks whose body encodes who the certificate is for.

Real certificates cannot be made or checked here (no cryptography, no randomness outside the
cluster's streams), so `openssl` writes PEM blocks whose base64 body is a readable record
(`kubelab-cert` subject, issuer, names, validity). The kubeconfig's client certificate and CA
(`kubesim.workstation`) are recognised by their content. Everything else that looks like PEM
is treated as a self-signed certificate for a name nobody can verify.
"""

from __future__ import annotations

import base64
import textwrap

from ... import workstation

MAGIC = "kubelab-cert"


def block(label: str, body: bytes) -> str:
    text = base64.b64encode(body).decode()
    return f"-----BEGIN {label}-----\n" + "\n".join(textwrap.wrap(text, 64)) + f"\n-----END {label}-----\n"


def make_cert(subject: str, issuer: str | None = None, names: tuple[str, ...] = (), days: int = 365,
              not_before: str = "Jan  1 00:00:00 2026 GMT") -> str:
    fields = [MAGIC, f"subject={subject}", f"issuer={issuer or subject}", f"days={days}",
              f"notBefore={not_before}"] + [f"san={n}" for n in names]
    return block("CERTIFICATE", "\n".join(fields).encode())


def make_key(owner: str) -> str:
    return block("PRIVATE KEY", f"kubelab-key {owner}\n".encode() * 24)


def blocks(text: str) -> list[tuple[str, bytes]]:
    """(label, decoded body) of every PEM block in `text`."""
    out = []
    label, lines = None, []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("-----BEGIN ") and line.endswith("-----"):
            label, lines = line[11:-5], []
        elif line.startswith("-----END ") and label is not None:
            try:
                out.append((label, base64.b64decode("".join(lines))))
            except ValueError:
                out.append((label, b""))
            label = None
        elif label is not None:
            lines.append(line)
    return out


def _cn(dn: str) -> str:
    for part in dn.replace(",", "/").split("/"):
        part = part.strip()
        if part.upper().startswith("CN="):
            return part[3:]
    return dn


def describe(text: str) -> dict:
    """What a certificate says: subject, issuer, their CNs, names, whether it is ours."""
    if text.strip() == workstation.CLIENT_CERT.strip():
        return {"subject": "O=kubeadm:cluster-admins, CN=kubernetes-admin", "cn": "kubernetes-admin",
                "issuer": "CN=kubernetes", "issuer_cn": "kubernetes", "san": [], "kind": "client",
                "days": 365}
    if text.strip() == workstation.CA_CERT.strip():
        return {"subject": "CN=kubernetes", "cn": "kubernetes", "issuer": "CN=kubernetes", "issuer_cn": "kubernetes",
                "san": ["kubernetes"], "kind": "ca", "days": 3650}
    for label, body in blocks(text):
        if label != "CERTIFICATE":
            continue
        lines = body.decode(errors="replace").splitlines()
        if lines and lines[0] == MAGIC:
            info = {"san": [], "kind": "cert", "days": 365}
            for line in lines[1:]:
                key, _, value = line.partition("=")
                if key == "san":
                    info["san"].append(value)
                elif key == "days":
                    info["days"] = int(value) if value.isdigit() else 365
                else:
                    info[key] = value
            info["cn"] = _cn(info.get("subject", ""))
            info["issuer_cn"] = _cn(info.get("issuer", ""))
            return info
        return {"subject": "CN=unknown", "cn": "", "issuer": "CN=unknown", "issuer_cn": "", "san": [],
                "kind": "foreign", "days": 365}
    return {}


def is_kubeconfig_client_cert(text: str) -> bool:
    return text.strip() == workstation.CLIENT_CERT.strip()


def is_kubeconfig_client_key(text: str) -> bool:
    return text.strip() == workstation.CLIENT_KEY.strip()


def is_cluster_ca(text: str) -> bool:
    return workstation.CA_CERT.strip() in text
