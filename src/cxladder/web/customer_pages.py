"""Page slot: filled in by the engineer who owns this module."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
WORDS: dict[str, tuple[str, str]] = {}
