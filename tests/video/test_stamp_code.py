"""The capture-time stamp: what encode burns in, decode reads back; damage reads as None."""

from __future__ import annotations

import numpy as np
import pytest

from video import stamp

WIDTHS = (352, 480, 640, 1280, 1920)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("channels", (0, 3))
def test_round_trip_at_every_width(width: int, channels: int) -> None:
    rng = np.random.default_rng(width + channels)
    shape = (48, width, channels) if channels else (48, width)
    for _ in range(50):
        frame = rng.integers(0, 256, shape, dtype=np.uint8)
        ms = int(rng.integers(0, 2**stamp.BITS))
        stamp.encode(frame, ms)
        assert stamp.decode(frame) == ms


def test_luma_levels_read_like_full_range() -> None:
    frame = np.zeros((40, 640), np.uint8)
    stamp.encode(frame, 1_764_288_000_123, white=235, black=16)
    assert stamp.decode(frame) == 1_764_288_000_123


@pytest.mark.parametrize("cell_index", [0, 3, 4, 30, 51, 52, 59])
def test_one_flipped_cell_is_rejected(cell_index: int) -> None:
    # guard (0-3), data (4-51) or checksum (52-59): a single wrong cell never reads as a time
    frame = np.zeros((40, 640), np.uint8)
    stamp.encode(frame, 1_764_288_000_123)
    cell = stamp.cell_size(640)
    x = cell_index * cell
    frame[:cell, x : x + cell] = 255 - frame[cell // 2, x + cell // 2]
    assert stamp.decode(frame) is None


def test_checksum_counts_the_data_ones() -> None:
    bits = stamp._bits(0b1011 << 20)
    data, check = bits[4 : 4 + stamp.BITS], bits[4 + stamp.BITS :]
    assert int("".join(map(str, check)), 2) == 3 == sum(data)


def test_no_stamp_or_too_small_reads_none() -> None:
    assert stamp.decode(np.full((40, 640, 3), 90, np.uint8)) is None
    assert stamp.decode(np.zeros((2, 640), np.uint8)) is None
    assert stamp.decode(np.zeros((40, 100), np.uint8)) is None
