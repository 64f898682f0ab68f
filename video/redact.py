"""Keep credentials out of logs, printed URLs and exports.

``redact_url("rtsp://admin:secret@10.0.0.5:554/ch1")`` gives ``"rtsp://***@10.0.0.5:554/ch1"``.
``redact_text`` does the same for every URL inside free text, and also masks
``password=``/``pwd=``-style query parameters. ``RedactingFilter`` applies it to every log
record that passes a handler; ``install_log_redaction()`` puts it on the root handlers.
"""

from __future__ import annotations

import logging
import re

# scheme://userinfo@  — userinfo stops at the first '/', '?', '#' or whitespace.
_USERINFO = re.compile(r"(?P<scheme>\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#\s@]*(?:@[^/?#\s@]*)*@")
# password=… in a query string, or on its own as libpq writes it ("host=db password=…")
_SECRET_PARAM = re.compile(
    r"(?P<key>(?:[?&;]|\b)(?:password|passwd|pwd|pass|token|auth)=)[^&;#\s]*", re.IGNORECASE
)
MASK = "***"


def redact_text(text: str) -> str:
    """Mask the credentials of every URL in ``text`` (userinfo and secret query params)."""
    if "@" not in text and "=" not in text:
        return text
    text = _USERINFO.sub(r"\g<scheme>" + MASK + "@", text)
    return _SECRET_PARAM.sub(r"\g<key>" + MASK, text)


def redact_url(url: str) -> str:
    """One URL with its user/password replaced by ``***`` (``rtsp://***@host…``)."""
    return redact_text(url)


def strip_credentials(url: str) -> str:
    """The URL with no userinfo at all (``rtsp://host…``), for display without the mask."""
    return _SECRET_PARAM.sub(r"\g<key>" + MASK, _USERINFO.sub(r"\g<scheme>", url))


class RedactingFilter(logging.Filter):
    """A logging filter that rewrites each record's message and traceback text redacted.

    Attach it to handlers (filters on a logger do not see records propagated from children).
    """

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the record in place; never drops a record."""
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        redacted = redact_text(message)
        if redacted != message or record.args:
            record.msg = redacted
            record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_text(record.exc_text)
        return True


def install_log_redaction(logger: logging.Logger | None = None) -> RedactingFilter:
    """Add one ``RedactingFilter`` to every handler of ``logger`` (default: root); idempotent."""
    target = logger or logging.getLogger()
    existing = [f for h in target.handlers for f in h.filters if isinstance(f, RedactingFilter)]
    flt = existing[0] if existing else RedactingFilter()
    for handler in target.handlers:
        if flt not in handler.filters:
            handler.addFilter(flt)
    return flt
