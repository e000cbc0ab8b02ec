"""Addresses of the simulated cluster: parsing, ranges and the fixed layout of the world.

Services come from 10.96.0.0/12 and NodePorts from 30000-32767 (kubeadm's defaults, as kind
uses them); pods from each node's 10.244.N.0/24; LoadBalancer addresses from the kind/MetalLB
style pool 172.18.255.200 upwards. Addresses are handled as integers so that ranges and
membership are arithmetic, never string games.
"""

from __future__ import annotations

SERVICE_CIDR = "10.96.0.0/12"
POD_CIDR = "10.244.0.0/16"
NODE_PORT_RANGE = (30000, 32767)
LB_POOL_START = "172.18.255.200"
API_SERVER_IP = "172.18.0.2"
API_SERVER_PORT = 6443
DNS_IP = "10.96.0.10"


def to_int(ip: str) -> int | None:
    """The address as a 32-bit integer, or None when `ip` is not a dotted IPv4 address."""
    parts = str(ip).split(".")
    if len(parts) != 4 or not all(p.isdigit() and len(p) <= 3 for p in parts):
        return None
    values = [int(p) for p in parts]
    if any(v > 255 for v in values):
        return None
    return (values[0] << 24) | (values[1] << 16) | (values[2] << 8) | values[3]


def to_str(value: int) -> str:
    return ".".join(str((value >> shift) & 255) for shift in (24, 16, 8, 0))


def cidr_range(cidr: str) -> tuple[int, int]:
    """First and last address of a CIDR block."""
    base, _, bits = cidr.partition("/")
    size = 1 << (32 - int(bits))
    start = to_int(base) & ~(size - 1) & 0xFFFFFFFF
    return start, start + size - 1


def in_cidr(ip: str, cidr: str) -> bool:
    value = to_int(ip)
    if value is None:
        return False
    low, high = cidr_range(cidr)
    return low <= value <= high


def is_service_ip(ip: str) -> bool:
    return in_cidr(ip, SERVICE_CIDR)


def is_pod_ip(ip: str) -> bool:
    return in_cidr(ip, POD_CIDR)


def is_ip(text: str) -> bool:
    return to_int(text) is not None


def dashed(ip: str) -> str:
    """10.244.1.5 -> 10-244-1-5, the label of a pod's A record."""
    return ip.replace(".", "-")
