"""Qt-free wall state: layouts, placement, tours, persistence form."""

from __future__ import annotations

import pytest

from console.wall import LAYOUTS, MAX_TILES, Tour, WallState, layout_cells


@pytest.mark.parametrize(
    ("name", "grid", "tiles"),
    [("1", 1, 1), ("4", 2, 4), ("9", 3, 9), ("16", 4, 16), ("1+5", 3, 6), ("1+7", 4, 8)],
)
def test_layout_cells_cover_the_grid_once(name: str, grid: int, tiles: int) -> None:
    n, cells = layout_cells(name)
    assert (n, len(cells)) == (grid, tiles)
    covered = [(r + dr, c + dc) for r, c, rs, cs in cells for dr in range(rs) for dc in range(cs)]
    assert sorted(covered) == [(r, c) for r in range(n) for c in range(n)]


def test_one_plus_layouts_have_one_big_tile() -> None:
    assert layout_cells("1+5")[1][0] == (0, 0, 2, 2)
    assert layout_cells("1+7")[1][0] == (0, 0, 3, 3)
    assert set(LAYOUTS) == {"1", "4", "9", "16", "1+5", "1+7"}


def test_place_keeps_visible_cameras_and_fills_free_slots() -> None:
    state = WallState(layout="4")
    state.assign(1, "a")
    assert state.place(["a", "b", "c"]) == [1, 0, 2]
    assert state.slots[:4] == ["b", "a", "c", None]
    assert state.place(["d", "e"]) == [3, 0]  # full: overwrite from slot 0
    assert state.slots[:4] == ["e", "a", "c", "d"]


def test_tour_pages_wrap_around() -> None:
    state = WallState(layout="4", tour=Tour("t", [f"c{i}" for i in range(6)], 5))
    assert state.tour_step() == ["c0", "c1", "c2", "c3"]
    assert state.tour_step() == ["c4", "c5", "c0", "c1"]
    assert state.slots[:4] == ["c4", "c5", "c0", "c1"]


def test_maximised_shows_one_slot() -> None:
    state = WallState(layout="9")
    assert state.visible_slots() == list(range(9))
    state.maximised = 4
    assert state.visible_slots() == [4]


def test_round_trip_and_damaged_input() -> None:
    state = WallState(layout="1+7")
    state.assign(3, "cam")
    again = WallState.from_dict(state.to_dict())
    assert again.layout == "1+7" and again.slots[3] == "cam" and len(again.slots) == MAX_TILES
    broken = WallState.from_dict({"layout": "77", "slots": "nope"})
    assert broken.layout == "16" and broken.slots == [None] * MAX_TILES
    with pytest.raises(IndexError):
        state.assign(MAX_TILES, "x")


def test_swap_exchanges_two_slots_and_checks_them() -> None:
    state = WallState()
    state.assign(0, "a")
    state.assign(3, "b")
    state.swap(0, 3)
    assert state.slots[:4] == ["b", None, None, "a"]
    state.swap(3, 5)  # onto an empty tile: a move
    assert state.slots[3] is None and state.slots[5] == "a"
    with pytest.raises(IndexError):
        state.swap(0, 16)
