"""Display names for incident codes (states, severities, channels, actions), translatable.

Source strings are English; Chinese comes from ``resources/i18n/board_zh_CN.ts``. Unknown codes
are shown as they are, so a new code from the service never breaks the board.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QColor

CONTEXT = "Labels"

STATES: dict[str, str] = {
    "reported": str(QT_TRANSLATE_NOOP("Labels", "Reported")),
    "accepted": str(QT_TRANSLATE_NOOP("Labels", "Accepted")),
    "rejected": str(QT_TRANSLATE_NOOP("Labels", "Rejected")),
    "dispatched": str(QT_TRANSLATE_NOOP("Labels", "Dispatched")),
    "signed": str(QT_TRANSLATE_NOOP("Labels", "Signed")),
    "in_progress": str(QT_TRANSLATE_NOOP("Labels", "In progress")),
    "handled": str(QT_TRANSLATE_NOOP("Labels", "Handled")),
    "verified": str(QT_TRANSLATE_NOOP("Labels", "Verified")),
    "closed": str(QT_TRANSLATE_NOOP("Labels", "Closed")),
    "evaluated": str(QT_TRANSLATE_NOOP("Labels", "Evaluated")),
    "suspended": str(QT_TRANSLATE_NOOP("Labels", "Suspended")),
}
CLOSED_STATES = frozenset({"rejected", "closed", "evaluated"})

SEVERITIES: dict[str, str] = {
    "simple": str(QT_TRANSLATE_NOOP("Labels", "Simple")),
    "general": str(QT_TRANSLATE_NOOP("Labels", "General")),
    "complex": str(QT_TRANSLATE_NOOP("Labels", "Complex")),
    "major": str(QT_TRANSLATE_NOOP("Labels", "Major")),
}
SEVERITY_RANK = {"simple": 0, "general": 1, "complex": 2, "major": 3}
SEVERITY_COLORS = {
    "simple": QColor("#4caf50"),
    "general": QColor("#2196f3"),
    "complex": QColor("#ff9800"),
    "major": QColor("#f44336"),
}

CHANNELS: dict[str, str] = {
    "grid_worker": str(QT_TRANSLATE_NOOP("Labels", "Grid worker")),
    "walk_in": str(QT_TRANSLATE_NOOP("Labels", "Walk-in visit")),
    "hotline_12345": str(QT_TRANSLATE_NOOP("Labels", "12345 hotline")),
    "video_alarm": str(QT_TRANSLATE_NOOP("Labels", "Video alarm")),
    "department": str(QT_TRANSLATE_NOOP("Labels", "Department transfer")),
    "assigned": str(QT_TRANSLATE_NOOP("Labels", "Higher-level assignment")),
}

ACTIONS: dict[str, str] = {
    "report": str(QT_TRANSLATE_NOOP("Labels", "Report")),
    "overdue": str(QT_TRANSLATE_NOOP("Labels", "Overdue")),
    "attach": str(QT_TRANSLATE_NOOP("Labels", "Evidence added")),
    "accept": str(QT_TRANSLATE_NOOP("Labels", "Accept")),
    "reject": str(QT_TRANSLATE_NOOP("Labels", "Reject")),
    "dispatch": str(QT_TRANSLATE_NOOP("Labels", "Dispatch")),
    "sign": str(QT_TRANSLATE_NOOP("Labels", "Sign")),
    "start": str(QT_TRANSLATE_NOOP("Labels", "Start")),
    "feedback": str(QT_TRANSLATE_NOOP("Labels", "Feedback")),
    "verify": str(QT_TRANSLATE_NOOP("Labels", "Verify")),
    "rework": str(QT_TRANSLATE_NOOP("Labels", "Rework")),
    "close": str(QT_TRANSLATE_NOOP("Labels", "Close")),
    "evaluate": str(QT_TRANSLATE_NOOP("Labels", "Evaluate")),
    "return": str(QT_TRANSLATE_NOOP("Labels", "Return")),
    "escalate": str(QT_TRANSLATE_NOOP("Labels", "Escalate")),
    "supervise": str(QT_TRANSLATE_NOOP("Labels", "Supervise")),
    "suspend": str(QT_TRANSLATE_NOOP("Labels", "Suspend")),
    "resume": str(QT_TRANSLATE_NOOP("Labels", "Resume")),
    "extend": str(QT_TRANSLATE_NOOP("Labels", "Extend")),
}
# Audit-trail entries that are not buttons.
HISTORY_ONLY = frozenset({"report", "overdue", "attach"})
# Actions that need a target picked in the hierarchy picker, a reason, or a rating.
TARGET_ACTIONS = frozenset({"dispatch"})
REASON_ACTIONS = frozenset({"reject", "return", "rework", "suspend", "escalate", "extend"})
DEADLINE_ACTIONS = frozenset({"extend", "supervise"})
RATING_ACTIONS = frozenset({"evaluate"})

LEVELS: dict[str, str] = {
    "city": str(QT_TRANSLATE_NOOP("Labels", "City")),
    "district": str(QT_TRANSLATE_NOOP("Labels", "District")),
    "township": str(QT_TRANSLATE_NOOP("Labels", "Township")),
    "village": str(QT_TRANSLATE_NOOP("Labels", "Village")),
    "community": str(QT_TRANSLATE_NOOP("Labels", "Community")),
    "grid": str(QT_TRANSLATE_NOOP("Labels", "Grid")),
}


def label(table: dict[str, str], code: str | None) -> str:
    """The translated display name of ``code`` in ``table`` (the code itself if unknown)."""
    if not code:
        return ""
    source = table.get(code)
    if source is None:
        return code
    return QCoreApplication.translate(CONTEXT, source)


def severity_color(code: str | None) -> QColor:
    """The colour used for a severity on the board, map pins and wall badges."""
    return SEVERITY_COLORS.get(code or "", QColor("#9e9e9e"))


def format_countdown(seconds: float) -> str:
    """Time left as ``1d 02:03`` / ``02:03:04``, negative as ``-00:12:00`` (overdue)."""
    sign = "-" if seconds < 0 else ""
    total = int(abs(seconds))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        day = QCoreApplication.translate("Labels", "%1d").replace("%1", str(days))
        return f"{sign}{day} {hours:02d}:{minutes:02d}"
    return f"{sign}{hours:02d}:{minutes:02d}:{secs:02d}"
