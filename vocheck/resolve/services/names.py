"""The hashes Kuma names MeshServices and KDS copies with."""

from __future__ import annotations

# k8s.io/apimachinery's util/rand alphabet: no vowels, no confusable characters.
_SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"


def safe_encode(text: str) -> str:
    """Kubernetes' ``rand.SafeEncodeString``: each character mapped into a vowel-free alphabet."""
    return "".join(_SAFE_ALPHABET[ord(char) % len(_SAFE_ALPHABET)] for char in text)


def fnv32a(*parts: str) -> int:
    value = 0x811C9DC5
    for part in parts:
        for byte in part.encode():
            value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def fnv64a(*parts: str) -> int:
    value = 0xCBF29CE484222325
    for part in parts:
        for byte in part.encode():
            value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return value


_HASH_LENGTH = 10  # the longest decimal of a 32-bit hash


def headless_service_name(pod: str, service: str, namespace: str) -> str:
    """The name Kuma's controller gives the MeshService of one pod behind a headless Service (at most 63 characters)."""
    parts = [service, namespace]
    prefix = pod
    if len(pod) + _HASH_LENGTH + 1 > 63:
        parts.append(pod)
        prefix = pod[: 63 - _HASH_LENGTH - 1]
    return f"{prefix}-{safe_encode(str(fnv32a(*parts)))}"


def kds_hashed_name(mesh: str, name: str, *values: str) -> str:
    """The name a resource gets when Kuma's KDS copies it into another control plane."""
    digest = fnv64a(mesh, name, *values).to_bytes(8, "big").hex()
    return f"{_shorten(name, 253 - 17)}-{safe_encode(digest)}"


def _shorten(text: str, length: int) -> str:
    # k8s.io/utils/strings.ShortenString: the first ``length`` bytes.
    return text if len(text) <= length else text[:length]
