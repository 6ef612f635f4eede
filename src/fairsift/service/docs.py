"""The interactive API documentation at /docs: Swagger UI from the swagger-ui-bundle package,
served from this service (no CDN, works offline), over the live /openapi.json.

The page's scripts carry the response's CSP nonce; Swagger UI sets inline styles, so /docs
alone allows them (no script is allowed inline)."""

from __future__ import annotations

from pathlib import Path

import swagger_ui_bundle
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

__all__ = ["ASSETS", "DOCS_PATH", "mount_docs"]

DOCS_PATH = "/docs"
ASSETS = "/docs/assets"
_FILES = Path(swagger_ui_bundle.swagger_ui_path)

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} · API</title>
<link rel="stylesheet" href="{assets}/swagger-ui.css">
<link rel="icon" href="{assets}/favicon-32x32.png">
</head>
<body>
<div id="docs"></div>
<script nonce="{nonce}" src="{assets}/swagger-ui-bundle.js"></script>
<script nonce="{nonce}">
window.ui = SwaggerUIBundle({{
  url: "/openapi.json",
  dom_id: "#docs",
  deepLinking: true,
  persistAuthorization: false,
  tryItOutEnabled: false,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout"
}});
</script>
</body>
</html>
"""


def mount_docs(app: FastAPI) -> None:
    app.mount(ASSETS, StaticFiles(directory=_FILES), name="docs-assets")

    @app.get(DOCS_PATH, include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        """Swagger UI over this service's OpenAPI document."""
        nonce = getattr(request.state, "csp_nonce", "")
        html = _PAGE.format(title=app.title, assets=ASSETS, nonce=nonce)
        return HTMLResponse(html, headers={"cache-control": "no-store"})
