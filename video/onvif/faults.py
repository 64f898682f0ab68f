"""The one place where onvif-zeep-async, zeep and aiohttp failures become our errors.

Also imports onvif-zeep-async lazily: it calls ``logging.basicConfig`` at import, so we give
the root logger a handler first (basicConfig then does nothing) and remove it afterwards.
"""

from __future__ import annotations

import asyncio
import logging
import types
from typing import Any

from video.errors import (
    OnvifAuthError,
    OnvifConnectionError,
    OnvifError,
    OnvifFaultError,
    OnvifProtocolError,
    OnvifTimeoutError,
)

logger = logging.getLogger(__name__)

_AUTH_WORDS = ("notauthorized", "not authorized", "unauthorized", "authority failure")


def import_onvif() -> types.ModuleType:
    """Import ``onvif`` without letting it configure the root logger."""
    root = logging.getLogger()
    guard = None if root.handlers else logging.NullHandler()
    if guard is not None:
        root.addHandler(guard)
    try:
        import onvif

        module: types.ModuleType = onvif
        return module
    finally:
        if guard is not None:
            root.removeHandler(guard)


_WSDL_FILES = ("devicemgmt.wsdl", "media.wsdl", "ptz.wsdl", "events.wsdl")
_warmed = False


async def warm_wsdl() -> None:
    """Parse the bundled WSDLs once per process, so the first call's timeout covers I/O only.

    Uses onvif-zeep-async's document cache (a private helper); if that ever moves, the
    first call simply pays the parse time inside its timeout as before.
    """
    global _warmed
    if _warmed:
        return
    import_onvif()
    from onvif import client

    loader = getattr(client, "_cached_document", None)
    wsdl_dir = getattr(client, "_WSDL_PATH", None)
    if loader is not None and wsdl_dir is not None:
        for name in _WSDL_FILES:
            await loader(f"{wsdl_dir}/{name}")
    _warmed = True


def _subcodes(fault: Any) -> list[str]:
    codes = [str(getattr(fault, "code", "") or "")]
    for sub in getattr(fault, "subcodes", None) or []:
        codes.append(getattr(sub, "localname", None) or str(sub))
    return codes


def translate(exc: BaseException, address: str, operation: str, timeout_s: float) -> OnvifError:
    """Map any failure of one ONVIF call to a named OnvifError with a one-line message."""
    import aiohttp
    import zeep.exceptions as zx
    from lxml import etree

    import_onvif()
    from onvif.exceptions import ONVIFAuthError, ONVIFError, ONVIFTimeoutError

    if isinstance(exc, OnvifError):
        return exc
    if isinstance(exc, ONVIFAuthError):
        return OnvifAuthError(address)
    if isinstance(exc, ONVIFTimeoutError | TimeoutError | asyncio.TimeoutError):
        return OnvifTimeoutError(address, operation, timeout_s)
    if isinstance(exc, ONVIFError):
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
        if inner is None and isinstance(exc.__cause__, BaseException):
            inner = exc.__cause__
        if inner is not None:
            return translate(inner, address, operation, timeout_s)
        return OnvifProtocolError(address, f"{operation} failed: {exc}")
    if isinstance(exc, zx.Fault) and not exc.code:  # zeep found no soap:Fault in the body
        return OnvifProtocolError(
            address, f"answer to {operation} is not ONVIF SOAP: check the URL is a camera"
        )
    if isinstance(exc, zx.Fault):
        codes = _subcodes(exc)
        text = " ".join([*codes, str(exc.message or "")]).lower()
        if any(word in text for word in _AUTH_WORDS):
            return OnvifAuthError(address)
        subcode = next((c for c in reversed(codes[1:]) if c), codes[0])
        return OnvifFaultError(address, operation, subcode, str(exc.message or "").strip())
    if isinstance(exc, zx.TransportError):
        if exc.status_code in (401, 403):
            return OnvifAuthError(address)
        return OnvifProtocolError(
            address,
            f"HTTP {exc.status_code} to {operation}: not an ONVIF device service, check the URL",
        )
    if isinstance(
        exc, zx.XMLSyntaxError | zx.XMLParseError | etree.XMLSyntaxError | zx.ValidationError
    ):
        return OnvifProtocolError(
            address, f"answer to {operation} is not ONVIF SOAP: check the URL is a camera"
        )
    if isinstance(exc, aiohttp.ClientConnectorError | ConnectionRefusedError):
        return OnvifConnectionError(
            address, "cannot connect (refused or unreachable): check the address and port"
        )
    if isinstance(exc, aiohttp.ClientError | OSError):
        return OnvifConnectionError(address, f"connection failed during {operation}: {exc}")
    logger.debug("%s: unexpected ONVIF failure in %s", address, operation, exc_info=exc)
    return OnvifProtocolError(
        address,
        f"answer to {operation} is not understood as ONVIF ({type(exc).__name__}): "
        "check the URL is a camera",
    )
