"""Access and collection: API keys, allowed origins, survey tokens, webhooks and their outbox.

Keys are random 32-byte tokens shown once; only their SHA-256 is stored. A slow password hash
would add nothing for a token with 256 bits of entropy and would cost every request.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from cxladder.errors import InvalidInput, NotFound
from cxladder.model import Principal, Role
from cxladder.store.tables import metadata

__all__ = ["KEY_PREFIX", "AccessRepo", "Delivery", "Webhook", "api_keys", "hash_key", "outbox_rows"]

KEY_PREFIX = "cxl_"

api_keys = sa.Table(
    "api_keys",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("organization", sa.String(64), sa.ForeignKey("organizations.key"), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("prefix", sa.String(16), nullable=False),
    sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("revoked_at", sa.DateTime, nullable=True),
    sa.Index("ix_api_keys_organization", "organization"),
)


allowed_origins = sa.Table(
    "allowed_origins",
    metadata,
    sa.Column("organization", sa.String(64), sa.ForeignKey("organizations.key"), primary_key=True),
    sa.Column("origin", sa.String(255), primary_key=True),
)

# A survey link's nonce is written here when the link is used, so it works once only.
used_survey_tokens = sa.Table(
    "used_survey_tokens",
    metadata,
    sa.Column("nonce", sa.String(64), primary_key=True),
    sa.Column("organization", sa.String(64), nullable=False),
    sa.Column("used_at", sa.DateTime, nullable=False),
)

instance_secrets = sa.Table(
    "instance_secrets",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.String(128), nullable=False),
)

webhooks = sa.Table(
    "webhooks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("organization", sa.String(64), sa.ForeignKey("organizations.key"), nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("secret", sa.String(128), nullable=False),
    sa.Column("levels", sa.JSON, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
)

# The outbox: an event is written in the same transaction as its experience, and delivered
# from here with retries, so nothing is lost while a receiver is down.
webhook_deliveries = sa.Table(
    "webhook_deliveries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("webhook_id", sa.Integer, sa.ForeignKey("webhooks.id"), nullable=False),
    sa.Column("event_id", sa.String(128), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_attempt_at", sa.DateTime, nullable=False),
    sa.Column("last_status_code", sa.Integer, nullable=True),
    sa.Column("last_error", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("delivered_at", sa.DateTime, nullable=True),
    sa.Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
)


users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("organization", sa.String(64), sa.ForeignKey("organizations.key"), nullable=False),
    sa.Column("email", sa.String(320), nullable=False, unique=True),
    sa.Column("name", sa.Text, nullable=False, server_default=""),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("disabled_at", sa.DateTime, nullable=True),
)

# A browser session: the cookie holds a random token, the store only its hash, with the
# session's CSRF token that every form and htmx request must echo.
sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False),
)


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """scrypt from the standard library: memory-hard, no extra dependency."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return f"scrypt$16384$8$1${salt.hex()}${digest.hex()}"


def password_matches(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        check = hashlib.scrypt(
            password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except ValueError:
        return False
    return hmac.compare_digest(check.hex(), digest)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class AccessRepo:
    """Reads and writes of API keys; shares the store's engine."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def create_key(
        self, organization: str, *, role: Role, name: str, now: datetime
    ) -> tuple[int, str]:
        """A new key for the organisation; the clear key is returned once and never stored."""
        if not name.strip():
            raise InvalidInput("a key needs a name saying who or what uses it, e.g. 'website'")
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        with self.engine.begin() as connection:
            result = connection.execute(
                api_keys.insert().values(
                    organization=organization,
                    name=name,
                    role=role.value,
                    prefix=key[:12],
                    key_hash=hash_key(key),
                    created_at=now,
                )
            )
            assert result.inserted_primary_key is not None
            return int(result.inserted_primary_key[0]), key

    def principal(self, key: str) -> Principal | None:
        """The caller behind a key, or None for an unknown or revoked key."""
        query = sa.select(api_keys).where(
            api_keys.c.key_hash == hash_key(key), api_keys.c.revoked_at.is_(None)
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).mappings().first()
        if row is None:
            return None
        return Principal(row["organization"], Role(row["role"]), row["name"], row["id"])

    def keys(self, organization: str) -> list[dict[str, object]]:
        query = (
            sa.select(
                api_keys.c.id,
                api_keys.c.name,
                api_keys.c.role,
                api_keys.c.prefix,
                api_keys.c.created_at,
                api_keys.c.revoked_at,
            )
            .where(api_keys.c.organization == organization)
            .order_by(api_keys.c.id)
        )
        with self.engine.connect() as connection:
            return [dict(row) for row in connection.execute(query).mappings()]

    def revoke(self, organization: str, key_id: int, *, now: datetime) -> None:
        statement = (
            api_keys.update()
            .where(api_keys.c.organization == organization, api_keys.c.id == key_id)
            .values(revoked_at=now)
        )
        with self.engine.begin() as connection:
            if connection.execute(statement).rowcount == 0:
                raise NotFound(f"no key {key_id} in organisation {organization!r}")

    # -- users and sessions --------------------------------------------------------------------

    def add_user(
        self,
        organization: str,
        *,
        email: str,
        name: str,
        role: Role,
        password: str,
        now: datetime,
    ) -> int:
        if len(password) < 12:
            raise InvalidInput("a password needs at least 12 characters")
        if "@" not in email:
            raise InvalidInput(f"{email!r} is not an e-mail address")
        try:
            with self.engine.begin() as connection:
                result = connection.execute(
                    users.insert().values(
                        organization=organization,
                        email=email.strip().lower(),
                        name=name,
                        role=role.value,
                        password_hash=hash_password(password),
                        created_at=now,
                    )
                )
        except sa.exc.IntegrityError:
            raise InvalidInput(f"a user with e-mail {email!r} exists already") from None
        assert result.inserted_primary_key is not None
        return int(result.inserted_primary_key[0])

    def start_session(
        self, email: str, password: str, *, now: datetime, ttl: timedelta
    ) -> tuple[str, str] | None:
        """(session token, CSRF token) for a right e-mail and password, else None."""
        query = sa.select(users).where(
            users.c.email == email.strip().lower(), users.c.disabled_at.is_(None)
        )
        with self.engine.connect() as connection:
            user = connection.execute(query).mappings().first()
        # Hash even for an unknown e-mail, so timing does not tell which e-mails exist.
        stored = user["password_hash"] if user else hash_password("not a user")
        if not password_matches(password, stored) or user is None:
            return None
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        with self.engine.begin() as connection:
            connection.execute(
                sessions.insert().values(
                    token_hash=hash_key(token),
                    user_id=user["id"],
                    csrf_token=csrf,
                    created_at=now,
                    expires_at=now + ttl,
                )
            )
        return token, csrf

    def session(self, token: str, *, now: datetime) -> tuple[Principal, str] | None:
        """The signed-in user behind a session cookie and the session's CSRF token."""
        query = (
            sa.select(
                users.c.id, users.c.organization, users.c.role, users.c.email, sessions.c.csrf_token
            )
            .join(users, users.c.id == sessions.c.user_id)
            .where(
                sessions.c.token_hash == hash_key(token),
                sessions.c.expires_at > now,
                users.c.disabled_at.is_(None),
            )
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).mappings().first()
        if row is None:
            return None
        principal = Principal(row["organization"], Role(row["role"]), row["email"], None)
        return principal, str(row["csrf_token"])

    def end_session(self, token: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(sessions.delete().where(sessions.c.token_hash == hash_key(token)))

    # -- collection ----------------------------------------------------------------------------

    def allowed_origins(self, organization: str) -> set[str]:
        query = sa.select(allowed_origins.c.origin).where(
            allowed_origins.c.organization == organization
        )
        with self.engine.connect() as connection:
            return set(connection.execute(query).scalars())

    def set_allowed_origins(self, organization: str, origins: Iterable[str]) -> None:
        rows = [{"organization": organization, "origin": o} for o in sorted(set(origins))]
        with self.engine.begin() as connection:
            connection.execute(
                allowed_origins.delete().where(allowed_origins.c.organization == organization)
            )
            if rows:
                connection.execute(allowed_origins.insert(), rows)

    def instance_secret(self, name: str) -> str:
        """A random secret made once per installation, so signed links survive restarts."""
        query = sa.select(instance_secrets.c.value).where(instance_secrets.c.name == name)
        with self.engine.begin() as connection:
            value = connection.execute(query).scalar_one_or_none()
            if value is None:
                value = secrets.token_hex(32)
                connection.execute(instance_secrets.insert().values(name=name, value=value))
        return str(value)

    def use_survey_token(self, nonce: str, organization: str, *, now: datetime) -> bool:
        """Mark a survey link used; False when it was used before."""
        try:
            with self.engine.begin() as connection:
                connection.execute(
                    used_survey_tokens.insert().values(
                        nonce=nonce, organization=organization, used_at=now
                    )
                )
        except sa.exc.IntegrityError:
            return False
        return True

    # -- webhooks ------------------------------------------------------------------------------

    def add_webhook(
        self, organization: str, *, url: str, levels: Iterable[int], now: datetime
    ) -> tuple[int, str]:
        secret = secrets.token_hex(32)
        with self.engine.begin() as connection:
            result = connection.execute(
                webhooks.insert().values(
                    organization=organization,
                    url=url,
                    secret=secret,
                    levels=sorted(set(levels)),
                    created_at=now,
                )
            )
            assert result.inserted_primary_key is not None
            return int(result.inserted_primary_key[0]), secret

    def webhooks(self, organization: str) -> list[Webhook]:
        query = sa.select(webhooks).where(
            webhooks.c.organization == organization, webhooks.c.active.is_(True)
        )
        with self.engine.connect() as connection:
            return [
                Webhook(r["id"], r["organization"], r["url"], r["secret"], tuple(r["levels"]))
                for r in connection.execute(query).mappings()
            ]

    def due_deliveries(self, now: datetime, *, limit: int = 100) -> list[Delivery]:
        d, w = webhook_deliveries, webhooks
        query = (
            sa.select(d.c.id, d.c.payload, d.c.attempts, w.c.url, w.c.secret)
            .join(w, w.c.id == d.c.webhook_id)
            .where(d.c.status == "pending", d.c.next_attempt_at <= now)
            .order_by(d.c.next_attempt_at, d.c.id)
            .limit(limit)
        )
        with self.engine.connect() as connection:
            return [Delivery(**row) for row in connection.execute(query).mappings()]

    def record_attempt(
        self,
        delivery_id: int,
        *,
        delivered: bool,
        status_code: int | None,
        error: str,
        next_attempt_at: datetime | None,
        now: datetime,
    ) -> None:
        d = webhook_deliveries
        if delivered:
            status = "delivered"
        else:
            status = "pending" if next_attempt_at is not None else "failed"
        values: dict[str, object] = {
            "status": status,
            "attempts": d.c.attempts + 1,
            "last_status_code": status_code,
            "last_error": error[:1000],
        }
        if delivered:
            values["delivered_at"] = now
        if next_attempt_at is not None:
            values["next_attempt_at"] = next_attempt_at
        with self.engine.begin() as connection:
            connection.execute(d.update().where(d.c.id == delivery_id).values(**values))

    def deliveries(self, organization: str) -> list[dict[str, object]]:
        d, w = webhook_deliveries, webhooks
        query = (
            sa.select(d)
            .join(w, w.c.id == d.c.webhook_id)
            .where(w.c.organization == organization)
            .order_by(d.c.id)
        )
        with self.engine.connect() as connection:
            return [dict(row) for row in connection.execute(query).mappings()]


@dataclass(frozen=True, slots=True)
class Webhook:
    id: int
    organization: str
    url: str
    secret: str
    levels: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Delivery:
    id: int
    payload: str
    attempts: int
    url: str
    secret: str


def outbox_rows(
    connection: sa.Connection, rows: Sequence[tuple[int, str, str]], now: datetime
) -> None:
    """Queue webhook events (webhook id, event id, payload) inside the caller's transaction."""
    if rows:
        connection.execute(
            webhook_deliveries.insert(),
            [
                {
                    "webhook_id": webhook_id,
                    "event_id": event_id,
                    "payload": payload,
                    "status": "pending",
                    "next_attempt_at": now,
                    "created_at": now,
                }
                for webhook_id, event_id, payload in rows
            ],
        )
