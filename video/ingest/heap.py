"""Keep frame-sized buffers in glibc's heap so converting a frame does not fault in new pages.

A 640x360 BGR frame is a 691 KB buffer, above glibc's mmap threshold: converted frames were
each a fresh mapping, zero-filled page by page by the kernel and unmapped when the next frame
replaced them (measured: ~10 page faults per frame in the ingest bench; in a micro-benchmark
swscale's conversion took 0.18-0.25 ms per frame instead of 0.10 ms when every output was a
new mapping, or with only the mmap threshold raised, because the freed buffer at the top of
the heap was trimmed and faulted in again). Both thresholds are raised for that reason.
"""

from __future__ import annotations

import ctypes
import logging
import sys

logger = logging.getLogger(__name__)

_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # mallopt parameter numbers (malloc.h)
_MMAP_FROM = 32 << 20  # bytes: only allocations this large get their own mapping
_TRIM_ABOVE = 256 << 20  # bytes of free heap top kept before returning memory to the OS
_tuned: bool | None = None


def keep_frame_buffers_in_heap() -> bool:
    """Raise glibc's mmap and trim thresholds, once per process; True when it took effect.

    A fixed threshold also stops glibc's own adjustment. Linux/glibc only; elsewhere (or
    with another C library) nothing changes and this returns False.
    """
    global _tuned
    if _tuned is None:
        _tuned = False
        if sys.platform.startswith("linux"):
            try:
                mallopt = ctypes.CDLL("libc.so.6").mallopt
            except (OSError, AttributeError):  # not glibc
                mallopt = None
            if mallopt is not None:
                _tuned = bool(mallopt(_M_MMAP_THRESHOLD, _MMAP_FROM)) and bool(
                    mallopt(_M_TRIM_THRESHOLD, _TRIM_ABOVE)
                )
        logger.debug("frame buffers kept in the heap: %s", _tuned)
    return _tuned
