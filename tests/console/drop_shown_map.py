"""Run in a subprocess by test_qt_lifetime: drop a shown map view, then let Qt paint it.

``python drop_shown_map.py`` shows a QtMapView of a real BoardController, lets go of every
reference to it before its first paint, and makes the cycle collector run at the very next
allocation, which happens inside the view's own event handling. That is what crashed the
console tests: a view kept alive only by a reference cycle (PinLayer.zoom_to held a bound
method of the view) was deleted by the collector inside its own event, and Qt then used the
freed view (segmentation fault, exit status -11). A view without cycles is deleted when its
last reference goes. Prints "ok" and exits 0 when nothing crashed.
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
from pathlib import Path

from board_world import G1, open_world
from PySide6.QtWidgets import QApplication

from console.board import BoardController
from console.map import MapCamera, QtMapView


def show_and_drop(controller: BoardController) -> None:
    """Build, show and stop a map view; return without keeping a reference to it."""
    cameras = [MapCamera("cam01", "黄堡路口", 108.95, 35.05, "live", G1)]
    view = QtMapView(controller, lambda: cameras)
    view.resize(800, 600)
    view.show()  # its first paint is pending
    view.stop()


def main() -> int:
    """Show, drop, process events with the collector armed; 0 when nothing crashed."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication([])
    with open_world(Path(tempfile.mkdtemp()) / "drop.db") as world:
        controller = BoardController(world.svc, world.feed, "city_op", start=False)
        gc.collect()
        gc.disable()  # what the view allocates stays in generation 0
        show_and_drop(controller)
        gc.set_threshold(1)
        gc.enable()
        app.processEvents()  # the first allocation is inside the view's event handling
        gc.set_threshold(700, 10, 10)
        app.processEvents()
        controller.stop()
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
