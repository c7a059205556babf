"""The interactive API docs at /api/v1/docs: a Swagger UI page whose every file GATE serves
itself (no CDN: GATE runs in networks that reach nothing outside)."""

from __future__ import annotations

import re

from flask import Flask


def test_the_docs_page_loads_the_document_and_only_local_files(gate: Flask) -> None:
    client = gate.test_client()
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and page.content_type.startswith("text/html")
    html = page.get_data(as_text=True)
    assert 'url: "/api/v1/openapi.json"' in html
    files = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert files, html
    assert "/api/v1/docs/assets/swagger-ui-bundle.js" in files
    for url in files:
        assert url.startswith("/api/v1/docs/assets/"), f"{url} is not served by GATE"
        answer = client.get(url)
        assert answer.status_code == 200, url
        assert len(answer.get_data()) > 1000, url


def test_the_swagger_ui_served_reads_openapi_3_1(gate: Flask) -> None:
    client = gate.test_client()
    script = client.get("/api/v1/docs/assets/swagger-ui-bundle.js")
    assert script.content_type.startswith(("text/javascript", "application/javascript"))
    assert b"SwaggerUIBundle" in script.get_data()
    # Swagger UI renders OpenAPI 3.1 from version 5 on; 4.x refuses GATE's document.
    version = client.get("/api/v1/docs/assets/VERSION").get_data(as_text=True).strip()
    assert int(version.removeprefix("v").split(".")[0]) >= 5, version


def test_nothing_outside_the_assets_folder_is_served(gate: Flask) -> None:
    client = gate.test_client()
    for path in ("../flask_swagger_ui.py", "..%2fflask_swagger_ui.py", "/etc/passwd"):
        answer = client.get(f"/api/v1/docs/assets/{path}", follow_redirects=True)
        assert answer.status_code == 404, path


def test_an_unknown_asset_is_a_404_problem(gate: Flask) -> None:
    answer = gate.test_client().get("/api/v1/docs/assets/nothing.js")
    assert answer.status_code == 404
    assert answer.content_type == "application/problem+json"
