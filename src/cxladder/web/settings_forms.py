"""Reading the Settings forms: each posted form becomes a domain value or a set of problems,
one per field, that the page shows next to that field in the reader's language.

Nothing here touches the store; the pages decide what to save.
"""

from __future__ import annotations

import math
import re
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from markupsafe import escape

from cxladder.model import Channel, Expectation, Role, ServiceLevel, Touchpoint
from cxladder.web.settings_words import say_in

__all__ = [
    "MAX_EXPECTATIONS",
    "KeptValues",
    "Problems",
    "PromiseForm",
    "TouchpointForm",
    "localized",
    "number",
    "parse_levels",
    "parse_origins",
    "percent",
    "read_promise",
    "read_touchpoint",
    "read_user",
    "when",
    "widget_snippet",
]

MAX_EXPECTATIONS = 20
KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
FACT_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
KEY_PLACEHOLDER = "cxl_PASTE_A_COLLECTOR_KEY"

Problems = dict[str, tuple[str, dict[str, object]]]
"""Field name -> (word key, values for its placeholders)."""


def localized(problems: Problems, language: str) -> dict[str, str]:
    return {name: say_in(language, key, **values) for name, (key, values) in problems.items()}


def when(moment: datetime | None, language: str) -> str:
    """A date and time the way the reader writes it: 23-11-2026 14:05 or 23 Nov 2026 14:05."""
    if moment is None:
        return ""
    if language == "nl":
        return moment.strftime("%d-%m-%Y %H:%M")
    return moment.strftime("%d %b %Y %H:%M")


def number(value: float, language: str, decimals: int = 0) -> str:
    """1,234.5 in English, 1.234,5 in Dutch."""
    text = f"{value:,.{decimals}f}"
    if language == "nl":
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return text


def percent(share: float, language: str) -> str:
    return number(share * 100, language) + "%"


def _text(
    form: Mapping[str, str], name: str, problems: Problems, *, longest: int, required: bool
) -> str:
    value = form.get(name, "").strip()
    if required and not value:
        problems[name] = ("err_required", {})
    elif len(value) > longest:
        problems[name] = ("err_too_long", {"n": longest})
    return value


def _level(form: Mapping[str, str], name: str, problems: Problems) -> ServiceLevel | None:
    raw = form.get(name, "").strip()
    try:
        return ServiceLevel.parse(raw)
    except ValueError:
        problems[name] = ("err_level", {"value": raw[:40]})
        return None


def _number(form: Mapping[str, str], name: str, problems: Problems) -> float | None:
    raw = form.get(name, "").strip()
    try:
        # Dutch writers use a decimal comma.
        value = float(raw.replace(",", "."))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        problems[name] = ("err_number", {"value": raw[:40]})
        return None
    return value


# -- touchpoints -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TouchpointForm:
    """What was posted (to show again) and the touchpoint it makes, when it has no problems."""

    values: dict[str, str]
    problems: Problems
    touchpoint: Touchpoint | None


def read_touchpoint(
    form: Mapping[str, str],
    *,
    organization: str,
    key: str | None,
    taken: frozenset[str] = frozenset(),
) -> TouchpointForm:
    """`key` is the edited touchpoint's key; None for a new one, whose key is in the form."""
    problems: Problems = {}
    if key is None:
        key = _new_key(form, problems, taken)
    name = _text(form, "name", problems, longest=200, required=True)
    stage = _text(form, "stage", problems, longest=100, required=False)
    owner = _text(form, "owner", problems, longest=200, required=False)
    try:
        channel: Channel | None = Channel.parse(form.get("channel", ""))
    except ValueError:
        channel = None
        problems["channel"] = ("err_channel", {})
    target = _level(form, "target_level", problems)
    expectations = _expectations(form, problems)
    values = {name: str(value) for name, value in form.items()}
    if problems or channel is None or target is None:
        return TouchpointForm(values, problems, None)
    touchpoint = Touchpoint(
        key=key,
        name=name,
        channel=channel,
        stage=stage,
        organization=organization,
        target_level=target,
        expectations=expectations,
        owner=owner,
    )
    return TouchpointForm(values, problems, touchpoint)


def _new_key(form: Mapping[str, str], problems: Problems, taken: frozenset[str]) -> str:
    key = _text(form, "key", problems, longest=128, required=True)
    if "key" not in problems and not KEY_PATTERN.match(key):
        problems["key"] = ("err_key_format", {})
    elif key in taken:
        problems["key"] = ("err_key_taken", {"key": key})
    return key


def _expectations(form: Mapping[str, str], problems: Problems) -> tuple[Expectation, ...]:
    found: list[Expectation] = []
    seen: set[str] = set()
    for row in range(MAX_EXPECTATIONS):
        prefix = f"exp-{row}-"
        fact = form.get(prefix + "fact", "").strip()
        numbers = form.get(prefix + "expected", "").strip() or form.get(prefix + "unacceptable")
        if not fact and not (numbers or "").strip():
            continue  # an empty row, or one cleared to remove it
        expectation = _expectation(form, prefix, problems)
        if expectation is None:
            continue
        if expectation.fact in seen:
            problems[prefix + "fact"] = ("err_fact_twice", {"fact": expectation.fact})
        seen.add(expectation.fact)
        found.append(expectation)
    return tuple(found)


def _expectation(form: Mapping[str, str], prefix: str, problems: Problems) -> Expectation | None:
    fact = form.get(prefix + "fact", "").strip()
    if not fact:
        problems[prefix + "fact"] = ("err_required", {})
    elif len(fact) > 64:
        problems[prefix + "fact"] = ("err_too_long", {"n": 64})
    elif not FACT_PATTERN.match(fact):
        problems[prefix + "fact"] = ("err_fact_format", {})
    expected = _number(form, prefix + "expected", problems)
    unacceptable = _number(form, prefix + "unacceptable", problems)
    if expected is None or unacceptable is None or prefix + "fact" in problems:
        return None
    try:
        return Expectation(fact, expected, unacceptable, form.get(prefix + "higher") == "on")
    except ValueError:
        problems[prefix + "unacceptable"] = ("err_worse", {})
        return None


# -- brand promise -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PromiseForm:
    values: dict[str, str]
    problems: Problems
    statement: str = ""
    brand_values: tuple[str, ...] = ()
    default_target: ServiceLevel = ServiceLevel.DESIRED
    targets: dict[str, ServiceLevel] = field(default_factory=dict)


def read_promise(form: Mapping[str, str], touchpoints: Mapping[str, Touchpoint]) -> PromiseForm:
    """The statement, values, default target and the targets set per touchpoint ('' = the
    touchpoint's own target)."""
    problems: Problems = {}
    statement = _text(form, "statement", problems, longest=2000, required=False)
    lines = [line.strip() for line in form.get("values", "").splitlines() if line.strip()]
    if len(lines) > 20:
        problems["values"] = ("err_too_many", {"n": 20})
    elif any(len(line) > 80 for line in lines):
        problems["values"] = ("err_too_long", {"n": 80})
    default = _level(form, "default_target", problems)
    targets: dict[str, ServiceLevel] = {}
    for key in touchpoints:
        name = f"target-{key}"
        if form.get(name, "").strip():
            level = _level(form, name, problems)
            if level is not None:
                targets[key] = level
    values = {name: str(value) for name, value in form.items()}
    return PromiseForm(
        values,
        problems,
        statement=statement,
        brand_values=tuple(dict.fromkeys(lines)),
        default_target=default or ServiceLevel.DESIRED,
        targets=targets,
    )


# -- people and collection ---------------------------------------------------------------------


def read_user(form: Mapping[str, str]) -> tuple[dict[str, str], Problems, Role | None]:
    """(values to show again, problems, role); the password is never shown again."""
    problems: Problems = {}
    email = _text(form, "email", problems, longest=320, required=True)
    if "email" not in problems and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        problems["email"] = ("err_email", {"value": email[:80]})
    _text(form, "name", problems, longest=200, required=False)
    if len(form.get("password", "")) < 12:
        problems["password"] = ("err_password", {})
    role = _role(form, problems)
    values = {name: str(value) for name, value in form.items() if name != "password"}
    return values, problems, role


def _role(form: Mapping[str, str], problems: Problems) -> Role | None:
    try:
        return Role(form.get("role", ""))
    except ValueError:
        problems["role"] = ("err_role", {})
        return None


def parse_origins(text: str, problems: Problems) -> list[str]:
    origins = [line.strip().rstrip("/") for line in text.splitlines() if line.strip()]
    for origin in origins:
        bad = not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?", origin)
        if bad:
            problems["origins"] = ("err_origin", {"value": origin[:80]})
            break
    if len(origins) > 50:
        problems["origins"] = ("err_too_many", {"n": 50})
    return list(dict.fromkeys(origins))


def parse_levels(chosen: list[str], problems: Problems) -> list[ServiceLevel]:
    levels = []
    for raw in chosen:
        try:
            levels.append(ServiceLevel.parse(raw))
        except ValueError:
            problems["levels"] = ("err_level", {"value": raw[:40]})
    if not levels and "levels" not in problems:
        problems["levels"] = ("err_levels", {})
    return sorted(set(levels))


def widget_snippet(
    *, server: str, organization: str, touchpoint: str, question: str, key: str | None
) -> str:
    """The embed code of web/static/widget.js for one touchpoint, as the page's HTML source."""

    def attr(value: str) -> str:
        return str(escape(value))

    return (
        '<div id="cxladder-feedback"></div>\n'
        f'<script src="{attr(server)}/widget.js" defer\n'
        f'  data-server="{attr(server)}" data-organization="{attr(organization)}"\n'
        f'  data-touchpoint="{attr(touchpoint)}" data-question="{attr(question)}"\n'
        f'  data-key="{attr(key or KEY_PLACEHOLDER)}"></script>'
    )


# -- values kept between a change and the page after it ----------------------------------------


class KeptValues:
    """Secrets shown once after a POST/redirect/GET: a new key or webhook secret waits here,
    for its creator only and for a few minutes, and is gone once the page has shown it."""

    def __init__(self, seconds: float = 300.0) -> None:
        self.seconds = seconds
        self._kept: dict[str, tuple[str, float, dict[str, str]]] = {}
        # Pages run in the server's thread pool, changes on its event loop: both reach here.
        self._lock = threading.Lock()

    def put(self, owner: str, values: dict[str, str]) -> str:
        token = secrets.token_urlsafe(16)
        with self._lock:
            now = time.monotonic()
            self._kept = {k: v for k, v in self._kept.items() if v[1] > now}
            self._kept[token] = (owner, now + self.seconds, values)
        return token

    def take(self, token: str, owner: str) -> dict[str, str] | None:
        with self._lock:
            kept = self._kept.get(token)
            if kept is None or kept[0] != owner or kept[1] < time.monotonic():
                return None
            del self._kept[token]
        return kept[2]
