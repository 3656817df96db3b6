"""The ASGI entry point for uvicorn workers: `uvicorn guide.asgi:app`."""

import gc

from guide.app import create_app
from guide.core.settings import get_settings

# The server purges expired rows (guide.purge); tests and tools that build an app of their own do not.
app = create_app(purge_every_seconds=get_settings().purge_interval_minutes * 60 or None)
# What start-up made (routes, templates, the content) lives as long as the worker: out of the collector's sight, so
# the full collections that requests set off do not walk it again each time (issue 20: the caseload's spent half
# its collection time there).
gc.freeze()
