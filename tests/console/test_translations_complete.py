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


def _messages(ts: Path, finished_only: bool) -> set[tuple[str | None, str]]:
    found: set[tuple[str | None, str]] = set()
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            done = translation is not None and translation.get("type") is None
            text = "".join(translation.itertext()) if translation is not None else ""
            if finished_only and not (done and text.strip()):  # (plural forms: inside)
                continue
            found.add((name, message.findtext("source") or ""))
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
    any_context = {source for _, source in translated}
    missing = [
        (context, source)
        for context, source in sorted(marked, key=str)
        # a helper passing its context in a variable: lupdate cannot name it
        if ((context, source) not in translated if context else source not in any_context)
    ]
    assert not missing, f"untranslated: {missing}"
