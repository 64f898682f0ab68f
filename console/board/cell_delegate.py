"""CellDelegate: paints the incident table's cells directly instead of through the style.

Through the style a cell cost a style-sheet rule look-up, a QTextLayout for its text and a
``multiData`` trip into the model: a full repaint of the board's ~26 visible rows took ~25 ms
(p50), the board's longest UI stall. Here a cell is one plain-Python model call
(``IncidentTableModel.cell``), a fill if it is selected, hovered or flashing, and one
``drawStaticText`` of its text, elided and laid out once per (text, width). Colours come from
the view's palette and the theme's ``QTableView::item:selected/hover`` rules, the geometry
(text padding, swatch) from the style, asked once per cell size: the cells are pixel for pixel
what the style painted (tested). The focused cell and disabled rows still go through the style
(one cell, rare).
"""

from __future__ import annotations

import re
from typing import Any, cast

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QIcon,
    QPainter,
    QPalette,
    QPixmap,
    QStaticText,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOption,
    QStyleOptionViewItem,
    QTableView,
)

from console.board.model import IncidentTableModel

__all__ = ["CellDelegate", "item_rule_background", "line_height"]

TEXT_CACHE_MAX = 4096  # prepared texts; the countdown column adds ~26 a second
GEOMETRY_CACHE_MAX = 64  # cell sizes (the title column stretches with the window)
STATE_SELECTED = QStyle.StateFlag.State_Selected.value
STATE_MOUSE_OVER = QStyle.StateFlag.State_MouseOver.value
STATE_ENABLED = QStyle.StateFlag.State_Enabled.value
STATE_HAS_FOCUS = QStyle.StateFlag.State_HasFocus.value
ELIDE_RIGHT = Qt.TextElideMode.ElideRight
Index = QModelIndex | QPersistentModelIndex
# (text left inset, text width less right inset, swatch left inset, swatch top inset)
Geometry = tuple[int, int, int, int]


def item_rule_background(style_sheet: str, pseudo_state: str) -> QColor | None:
    """The background a style sheet gives ``QTableView::item:<pseudo_state>``, or None.

    The theme (``resources/theme/dark.qss``) colours hovered and selected rows with these
    rules; reading them from the applied sheet keeps the delegate and the theme in step.
    """
    selector = re.escape(f"QTableView::item:{pseudo_state}")
    found = None
    for match in re.finditer(r"([^{}]*)\{([^{}]*)\}", style_sheet):
        selectors = [s.strip() for s in match.group(1).split(",")]
        if any(re.fullmatch(selector, s) for s in selectors):
            value = re.search(r"background(?:-color)?\s*:\s*([^;]+)", match.group(2))
            if value is not None:
                found = QColor(value.group(1).strip())  # later rules win, as in CSS
    return found if found is not None and found.isValid() else None


def line_height(font: QFont) -> int:
    """Height of a laid-out line, whole pixels, as the style centres cell text with it (the
    font metrics' height is rounded, the layout's ceiled: 15 vs 16 for the theme's font)."""
    layout = QTextLayout("Xg", font)
    layout.beginLayout()
    line = layout.createLine()
    layout.endLayout()
    return int(line.height())


class CellDelegate(QStyledItemDelegate):
    """Paints IncidentTableModel cells; ``prepare`` is called once per paint event.

    Lives on the Qt main thread, with its view.
    """

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self._view = view
        self._model: IncidentTableModel | None = None
        self._texts: dict[tuple[str, int], QStaticText] = {}
        self._geometry: dict[tuple[int, int, bool], Geometry] = {}
        self._tinted: dict[int, QColor] = {}
        self._font = QFont()
        self._metrics = QFontMetrics(self._font)
        self._style_sheet: str | None = None
        self._selected_rule: QColor | None = None
        self._selected_bg = QColor()
        self._hover_bg: QColor | None = None
        self._highlight = QColor()
        self._text = QColor()
        self._highlighted_text = QColor()
        self._line_height = line_height(self._font)
        self._swatch = 16
        self._margin = 3
        self._ready = False

    def set_model(self, model: Any) -> None:
        """Paint this model's cells directly (another model goes through the style)."""
        self._model = model if isinstance(model, IncidentTableModel) else None

    def prepare(self) -> None:
        """Read the view's colours, font and style metrics once for the coming paint."""
        view = self._view
        if not view.isEnabled():
            self._ready = False
            return
        palette = view.palette()
        group = QPalette.ColorGroup.Active
        if not view.isActiveWindow():
            group = QPalette.ColorGroup.Inactive
        self._text = palette.color(group, QPalette.ColorRole.Text)
        self._highlighted_text = palette.color(group, QPalette.ColorRole.HighlightedText)
        app = QApplication.instance()
        sheet = app.styleSheet() if isinstance(app, QApplication) else ""
        if sheet != self._style_sheet:
            self._style_sheet = sheet
            self._selected_rule = item_rule_background(sheet, "selected")
            self._hover_bg = item_rule_background(sheet, "hover")
            self._geometry.clear()
        highlight = QGuiApplication.palette().color(QPalette.ColorRole.Highlight)
        if highlight != self._highlight:  # the selected swatches are tinted with it
            self._highlight = highlight
            self._tinted.clear()
        # without a theme rule the style fills selected cells with the palette's Highlight
        highlight_bg = palette.color(group, QPalette.ColorRole.Highlight)
        self._selected_bg = self._selected_rule or highlight_bg
        font = view.font()
        if font != self._font:
            self._font = font
            self._metrics = QFontMetrics(font)
            self._texts.clear()
            self._geometry.clear()
            self._line_height = line_height(font)
        style = view.style()
        self._margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
        size = view.iconSize()
        self._swatch = size.width() if size.isValid() else 0
        if self._swatch <= 0:
            self._swatch = style.pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, view)
        self._ready = True

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """Paint one cell: background, severity swatch, elided text."""
        model = self._model
        state = option.state.value
        if (
            model is None
            or not self._ready
            or state & STATE_HAS_FOCUS  # the focus frame: the style draws it
            or not state & STATE_ENABLED
        ):
            super().paint(painter, option, index)
            return
        row = index.row()
        column = index.column()
        values = model.cell(row, column)
        if values is None:
            super().paint(painter, option, index)
            return
        text, foreground, background, decoration = values
        x, y, width, height = cast(tuple[int, int, int, int], option.rect.getRect())
        selected = state & STATE_SELECTED
        if selected:
            background = self._selected_bg
            pen = self._highlighted_text
        else:
            pen = foreground or self._text
            if state & STATE_MOUSE_OVER and self._hover_bg is not None:
                background = self._hover_bg
        # A plain cell is not filled: the view has painted its row already, Base or (odd rows)
        # AlternateBase from the palette, as the style's own item painting relied on too.
        if background is not None:
            painter.fillRect(x, y, width, height, background)
        geometry = self._geometry.get((width, height, decoration is not None))
        if geometry is None:
            geometry = self._measure(option, index, decoration is not None)
        left, text_width, swatch_left, swatch_top = geometry
        if decoration is not None:
            if selected:
                decoration = self._tint(decoration)
            size = self._swatch
            painter.fillRect(x + swatch_left, y + swatch_top, size, size, decoration)
        if text and text_width > 0:
            static = self._texts.get((text, text_width))
            if static is None:
                static = self._prepare_text(text, text_width)
            painter.setPen(pen)
            painter.drawStaticText(x + left, y + (height - self._line_height) // 2, static)

    def _measure(self, option: QStyleOptionViewItem, index: Index, decorated: bool) -> Geometry:
        """Text and swatch insets of a cell of this size, as the style lays it out."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        view = self._view
        style = view.style()
        rect = opt.rect
        text = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, view)
        swatch = QRect()
        if decorated:
            swatch = style.subElementRect(QStyle.SubElement.SE_ItemViewItemDecoration, opt, view)
        size = self._swatch
        margin = self._margin
        geometry = (
            text.x() - rect.x() + margin,
            text.width() - 2 * margin,
            swatch.x() - rect.x() + (swatch.width() - size) // 2,
            swatch.y() - rect.y() + (swatch.height() - size) // 2,
        )
        if len(self._geometry) >= GEOMETRY_CACHE_MAX:
            self._geometry.clear()
        self._geometry[(rect.width(), rect.height(), decorated)] = geometry
        return geometry

    def _prepare_text(self, text: str, width: int) -> QStaticText:
        """A cell text elided right to ``width``, laid out once."""
        metrics = self._metrics
        shown = text
        if metrics.horizontalAdvance(text) > width:
            shown = metrics.elidedText(text, ELIDE_RIGHT, width)
        static = QStaticText(shown)
        static.setTextFormat(Qt.TextFormat.PlainText)
        static.prepare(font=self._font)
        if len(self._texts) >= TEXT_CACHE_MAX:
            self._texts.clear()
        self._texts[(text, width)] = static
        return static

    def _tint(self, color: QColor) -> QColor:
        """A swatch colour as the style shows it on a selected row: the icon's generated
        "selected" pixmap (Highlight laid over it), made by the style once per colour."""
        key = color.rgba()
        tinted = self._tinted.get(key)
        if tinted is None:
            pixmap = QPixmap(1, 1)
            pixmap.fill(color)
            option = QStyleOption()
            option.palette = QGuiApplication.palette()  # as QIcon asks for the pixmap
            style = QApplication.style()
            selected = style.generatedIconPixmap(QIcon.Mode.Selected, pixmap, option)
            tinted = selected.toImage().pixelColor(0, 0)
            self._tinted[key] = tinted
        return tinted
