"""FastAPI's TestClient, for tests that call the app in process, imported in one place.

This Starlette asks for its `httpx2` fork and warns (an error under the test settings) when the
client is imported with httpx, which the project uses and which works.
"""

from __future__ import annotations

import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

__all__ = ["TestClient"]
