"""Translatable display names of incident codes: states, severities, channels, actions, categories.

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
# The step a time limit runs for (dispatch.categories.STEP_OF_STATE), as in notices.
STEPS: dict[str, str] = {
    "accept": str(QT_TRANSLATE_NOOP("Labels", "acceptance")),
    "dispatch": str(QT_TRANSLATE_NOOP("Labels", "dispatch")),
    "sign": str(QT_TRANSLATE_NOOP("Labels", "signing")),
    "handle": str(QT_TRANSLATE_NOOP("Labels", "handling")),
    "verify": str(QT_TRANSLATE_NOOP("Labels", "verification")),
    "close": str(QT_TRANSLATE_NOOP("Labels", "closing")),
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

# English names of the categories in resources/categories.json, by code; the Chinese names come
# back through the "Categories" context of board_zh_CN.ts (tests check they equal the JSON's).
CATEGORY_CONTEXT = "Categories"
CATEGORIES: dict[str, str] = {
    "dispute": str(QT_TRANSLATE_NOOP("Categories", "Disputes")),
    "dispute.neighbour": str(QT_TRANSLATE_NOOP("Categories", "Neighbour disputes")),
    "dispute.family": str(QT_TRANSLATE_NOOP("Categories", "Marriage and family disputes")),
    "dispute.land": str(QT_TRANSLATE_NOOP("Categories", "Land and forest disputes")),
    "dispute.labour": str(QT_TRANSLATE_NOOP("Categories", "Labour disputes")),
    "public_order": str(QT_TRANSLATE_NOOP("Categories", "Public order risks")),
    "public_order.gathering": str(QT_TRANSLATE_NOOP("Categories", "Gatherings and disturbances")),
    "public_order.theft": str(QT_TRANSLATE_NOOP("Categories", "Theft risks")),
    "safety": str(QT_TRANSLATE_NOOP("Categories", "Safety hazards")),
    "safety.production": str(QT_TRANSLATE_NOOP("Categories", "Work safety")),
    "safety.fire": str(QT_TRANSLATE_NOOP("Categories", "Fire safety")),
    "safety.traffic": str(QT_TRANSLATE_NOOP("Categories", "Traffic safety")),
    "safety.hazchem": str(QT_TRANSLATE_NOOP("Categories", "Hazardous chemicals")),
    "special_groups": str(QT_TRANSLATE_NOOP("Categories", "Special groups")),
    "special_groups.community_correction": str(
        QT_TRANSLATE_NOOP("Categories", "People under community correction")
    ),
    "special_groups.mental_health": str(QT_TRANSLATE_NOOP("Categories", "Severe mental disorders")),
    "city_management": str(QT_TRANSLATE_NOOP("Categories", "City management / sanitation")),
    "city_management.sanitation": str(QT_TRANSLATE_NOOP("Categories", "Sanitation")),
    "city_management.encroachment": str(QT_TRANSLATE_NOOP("Categories", "Street vending")),
    "city_management.facility": str(QT_TRANSLATE_NOOP("Categories", "Municipal facilities")),
    "livelihood": str(QT_TRANSLATE_NOOP("Categories", "Public service requests")),
    "public_health": str(QT_TRANSLATE_NOOP("Categories", "Public health")),
    "stability": str(QT_TRANSLATE_NOOP("Categories", "Stability / petitions")),
    "stability.petition": str(QT_TRANSLATE_NOOP("Categories", "Petitions")),
    "stability.mass_incident": str(QT_TRANSLATE_NOOP("Categories", "Signs of mass incidents")),
    "equipment": str(QT_TRANSLATE_NOOP("Categories", "Equipment faults")),
    "equipment.camera_offline": str(QT_TRANSLATE_NOOP("Categories", "Camera offline")),
    "equipment.video_quality": str(QT_TRANSLATE_NOOP("Categories", "Poor video quality")),
    "other": str(QT_TRANSLATE_NOOP("Categories", "Other")),
}


def label(table: dict[str, str], code: str | None) -> str:
    """The translated display name of ``code`` in ``table`` (the code itself if unknown)."""
    if not code:
        return ""
    source = table.get(code)
    if source is None:
        return code
    return QCoreApplication.translate(CONTEXT, source)


def category_label(code: str | None, fallback: str = "") -> str:
    """The translated name of a category code; ``fallback`` (the service's name) or the code
    itself for a category this console does not know yet."""
    if not code:
        return ""
    source = CATEGORIES.get(code)
    if source is None:
        return fallback or code
    return QCoreApplication.translate(CATEGORY_CONTEXT, source)


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
