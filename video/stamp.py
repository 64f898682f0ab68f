"""Machine-readable capture-time stamp burned into frames.

The simulator paints the wall-clock capture time (ms since the epoch, 48 bits) as a strip
of black/white cells in the frame's top-left corner; a reader decodes it to measure
glass-to-glass latency. Cells are large (CELL px) so the code survives H.264 and downscaling.

Layout: [1 0 1 0 guard] + 48 data bits + 8 checksum bits, one row of cells.
"""

from __future__ import annotations

import functools

import numpy as np

BITS = 48
GUARD = (1, 0, 1, 0)
CHECK_BITS = 8
CELL = 8  # pixels per cell at 1280 px width; scaled with the frame width
REF_WIDTH = 1280
_GUARD_BYTES = bytes(GUARD)
_DIGITS = bytes.maketrans(b"\x00\x01", b"01")  # 0/1 bytes -> ASCII digits


def cell_size(width: int) -> int:
    """Side in pixels of one stamp cell for a frame of this width."""
    return max(2, round(CELL * width / REF_WIDTH))


def _checksum(ones: int) -> int:
    """The check value of data with ``ones`` one bits: their count modulo 256."""
    return ones & 0xFF


def _number(bits: bytes) -> int:
    """The unsigned number whose bits, most significant first, are these 0/1 bytes."""
    return int(bits.translate(_DIGITS), 2)


def _bits(value: int) -> list[int]:
    data = [(value >> (BITS - 1 - i)) & 1 for i in range(BITS)]
    check = _checksum(data.count(1))
    check_bits = [(check >> (CHECK_BITS - 1 - i)) & 1 for i in range(CHECK_BITS)]
    return list(GUARD) + data + check_bits


def strip_width(frame_width: int) -> int:
    """Width in pixels of the stamp strip for a frame of this width."""
    return cell_size(frame_width) * (len(GUARD) + BITS + CHECK_BITS)


def encode(frame: np.ndarray, ms: int, white: int = 255, black: int = 0) -> None:
    """Paint ``ms`` into the top-left corner of an HxWx3 (or HxW) uint8 frame, in place.

    ``white``/``black`` are the cell levels: a luma plane takes 235/16, the levels that
    BGR 255/0 convert to, so the code looks the same whichever way it was burned in.
    """
    cell = cell_size(frame.shape[1])
    levels = np.array((black, white), np.uint8)
    row = np.repeat(levels[_bits(ms)], cell)[: frame.shape[1]]  # one row of the strip
    strip = frame[0:cell, : row.size]
    strip[...] = row[:, None] if frame.ndim == 3 else row


@functools.lru_cache(maxsize=16)
def _centres(width: int) -> tuple[int, np.ndarray]:
    """(cell side, x of each cell's centre) for a frame of this width."""
    cell = cell_size(width)
    return cell, np.arange(len(GUARD) + BITS + CHECK_BITS) * cell + cell // 2


def decode(frame: np.ndarray) -> int | None:
    """Read the stamp from a frame (any size, BGR/RGB/gray); None when absent or damaged.

    A handful of numpy calls, no per-bit Python: readers decode it on the per-frame path of
    16+ threads (1 frame in 5), where each line of Python costs several times its
    micro-benchmark time.
    """
    height, width = frame.shape[:2]
    cell, centres = _centres(width)
    if height < cell or width < cell * centres.size:
        return None
    row = frame[cell // 2]
    levels = row[centres] if row.ndim == 1 else row[centres].mean(axis=1)
    bits = (levels > 127).tobytes()  # one byte per cell: b"\x00" or b"\x01"
    if bits[:4] != _GUARD_BYTES:
        return None
    data = bits[4 : 4 + BITS]
    value = _number(data)
    return value if _number(bits[4 + BITS :]) == _checksum(data.count(1)) else None
