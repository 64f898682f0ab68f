"""Every string the console's code marks for translation has a Chinese translation: Qt's own
``lupdate`` reads the code (as a translator's tooling would) and each string it finds must be
finished in one of the catalogues, or the Chinese UI shows it in English."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from console.i18n import I18N_DIR

CONSOLE = Path(__file__).resolve().parents[2] / "console"
# modules whose ``tr`` helper passes its context in a variable (lupdate cannot name it)
HELPER_CONTEXTS = {"health_picture.py": "PictureCheck"}


def _messages(ts: Path, finished_only: bool) -> set[tuple[str | None, str]]:
    found: set[tuple[str | None, str]] = set()
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            where = message.find("location")
            file = Path(where.get("filename", "") if where is not None else "").name
            # a helper's context is named by the file it is in
            context_name = name or HELPER_CONTEXTS.get(file, f"no context, in {file}")
            translation = message.find("translation")
            done = translation is not None and translation.get("type") is None
            text = "".join(translation.itertext()) if translation is not None else ""
            if finished_only and not (done and text.strip()):  # (plural forms: inside)
                continue
            found.add((context_name, message.findtext("source") or ""))
    return found


def test_every_string_marked_in_the_code_is_translated(tmp_path: Path) -> None:
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    sources = sorted(str(p) for p in CONSOLE.rglob("*.py"))
    fresh = tmp_path / "fresh.ts"
    subprocess.run([str(lupdate), *sources, "-ts", str(fresh)], check=True, capture_output=True)
    marked = _messages(fresh, finished_only=False)
    assert len(marked) > 300  # lupdate read the code
    translated: set[tuple[str | None, str]] = set()
    for ts in I18N_DIR.glob("*_zh_CN.ts"):
        translated |= _messages(ts, finished_only=True)
    missing = sorted(marked - translated, key=str)
    assert not missing, f"untranslated: {missing}"
