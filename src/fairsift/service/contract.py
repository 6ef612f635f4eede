"""The OpenAPI document as served: FastAPI's, completed with what only the running service
knows or what FastAPI does not add by itself.

- the problem body (`Problem`) every error answers, and problem+json instead of FastAPI's
  own 422 shape;
- how to authenticate (a Bearer token or the session cookie) on every operation that needs it;
- 411 and 413 on operations with a body (the request gate answers them);
- the configured limits (`max_report_chars`) as maxLength of the report texts.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from fairsift.service.routes.api import _PROBLEM, _WHY, PUBLIC_PATHS, Problem
from fairsift.service.settings import ServiceSettings

__all__ = ["install_openapi"]

_TEXTS = {
    "ReportIn": ("text",),
    "AdditionIn": ("text",),
}


def install_openapi(app: FastAPI, settings: ServiceSettings) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build(app, settings)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def build(app: FastAPI, settings: ServiceSettings) -> dict[str, Any]:
    document = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        tags=app.openapi_tags,
    )
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    components["securitySchemes"] = {
        "token": {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token: POST /api/tokens, or `fairsift user token NAME`",
        },
        "session": {
            "type": "apiKey",
            "in": "cookie",
            "name": "fs_session",
            "description": "The browser's session (unsafe methods also need X-CSRF-Token)",
        },
    }
    limit = settings.max_report_chars
    for name, fields in _TEXTS.items():
        for field in fields:
            schemas[name]["properties"][field]["maxLength"] = limit
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            responses = operation.setdefault("responses", {})
            for status, response in responses.items():
                if status.startswith(("4", "5")):
                    response["content"] = _PROBLEM
            if method != "get":
                for status in ("400", "411", "413"):
                    responses[status] = {"description": _WHY[int(status)], "content": _PROBLEM}
            if path not in PUBLIC_PATHS:
                operation["security"] = [{"token": []}, {"session": []}]
            body = operation.get("requestBody", {}).get("content", {})
            form = body.get("multipart/form-data", {}).get("schema", {})
            if path == "/api/reports/upload":
                form["properties"]["text"]["maxLength"] = limit
                form["properties"]["file"]["maxLength"] = limit
    _links(document)
    return document


def _link(operation_id: str, parameters: dict[str, str] | None = None, **extra: Any) -> Any:
    link: dict[str, Any] = {"operationId": operation_id}
    if parameters:
        link["parameters"] = parameters
    link.update(extra)
    return link


def _links(document: dict[str, Any]) -> None:
    """How one operation's answer feeds the next (clients and stateful fuzzing follow them)."""
    ids = {
        (path, method): operation["operationId"]
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    }
    report = "$response.body#/report_id"
    receipt = "$response.body#/receipt"
    item = "$response.body#/item_id"
    wanted = {
        ("/api/reports", "post", "202"): {
            "report": _link(ids[("/api/reports/{report_id}", "get")], {"report_id": report}),
            "decide": _link(
                ids[("/api/reports/{report_id}/decisions", "post")], {"report_id": report}
            ),
            "receipt": _link(ids[("/api/receipts/status", "post")], requestBody={"code": receipt}),
            "add": _link(
                ids[("/api/receipts/additions", "post")],
                requestBody={"code": receipt, "text": "More information"},
            ),
        },
        ("/api/jobs", "post", "202"): {
            "status": _link(ids[("/api/ingest/{item_id}", "get")], {"item_id": item}),
        },
    }
    for (path, method, status), links in wanted.items():
        document["paths"][path][method]["responses"][status]["links"] = links
