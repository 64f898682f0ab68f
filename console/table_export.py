"""Write what a table view shows to a CSV file Excel opens as it is (UTF-8 with BOM).

The rows are the view's (filtered, sorted) rows and the cells their display texts, so the
file says what the user saw. The file is written beside its target and renamed over it: a
failure (full disk, no permission) leaves no half-written file behind.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, Qt


def table_rows(
    model: QAbstractItemModel,
    extra_header: tuple[str, ...] = (),
    extra: Callable[[int], list[str]] | None = None,
) -> list[list[str]]:
    """Header and rows of ``model`` as display texts; ``extra(row)`` appends cells per row
    (titled ``extra_header``)."""
    columns = range(model.columnCount())
    header = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns]
    rows = [header + list(extra_header)]
    for row in range(model.rowCount()):
        cells = [str(model.index(row, c).data() or "") for c in columns]
        rows.append(cells + (extra(row) if extra is not None else []))
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> None:
    """Write ``rows`` to ``path`` whole or not at all; raises OSError."""
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as out:
            csv.writer(out).writerows(rows)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
