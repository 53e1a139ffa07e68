"""Debian's Chromium for the browser tests, driven by Playwright – never a browser Playwright downloads.
The `browser` fixture (tests/conftest.py) launches it once per test module."""
from __future__ import annotations

import http.server
import shutil
import threading

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# without the background-networking flags Chromium keeps trying hosts this closed network refuses
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps", "--disable-extensions", "--metrics-recording-only"]


HTML = "text/html; charset=utf-8"


def serve_site(port: int, html: bytes, extra: dict[str, tuple[bytes, str]] | None = None) -> http.server.ThreadingHTTPServer:
    """Another website on a loopback port (another origin): `html` for every path, except the
    paths in `extra`, which map to (body, content type). Stop it with `.shutdown()`."""
    pages = extra or {}

    class Site(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            body, kind = pages.get(self.path, (html, HTML))
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
