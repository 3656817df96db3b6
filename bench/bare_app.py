"""The baseline for the throughput benchmarks: FastAPI + Jinja2 rendering a page-sized template, no database.

The templates are written by the benchmark into the folder named by BENCH_TEMPLATE_DIR: a page's own HTML,
captured once, with its title and CSRF token turned back into template variables. `page.html` is served at `/page`
(step_page_throughput.py); any `NAME.html` at `/page/NAME`, by GET, and by POST after reading the form, as the
app's saves do (all_pages.py). With BENCH_COMPRESS=1 the answers go through the app's own compression middleware
at the app's levels, so both send the same bytes on the wire to a client that asks for compression.
Serve it with: python -m uvicorn bare_app:app --app-dir bench --workers 1
"""

from __future__ import annotations

import os
import secrets

from fastapi import FastAPI, Request
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
if os.environ.get("BENCH_COMPRESS") == "1":
    from starlette_compress import CompressMiddleware

    from guide.web.compression import PAGE_LEVELS

    app.add_middleware(CompressMiddleware, **PAGE_LEVELS)


@app.get("/healthz")
def healthz() -> PlainTextResponse:
    return PlainTextResponse("ok")


# A plain `def`, like the app's step page: FastAPI runs both in its thread pool.
@app.get("/page", response_class=HTMLResponse)
def page() -> HTMLResponse:
    html = env.get_template("page.html").render(title=TITLE, csrf_token=secrets.token_hex(32))
    return HTMLResponse(html)


@app.get("/page/{name}", response_class=HTMLResponse)
def named_page(name: str) -> HTMLResponse:
    html = env.get_template(f"{name}.html").render(csrf_token=secrets.token_hex(32))
    return HTMLResponse(html)


@app.post("/page/{name}", response_class=HTMLResponse)
async def named_post(name: str, request: Request) -> HTMLResponse:
    form = await request.form()  # read and parse the body, as the app's form posts do
    html = env.get_template(f"{name}.html").render(csrf_token=secrets.token_hex(32), fields=len(form))
    return HTMLResponse(html)
