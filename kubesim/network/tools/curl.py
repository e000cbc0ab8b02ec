"""`curl` (8.5.0, as on Ubuntu 24.04) over the simulated network.

Options: -k -v -I -i -s -S -f -L -o FILE -w FORMAT -H HEADER -X METHOD -d DATA -m SECS
--connect-timeout SECS --resolve HOST:PORT:ADDR --cert --key --cacert. Error texts are curl's
(lib/strerror.c, lib/connect.c, lib/vtls/openssl.c, read not copied): `curl: (7) Failed to
connect to 10.96.12.34 port 80 after 0 ms: Couldn't connect to server`, `curl: (6) Could not
resolve host: web`, `curl: (60) SSL certificate problem: self-signed certificate` and so on.
A connection that is never answered takes the kernel's ~133 s on the workstation's clock.
"""

from __future__ import annotations

from ..http import NetError, Request
from . import pem
from .urls import URLError, parse_url

VERSION = "8.5.0"
SSL_HELP = ("More details here: https://curl.se/docs/sslcerts.html\n\n"
            "curl failed to verify the legitimacy of the server and therefore could not\n"
            "establish a secure connection to it. To learn more about this situation and\n"
            "how to fix it, please visit the webpage mentioned above.\n")
SHORT_FLAGS = {"k": "insecure", "v": "verbose", "I": "head", "i": "include", "s": "silent", "S": "show-error",
               "f": "fail", "L": "location"}
SHORT_VALUES = {"o": "output", "w": "write-out", "H": "header", "X": "request", "d": "data", "m": "max-time",
                "u": "user", "A": "user-agent", "E": "cert"}
LONG_FLAGS = {"insecure", "verbose", "head", "include", "silent", "show-error", "fail", "location", "http1.1"}
LONG_VALUES = {"output", "write-out", "header", "request", "data", "max-time", "connect-timeout", "resolve", "cert",
               "key", "cacert", "user", "user-agent", "data-raw", "cert-type", "key-type"}


class Usage(Exception):
    pass


def parse_args(argv: list[str]) -> tuple[dict, list[str]]:
    opts: dict = {"header": [], "resolve": []}
    urls: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if arg.startswith("--") and len(arg) > 2:
            name, eq, value = arg[2:].partition("=")
            if name in LONG_FLAGS:
                opts[name] = True
            elif name in LONG_VALUES:
                if not eq:
                    if i >= len(argv):
                        raise Usage(f"option {arg}: requires parameter")
                    value = argv[i]
                    i += 1
                _store(opts, name, value)
            elif name == "url":
                urls.append(argv[i])
                i += 1
            else:
                raise Usage(f"option {arg}: is unknown")
        elif arg.startswith("-") and len(arg) > 1:
            j = 1
            while j < len(arg):
                ch = arg[j]
                if ch in SHORT_FLAGS:
                    opts[SHORT_FLAGS[ch]] = True
                    j += 1
                elif ch in SHORT_VALUES:
                    value = arg[j + 1:]
                    if not value:
                        if i >= len(argv):
                            raise Usage(f"option -{ch}: requires parameter")
                        value = argv[i]
                        i += 1
                    _store(opts, SHORT_VALUES[ch], value)
                    break
                else:
                    raise Usage(f"option -{ch}: is unknown")
        else:
            urls.append(arg)
    return opts, urls


def _store(opts: dict, name: str, value: str) -> None:
    if name in ("header", "resolve"):
        opts[name].append(value)
    elif name == "data-raw":
        opts["data"] = value
    else:
        opts[name] = value


def run(cluster, inv) -> int:
    try:
        opts, urls = parse_args(inv.argv[1:])
    except Usage as err:
        inv.stderr.write(f"curl: {err}\ncurl: try 'curl --help' or 'curl --manual' for more information\n")
        return 2
    if not urls:
        inv.stderr.write("curl: no URL specified\ncurl: try 'curl --help' or 'curl --manual' for more information\n")
        return 2
    status = 0
    for url in urls:
        status = Transfer(cluster, inv, opts).fetch(url)
    return status


class Transfer:
    def __init__(self, cluster, inv, opts: dict) -> None:
        self.cluster, self.inv, self.opts = cluster, inv, opts
        self.net = cluster.network
        self.origin = self.net.origin_of(inv)
        self.quiet = bool(opts.get("silent")) and not opts.get("show-error")
        self.verbose = bool(opts.get("verbose"))

    def error(self, code: int, message: str) -> int:
        if not self.quiet:
            self.inv.stderr.write(f"curl: ({code}) {message}\n")
        return code

    def fetch(self, url: str, hops: int = 0) -> int:
        try:
            parsed = parse_url(url)
        except URLError as err:
            return self.error(3, str(err))
        req = self._request(parsed)
        fixed = self._resolved(parsed)
        if self.verbose:
            self.inv.stderr.write(f"*   Trying {fixed or parsed.host}:{parsed.port}...\n")
        ex = self.net.request(self.origin, req, fixed, verify=self._verify)
        if ex.error is not None:
            status = self._failed(ex, parsed)
            if self.opts.get("write-out"):
                self.inv.stdout.write(write_out(self.opts["write-out"], ex, parsed))
            return status
        response = ex.response
        if self.verbose:
            self._verbose(ex, req)
        if self.opts.get("location") and response.status in (301, 302, 303, 307, 308) and hops < 50:
            location = response.header("Location")
            if location:
                if self.opts.get("include") or self.opts.get("head"):
                    self.inv.stdout.write(_head_text(response))
                return self.fetch(location, hops + 1)
        return self._output(ex, parsed)

    def _request(self, parsed) -> Request:
        method = self.opts.get("request") or ("HEAD" if self.opts.get("head") else
                                               "POST" if self.opts.get("data") is not None else "GET")
        host_header = parsed.host if parsed.port == parsed.default_port else f"{parsed.host}:{parsed.port}"
        headers = [("Host", host_header), ("User-Agent", self.opts.get("user-agent") or f"curl/{VERSION}"),
                   ("Accept", "*/*")]
        for raw in self.opts["header"]:
            name, _, value = raw.partition(":")
            headers = [(k, v) for k, v in headers if k.lower() != name.strip().lower()]
            if value.strip() or not raw.endswith(":"):
                headers.append((name.strip(), value.strip()))
        if self.opts.get("data") is not None:
            headers.append(("Content-Length", str(len(self.opts["data"]))))
            headers.append(("Content-Type", "application/x-www-form-urlencoded"))
        req = Request(method, parsed.scheme, parsed.host, parsed.port, parsed.path, headers,
                      self.opts.get("data") or "", parsed.host)
        cert_path = self.opts.get("cert")
        if cert_path:
            node = self.inv.fs.lookup(self.inv.path(cert_path))
            req.client_cert = node.data.decode(errors="replace") if node is not None and not node.is_dir else ""
        return req

    def _resolved(self, parsed) -> str | None:
        for entry in self.opts["resolve"]:
            host, _, rest = entry.partition(":")
            port, _, addr = rest.partition(":")
            if host == parsed.host and port == str(parsed.port):
                return addr.strip("[]")
        return None

    def _verify(self, cert) -> None:
        """curl's checks of the server certificate (skipped with -k)."""
        if self.opts.get("insecure"):
            return
        cafile = self.opts.get("cacert")
        ca_text = ""
        if cafile:
            node = self.inv.fs.lookup(self.inv.path(cafile))
            if node is None:
                raise NetError("tls", f"error setting certificate file: {cafile}", 77)
            ca_text = node.data.decode(errors="replace")
        trusted = cert.trust == "public"
        if cert.trust == "kubernetes-ca":
            trusted = pem.is_cluster_ca(ca_text)
            if not trusted:
                raise NetError("tls", "SSL certificate problem: unable to get local issuer certificate", 60)
        elif cert.trust == "self-signed":
            info = pem.describe(ca_text) if ca_text else {}
            trusted = bool(info) and info.get("cn") == cert.subject
            if not trusted:
                raise NetError("tls", "SSL certificate problem: self-signed certificate", 60)
        elif cert.trust.startswith("user-ca:"):
            info = pem.describe(ca_text) if ca_text else {}
            if not info or info.get("cn") != cert.trust[8:]:
                raise NetError("tls", "SSL certificate problem: unable to get local issuer certificate", 60)

    def _failed(self, ex, parsed) -> int:
        err = ex.error
        host = ex.ip or parsed.host
        if err.kind == "resolve":
            return self.error(6, f"Could not resolve host: {parsed.host}")
        if err.kind == "refused":
            return self.error(7, f"Failed to connect to {parsed.host if parsed.host == 'localhost' else host} port "
                                 f"{parsed.port} after 0 ms: Couldn't connect to server")
        if err.kind == "timeout":
            limit = self._timeout_ms()
            if limit is not None and limit < err.elapsed_ms:
                self._wait(limit + 1)
                return self.error(28, f"Connection timed out after {limit + 1} milliseconds")
            self._wait(err.elapsed_ms)
            return self.error(7, f"Failed to connect to {host} port {parsed.port} after {err.elapsed_ms} ms: "
                                 "Couldn't connect to server")
        if err.kind == "tls":
            code = err.elapsed_ms or 35
            message = f"curl: ({code}) {err.detail}\n" + (SSL_HELP if code == 60 else "")
            if not self.quiet:
                self.inv.stderr.write(message)
            return code
        if err.kind == "empty":
            return self.error(52, "Empty reply from server")
        return self.error(56, "Recv failure: Connection reset by peer")

    def _timeout_ms(self) -> int | None:
        limits = [float(self.opts[k]) for k in ("connect-timeout", "max-time") if _number(self.opts.get(k))]
        return int(min(limits) * 1000) if limits else None

    def _wait(self, ms: int) -> None:
        if self.origin.kind == "workstation":
            self.cluster.advance(ms / 1000)

    def _verbose(self, ex, req: Request) -> None:
        out = self.inv.stderr
        out.write(f"* Connected to {req.host} ({ex.ip}) port {req.port}\n")
        if ex.cert is not None:
            out.write("* ALPN: curl offers h2,http/1.1\n* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384 / "
                      "X25519 / RSASSA-PSS\n"
                      f"* ALPN: server accepted {'h2' if ex.response.version == 'HTTP/2' else 'http/1.1'}\n"
                      "* Server certificate:\n"
                      f"*  subject: {ex.cert.dn(ex.cert.subject)}\n*  start date: Jan  1 00:00:00 2026 GMT\n"
                      f"*  expire date: Jan  1 00:00:00 2027 GMT\n*  issuer: {ex.cert.dn(ex.cert.issuer)}\n")
            if self.opts.get("insecure") and ex.cert.trust == "self-signed":
                out.write("*  SSL certificate verify result: self-signed certificate (18), continuing anyway.\n")
            else:
                out.write("*  SSL certificate verify ok.\n")
        out.write(f"> {req.method} {req.path} {'HTTP/2' if response_version(ex) == 'HTTP/2' else 'HTTP/1.1'}\n")
        for key, value in req.headers:
            out.write(f"> {key}: {value}\n")
        out.write("> \n")
        response = ex.response
        out.write(f"< {response.version} {response.status} {response.reason}".rstrip() + "\n")
        for key, value in response.headers:
            out.write(f"< {key}: {value}\n")
        out.write("< \n")

    def _output(self, ex, parsed) -> int:
        response = ex.response
        if self.opts.get("fail") and response.status >= 400:
            if self.verbose:
                self.inv.stderr.write(f"* Connection #0 to host {parsed.host} left intact\n")
            return self.error(22, f"The requested URL returned error: {response.status}")
        text = ""
        if self.opts.get("include") or self.opts.get("head"):
            text += _head_text(response)
        if not self.opts.get("head"):
            text += response.body
        target = self.opts.get("output")
        if target and target != "-":
            try:
                self.inv.fs.write(self.inv.path(target), text)
            except Exception:  # noqa: BLE001 - the file system's own error text
                return self.error(23, f"Failure writing output to destination, passed {len(text)} returned 0")
            if not self.opts.get("silent") and not self.verbose:
                self.inv.stderr.write(_progress(len(response.body.encode())))
        else:
            self.inv.stdout.write(text)
        if self.verbose:
            self.inv.stderr.write(f"* Connection #0 to host {parsed.host} left intact\n")
        if self.opts.get("write-out"):
            self.inv.stdout.write(write_out(self.opts["write-out"], ex, parsed))
        return 0


def response_version(ex) -> str:
    return ex.response.version if ex.response is not None else "HTTP/1.1"


def _head_text(response) -> str:
    lines = [f"{response.version} {response.status} {response.reason}".rstrip()]
    lines += [f"{k}: {v}" for k, v in response.headers]
    return "\r\n".join(lines) + "\r\n\r\n"


def _number(text) -> bool:
    try:
        float(text)
    except (TypeError, ValueError):
        return False
    return True


def _progress(size: int) -> str:
    speed = f"{size // 1024}k" if size >= 1024 else str(size)
    return ("  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
            "                                 Dload  Upload   Total   Spent    Left  Speed\n"
            f"100 {size:>5}  100 {size:>5}    0     0  {speed:>5}      0 --:--:-- --:--:-- --:--:-- {speed:>5}\n")


def write_out(fmt: str, ex, parsed) -> str:
    response = ex.response
    values = {"http_code": f"{response.status:03d}" if response else "000",
              "response_code": f"{response.status:03d}" if response else "000",
              "remote_ip": ex.ip, "remote_port": str(parsed.port), "url_effective": parsed.url,
              "size_download": str(len(response.body.encode())) if response else "0",
              "content_type": (response.header("Content-Type") or "") if response else "",
              "scheme": parsed.scheme.upper(), "http_version": "1.1",
              # where a redirect leads when curl does not follow it (-L): the Location header
              "redirect_url": (response.header("Location") or "") if response and 300 <= response.status < 400
              else ""}
    out, i = [], 0
    while i < len(fmt):
        if fmt.startswith("%{", i) and "}" in fmt[i:]:
            end = fmt.index("}", i)
            out.append(values.get(fmt[i + 2:end], ""))
            i = end + 1
        elif fmt.startswith("\\n", i):
            out.append("\n")
            i += 2
        elif fmt.startswith("\\t", i):
            out.append("\t")
            i += 2
        else:
            out.append(fmt[i])
            i += 1
    return "".join(out)
