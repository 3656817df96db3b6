"""The projector view's live counts as server-sent events (text/event-stream): what the stream sends, and when.

Why a stream rather than the poll it replaced (issue 18, bench/workshops_load.py): a count has to show within 2 s of
the save. A poll every second waits up to a second by design, and then every poll is a whole request (the staff
session read, the workshop, the counts, the page's context) that queues for the event loop behind a room of thirty
saving; under ten such rooms on one worker its latency tail put a count up to 3 s behind. The stream signs the
facilitator in once per connection, then looks at the counts every STREAM_EVERY seconds on the server (one read of
the workshop and its counts, no request to parse, no session to read) and sends the counts' markup only when they
changed: a count shows within a quarter of a second plus one render.

The look is at the database, not an in-process signal: a save answered by another worker, or another machine,
changes the same rows, so several workers serve the same streams (README, "Several workers"). A stream lasts
STREAM_TICKS looks (a minute) and ends; the browser comes back after RETRY_MS, signed in again, and the first
event of every connection carries the counts as they are: after a network drop the view catches up at once. When
the workshop is over (closed, or ended) the stream says "end" and the browser stops asking.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TypeVar

STREAM_EVERY = 0.25  # seconds between two looks at the counts
# looks per connection: a minute, then the browser connects again, signed in again (a session ended or a role taken
# away ends the counts within a minute; a server shutting down waits at most that long for its streams)
STREAM_TICKS = 240
KEEPALIVE_TICKS = 60  # a comment every 15 s of no change: proxies keep the connection, a gone browser is noticed
RETRY_MS = 500  # how soon the browser connects again after a stream ends or drops
COUNTS_EVENT = "counts"  # sse-swap="counts" on the projector view
END_EVENT = "end"  # sse-close="end": the workshop is over, the browser stops asking

T = TypeVar("T")


def event(name: str, data: str) -> str:
    """One server-sent event: every line of the markup after "data: " (a line break inside would end it)."""
    lines = "".join(f"data: {line}\n" for line in data.splitlines() or [""])
    return f"event: {name}\n{lines}\n"


async def counts_events(look: Callable[[], Awaitable[tuple[T, bool] | None]], show: Callable[[T], str],
                        sleep: Callable[[float], Awaitable[None]], ticks: int = STREAM_TICKS) -> AsyncIterator[str]:
    """The stream: `look` reads the counts as they are (and whether the workshop goes on: open, or still to come;
    None when it is gone), `show` renders them. The first look is sent at once; later ones only when they differ
    from the last sent. Ends after `ticks` looks, or with END_EVENT once the workshop is over."""
    yield f"retry: {RETRY_MS}\n\n"
    sent: T | None = None
    quiet = 0
    for tick in range(ticks):
        if tick:
            await sleep(STREAM_EVERY)
        found = await look()
        if found is None:
            return
        counts, going = found
        if counts != sent:
            yield event(COUNTS_EVENT, show(counts))
            sent, quiet = counts, 0
        else:
            quiet += 1
            if quiet >= KEEPALIVE_TICKS:
                yield ": still here\n\n"
                quiet = 0
        if not going:
            yield event(END_EVENT, "")
            return
