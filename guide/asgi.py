"""The ASGI entry point for uvicorn workers: `uvicorn guide.asgi:app`."""

from guide.app import create_app
from guide.core.settings import get_settings

# The server purges expired rows (guide.purge); tests and tools that build an app of their own do not.
app = create_app(purge_every_seconds=get_settings().purge_interval_minutes * 60 or None)
