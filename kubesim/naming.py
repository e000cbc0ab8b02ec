"""Generated names as Kubernetes makes them: pod-template-hash and friends."""

import json

ALPHABET = "bcdfghjklmnpqrstvwxz2456789"


def safe_encode(text: str) -> str:
    """apimachinery's rand.SafeEncodeString: each byte mapped into the alphabet above."""
    return "".join(ALPHABET[b % len(ALPHABET)] for b in text.encode())


def template_hash(template: dict, collision_count: int = 0) -> str:
    """A pod-template-hash label value.

    The real controller prints a 32-bit FNV hash of the template in decimal and maps each
    digit into the alphabet, which is why real hashes only use the characters 4-9 and b-f
    (`7db6d8ff4d`). We hash the template's canonical JSON the same way (FNV-1a, 32 bits),
    so the values look and behave like the real ones: stable for a template, new when it changes.
    """
    data = json.dumps(template, sort_keys=True, separators=(",", ":")).encode()
    if collision_count:
        data += str(collision_count).encode()
    h = 0x811C9DC5
    for byte in data:
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return safe_encode(str(h))
