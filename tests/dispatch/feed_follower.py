"""A change-feed follower run as a separate process by the feed tests and the bench.

    python feed_follower.py DB_URL POSITION_FILE STOP_AT_SEQ [MAX_CHANGES]

Resumes after the seq in POSITION_FILE (0 if missing), prints ``seq incident action version
wall_time`` per change, saves its position after each batch, and exits once it has seen
STOP_AT_SEQ or MAX_CHANGES changes.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from dispatch.feed import ChangeFeed
from dispatch.store import Store


def main(argv: list[str]) -> int:
    """Follow until the stop condition; return 0."""
    url, position, stop_at = argv[0], Path(argv[1]), int(argv[2])
    limit = int(argv[3]) if len(argv) > 3 else 1 << 60
    seen = 0
    last = int(position.read_text()) if position.exists() else 0
    store = Store.open(url)
    feed = ChangeFeed(store)
    print("ready", flush=True)
    try:
        while last < stop_at and seen < limit:
            for change in feed.poll(last, timeout_s=1.0, limit=min(500, limit - seen)):
                print(
                    change.seq,
                    change.incident_id,
                    change.action,
                    change.version,
                    f"{time.time():.6f}",
                    flush=True,
                )
                last, seen = change.seq, seen + 1
            position.write_text(str(last))
    finally:
        feed.close()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
