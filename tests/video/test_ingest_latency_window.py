"""Latency percentiles of a stream: the same values numpy's default (linear) method gives."""

from __future__ import annotations

import random

import numpy as np
import pytest

from video.ingest.stats import LatencyWindow


def test_no_samples_no_percentiles() -> None:
    assert LatencyWindow().percentiles() is None


@pytest.mark.parametrize("count", [1, 2, 3, 7, 100, 250, 400])
def test_percentiles_match_numpy(count: int) -> None:
    rng = random.Random(count)
    window = LatencyWindow(size=250)
    samples = [rng.uniform(5.0, 400.0) for _ in range(count)]
    for ms in samples:
        window.add(ms)
    kept = samples[-250:]  # the window keeps the last 250
    result = window.percentiles()
    assert result is not None
    p50, p95 = np.percentile(np.array(kept), [50, 95])
    assert result.p50 == pytest.approx(p50, abs=1e-9)
    assert result.p95 == pytest.approx(p95, abs=1e-9)


def test_percentiles_of_a_known_window() -> None:
    window = LatencyWindow(size=5)
    for ms in (50.0, 10.0, 40.0, 20.0, 30.0, 1000.0):  # 50 falls out of the window
        window.add(ms)
    result = window.percentiles()
    assert result is not None
    assert result.p50 == pytest.approx(30.0)
    assert result.p95 == pytest.approx(40.0 + 0.8 * 960.0)
