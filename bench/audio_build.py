"""The full audio build: `tensteps audio build`'s work on the whole guide (every step's sections, checklist items
and questions, country variants, the self-assessment's statements and scale, the start, code and result pages; nl,
fr and en; normal and slower), into an empty folder, timed on this machine, with the number of files and their
total size. Then a second build, which finds everything made and only checks. PASS when it does. The synthesis
runs one espeak-ng at a time per core; it takes longer than the other benchmarks (minutes on 2 idle cores).

Run: .venv/bin/python bench/audio_build.py
"""

from __future__ import annotations

import os
import sys
import time

from benchlib import Workspace, content_note, exit_on_sigterm


def main() -> int:
    exit_on_sigterm()
    ws = Workspace("audio")
    ws.apply()  # settings are read once: before anything from `guide` is imported
    ok = False
    try:
        from guide.content.library import get_library
        from guide.core.settings import get_settings
        from guide.listen.service import build_all
        from skills_audit.framework import get_framework

        print(f"audio_build ({content_note()}; {os.cpu_count()} cores)")
        started = time.perf_counter()
        report = build_all(get_library(), get_framework(), get_settings())
        took = time.perf_counter() - started
        print(f"  first build: {report.made} files in {took:.1f} s ({took / max(report.made, 1) * 1000:.0f} ms each), "
              f"{report.total_bytes / 1_000_000:.1f} MB in all, "
              f"{report.total_bytes / max(report.made, 1) / 1000:.1f} kB each")
        started = time.perf_counter()
        again = build_all(get_library(), get_framework(), get_settings())
        print(f"  second build: {again.made} made, {again.existing} already there, "
              f"{time.perf_counter() - started:.2f} s")
        ok = again.made == 0 and again.existing == report.made > 0
        print(f"RESULT: {'PASS' if ok else 'FAIL'} (every text has its audio after one build)")
    finally:
        ws.cleanup()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
