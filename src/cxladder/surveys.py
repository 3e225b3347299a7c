"""Signed survey links: a QR code at a physical touchpoint, or a single-use link in an e-mail.

A link carries its claims (organisation, touchpoint, customer, expiry, nonce) and an HMAC under
the installation's secret, so it cannot be altered or forged. A single-use link's nonce becomes
the experience's event id: a second submission is stored once, never twice, and never lost.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import datetime

from cxladder.errors import InvalidInput

__all__ = ["SurveyLink", "open_link", "seal_link"]


@dataclass(frozen=True, slots=True)
class SurveyLink:
    organization: str
    touchpoint: str
    customer_id: str | None
    nonce: str
    single_use: bool
    expires: datetime | None = None


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def seal_link(
    secret: str,
    *,
    organization: str,
    touchpoint: str,
    customer_id: str | None = None,
    single_use: bool = False,
    expires: datetime | None = None,
) -> str:
    claims = {
        "o": organization,
        "t": touchpoint,
        "c": customer_id,
        "n": secrets.token_urlsafe(12),
        "u": single_use,
        "e": int(expires.timestamp()) if expires else None,
    }
    body = _b64(json.dumps(claims, separators=(",", ":"), sort_keys=True).encode())
    mac = hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest()[:18]
    return f"{body}.{_b64(mac)}"


def open_link(secret: str, token: str, *, now: datetime) -> SurveyLink:
    """The link's claims; InvalidInput when it was altered, forged or has expired."""
    body, _, signature = token.partition(".")
    expected = hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest()[:18]
    try:
        valid = hmac.compare_digest(_unb64(signature), expected)
        claims = json.loads(_unb64(body)) if valid else None
    except (binascii.Error, ValueError):
        valid, claims = False, None
    if not valid or not isinstance(claims, dict):
        raise InvalidInput("this survey link is not valid; ask for a new one")
    expires = datetime.fromtimestamp(claims["e"]) if claims.get("e") else None
    if expires is not None and now > expires:
        raise InvalidInput("this survey link has expired; thank you all the same")
    return SurveyLink(
        organization=claims["o"],
        touchpoint=claims["t"],
        customer_id=claims.get("c"),
        nonce=claims["n"],
        single_use=bool(claims.get("u")),
        expires=expires,
    )
