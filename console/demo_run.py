"""Qt side of `xueliang demo` and `xueliang gui`: build, show, run the event loop, stop all."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from console.app import ConsoleApp, qt_application
from console.demo import DemoWorld
from console.qt_login_dialog import QtLoginDialog
from dispatch.seed import DEMO_PASSWORD

logger = logging.getLogger(__name__)

DEMO_USERS = ("city_op", "city_duty", "city_lead", "city_mnt", "wangyi_op", "wangyi_duty")


class DemoSession:
    """One demo run: demo DB, simulator, reports, console window; everything stopped on exit."""

    def __init__(
        self,
        db_url: str | None = None,
        language: str | None = None,
        cameras: int = 16,
        login: str = "city_op",
        show_login: bool = False,
        reports: bool = True,
        faults: list[str] | None = None,
        fixed: list[int] | None = None,
    ) -> None:
        self.app = ConsoleApp(db_url, language)
        self.world = DemoWorld(cameras, faults=faults, fixed=fixed)
        self.login = login
        self.show_login = show_login
        self.reports = reports
        self.screenshot_saved: Path | None = None

    def run(self, screenshot: Path | None = None, quit_after_s: float | None = None) -> int:
        """Start everything, run the Qt loop, stop everything; the exit code."""
        qapp = qt_application()
        try:
            svc = self.app.start(load_demo=True)
            registry = self.app.open_registry()
            self.world.start(svc, registry)
            self.app.load_registry_cameras()
            user = self._sign_in(svc)
            if user is None:
                return 1
            self.world.own_center = user.org_id  # the colleagues leave this user's work alone
            if self.reports:  # before the window: its first sweep finds them overdue
                self.world.file_backlog(svc)
            window = self.app.open_window(user)
            window.show()
            self.app.subscribe_alarms()
            if self.reports:
                self.world.start_reports(svc)
            if quit_after_s is not None or screenshot is not None:
                delay_ms = int((quit_after_s if quit_after_s is not None else 8.0) * 1000)
                QTimer.singleShot(delay_ms, lambda: self._finish(qapp, screenshot))
            return int(qapp.exec())
        finally:
            self.app.stop()
            self.world.stop()

    def _sign_in(self, svc: Any) -> Any:
        if not self.show_login:
            return svc.user(self.login)
        users = [(login, svc.user(login).name) for login in DEMO_USERS]
        dialog = QtLoginDialog(svc.authenticate, users, DEMO_PASSWORD)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.user()

    def _finish(self, qapp: QApplication, screenshot: Path | None) -> None:
        window = self.app.window
        if screenshot is not None and window is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            started = time.monotonic()
            if window.grab().save(str(screenshot)):
                self.screenshot_saved = screenshot
                logger.info(
                    "screenshot %s in %.0f ms", screenshot, (time.monotonic() - started) * 1e3
                )
                print(f"screenshot saved: {screenshot}", flush=True)
            else:
                print(f"could not save the screenshot to {screenshot}", flush=True)
        qapp.quit()


class GuiSession:
    """`xueliang gui`: sign in against a database and open the console for that user."""

    def __init__(self, db_url: str | None = None, language: str | None = None) -> None:
        self.app = ConsoleApp(db_url, language)

    def run(self) -> int:
        """Show the login dialog, then the console until it closes; the exit code."""
        qapp = qt_application()
        try:
            svc = self.app.start()
            self.app.open_registry()
            dialog = QtLoginDialog(svc.authenticate)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return 1
            window = self.app.open_window(dialog.user())
            window.show()
            return int(qapp.exec())
        finally:
            self.app.stop()
