"""Login dialog: login + password against the dispatch service; demo users offered in demo mode."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from console.service_calls import ServiceCalls
from dispatch.errors import AuthenticationError, DispatchError

logger = logging.getLogger(__name__)

Authenticate = Callable[[str, str], Any]


class QtLoginDialog(QDialog):
    """Modal login; ``user()`` holds the authenticated user after ``accept``."""

    def __init__(
        self,
        authenticate: Authenticate,
        demo_users: list[tuple[str, str]] | None = None,
        demo_password: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._authenticate = authenticate
        self._demo_password = demo_password
        self._user: Any = None
        # the password check (a slow hash, a database maybe across the network) runs here
        self._calls = ServiceCalls("sign-in", self)
        self.setMinimumWidth(420)

        self._title = QLabel()
        self._title.setObjectName("brandTitle")
        self._title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._subtitle = QLabel()
        self._subtitle.setObjectName("brandSubtitle")
        self._subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.demo_box = QComboBox()
        self.login_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self._form = QFormLayout()
        self._demo_label = QLabel()
        self._login_label = QLabel()
        self._password_label = QLabel()
        if demo_users:
            self.demo_box.addItem("", "")
            for login, label in demo_users:
                self.demo_box.addItem(f"{label} ({login})", login)
            self._form.addRow(self._demo_label, self.demo_box)
        else:
            self.demo_box.hide()
        self._form.addRow(self._login_label, self.login_edit)
        self._form.addRow(self._password_label, self.password_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addWidget(self._subtitle)
        layout.addSpacing(12)
        layout.addLayout(self._form)
        layout.addWidget(self.error_label)
        layout.addWidget(self._buttons)

        self.demo_box.currentIndexChanged.connect(self._on_demo_chosen)
        self._buttons.accepted.connect(self._on_ok)
        self._buttons.rejected.connect(self.reject)

        self._retranslate()

    def user(self) -> Any:
        """The authenticated user (after the dialog was accepted), else None."""
        return self._user

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Sign in — Xueliang Console"))
        self._title.setText(self.tr("Xueliang Command Console"))
        self._subtitle.setText(self.tr("Comprehensive governance center · video and dispatch"))
        self._demo_label.setText(self.tr("Demo user"))
        self._login_label.setText(self.tr("Login"))
        self._password_label.setText(self.tr("Password"))
        self.login_edit.setPlaceholderText(self.tr("e.g. city_op"))
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))
        self._buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        """Retranslate on language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _on_demo_chosen(self, index: int) -> None:
        login = self.demo_box.itemData(index)
        if login:
            self.login_edit.setText(str(login))
            self.password_edit.setText(self._demo_password)

    def _on_ok(self) -> None:
        login = self.login_edit.text().strip()
        if not login:
            self.error_label.setText(self.tr("Enter your login."))
            return
        password, authenticate = self.password_edit.text(), self._authenticate
        ok = self._buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)  # one attempt at a time
        self.error_label.setText(self.tr("Signing in…"))

        def signed_in(user: Any) -> None:
            ok.setEnabled(True)
            self._user = user
            self._calls.stop()
            self.accept()

        def refused(exc: DispatchError) -> None:
            ok.setEnabled(True)
            logger.info("login refused for %s", login)
            if isinstance(exc, AuthenticationError):
                self.error_label.setText(self.tr("Wrong login or password."))
            else:
                self.error_label.setText(self.tr("Sign-in refused: %1").replace("%1", str(exc)))
            self.password_edit.clear()

        self._calls.run(lambda: authenticate(login, password), signed_in, refused)
