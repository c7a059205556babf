"""The interactive API docs (Swagger UI at ``/api/v1/docs``), served from this machine.

Flask-Smorest renders the page; the Swagger UI files it loads come from the
``flask-swagger-ui`` package's ``dist`` folder, served here, never from a CDN: GATE runs
in networks that reach nothing outside, and the page must work there.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from flask import Blueprint, Response, send_from_directory

DOCS_PATH = "docs"  # under the API prefix: /api/v1/docs
ASSETS = "/docs/assets"  # under the API prefix too
SWAGGER_UI_FILES = str(files("flask_swagger_ui") / "dist")

blueprint = Blueprint("api_docs_assets", __name__)


@blueprint.get(f"{ASSETS}/<path:name>")
def asset(name: str) -> Response:
    """One Swagger UI file (JavaScript, CSS, icons); 404 for anything else."""
    return send_from_directory(SWAGGER_UI_FILES, name, max_age=86_400)


def docs_config(prefix: str) -> dict[str, Any]:
    """Flask-Smorest's settings for a Swagger UI page whose files are served locally."""
    return {
        "OPENAPI_SWAGGER_UI_PATH": DOCS_PATH,
        "OPENAPI_SWAGGER_UI_URL": f"{prefix}{ASSETS}/",
        "OPENAPI_SWAGGER_UI_CONFIG": {"deepLinking": True, "persistAuthorization": False},
    }
