"""`nslookup` as busybox 1.36 and bind 9 print it, and a small `dig` (fact 136).

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
    out.write(_server_lines(origin))
    if ipam.is_ip(name):
        return _reverse(net, origin, inv, name)
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
    if not answer.authoritative and not busybox:
        out.write("Non-authoritative answer:\n")
    for alias, canonical in answer.cnames:
        out.write(f"{alias}\tcanonical name = {canonical}{'' if busybox else '.'}\n")
    final = answer.cnames[-1][1] if answer.cnames else answer.name
    for address in answer.addresses:
        out.write(f"Name:\t{final}\nAddress: {address}\n")
    out.write("\n")
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
    """`dig [+short] NAME [A]`: the answer section, or just the addresses with +short."""
    args = inv.argv[1:]
    short = "+short" in args
    names = [a for a in args if not a.startswith(("+", "-", "@")) and a.upper() not in ("A", "IN", "CNAME")]
    if not names:
        names = ["."]
    net = cluster.network
    origin = net.origin_of(inv)
    name = names[0]
    answer = net.resolve(origin, name) if "+search" in args else net.dns.query(
        name if name.endswith(".") else name + ".", cluster_dns=origin.kind != "workstation")
    fqdn = answer.name.rstrip(".") + "."
    if short:
        for _, canonical in answer.cnames:
            inv.stdout.write(canonical + ".\n")
        for address in answer.addresses:
            inv.stdout.write(address + "\n")
        return 0
    server = origin.nameserver or ipam.DNS_IP
    status = "NOERROR" if answer.found else "NXDOMAIN"
    count = len(answer.addresses) + len(answer.cnames)
    qid = cluster.streams.integer("dig-id", "", 65536)
    lines = [f"; <<>> DiG 9.18.39-0ubuntu0.24.04.1-Ubuntu <<>> {' '.join(args)}",
             ";; global options: +cmd", ";; Got answer:",
             f";; ->>HEADER<<- opcode: QUERY, status: {status}, id: {qid}",
             (f";; flags: qr {'aa ' if answer.authoritative else ''}rd ra; QUERY: 1, ANSWER: {count}, AUTHORITY: 0, "
             "ADDITIONAL: 1"), "", ";; OPT PSEUDOSECTION:", "; EDNS: version: 0, flags:; udp: 1232",
             ";; QUESTION SECTION:", f";{fqdn}\t\t\tIN\tA", ""]
    if count:
        lines.append(";; ANSWER SECTION:")
        for alias, canonical in answer.cnames:
            lines.append(f"{alias}.\t\t30\tIN\tCNAME\t{canonical}.")
        final = (answer.cnames[-1][1] if answer.cnames else answer.name).rstrip(".") + "."
        for address in answer.addresses:
            lines.append(f"{final}\t\t30\tIN\tA\t{address}")
        lines.append("")
    lines += [";; Query time: 0 msec", f";; SERVER: {server}#53({server}) (UDP)",
              f";; WHEN: {_when(cluster)}", f";; MSG SIZE  rcvd: {64 + 16 * count}", ""]
    inv.stdout.write("\n".join(lines) + "\n")
    return 0


def _when(cluster) -> str:
    from ... import clock as clk

    return clk.to_datetime(cluster.clock.now).strftime("%a %b %d %H:%M:%S UTC %Y")
