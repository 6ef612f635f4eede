"""Proof-of-work for the public form: a small hashcash puzzle instead of a third-party captcha.

The form carries a challenge `issued:nonce:bits:mac`; the browser finds a counter such that
sha256("<challenge>:<counter>") starts with `bits` zero bits (about 2**bits hashes: a fraction
of a second in a browser). A solved challenge is good once and for ten minutes. Without
JavaScript no work is done, and the report is accepted under a stricter rate limit instead.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time

__all__ = ["ProofOfWork"]

VALID_S = 600.0


class ProofOfWork:
    def __init__(self, key: bytes, bits: int) -> None:
        self._key = key
        self.bits = bits
        self._spent: dict[str, float] = {}
        self._lock = threading.Lock()

    def challenge(self) -> str:
        body = f"{int(time.time())}:{secrets.token_hex(8)}:{self.bits}"
        return f"{body}:{self._mac(body)}"

    def _mac(self, body: str) -> str:
        return hmac.new(self._key, b"pow:" + body.encode(), hashlib.sha256).hexdigest()[:32]

    def verify(self, challenge: str, counter: str) -> bool:
        """True once for a genuine, fresh, solved challenge; False otherwise."""
        parts = challenge.split(":")
        if len(parts) != 4 or not counter.isdigit() or len(counter) > 20:
            return False
        issued, _nonce, bits, mac = parts
        body = ":".join(parts[:3])
        if not hmac.compare_digest(self._mac(body).encode(), mac.encode("utf-8", "replace")):
            return False
        if not issued.isdigit() or not bits.isdigit() or int(bits) < self.bits:
            return False
        now = time.time()
        if not 0 <= now - int(issued) <= VALID_S:
            return False
        digest = hashlib.sha256(f"{challenge}:{counter}".encode()).digest()
        if int.from_bytes(digest, "big") >> (256 - int(bits)) != 0:
            return False
        with self._lock:
            for old in [c for c, t in self._spent.items() if now - t > VALID_S]:
                del self._spent[old]
            if challenge in self._spent:
                return False
            self._spent[challenge] = now
        return True


def solve(challenge: str) -> str:
    """The counter a browser would find (for tests and scripted clients)."""
    bits = int(challenge.split(":")[2])
    counter = 0
    while True:
        digest = hashlib.sha256(f"{challenge}:{counter}".encode()).digest()
        if int.from_bytes(digest, "big") >> (256 - bits) == 0:
            return str(counter)
        counter += 1
