"""busybox `wget` (1.36): `wget -qO- URL`, `wget -O FILE URL`, `-S`, `--spider`, `-T SECS`.

Its messages are busybox's: `Connecting to web (10.96.12.34:80)`, `saving to 'index.html'`,
`wget: can't connect to remote host (10.96.12.34): Connection refused`, `wget: bad address
'nosuch'`, `wget: server returned error: HTTP/1.1 404 Not Found`, `wget: download timed out`.
"""

from __future__ import annotations

from ..http import Request
from .urls import URLError, parse_url


def run(cluster, inv) -> int:
    args = inv.argv[1:]
    quiet = spider = headers = False
    output = None
    timeout = None
    urls = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg in ("-q", "--quiet"):
            quiet = True
        elif arg in ("-S", "--server-response"):
            headers = True
        elif arg == "--spider":
            spider = True
        elif arg.startswith("-O"):
            output = arg[2:] or (args[i] if i < len(args) else "-")
            if not arg[2:]:
                i += 1
        elif arg.startswith("-qO"):
            quiet, output = True, arg[3:] or args[i]
            if not arg[3:]:
                i += 1
        elif arg.startswith("-T"):
            timeout = arg[2:] or args[i]
            if not arg[2:]:
                i += 1
        elif arg.startswith("-"):
            continue
        else:
            urls.append(arg)
    if not urls:
        inv.stderr.write("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\n"
                         "Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n"
                         "\t[--post-data STR | --post-file FILE] [-Y on/off]\n"
                         "\t[-P DIR] [-U AGENT] [-T SEC] URL...\n")
        return 1
    for url in urls:
        status = _one(cluster, inv, url, quiet, output, spider, headers, timeout)
        if status:
            return status
    return 0


def _one(cluster, inv, url: str, quiet: bool, output, spider: bool, show_headers: bool, timeout) -> int:
    try:
        parsed = parse_url(url)
    except URLError:
        inv.stderr.write(f"wget: not an http or ftp url: {url}\n")
        return 1
    net = cluster.network
    origin = net.origin_of(inv)
    answer = net.resolve(origin, parsed.host)
    if not answer.found:
        inv.stderr.write(f"wget: bad address '{parsed.host}'\n")
        return 1
    ip = answer.addresses[0]
    if not quiet:
        inv.stderr.write(f"Connecting to {parsed.host} ({ip}:{parsed.port})\n")
    host = parsed.host if parsed.port == parsed.default_port else f"{parsed.host}:{parsed.port}"
    req = Request("HEAD" if spider else "GET", parsed.scheme, parsed.host, parsed.port, parsed.path,
                  [("Host", host), ("User-Agent", "Wget"), ("Connection", "close")], sni=parsed.host)
    ex = net.request(origin, req, ip, answer=answer)
    if ex.error is not None:
        if ex.error.kind == "timeout":
            inv.stderr.write("wget: download timed out\n")
        elif ex.error.kind == "tls":
            inv.stderr.write("wget: TLS error from peer (alert code 40): handshake failure\n"
                             "wget: error getting response: Connection reset by peer\n")
        else:
            inv.stderr.write(f"wget: can't connect to remote host ({ip}): Connection refused\n")
        return 1
    response = ex.response
    if show_headers:
        inv.stderr.write(f"  HTTP/1.1 {response.status} {response.reason}\n")
        for key, value in response.headers:
            inv.stderr.write(f"  {key}: {value}\n")
    if response.status >= 400:
        inv.stderr.write(f"wget: server returned error: HTTP/1.1 {response.status} {response.reason}\n")
        return 1
    if spider:
        if not quiet:
            inv.stderr.write("remote file exists\n")
        return 0
    name = output or (parsed.path.rstrip("/").rsplit("/", 1)[-1] or "index.html")
    if name == "-":
        if not quiet:
            inv.stderr.write("writing to stdout\n")
        inv.stdout.write(response.body)
        if not quiet:
            inv.stderr.write("-                    100% |********************************|   "
                             f"{len(response.body.encode()):>3}  0:00:00 ETA\nwritten to stdout\n")
        return 0
    path = inv.path(name)
    if inv.fs.lookup(path) is not None and output is None:
        inv.stderr.write(f"wget: can't open '{name}': File exists\n")
        return 1
    inv.fs.write(path, response.body)
    if not quiet:
        size = len(response.body.encode())
        inv.stderr.write(f"saving to '{name}'\n{name:<20} 100% |********************************|   {size:>3}  "
                         f"0:00:00 ETA\n'{name}' saved\n")
    return 0
