"""The projector's stream (guide.workshops.stream) driven by hand: counts sent at once, then only when they change,
a keep-alive comment in a quiet room, "end" once the workshop is over, nothing once it is gone."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

from guide.workshops import stream


def _run(looks: list[tuple[str, bool] | None], ticks: int = stream.STREAM_TICKS) -> list[str]:
    found: Iterator[tuple[str, bool] | None] = iter(looks)
    slept: list[float] = []

    async def look() -> tuple[str, bool] | None:
        return next(found)

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    async def collect() -> list[str]:
        return [part async for part in stream.counts_events(look, lambda counts: f"<p>{counts}</p>\n<p>x</p>", sleep,
                                                            ticks)]

    sent = asyncio.run(collect())
    assert all(s == stream.STREAM_EVERY for s in slept)
    return sent


def test_the_counts_are_sent_at_once_then_only_when_they_change() -> None:
    sent = _run([("a", True), ("a", True), ("b", True), ("b", True)], ticks=4)
    assert sent == [f"retry: {stream.RETRY_MS}\n\n", "event: counts\ndata: <p>a</p>\ndata: <p>x</p>\n\n",
                    "event: counts\ndata: <p>b</p>\ndata: <p>x</p>\n\n"]


def test_a_quiet_room_gets_a_comment_now_and_then() -> None:
    sent = _run([("a", True)] * (stream.KEEPALIVE_TICKS + 1), ticks=stream.KEEPALIVE_TICKS + 1)
    assert sent[-1] == ": still here\n\n" and len(sent) == 3


def test_a_workshop_over_ends_the_stream_after_its_last_counts() -> None:
    sent = _run([("a", True), ("b", False), ("c", True)])
    assert sent[1:] == ["event: counts\ndata: <p>a</p>\ndata: <p>x</p>\n\n",
                        "event: counts\ndata: <p>b</p>\ndata: <p>x</p>\n\n", "event: end\ndata: \n\n"]


def test_a_workshop_gone_ends_the_stream_with_nothing_more() -> None:
    assert _run([("a", True), None, ("b", True)])[1:] == ["event: counts\ndata: <p>a</p>\ndata: <p>x</p>\n\n"]
