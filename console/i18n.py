"""Translations: compile the Qt ``.ts`` catalogues to ``.qm`` and install them on the app.

Source strings are English in code. Every ``resources/i18n/*_zh_CN.ts`` catalogue (the shell's
``xueliang_zh_CN.ts``, the board's ``board_zh_CN.ts`` …) is compiled with ``pyside6-lrelease``
when its ``.qm`` is missing or older, and loaded when the language is Chinese (the default).
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

import resources

logger = logging.getLogger(__name__)

I18N_DIR = Path(resources.__file__).resolve().parent / "i18n"
LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"

# Records the console files itself (a video alarm's incident title) are written in the
# site's language, whatever the filing console shows: every console and export then reads
# one language, as it does for what grid workers and operators type.
RECORD_LANGUAGE = DEFAULT_LANGUAGE

_installed: list[QTranslator] = []
_record: list[QTranslator] | None = None  # loaded on first use, never installed on the app


class TranslationBuildError(RuntimeError):
    """lrelease is missing or failed on a catalogue."""


def lrelease_path() -> str:
    """Path of ``pyside6-lrelease`` (next to the interpreter first, then PATH)."""
    local = Path(sys.executable).parent / "pyside6-lrelease"
    if local.exists():
        return str(local)
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    if not found:
        raise TranslationBuildError("pyside6-lrelease not found: install PySide6 in this venv")
    return found


def build_qm(ts_path: Path, qm_path: Path | None = None) -> Path:
    """Compile one ``.ts`` file to ``.qm`` (next to it by default); the ``.qm`` path."""
    qm = qm_path or ts_path.with_suffix(".qm")
    result = subprocess.run(
        [lrelease_path(), "-silent", str(ts_path), "-qm", str(qm)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if result.returncode != 0 or not qm.exists():
        raise TranslationBuildError(f"lrelease failed on {ts_path}: {result.stderr.strip()}")
    return qm


def catalogues(language: str = DEFAULT_LANGUAGE, folder: Path = I18N_DIR) -> list[Path]:
    """The ``*_<language>.ts`` catalogues found in ``folder``."""
    return sorted(folder.glob(f"*_{language}.ts"))


def build_all(language: str = DEFAULT_LANGUAGE, folder: Path = I18N_DIR) -> list[Path]:
    """(Re)build every stale ``.qm`` of ``language``; the ``.qm`` paths that exist afterwards."""
    built: list[Path] = []
    for ts in catalogues(language, folder):
        qm = ts.with_suffix(".qm")
        if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            try:
                build_qm(ts, qm)
            except (TranslationBuildError, OSError) as exc:
                logger.warning("cannot compile %s: %s", ts.name, exc)
        if qm.exists():
            built.append(qm)
    return built


def normalise(language: str | None) -> str:
    """Map user input (``en``, ``zh``, ``zh_CN``, ``zh-CN``) to a supported language."""
    value = (language or DEFAULT_LANGUAGE).replace("-", "_").lower()
    return "en" if value.startswith("en") else "zh_CN"


def _catalogues(language: str, parent: QCoreApplication | None) -> list[QTranslator]:
    """A loaded translator for each of ``language``'s catalogues (built when stale)."""
    translators = []
    for qm in build_all(language):
        translator = QTranslator(parent)
        if translator.load(str(qm)):
            translators.append(translator)
        else:
            logger.warning("cannot load translation %s", qm)
    return translators


def install(language: str, app: QCoreApplication | None = None) -> list[str]:
    """Switch the app to ``language`` live (widgets get LanguageChange); loaded catalogue names."""
    app = app or QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication before installing translations")
    language = normalise(language)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    loaded: list[str] = []
    if language != "en":
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt_tr = QTranslator(app)
        if qt_tr.load(f"qtbase_{language}", qt_dir):
            app.installTranslator(qt_tr)
            _installed.append(qt_tr)
        for translator in _catalogues(language, app):
            app.installTranslator(translator)
            _installed.append(translator)
            loaded.append(translator.filePath().rsplit("/", 1)[-1])
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        # an empty translator still makes Qt send LanguageChange to every widget
        blank = QTranslator(app)
        app.installTranslator(blank)
        _installed.append(blank)
    logger.debug("language %s: %s", language, loaded)
    return loaded


def record_text(context: str, source: str) -> str:
    """``source`` (marked with QT_TRANSLATE_NOOP in ``context``) in RECORD_LANGUAGE.

    Unlike ``QCoreApplication.translate`` this ignores the language the UI shows now."""
    global _record
    if RECORD_LANGUAGE == "en":
        return source
    if _record is None:
        _record = _catalogues(RECORD_LANGUAGE, None)
    for translator in _record:
        text = translator.translate(context, source)
        if text:
            return text
    return source
