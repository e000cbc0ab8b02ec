"""Template hashes: `pod-template-hash` and `controller-revision-hash` values.

Kubernetes hashes a pod template with FNV-32a (`controller.ComputeHash`) and writes the
decimal number through `rand.SafeEncodeString`, which maps each digit's byte onto the name
alphabet; so real hashes use only the characters 4-9, b, c, d, f (`75675f5897`). We hash a
canonical JSON form of the template instead of Go's object dump, so values differ from a
real cluster's but look alike and are stable.
"""

import json

ALPHABET = "bcdfghjklmnpqrstvwxz2456789"
_FNV_OFFSET = 0x811C9DC5
_FNV_PRIME = 0x01000193


def fnv32a(data: bytes) -> int:
    h = _FNV_OFFSET
    for byte in data:
        h = ((h ^ byte) * _FNV_PRIME) & 0xFFFFFFFF
    return h


def safe_encode(text: str) -> str:
    """apimachinery's rand.SafeEncodeString."""
    return "".join(ALPHABET[ord(ch) % len(ALPHABET)] for ch in text)


def template_hash(template: dict, collision_count: int = 0) -> str:
    """The pod-template-hash of a pod template (and a DaemonSet's revision hash)."""
    data = json.dumps(template, sort_keys=True, separators=(",", ":")).encode()
    if collision_count:
        data += str(collision_count).encode()
    return safe_encode(str(fnv32a(data)))
