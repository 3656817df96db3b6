"""How much the published-revision overlay costs a page: get_library() with nothing published, with published
revisions (cache hit: one primary-key read of the token), and the rebuild after a publish (once per worker).

Runs in-process on a fresh SQLite database in a temp folder. Target: a cache-hit get_library() under 1 ms (median)
and a rebuild under 200 ms. Run: `.venv/bin/python bench/content_overlay.py`.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
TMP = tempfile.mkdtemp(prefix="tensteps-bench-overlay-")
os.environ["TENSTEPS_DATA_DIR"] = TMP
os.environ["TENSTEPS_SECRET_KEY"] = "bench"

from sqlmodel import Session  # noqa: E402

from guide.content import library as content  # noqa: E402
from guide.content import revisions  # noqa: E402
from guide.core.db import make_engine, writing  # noqa: E402
from guide.core.migrate import upgrade  # noqa: E402


def timed(fn, n: int) -> list[float]:  # noqa: ANN001
    out = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> int:
    engine = make_engine(f"sqlite:///{TMP}/bench.db")
    upgrade(engine)
    files_only = statistics.median(timed(content.get_library, 2000))
    revisions.use_database(engine)
    empty = statistics.median(timed(content.get_library, 2000))
    with Session(engine) as db, writing(db):  # services never commit: the caller opens the unit of work
        for n in range(1, 11):
            for lang in ("nl", "fr"):
                revisions.save(db, f"step/{n}/title", lang, f"Titel {n} {lang}", "bench", None, publish=True)
                revisions.save(db, f"step/{n}/body", lang, f"# Stap {n}\n\nTekst.", "bench", None, publish=True)
    rebuilds = []
    with Session(engine) as db:
        for i in range(20):
            with writing(db):
                current = revisions.head(db, "step/1/title", "fr")
                revisions.save(db, "step/1/title", "fr", f"Titre {i}", "bench", current.id, publish=True)
            rebuilds += timed(content.get_library, 1)
    hit = statistics.median(timed(content.get_library, 2000))
    assert content.get_library().step("fr", 1).title == "Titre 19"
    print(f"get_library(), files only:                 {files_only:.4f} ms (median of 2000)")
    print(f"get_library(), overlay, nothing published: {empty:.4f} ms (median of 2000)")
    print(f"get_library(), overlay, 41 published:      {hit:.4f} ms (median of 2000, cache hit)")
    print(f"rebuild after a publish:                   {statistics.median(rebuilds):.2f} ms (median of 20)")
    ok = hit < 1 and statistics.median(rebuilds) < 200
    print(f"RESULT: {'PASS' if ok else 'FAIL'}")
    engine.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
