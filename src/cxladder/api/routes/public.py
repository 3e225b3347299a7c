"""What the public reaches without an account: the widget, its collection endpoint, surveys.

Collection answers CORS itself because the allow-list is per organisation, which a global CORS
middleware cannot know: the organisation is in the path, so even a preflight can be checked.
"""

from __future__ import annotations

from importlib import resources
from urllib.parse import parse_qs

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import HTMLResponse, JSONResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from cxladder.api.deps import CxDep
from cxladder.api.guards import RateLimiter, check_origin
from cxladder.api.schemas import FeedbackAccepted, FeedbackCreate, WidgetFeedback
from cxladder.app import Cxladder, SurveyAnswer
from cxladder.errors import CxladderError, InvalidInput, NotAllowed, NotAuthenticated
from cxladder.model import Role, ServiceLevel

router = APIRouter(tags=["public"])

WIDGET = resources.files("cxladder.web").joinpath("static/widget.js").read_bytes()
pages = Environment(
    loader=PackageLoader("cxladder.web", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
)


def _limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter = request.app.state.rate_limiter
    return limiter


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/widget.js", include_in_schema=False)
def widget() -> Response:
    return Response(
        WIDGET,
        media_type="application/javascript",
        headers={"Cache-Control": "public, max-age=3600"},
    )


def cors_headers(origin: str | None) -> dict[str, str]:
    if origin is None:
        return {}
    return {
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Allow-Methods": "POST, OPTIONS",
        "Access-Control-Allow-Headers": "Content-Type",
        "Access-Control-Max-Age": "600",
        "Vary": "Origin",
    }


@router.options("/c/{organization}/{touchpoint}", include_in_schema=False)
def collect_preflight(cx: CxDep, request: Request, organization: str) -> Response:
    origin = request.headers.get("origin")
    check_origin(origin, cx.allowed_origins(organization))
    return Response(status_code=status.HTTP_204_NO_CONTENT, headers=cors_headers(origin))


@router.post(
    "/c/{organization}/{touchpoint}",
    response_model=FeedbackAccepted,
    status_code=status.HTTP_201_CREATED,
)
async def collect_public(
    cx: CxDep, request: Request, organization: str, touchpoint: str, body: WidgetFeedback
) -> JSONResponse:
    """The widget's endpoint: the collector key travels in the body; the origin is checked."""
    _limiter(request).check(f"{_client(request)}|{organization}")
    origin = request.headers.get("origin")
    check_origin(origin, cx.allowed_origins(organization))
    principal = cx.principal(body.key)
    if principal is None:
        raise NotAuthenticated("this collector key is unknown or revoked")
    if principal.organization != organization or principal.role not in (
        Role.COLLECTOR,
        Role.ADMIN,
    ):
        raise NotAllowed("this key may not send feedback for this organisation")
    accepted = await record_feedback(cx, organization, touchpoint, body)
    return JSONResponse(
        accepted.model_dump(), status_code=status.HTTP_201_CREATED, headers=cors_headers(origin)
    )


async def record_feedback(
    cx: Cxladder, organization: str, touchpoint: str, body: FeedbackCreate
) -> FeedbackAccepted:
    experience, assessment = await cx.collect_async(
        organization,
        touchpoint,
        SurveyAnswer(
            nps=body.nps, csat=body.csat, ces=body.ces, text=body.comment, language=body.language
        ),
        customer_id=body.customer_id,
        response_id=body.response_id,
    )
    return FeedbackAccepted(
        id=experience.id, level=int(assessment.level), level_name=assessment.level.name_en
    )


def _language(request: Request, default: str) -> str:
    asked = request.query_params.get("lang") or request.headers.get("accept-language", default)
    return "nl" if asked[:2].lower() == "nl" else "en"


@router.get("/s/{token}", response_class=HTMLResponse, include_in_schema=False)
def survey_page(cx: CxDep, request: Request, token: str) -> HTMLResponse:
    """The page behind a QR code or an e-mail link: one question and a comment."""
    link = cx.open_survey(token)
    organization = cx.organization(link.organization)
    language = _language(request, organization.language)
    html = pages.get_template("survey.html.j2").render(
        organization=organization,
        touchpoint=cx.touchpoints(link.organization)[link.touchpoint],
        language=language,
        token=token,
        answered=False,
        error="",
    )
    return HTMLResponse(html)


@router.post("/s/{token}", response_class=HTMLResponse, include_in_schema=False)
async def survey_answer(cx: CxDep, request: Request, token: str) -> HTMLResponse:
    _limiter(request).check(f"{_client(request)}|survey")
    link = cx.open_survey(token)
    organization = cx.organization(link.organization)
    language = _language(request, organization.language)
    form = {k: v[0] for k, v in parse_qs((await request.body()).decode("utf-8", "replace")).items()}
    error = ""
    try:
        answer = SurveyAnswer(
            nps=float(form["nps"]) if form.get("nps") else None,
            text=form.get("comment", "").strip()[:5000],
            language=language,
        )
        if answer.nps is not None and not 0 <= answer.nps <= 10:
            raise InvalidInput("the score must be between 0 and 10")
        cx.answer_survey(token, answer)
    except (ValueError, CxladderError) as exc:
        error = str(exc)
    html = pages.get_template("survey.html.j2").render(
        organization=organization,
        touchpoint=cx.touchpoints(link.organization)[link.touchpoint],
        language=language,
        token=token,
        answered=not error,
        error=error,
        levels=ServiceLevel,
    )
    return HTMLResponse(html, status_code=200 if not error else 422)
