"""`nslookup` as busybox 1.36 and bind 9 print it, and a small `dig` (fact 136); A, CNAME and
SRV queries (`nslookup -type=cname`, `nslookup -type=srv`, `dig SRV`).

Which one runs depends on where: in a busybox-based container, busybox's; elsewhere (the
workstation, dnsutils-style images) bind's, which adds `Non-authoritative answer:` for
names its server does not own and uses `#53` rather than `:53`.
"""

from __future__ import annotations

from .. import ipam


def _server_lines(origin) -> str:
    server = origin.nameserver or ipam.DNS_IP
    if origin.flavour == "busybox":
        return f"Server:\t\t{server}\nAddress:\t{server}:53\n\n"
    return f"Server:\t\t{server}\nAddress:\t{server}#53\n\n"


def run(cluster, inv) -> int:
    args = [a for a in inv.argv[1:] if not a.startswith("-")]
    if not args:
        inv.stderr.write("Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n"
                         if _busybox(cluster, inv) else "nslookup: interactive mode is not simulated\n")
        return 1
    net = cluster.network
    origin = net.origin_of(inv)
    name = args[0]
    out = inv.stdout
    qtype = _query_type(inv.argv[1:])
    out.write(_server_lines(origin))
    if ipam.is_ip(name):
        return _reverse(net, origin, inv, name)
    if qtype == "SRV":
        return _srv(net, origin, inv, name)
    answer = net.resolve(origin, name)
    busybox = origin.flavour == "busybox"
    if answer.rcode == "TIMEOUT":
        out.write(";; connection timed out; no servers could be reached\n\n")
        return 1
    if not answer.found:
        shown = name if busybox or name.endswith(".") else (answer.tried[-1] if answer.tried else name)
        out.write(f"** server can't find {shown if busybox else name}: NXDOMAIN\n\n" if busybox
                  else f"** server can't find {name}: NXDOMAIN\n\n")
        return 1
    if qtype == "CNAME":
        return _cname(answer, busybox, out)
    if not answer.authoritative and not busybox:
        out.write("Non-authoritative answer:\n")
    for alias, canonical in answer.cnames:
        out.write(f"{alias}\tcanonical name = {canonical}{'' if busybox else '.'}\n")
    final = answer.cnames[-1][1] if answer.cnames else answer.name
    for address in answer.addresses:
        out.write(f"Name:\t{final}\nAddress: {address}\n")
    out.write("\n")
    return 0


def _cname(answer, busybox: bool, out) -> int:
    """A CNAME query: the server gives the name's CNAME record alone (it follows no alias).
    A name that is no alias has no such record (NOERROR, empty answer): busybox prints
    nothing for it, bind says so."""
    if not answer.cnames:
        out.write("\n" if busybox else f"*** Can't find {answer.name.rstrip('.')}: No answer\n\n")
        return 0
    if not answer.authoritative and not busybox:
        out.write("Non-authoritative answer:\n")
    alias, canonical = answer.cnames[0]
    out.write(f"{alias}\tcanonical name = {canonical}{'' if busybox else '.'}\n\n")
    return 0


def _query_type(args: list[str]) -> str:
    """-type=srv, -query=SRV, -q=srv (busybox and bind take all three)."""
    for arg in args:
        key, eq, value = arg.lstrip("-").partition("=")
        if eq and key.lower() in ("type", "query", "q", "querytype", "t"):
            return value.upper()
    return "A"


def _srv(net, origin, inv, name: str) -> int:
    """busybox prints `NAME<TAB>service = PRIO WEIGHT PORT TARGET`; bind ends names with a dot."""
    busybox = origin.flavour == "busybox"
    if origin.kind != "workstation" and not net.dns_reachable():
        inv.stdout.write(";; connection timed out; no servers could be reached\n\n")
        return 1
    if origin.kind == "workstation":
        answer = net.dns.query_srv(name, cluster_dns=False)
    else:
        answer = net.dns.resolve_srv(name, origin.search, origin.ndots)
    if not answer.found:
        inv.stdout.write(f"** server can't find {name}: NXDOMAIN\n\n")
        return 1
    for priority, weight, port, target in answer.srv:
        shown = target.rstrip(".") if busybox else target
        inv.stdout.write(f"{answer.name}\tservice = {priority} {weight} {port} {shown}\n")
    inv.stdout.write("\n")
    return 0


def _reverse(net, origin, inv, ip: str) -> int:
    arpa = ".".join(reversed(ip.split("."))) + ".in-addr.arpa"
    answer = net.dns.query(arpa, cluster_dns=origin.kind != "workstation")
    if not answer.ptr:
        inv.stdout.write(f"** server can't find {arpa}: NXDOMAIN\n\n")
        return 1
    for name in answer.ptr:
        inv.stdout.write(f"{arpa}\tname = {name}{'' if origin.flavour == 'busybox' else '.'}\n")
    inv.stdout.write("\n")
    return 0


def _busybox(cluster, inv) -> bool:
    return cluster.network.origin_of(inv).flavour == "busybox"


def dig(cluster, inv) -> int:
    """`dig [@SERVER] [+short] [+search] [-t TYPE | TYPE] NAME`: A (with CNAMEs) and SRV, laid
    out as dig's master-file style does (columns 24/32/40/48, a space once a column is passed)."""
    args = inv.argv[1:]
    short = "+short" in args
    qtype, names, i = "A", [], 0
    while i < len(args):
        arg = args[i]
        if arg == "-t" and i + 1 < len(args):
            qtype, i = args[i + 1].upper(), i + 2
            continue
        if arg.upper() in ("A", "SRV"):
            qtype = arg.upper()
        elif arg.upper() not in ("IN", "CNAME") and not arg.startswith(("+", "-", "@")):
            names.append(arg)
        i += 1
    net = cluster.network
    origin = net.origin_of(inv)
    name = names[0] if names else "."
    cluster_dns = origin.kind != "workstation"
    if qtype == "SRV":
        answer = net.dns.resolve_srv(name, origin.search, origin.ndots) if "+search" in args and cluster_dns \
            else net.dns.query_srv(name if name.endswith(".") else name + ".", cluster_dns=cluster_dns)
    else:
        answer = net.resolve(origin, name) if "+search" in args else net.dns.query(
            name if name.endswith(".") else name + ".", cluster_dns=cluster_dns)
    records = _records(answer, qtype)
    if short:
        for _, _, rtype, data in records:
            inv.stdout.write(data + "\n")
        return 0
    qname = answer.name.rstrip(".") + "."
    server = origin.nameserver or ipam.DNS_IP
    status = "NOERROR" if answer.found else "NXDOMAIN"
    ours = answer.authoritative and cluster_dns
    extra = [(n, "A", a) for n, a in answer.extra]
    soa = _soa(cluster) if ours and not answer.found else None
    qid = cluster.streams.integer("dig-id", "", 65536)
    cookie = "".join(f"{cluster.streams.integer('dig-cookie', '', 1 << 32):08x}" for _ in range(2))
    lines = [f"; <<>> DiG 9.18.39-0ubuntu0.24.04.1-Ubuntu <<>> {' '.join(args)}",
             ";; global options: +cmd", ";; Got answer:",
             f";; ->>HEADER<<- opcode: QUERY, status: {status}, id: {qid}",
             (f";; flags: qr {'aa rd' if ours else 'rd ra'}; QUERY: 1, ANSWER: {len(records)}, "
              f"AUTHORITY: {1 if soa else 0}, ADDITIONAL: {len(extra) + 1}")]
    if ours:
        lines.append(";; WARNING: recursion requested but not available")
    # CoreDNS echoes dig's buffer size and cookie; systemd-resolved on the workstation offers 65494.
    lines += ["", ";; OPT PSEUDOSECTION:", f"; EDNS: version: 0, flags:; udp: {1232 if cluster_dns else 65494}"]
    if ours:
        lines.append(f"; COOKIE: {cookie} (echoed)")
    lines += [";; QUESTION SECTION:", _columns(";" + qname, "", "IN", qtype, question=True), ""]
    if records:
        lines.append(";; ANSWER SECTION:")
        lines += [_columns(owner, "30", "IN", rtype, data) for owner, _, rtype, data in records]
        lines.append("")
    if soa:
        lines += [";; AUTHORITY SECTION:", _columns(DOMAIN_DOT, "30", "IN", "SOA", soa), ""]
    if extra:
        lines.append(";; ADDITIONAL SECTION:")
        lines += [_columns(owner, "30", "IN", rtype, data) for owner, rtype, data in extra]
        lines.append("")
    size = _message_size(qname, records, extra, soa, 8 if ours else 0)
    lines += [";; Query time: 0 msec", f";; SERVER: {server}#53({server}) (UDP)",
              f";; WHEN: {_when(cluster)}", f";; MSG SIZE  rcvd: {size}", ""]
    inv.stdout.write("\n".join(lines) + "\n")
    return 0


DOMAIN_DOT = "cluster.local."


def _records(answer, qtype: str) -> list[tuple[str, str, str, str]]:
    """(owner., ttl, type, data) of the answer section."""
    qname = answer.name.rstrip(".") + "."
    if qtype == "SRV":
        return [(qname, "30", "SRV", f"{p} {w} {port} {target}") for p, w, port, target in answer.srv]
    out = [(alias.rstrip(".") + ".", "30", "CNAME", canonical.rstrip(".") + ".") for alias, canonical in answer.cnames]
    final = (answer.cnames[-1][1] if answer.cnames else answer.name).rstrip(".") + "."
    out += [(final, "30", "A", address) for address in answer.addresses]
    return out


def _columns(owner: str, ttl: str, cls: str, rtype: str, data: str = "", question: bool = False) -> str:
    """Fields at columns 24 (ttl), 32 (class), 40 (type), 48 (data) by tabs, or one space when
    the text already reaches past the column (bind's dns_master_style for dig)."""
    text = owner
    fields = [(32, cls), (40, rtype)] if question else [(24, ttl), (32, cls), (40, rtype), (48, data)]
    for column, value in fields:
        width = len(text.expandtabs())
        if width >= column:
            text += " "
        else:
            while len(text.expandtabs()) < column:
                text += "\t"
        text += value
    return text


def _soa(cluster) -> str:
    """CoreDNS's SOA for cluster.local (serial: when the API objects last changed, in seconds)."""
    serial = (cluster.clock.now // 1000 + 1767225600) & 0xFFFFFFFF
    return f"ns.dns.cluster.local. hostmaster.cluster.local. {serial} 7200 1800 86400 30"


def _message_size(qname: str, records: list, extra: list, soa: str | None, cookie: int) -> int:
    """The response's size on the wire: names compressed against the ones already written
    (SRV targets are written whole, RFC 2782), plus the OPT record (and an echoed cookie)."""
    table: set[str] = set()

    def name_len(name: str, compress: bool = True) -> int:
        labels = name.rstrip(".").split(".") if name.strip(".") else []
        for i in range(len(labels)):
            suffix = ".".join(labels[i:])
            if compress and suffix in table:
                return sum(len(label) + 1 for label in labels[:i]) + 2
        for i in range(len(labels)):
            table.add(".".join(labels[i:]))
        return sum(len(label) + 1 for label in labels) + 1

    size = 12 + name_len(qname) + 4
    for owner, _, rtype, data in records:
        size += name_len(owner) + 10
        if rtype == "A":
            size += 4
        elif rtype == "CNAME":
            size += name_len(data)
        elif rtype == "SRV":
            size += 6 + name_len(data.split()[-1], compress=False)
    if soa:
        mname, rname = soa.split()[:2]
        size += name_len(DOMAIN_DOT) + 10 + name_len(mname) + name_len(rname) + 20
    for owner, _, _ in extra:
        size += name_len(owner) + 10 + 4
    return size + 11 + (4 + cookie if cookie else 0)


def _when(cluster) -> str:
    from ... import clock as clk

    return clk.to_datetime(cluster.clock.now).strftime("%a %b %d %H:%M:%S UTC %Y")
