"""The dispatch side of the console: live board, incident detail, forms, supervision.

How to wire it (console/app.py, after the store and services exist)::

    from console.board import BoardController, QtDispatchBoard, QtIncidentDetail
    from console.board import QtNewIncidentForm, QtSupervisionView
    from console.map import QtMapView
    from console.linkage import Linkage

    board = BoardController(svc, ChangeFeed(store), user)   # starts the feed follower thread
    dock_board.setWidget(QtDispatchBoard(board))
    dock_detail.setWidget(QtIncidentDetail(board))
    dock_map.setWidget(QtMapView(board, cameras_provider))  # provider: () -> list[MapCamera]
    if user.role in ("duty_officer", "leader"):
        dock_supervision.setWidget(QtSupervisionView(board))
    form = QtNewIncidentForm(board)                          # a dialog-sized widget
    linkage = Linkage(board, registry)                       # video.registry.CameraRegistry
    linkage.show_cameras.connect(wall.show_cameras)          # list[str] of camera ids
    linkage.pop_camera.connect(wall.pop_camera)              # one camera id
    linkage.camera_incidents_changed.connect(wall.refresh_badges)   # camera id
    wall tile badges: linkage.incidents_for_camera(camera_id) -> list[Incident]
    ...
    on shutdown, in reverse: linkage.close(); board.stop(); then close the store.

``board.current_changed(str)`` is the selected incident; ``board.select(id)`` changes it, and
the board, the detail and the map follow. ``board.model`` is the Qt table model
(``console.board.model.IncidentTableModel``) over ``board.collection``.
Translations: ``resources/i18n/board_zh_CN.ts``.
"""

from __future__ import annotations

from console.board import refguard

refguard.install()  # PySide6 6.12.0 refcount defect: see console/board/refguard.py

from console.board.controller import BoardController  # noqa: E402
from console.board.qt_dispatch_board import QtDispatchBoard  # noqa: E402

__all__ = ["BoardController", "QtDispatchBoard"]
