"""RTSP Digest authentication (RFC 2617, with or without qop=auth) for the simulator."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

REALM = "XueliangSim"
_PARAM = re.compile(r'(\w+)=(?:"([^"]*)"|([^,\s]*))')


def _md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def parse_auth_params(header: str) -> dict[str, str]:
    """Parse ``Digest k="v", k2=v2`` into a dict (empty if not a Digest header)."""
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() != "digest":
        return {}
    return {m.group(1).lower(): m.group(2) or m.group(3) or "" for m in _PARAM.finditer(rest)}


class DigestAuth:
    """Checks Authorization headers against one user/password."""

    def __init__(self, user: str, password: str) -> None:
        self.user = user
        self._ha1 = _md5(f"{user}:{REALM}:{password}")
        self.nonce = secrets.token_hex(16)

    def challenge(self) -> str:
        """The WWW-Authenticate header value of a 401 reply."""
        return f'Digest realm="{REALM}", nonce="{self.nonce}", algorithm=MD5, qop="auth"'

    def check(self, method: str, header: str | None) -> bool:
        """True if the Authorization header is a valid digest for ``method``."""
        if not header:
            return False
        p = parse_auth_params(header)
        if p.get("username") != self.user or p.get("nonce") != self.nonce:
            return False
        ha2 = _md5(f"{method}:{p.get('uri', '')}")
        if p.get("qop"):
            expected = _md5(
                f"{self._ha1}:{self.nonce}:{p.get('nc', '')}:{p.get('cnonce', '')}:{p['qop']}:{ha2}"
            )
        else:
            expected = _md5(f"{self._ha1}:{self.nonce}:{ha2}")
        return hmac.compare_digest(expected, p.get("response", ""))
