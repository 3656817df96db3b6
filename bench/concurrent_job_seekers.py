"""200 job seekers at once on ONE uvicorn worker and a fresh SQLite database: is every answer kept, how fast?

Each simulated person has their own cookie jar; they start a journey, then work through steps 1-5: load the
step page, make 2-3 htmx saves with growing answers and more ticks, then press "I have finished this step"
(a plain POST, action=complete) with their final ticks, answers (and sector on step 3), with short random
think times. Every request's latency and status is recorded. Afterwards the database is read directly and
each person's final ticks, answers, sector and step statuses are compared with what they last sent.

Exit status 0 only when there were no errors (unexpected status or exception), nothing was lost, and the htmx
saves' p95 latency is under 1 s (issue 20: a crowd must not wait seconds for "Saved").

Run: .venv/bin/python bench/concurrent_job_seekers.py [--people 200] [--steps 5] [--seed 1]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import ssl
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import httpx2 as httpx  # the test extra installs httpx2 (Starlette 1.x TestClient uses it)
from benchlib import (
    Server,
    Workspace,
    content_note,
    csrf_from,
    exit_on_sigterm,
    percentile,
    resume_code_from,
    step_fields,
)

SAVE_P95_TARGET_SECONDS = 1.0  # the htmx saves' p95: over it the run fails, however much it kept
RUN_DEADLINE_SECONDS = 150  # the whole simulated load; stragglers are cancelled and counted as errors
THINK = (0.05, 0.3)
# One TLS context for all clients: httpx builds one per client otherwise, which is slow (no TLS is used).
TLS = ssl.create_default_context()
STEP_WITH_SECTOR = 3


@dataclass
class Person:
    index: int
    code: str = ""
    # step -> what was last sent, recorded once the final "complete" POST was accepted
    ticks: dict[int, set[str]] = field(default_factory=dict)
    answers: dict[int, dict[str, str]] = field(default_factory=dict)
    sector: str | None = None
    completed_steps: list[int] = field(default_factory=list)
    finished: bool = False


@dataclass
class Recorder:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    async def request(
        self, client: httpx.AsyncClient, kind: str, method: str, url: str, expected: int, **kwargs
    ) -> httpx.Response | None:
        t0 = time.perf_counter()
        try:
            response = await client.request(method, url, **kwargs)
        except (httpx.HTTPError, OSError) as exc:
            self.latencies[kind].append(time.perf_counter() - t0)
            self.errors.append(f"{kind}: {type(exc).__name__}")
            return None
        self.latencies[kind].append(time.perf_counter() - t0)
        self.statuses[response.status_code] += 1
        if response.status_code != expected:
            self.errors.append(f"{kind}: status {response.status_code} (expected {expected})")
            return None
        return response


def answer_text(person: int, step: int, qid: str, draft: int) -> str:
    """A growing answer, with accents and a line break, so exact storage is checked too."""
    words = " ".join(f"werk{k}-ŝé" for k in range(draft * 8 + 5))
    return f"Person {person}, step {step}, {qid}, draft {draft}:\n{words} – klaar."


async def think(rng: random.Random) -> None:
    await asyncio.sleep(rng.uniform(*THINK))


async def job_seeker(person: Person, base_url: str, steps: int, rec: Recorder, seed: int) -> None:
    rng = random.Random(seed * 100_003 + person.index)
    async with httpx.AsyncClient(base_url=base_url, follow_redirects=False, timeout=60, verify=TLS) as c:
        start = await rec.request(c, "start page", "GET", "/en/", 200)
        if start is None:
            return
        csrf = csrf_from(start.text)
        await think(rng)
        code_page = await rec.request(
            c, "start journey", "POST", "/en/start", 200, data={"centre": "medway", "csrf_token": csrf}
        )
        if code_page is None:
            return
        person.code = resume_code_from(code_page.text)
        for n in range(1, steps + 1):
            await think(rng)
            page = await rec.request(c, "step page", "GET", f"/en/steps/{n}", 200)
            if page is None:
                return
            items, questions, sectors = step_fields(page.text)
            sector = rng.choice(sectors) if sectors else None
            for draft in range(rng.choice((2, 3))):
                await think(rng)
                data: dict = {"csrf_token": csrf, "tick": items[: draft + 1]}
                data.update({f"answer-{q}": answer_text(person.index, n, q, draft) for q in questions})
                if sector:
                    data["sector"] = sector
                saved = await rec.request(
                    c,
                    "htmx save",
                    "POST",
                    f"/en/steps/{n}/save",
                    200,
                    data=data,
                    headers={"HX-Request": "true"},
                )
                if saved is None:
                    return
            await think(rng)
            final_ticks = sorted(rng.sample(items, rng.randint(0, len(items))))  # may untick some
            final_answers = {q: answer_text(person.index, n, q, 9) for q in questions}
            data = {"csrf_token": csrf, "tick": final_ticks, "action": "complete"}
            data.update({f"answer-{q}": text for q, text in final_answers.items()})
            if sector:
                data["sector"] = sector
            done = await rec.request(c, "complete", "POST", f"/en/steps/{n}", 303, data=data)
            if done is None:
                return
            person.ticks[n], person.answers[n] = set(final_ticks), final_answers
            if sector:
                person.sector = sector
            person.completed_steps.append(n)
        person.finished = True


async def warm_up(base_url: str, steps: int) -> None:
    """One untimed journey first, so templates and catalogues are compiled before the crowd arrives."""
    async with httpx.AsyncClient(base_url=base_url, follow_redirects=False, timeout=60, verify=TLS) as c:
        csrf = csrf_from((await c.get("/en/")).text)
        (await c.post("/en/start", data={"centre": "medway", "csrf_token": csrf})).raise_for_status()
        for n in range(1, steps + 1):
            (await c.get(f"/en/steps/{n}")).raise_for_status()
            data = {"csrf_token": csrf, "action": "complete"}
            r = await c.post(f"/en/steps/{n}/save", data=data, headers={"HX-Request": "true"})
            r.raise_for_status()
            assert (await c.post(f"/en/steps/{n}", data=data)).status_code == 303
        (await c.get("/en/steps")).raise_for_status()


async def run_load(base_url: str, people: list[Person], steps: int, rec: Recorder, seed: int) -> float:
    await warm_up(base_url, steps)
    tasks = [asyncio.create_task(job_seeker(p, base_url, steps, rec, seed)) for p in people]
    t0 = time.perf_counter()
    _done, pending = await asyncio.wait(tasks, timeout=RUN_DEADLINE_SECONDS)
    for task in pending:
        task.cancel()
    if pending:
        rec.errors.append(f"{len(pending)} job seekers had not finished after {RUN_DEADLINE_SECONDS} s")
        await asyncio.gather(*pending, return_exceptions=True)
    for task in tasks:
        if not task.cancelled() and task.exception() is not None:
            rec.errors.append(f"job seeker crashed: {task.exception()!r}"[:200])
    return time.perf_counter() - t0


def verify(ws: Workspace, people: list[Person]) -> Counter:
    """Compare the database with what each person last sent; returns counts of lost (or wrong) items."""
    from sqlalchemy import select
    from sqlmodel import Session

    from guide.core.db import make_engine
    from guide.journeys.models import Answer, ChecklistTick, StepProgress
    from guide.journeys.service import COMPLETED, find_journey

    lost: Counter = Counter()
    engine = make_engine(ws.database_url)
    try:
        with Session(engine) as db:
            for p in people:
                if not p.code:
                    continue
                journey = find_journey(db, ws.secret, p.code)
                if journey is None:
                    lost["journeys"] += 1
                    continue
                jid = journey.id
                ticks: dict[int, set[str]] = defaultdict(set)
                for row in db.exec(select(ChecklistTick).where(ChecklistTick.journey_id == jid)).scalars():
                    ticks[row.step].add(row.item_id)
                answers: dict[int, dict[str, str]] = defaultdict(dict)
                for row in db.exec(select(Answer).where(Answer.journey_id == jid)).scalars():
                    answers[row.step][row.question_id] = row.text
                statuses = {
                    row.step: row.status
                    for row in db.exec(select(StepProgress).where(StepProgress.journey_id == jid)).scalars()
                }
                for n in p.completed_steps:
                    lost["ticks"] += len(p.ticks[n] ^ ticks[n])
                    sent, stored = p.answers[n], answers[n]
                    lost["answers"] += sum(
                        1 for q in sent.keys() | stored.keys() if sent.get(q) != stored.get(q)
                    )
                    lost["step statuses"] += statuses.get(n) != COMPLETED
                if p.sector is not None:
                    lost["sectors"] += journey.sector != p.sector
    finally:
        engine.dispose()
    return lost


def main(args: argparse.Namespace) -> int:
    exit_on_sigterm()
    ws = Workspace("seekers")
    ws.apply()  # for the database check at the end, which imports `guide`
    server = None
    try:
        print(
            f"concurrent_job_seekers: {args.people} people at once, steps 1-{args.steps}, "
            f"one uvicorn worker, fresh SQLite, synchronous={args.synchronous} ({content_note()})"
        )
        ws.create_schema()
        server = Server("guide.asgi:app", ws.child_env(TENSTEPS_SQLITE_SYNCHRONOUS=args.synchronous),
                        ws.dir / "server.log")
        server.wait_ready()
        people = [Person(i) for i in range(args.people)]
        rec = Recorder()
        elapsed = asyncio.run(run_load(server.base_url, people, args.steps, rec, args.seed))
        server.stop()  # every request has been answered: read the database as it was left
        server_errors = server.log_errors()
        server = None
        lost = verify(ws, people)

        all_latencies = sorted(v for values in rec.latencies.values() for v in values)
        total = len(all_latencies)
        finished = sum(p.finished for p in people)
        checked_ticks = sum(len(p.ticks[n]) for p in people for n in p.completed_steps)
        checked_answers = sum(len(p.answers[n]) for p in people for n in p.completed_steps)
        lost_total = sum(lost.values())

        print(f"  finished journeys: {finished}/{args.people} in {elapsed:.1f} s")
        print(f"  total requests:    {total:,}  ({total / elapsed:.1f} req/s)")
        print(f"  statuses:          {dict(sorted(rec.statuses.items()))}")
        print(f"  errors:            {len(rec.errors)}")
        for line, count in Counter(rec.errors).most_common(8):
            print(f"    {count:5} x {line}")
        if server_errors:
            print(f"  server-side exceptions logged: {dict(server_errors.most_common(6))}")
        print(
            f"  lost answers/ticks: {lost_total}  (checked {checked_answers:,} answers, "
            f"{checked_ticks:,} ticks, sectors and step statuses; by kind: {dict(lost) or 'none'})"
        )
        ms = [percentile(all_latencies, p) * 1000 for p in (50, 95, 99, 100)]
        print(f"  latency ms:        p50 {ms[0]:.1f}  p95 {ms[1]:.1f}  p99 {ms[2]:.1f}  max {ms[3]:.1f}")
        for kind, values in rec.latencies.items():
            values.sort()
            print(
                f"    {kind:14} n={len(values):5}  p50 {percentile(values, 50) * 1000:7.1f}  "
                f"p95 {percentile(values, 95) * 1000:7.1f}  max {values[-1] * 1000:7.1f}"
            )
        saves = sorted(rec.latencies.get("htmx save", []))
        save_p95 = percentile(saves, 95)
        save_ok = bool(saves) and save_p95 < SAVE_P95_TARGET_SECONDS
        print(f"  htmx save p95:     {save_p95 * 1000:.1f} ms  target < {SAVE_P95_TARGET_SECONDS * 1000:.0f} ms: "
              f"{'PASS' if save_ok else 'FAIL'}")
        ok = not rec.errors and lost_total == 0 and finished == args.people and save_ok
        print(f"RESULT: {'PASS' if ok else 'FAIL'}")
        return 0 if ok else 1
    finally:
        if server is not None:
            server.stop()
        ws.cleanup()


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--people", type=int, default=200)
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--synchronous", choices=("NORMAL", "FULL"), default="NORMAL",
                   help="SQLite's PRAGMA synchronous for the server (TENSTEPS_SQLITE_SYNCHRONOUS)")
    args = p.parse_args()
    args.people = min(max(args.people, 1), 1000)
    args.steps = min(max(args.steps, 1), 10)
    return args


if __name__ == "__main__":
    sys.exit(main(parse_args()))
