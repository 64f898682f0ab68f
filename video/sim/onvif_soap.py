"""SOAP core of the simulated ONVIF device: parse requests, check WS-UsernameToken, build replies.

Replies are SOAP 1.2 envelopes written as text with every ONVIF namespace declared on the
envelope, so service modules only emit body fragments. Values are always XML-escaped.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import time
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

NS = {
    "env": "http://www.w3.org/2003/05/soap-envelope",
    "wsse": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
    "wsu": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd",
    "wsa": "http://www.w3.org/2005/08/addressing",
    "tds": "http://www.onvif.org/ver10/device/wsdl",
    "trt": "http://www.onvif.org/ver10/media/wsdl",
    "tptz": "http://www.onvif.org/ver20/ptz/wsdl",
    "tev": "http://www.onvif.org/ver10/events/wsdl",
    "tt": "http://www.onvif.org/ver10/schema",
    "wsnt": "http://docs.oasis-open.org/wsn/b-2",
    "wstop": "http://docs.oasis-open.org/wsn/t-1",
    "tns1": "http://www.onvif.org/ver10/topics",
    "ter": "http://www.onvif.org/ver10/error",
}
PASSWORD_DIGEST = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
    "#PasswordDigest"
)
# Operations a device must answer before authentication (ONVIF Core, access classes).
UNAUTHENTICATED = {"GetSystemDateAndTime"}
MAX_CLOCK_SKEW_S = 300.0


class SoapFault(Exception):
    """A SOAP fault to send back: code, ONVIF subcodes, reason and HTTP status."""

    def __init__(self, code: str, subcodes: tuple[str, ...], reason: str, status: int = 400):
        super().__init__(reason)
        self.code = code
        self.subcodes = subcodes
        self.reason = reason
        self.status = status


def not_authorized() -> SoapFault:
    """The fault cameras send for missing or wrong credentials."""
    return SoapFault(
        "env:Sender",
        ("ter:NotAuthorized",),
        "Sender not Authorized",
        status=400,
    )


def invalid_args(subcode: str, reason: str) -> SoapFault:
    """An ter:InvalidArgVal fault with a specific second-level subcode."""
    return SoapFault("env:Sender", ("ter:InvalidArgVal", subcode), reason)


def action_not_supported(name: str) -> SoapFault:
    """The fault for an operation the device does not implement."""
    return SoapFault(
        "env:Receiver",
        ("ter:ActionNotSupported",),
        f"Optional action {name} not implemented",
        status=400,
    )


@dataclass
class SoapRequest:
    """A parsed SOAP request: operation (local name, namespace), its element and headers."""

    operation: str
    namespace: str
    body: etree._Element
    header: etree._Element | None

    def find(self, path: str) -> etree._Element | None:
        """First element under the operation matching an XPath with NS prefixes."""
        found = self.body.xpath(path, namespaces=NS)
        return found[0] if isinstance(found, list) and found else None

    def text(self, path: str, default: str = "") -> str:
        """Text of the first element matching ``path`` (or ``default``)."""
        el = self.find(path)
        return el.text.strip() if el is not None and el.text else default

    def attr(self, path: str, name: str, default: str | None = None) -> str | None:
        """Attribute ``name`` of the first element matching ``path``."""
        el = self.find(path)
        return el.get(name, default) if el is not None else default


def parse_request(data: bytes) -> SoapRequest:
    """Parse a SOAP 1.2 envelope; raise SoapFault for anything that is not one."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise SoapFault("env:Sender", ("ter:WellFormed",), f"Malformed XML: {exc}") from exc
    body = root.find(f"{{{NS['env']}}}Body")
    if etree.QName(root).localname != "Envelope" or body is None or len(body) == 0:
        raise SoapFault("env:Sender", ("ter:WellFormed",), "Not a SOAP 1.2 envelope")
    op = body[0]
    qname = etree.QName(op)
    return SoapRequest(
        qname.localname, qname.namespace or "", op, root.find(f"{{{NS['env']}}}Header")
    )


def digest(nonce: bytes, created: str, password: str) -> str:
    """WS-UsernameToken PasswordDigest: Base64(SHA1(nonce + created + password))."""
    raw = hashlib.sha1(nonce + created.encode() + password.encode()).digest()
    return base64.b64encode(raw).decode()


class NonceCache:
    """Nonces seen within the freshness window: a replayed UsernameToken is rejected."""

    def __init__(self) -> None:
        self._seen: dict[bytes, float] = {}

    def first_use(self, nonce: bytes) -> bool:
        """True the first time ``nonce`` is seen (within MAX_CLOCK_SKEW_S)."""
        now = time.monotonic()
        if len(self._seen) > 10_000:
            self._seen = {n: t for n, t in self._seen.items() if t > now}
        expires = self._seen.get(nonce)
        if expires is not None and expires > now:
            return False
        self._seen[nonce] = now + 2 * MAX_CLOCK_SKEW_S
        return True


def check_auth(
    req: SoapRequest,
    user: str | None,
    password: str | None,
    nonces: NonceCache | None = None,
    clock_offset_s: float = 0.0,
) -> None:
    """Accept the request or raise the NotAuthorized fault.

    A digest must be fresh against the device clock (``clock_offset_s`` from real time, as a
    camera with a wrong clock would judge it) and its nonce must not have been used before.
    """
    if user is None or req.operation in UNAUTHENTICATED:
        return
    if req.header is None:
        raise not_authorized()
    token = req.header.find(f"{{{NS['wsse']}}}Security/{{{NS['wsse']}}}UsernameToken")
    if token is None:
        raise not_authorized()
    name = token.findtext(f"{{{NS['wsse']}}}Username") or ""
    pw_el = token.find(f"{{{NS['wsse']}}}Password")
    if pw_el is None or name != user:
        raise not_authorized()
    given = (pw_el.text or "").strip()
    if pw_el.get("Type", "") == PASSWORD_DIGEST:
        nonce_b64 = token.findtext(f"{{{NS['wsse']}}}Nonce") or ""
        created = (token.findtext(f"{{{NS['wsu']}}}Created") or "").strip()
        try:
            nonce = base64.b64decode(nonce_b64, validate=True)
        except ValueError as exc:
            raise not_authorized() from exc
        if not _fresh(created, clock_offset_s) or not hmac.compare_digest(
            given, digest(nonce, created, password or "")
        ):
            raise not_authorized()
        if nonces is not None and not nonces.first_use(nonce):
            raise not_authorized()
    elif not hmac.compare_digest(given, password or ""):
        raise not_authorized()


def _fresh(created: str, clock_offset_s: float) -> bool:
    try:
        at = dt.datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError:
        return False
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    device_now = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=clock_offset_s)
    return abs((device_now - at).total_seconds()) <= MAX_CLOCK_SKEW_S


def el(tag: str, text: object) -> str:
    """``<tag>text</tag>`` with the text escaped (booleans as xs:boolean)."""
    if isinstance(text, bool):
        text = "true" if text else "false"
    return f"<{tag}>{escape(str(text))}</{tag}>"


def attr(value: object) -> str:
    """A quoted, escaped attribute value."""
    return quoteattr(str(value))


def envelope(body: str, header: str = "") -> bytes:
    """A SOAP 1.2 envelope declaring every namespace the services use."""
    decls = " ".join(f'xmlns:{p}="{u}"' for p, u in NS.items())
    head = f"<env:Header>{header}</env:Header>" if header else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<env:Envelope {decls}>'
        f"{head}<env:Body>{body}</env:Body></env:Envelope>"
    ).encode()


def fault_envelope(fault: SoapFault) -> bytes:
    """The envelope for a SoapFault (nested subcodes as ONVIF specifies)."""
    sub = ""
    for code in reversed(fault.subcodes):
        sub = f"<env:Subcode><env:Value>{code}</env:Value>{sub}</env:Subcode>"
    body = (
        f"<env:Fault><env:Code><env:Value>{fault.code}</env:Value>{sub}</env:Code>"
        f'<env:Reason><env:Text xml:lang="en">{escape(fault.reason)}</env:Text></env:Reason>'
        "</env:Fault>"
    )
    return envelope(body)


def utc_iso(at: dt.datetime | None = None) -> str:
    """An xs:dateTime in UTC with a Z suffix."""
    at = at or dt.datetime.now(dt.UTC)
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def parse_duration_s(text: str, default: float) -> float:
    """Seconds in an xs:duration like PT10S / PT1M30S / PT0.5S (default if unparsable)."""
    text = text.strip().upper()
    if not text.startswith("PT"):
        return default
    total, num = 0.0, ""
    for ch in text[2:]:
        if ch.isdigit() or ch == ".":
            num += ch
            continue
        if not num:
            return default
        total += float(num) * {"H": 3600.0, "M": 60.0, "S": 1.0}.get(ch, 0.0)
        num = ""
    return total
