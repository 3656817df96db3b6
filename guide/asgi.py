"""The ASGI entry point for uvicorn workers: `uvicorn guide.asgi:app`."""

from guide.app import create_app

app = create_app()
