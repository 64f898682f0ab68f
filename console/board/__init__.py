"""The dispatch side of the console: live board, incident detail, forms, supervision.

How to wire it (console/app.py, after the store and services exist), one line each::

    from console.board import BoardController, QtDispatchBoard, QtIncidentDetail
    from console.board import QtNewIncidentForm, QtSupervisionView
    from console.map import MapCamera, QtMapView
    from console.linkage import Linkage

    board = BoardController(svc, ChangeFeed(store), user)   # user: User or login; starts the
                                                             # feed follower thread (loads first)
    linkage = Linkage(board, cameras=catalog.all)            # () -> objects with id, name,
                                                             # grid_id, lat, lon (or registry=)
    QtDispatchBoard(board)                                   # table + filters + alert
    QtIncidentDetail(board, linkage)                         # fields, history, evidence, actions
    QtMapView(board, cameras_provider)                       # () -> list[MapCamera], cheap
    QtSupervisionView(board)                                 # duty officers / leaders
    QtNewIncidentForm(board)                                 # walk-in / 12345; connect
                                                             # map.grid_clicked -> form.set_grid
    linkage.show_cameras.connect(wall.show_cameras)          # list[str] camera ids
    linkage.pop_camera.connect(wall.pop_camera)              # str camera id (video alarm)
    linkage.camera_incidents_changed.connect(wall.refresh_badges)   # str camera id
    linkage.incidents_for_camera(camera_id) -> list[Incident]        # tile badges
    linkage.subscribe(camera_id, onvif_device)               # ONVIF alarms -> incidents
    # shutdown, in reverse: linkage.close(); views' stop(); board.stop(); store.close()

``board.current_changed(str)`` is the selected incident; ``board.select(id)`` changes it and
the board, detail and map follow. ``board.model`` is the sorted/filtered Qt table model over
``board.collection`` (Qt-free). Signals of the controller are emitted on the Qt main thread.
Translations: resources/i18n/board_zh_CN.ts.
"""

from __future__ import annotations

from console.board.controller import BoardController
from console.board.qt_dispatch_board import QtDispatchBoard
from console.board.qt_hierarchy_picker import QtHierarchyPicker
from console.board.qt_incident_detail import QtIncidentDetail
from console.board.qt_new_incident_form import QtNewIncidentForm
from console.board.qt_supervision_view import QtSupervisionView

__all__ = [
    "BoardController",
    "QtDispatchBoard",
    "QtHierarchyPicker",
    "QtIncidentDetail",
    "QtNewIncidentForm",
    "QtSupervisionView",
]
