"""A minimal `openssl` (3.0): enough for the notes' `pkcs12 -export` step, `x509 -text
-noout` to read a certificate, and making certificates for Ingress TLS (`req -x509`,
`genrsa`, `req -new`, `x509 -req`). Certificates are the simulator's stand-ins (`pem.py`).
"""

from __future__ import annotations

from . import pem

USAGE = ("Invalid command '{cmd}'; type \"help\" for a list.\n")


def run(cluster, inv) -> int:
    args = inv.argv[1:]
    if not args:
        inv.stderr.write("OpenSSL> \n")
        return 0
    command, rest = args[0], args[1:]
    handler = {"pkcs12": _pkcs12, "x509": _x509, "req": _req, "genrsa": _genrsa, "version": _version}.get(command)
    if handler is None:
        inv.stderr.write(USAGE.format(cmd=command))
        return 1
    return handler(cluster, inv, _options(rest))


def _options(args: list[str]) -> dict:
    opts: dict = {"_": []}
    flags = {"export", "clcerts", "text", "noout", "nodes", "x509", "new", "req", "CAcreateserial", "subject",
             "enddate", "issuer", "noenc", "a"}
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg.startswith("-") and arg[1:] in flags:
            opts[arg[1:]] = True
        elif arg.startswith("-") and i < len(args):
            opts.setdefault(arg[1:], args[i]) if arg[1:] != "addext" else opts.setdefault("addext", []).append(
                args[i])
            i += 1
        else:
            opts["_"].append(arg)
    return opts


def _read(inv, path: str, what: str) -> str | None:
    node = inv.fs.lookup(inv.path(path))
    if node is None or node.is_dir:
        inv.stderr.write(f"Could not open file or uri for loading {what} from {path}: No such file or directory\n")
        return None
    return node.data.decode(errors="replace")


def _version(cluster, inv, opts) -> int:
    inv.stdout.write("OpenSSL 3.0.13 30 Jan 2024 (Library: OpenSSL 3.0.13 30 Jan 2024)\n")
    return 0


def _pkcs12(cluster, inv, opts) -> int:
    if not opts.get("export"):
        inv.stderr.write("pkcs12: only -export is simulated\n")
        return 1
    key = _read(inv, opts.get("inkey", ""), "private key") if opts.get("inkey") else ""
    if key is None:
        return 1
    cert = _read(inv, opts.get("in", ""), "certificates") if opts.get("in") else None
    if cert is None:
        return 1
    if not pem.blocks(cert):
        inv.stderr.write(f"Could not read any certificates from -in file from {opts['in']}\n")
        return 1
    if key and pem.is_kubeconfig_client_key(key) != pem.is_kubeconfig_client_cert(cert):
        inv.stderr.write("No certificate matches private key\n")
        return 1
    if not opts.get("passout"):
        inv.stderr.write("Enter Export Password:\nVerifying - Enter Export Password:\n")
    out = opts.get("out")
    blob = b"\x30\x82\x0c\x5b\x02\x01\x03" + b"kubelab-pkcs12 name=" + opts.get("name", "").encode() + b"\n" + \
        cert.encode() + key.encode()
    if out:
        inv.fs.write(inv.path(out), blob)
    else:
        inv.stdout.write(blob)
    return 0


def _x509(cluster, inv, opts) -> int:
    if opts.get("req"):
        return _sign(cluster, inv, opts)
    text = _read(inv, opts["in"], "certificate") if opts.get("in") else inv.stdin.decode(errors="replace")
    if text is None:
        return 1
    info = pem.describe(text)
    if not info:
        inv.stderr.write("Could not read certificate from <stdin>\nUnable to load certificate\n")
        return 1
    if opts.get("subject"):
        inv.stdout.write(f"subject={_spaced(info['subject'])}\n")
    if opts.get("issuer"):
        inv.stdout.write(f"issuer={_spaced(info['issuer'])}\n")
    if opts.get("enddate"):
        inv.stdout.write(f"notAfter={_not_after(info)}\n")
    if opts.get("text"):
        inv.stdout.write(_text(info, cluster))
    if not opts.get("noout"):
        inv.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _spaced(dn: str) -> str:
    parts = [p.strip() for p in dn.replace(",", "/").split("/") if p.strip()]
    return ", ".join(p.replace("=", " = ", 1) for p in parts)


def _not_after(info: dict) -> str:
    years = max(1, int(info.get("days", 365)) // 365)
    return f"Jan  1 00:00:00 {2026 + years} GMT"


def _text(info: dict, cluster) -> str:
    serial = cluster.streams.integer("openssl-serial", info.get("subject", ""), 1 << 62)
    usage = "TLS Web Client Authentication" if info.get("kind") == "client" else "TLS Web Server Authentication"
    lines = ["Certificate:", "    Data:", "        Version: 3 (0x2)",
             f"        Serial Number: {serial} ({serial:#x})", "        Signature Algorithm: sha256WithRSAEncryption",
             f"        Issuer: {_spaced(info['issuer'])}", "        Validity",
             "            Not Before: Jan  1 00:00:00 2026 GMT", f"            Not After : {_not_after(info)}",
             f"        Subject: {_spaced(info['subject'])}", "        Subject Public Key Info:",
             "            Public Key Algorithm: rsaEncryption", "                Public-Key: (2048 bit)",
             "        X509v3 extensions:", "            X509v3 Key Usage: critical",
             "                Digital Signature, Key Encipherment" + (", Certificate Sign" if info.get("kind") == "ca"
                                                                      else "")]
    if info.get("kind") != "ca":
        lines += ["            X509v3 Extended Key Usage: ", f"                {usage}"]
    if info.get("san"):
        lines += ["            X509v3 Subject Alternative Name: ",
                  "                " + ", ".join(f"DNS:{n}" for n in info["san"])]
    lines += ["    Signature Algorithm: sha256WithRSAEncryption"]
    return "\n".join(lines) + "\n"


def _noise(cluster, owner: str) -> str:
    dots = "".join(".+"[cluster.streams.integer("openssl-noise", owner, 2)] for _ in range(40))
    return f"{dots}\n-----\n"


def _sans(opts: dict) -> tuple[str, ...]:
    names = []
    for ext in opts.get("addext") or ():
        if ext.startswith("subjectAltName="):
            names += [n.split(":", 1)[1] for n in ext[len("subjectAltName="):].split(",") if ":" in n]
    return tuple(names)


def _req(cluster, inv, opts) -> int:
    subject = opts.get("subj", "").strip("/")
    if not subject:
        inv.stderr.write("req: a subject is needed (-subj \"/CN=NAME\"): prompting is not simulated\n")
        return 1
    key_out = opts.get("keyout")
    if opts.get("newkey") or key_out:
        inv.stderr.write(_noise(cluster, subject))
        if key_out:
            inv.fs.write(inv.path(key_out), pem.make_key(subject))
    if opts.get("key") and _read(inv, opts["key"], "private key") is None:
        return 1
    out = opts.get("out")
    if opts.get("x509"):
        text = pem.make_cert(subject, None, _sans(opts) or (_cn(subject),), int(opts.get("days", 30) or 30))
    else:
        text = pem.block("CERTIFICATE REQUEST", f"kubelab-csr\nsubject={subject}\n".encode())
    if out:
        inv.fs.write(inv.path(out), text)
    else:
        inv.stdout.write(text)
    return 0


def _cn(subject: str) -> str:
    for part in subject.split("/"):
        if part.upper().startswith("CN="):
            return part[3:]
    return subject


def _genrsa(cluster, inv, opts) -> int:
    bits = opts["_"][0] if opts["_"] else "2048"
    text = pem.make_key(f"genrsa-{bits}-{opts.get('out', '')}")
    if opts.get("out"):
        inv.fs.write(inv.path(opts["out"]), text)
    else:
        inv.stdout.write(text)
    return 0


def _sign(cluster, inv, opts) -> int:
    csr = _read(inv, opts.get("in", ""), "certificate request")
    if csr is None:
        return 1
    subject = ""
    for label, body in pem.blocks(csr):
        for line in body.decode(errors="replace").splitlines():
            if line.startswith("subject="):
                subject = line[8:]
    issuer = ""
    if opts.get("CA"):
        ca = _read(inv, opts["CA"], "CA certificate")
        if ca is None:
            return 1
        issuer = pem.describe(ca).get("subject", "")
    text = pem.make_cert(subject, issuer or subject, (_cn(subject),), int(opts.get("days", 30) or 30))
    inv.stderr.write(f"Certificate request self-signature ok\nsubject={_spaced(subject)}\n")
    if opts.get("out"):
        inv.fs.write(inv.path(opts["out"]), text)
    else:
        inv.stdout.write(text)
    return 0
