"""The baseline for step_page_throughput.py: FastAPI + Jinja2 rendering a page-sized template, no database.

The template (page.html) is written by the benchmark into the folder named by BENCH_TEMPLATE_DIR: the step
page's own HTML, captured once, with its title and CSRF token turned back into template variables.
Serve it with: python -m uvicorn bare_app:app --app-dir bench --workers 1
"""

from __future__ import annotations

import os
import secrets

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, PlainTextResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATE_DIR = os.environ.get("BENCH_TEMPLATE_DIR", ".")

env = Environment(
    loader=FileSystemLoader(TEMPLATE_DIR),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
TITLE = os.environ.get("BENCH_TITLE", "Step 2")


@app.get("/healthz")
def healthz() -> PlainTextResponse:
    return PlainTextResponse("ok")


# A plain `def`, like the app's step page: FastAPI runs both in its thread pool.
@app.get("/page", response_class=HTMLResponse)
def page() -> HTMLResponse:
    html = env.get_template("page.html").render(title=TITLE, csrf_token=secrets.token_hex(32))
    return HTMLResponse(html)
