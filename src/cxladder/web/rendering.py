"""What every page shares: the Jinja2 environment, the signed-in user, language and CSRF.

Every value from customers or users reaches the page through Jinja2's autoescaping; chart data
goes in as JSON inside a <script type="application/json">, escaped for HTML as well.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import parse_qs, quote, urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from cxladder.api.deps import SESSION_COOKIE, CxDep
from cxladder.app import Cxladder
from cxladder.errors import NotAllowed
from cxladder.model import Principal, Role, ServiceLevel
from cxladder.web.words import say

__all__ = [
    "LEVEL_COLOURS",
    "PageUser",
    "SignInFirst",
    "SignedIn",
    "form_of",
    "language_of",
    "local_path",
    "redirect_to_sign_in",
    "render",
]

pages = Environment(
    loader=PackageLoader("cxladder.web", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
)
LANGUAGE_COOKIE = "cxladder_lang"
LEVEL_COLOURS = ("#b10026", "#e8590c", "#9e9e9e", "#74b816", "#2b8a3e", "#c49a00")


def level_scale(language: str) -> dict[str, Any]:
    """The Vega-Lite colour scale of the ladder: every chart colours a level the same way."""
    return {
        "domain": [level.label(language) for level in ServiceLevel],
        "range": list(LEVEL_COLOURS),
    }

Words = Mapping[str, tuple[str, str]]


def language_of(request: Request) -> str:
    asked = request.query_params.get("lang") or request.cookies.get(LANGUAGE_COOKIE)
    asked = asked or request.headers.get("accept-language", "en")
    return "nl" if asked[:2].lower() == "nl" else "en"


def _json_for_html(value: object) -> Markup:
    # </script> inside data must not end the script element.
    text = json.dumps(value, ensure_ascii=False, default=str)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


pages.filters["json_for_html"] = _json_for_html


class SignInFirst(Exception):
    """Raised by `PageUser` when nobody is signed in; the app answers with the sign-in page."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


@dataclass(frozen=True, slots=True)
class SignedIn:
    """The person behind a page request and the CSRF token every change they send must carry."""

    principal: Principal
    csrf: str

    @property
    def organization(self) -> str:
        return self.principal.organization

    @property
    def is_admin(self) -> bool:
        return self.principal.role is Role.ADMIN

    def require(self, *roles: Role) -> None:
        if self.principal.role not in roles:
            allowed = ", ".join(role.value for role in roles)
            raise NotAllowed(f"this needs one of these roles: {allowed}")


def signed_in(cx: Cxladder, request: Request) -> SignedIn | None:
    token = request.cookies.get(SESSION_COOKIE)
    found = cx.session(token) if token else None
    return SignedIn(*found) if found else None


async def page_user(cx: CxDep, request: Request) -> SignedIn:
    found = signed_in(cx, request)
    if found is None:
        raise SignInFirst(request.url.path)
    return found


PageUser = Annotated[SignedIn, Depends(page_user)]


def local_path(text: str) -> str:
    """`text` if it is a path on this site, else "/": a ?next= can never send anyone elsewhere."""
    local = text.startswith("/") and not text.startswith(("//", "/\\"))
    return text if local else "/"


def redirect_to_sign_in(next_path: str) -> RedirectResponse:
    target = local_path(next_path)
    suffix = "" if target == "/" else f"?next={quote(target)}"
    return RedirectResponse(f"/login{suffix}", status_code=303)


async def form_of(request: Request, user: SignedIn) -> dict[str, str]:
    """The posted form, after checking its CSRF token (field `csrf` or header X-CSRF-Token)."""
    body = (await request.body()).decode("utf-8", "replace")
    form = {key: values[0] for key, values in parse_qs(body, keep_blank_values=True).items()}
    sent = request.headers.get("x-csrf-token") or form.pop("csrf", "")
    if not secrets.compare_digest(sent, user.csrf):
        raise NotAllowed("missing or wrong CSRF token; reload the page and try again")
    return form


def render(
    request: Request,
    template: str,
    *,
    status: int = 200,
    words: Words | None = None,
    **context: Any,
) -> HTMLResponse:
    """Render a page; `words` are the page's own (English, Dutch) texts, looked up first."""
    language = language_of(request)
    own = words or {}

    def say_here(key: str) -> str:
        if key in own:
            english, dutch = own[key]
            return dutch if language == "nl" else english
        return say(key, language)

    other = "en" if language == "nl" else "nl"
    # The language switch keeps the page's filters: only `lang` changes.
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    html = pages.get_template(template).render(
        language=language,
        lang_href="?" + urlencode([*kept, ("lang", other)]),
        say=say_here,
        levels=list(ServiceLevel),
        colours=LEVEL_COLOURS,
        path=request.url.path,
        **context,
    )
    response = HTMLResponse(html, status_code=status)
    if request.query_params.get("lang") in ("en", "nl"):
        response.set_cookie(LANGUAGE_COOKIE, language, samesite="lax", max_age=365 * 86400)
    return response
