"""IPVS as kube-proxy programs it: the scheduler of each virtual server and the connections it
remembers.

kube-proxy gives every real server weight 1 and one scheduler for all virtual servers
(`ipvs.scheduler` in its configuration, default `rr`). What each scheduler does with the
simulator's short connections (each request is one connection, closed at once, so no server
ever has an *active* connection and a closed one counts as *inactive* while IPVS keeps it in
TIME_WAIT, 120 s):

- `rr`, `wrr`: the next real server in turn (equal weights make wrr plain round robin).
- `lc`, `wlc`: the server with the fewest connections (active * 256 + inactive), the first
  such in the list on a tie; so a burst spreads evenly and an idle service starts over.
- `lblc`, `lblcr`: the server already serving this destination address, chosen by least
  connection the first time (one virtual IP: one server while it stays).
- `sed`, `nq`: shortest expected delay, never queue: both look at active connections only,
  so with none open every connection goes to the first real server.
- `sh`, `dh`: a 256-bucket table over the real servers, indexed by a multiplicative hash of
  the client's (sh) or the destination's (dh) address: one client (or one virtual IP) always
  lands on the same server.
Any other name makes kube-proxy refuse its configuration; the simulator then keeps `rr`.

Read, not copied: torvalds/linux net/netfilter/ipvs (ip_vs_rr.c, ip_vs_lc.c, ip_vs_sed.c,
ip_vs_nq.c, ip_vs_sh.c, ip_vs_dh.c, ip_vs_lblc.c, ip_vs_proto_tcp.c timeouts); kubernetes
pkg/proxy/apis/config/validation (the allowed schedulers).
"""

from __future__ import annotations

from . import ipam

SCHEDULERS = ("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "sh", "dh", "sed", "nq")
TIME_WAIT_MS = 120_000
GOLDEN_RATIO_32 = 0x61C88647   # hash_32() of include/linux/hash.h (ip_vs_sh.c)
DH_MULTIPLIER = 2654435761      # ip_vs_dh.c's own multiplicative hash
TABLE_BITS = 8


class Ipvs:
    """The IPVS tables of every node, kept in the cluster's state (snapshots keep them)."""

    def __init__(self, cluster) -> None:
        self.cluster = cluster

    @property
    def state(self) -> dict:
        return self.cluster.state.setdefault("network", {}).setdefault("ipvs", {})

    def reset(self, node: str) -> None:
        """kube-proxy restarted on `node`: it flushes and rebuilds its virtual servers."""
        for table in ("conns", "rr", "sticky"):
            self.state.get(table, {}).pop(node, None)

    def inactive(self, node: str, via: str, address: str) -> int:
        """InActConn of one real server: its connections still in TIME_WAIT."""
        now = self.cluster.clock.now
        ends = self.state.get("conns", {}).get(node, {}).get(via, {}).get(address, ())
        return sum(1 for end in ends if now - end < TIME_WAIT_MS)

    def pick(self, node: str, via: str, scheduler: str, candidates: list, client_ip: str) -> tuple[object, str]:
        """The real server this connection goes to, and why."""
        n = len(candidates)
        if scheduler in ("sh", "dh"):
            source = client_ip if scheduler == "sh" else via.rsplit(":", 1)[0]
            bucket = _sh_bucket(source) if scheduler == "sh" else _dh_bucket(source)
            chosen = candidates[bucket % n]
            why = (f"hash of the {'source' if scheduler == 'sh' else 'destination'} address {source} is bucket "
                   f"{bucket} of 256")
        elif scheduler in ("sed", "nq"):
            chosen = candidates[0]
            why = "no real server has an active connection, so the first one"
        elif scheduler in ("lc", "wlc", "lblc", "lblcr"):
            chosen, why = self._least(node, via, scheduler, candidates)
        else:
            counters = self.state.setdefault("rr", {}).setdefault(node, {})
            turn = counters.get(via, 0)
            counters[via] = turn + 1
            chosen = candidates[turn % n]
            why = f"real server {turn % n + 1} of {n} in turn"
        self._record(node, via, chosen.address)
        return chosen, f"ipvs virtual server {via} ({scheduler}): {why} -> {chosen.address}"

    def _least(self, node: str, via: str, scheduler: str, candidates: list) -> tuple[object, str]:
        sticky = self.state.setdefault("sticky", {}).setdefault(node, {})
        if scheduler in ("lblc", "lblcr"):
            kept = next((c for c in candidates if c.address == sticky.get(via)), None)
            if kept is not None:
                return kept, f"{via.rsplit(':', 1)[0]} is served by {kept.address} already"
        loads = [self.inactive(node, via, c.address) for c in candidates]
        i = loads.index(min(loads))
        sticky[via] = candidates[i].address
        return candidates[i], f"fewest connections ({loads[i]} inactive, 0 active)"

    def _record(self, node: str, via: str, address: str) -> None:
        now = self.cluster.clock.now
        servers = self.state.setdefault("conns", {}).setdefault(node, {}).setdefault(via, {})
        ends = [end for end in servers.get(address, ()) if now - end < TIME_WAIT_MS]
        ends.append(now)
        servers[address] = ends


def _sh_bucket(ip: str) -> int:
    """ip_vs_sh_hashkey: hash_32(addr, 8), the top 8 bits of addr * GOLDEN_RATIO_32. With
    equal weights bucket i of the 256 holds real server i mod n."""
    return (((ipam.to_int(ip) or 0) * GOLDEN_RATIO_32) & 0xFFFFFFFF) >> (32 - TABLE_BITS)


def _dh_bucket(ip: str) -> int:
    """ip_vs_dh_hashkey: (addr * 2654435761) & 255."""
    return ((ipam.to_int(ip) or 0) * DH_MULTIPLIER) & ((1 << TABLE_BITS) - 1)
