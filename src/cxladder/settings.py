"""Settings, read from arguments first, then CXLADDER_* environment variables, then defaults."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["DEFAULT_DATABASE_URL", "Settings", "database_url"]

DEFAULT_DATABASE_URL = "sqlite:///cxladder.db"


def database_url(value: str | Path) -> str:
    """Turn what a user types after --db into a SQLAlchemy URL.

    A plain path is an embedded SQLite file; anything with '://' is passed on, with
    'postgresql://' upgraded to the psycopg 3 driver we ship.
    """
    text = str(value)
    if "://" not in text:
        return f"sqlite:///{text}"
    if text.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    return text


class Settings(BaseSettings):
    """Everything a deployment may change. Documented in README.md (a test keeps it so)."""

    model_config = SettingsConfigDict(env_prefix="CXLADDER_", extra="forbid")

    database_url: str = Field(
        DEFAULT_DATABASE_URL,
        description="Where the store lives: a SQLite file (embedded default) or PostgreSQL.",
    )
    redact: bool = Field(
        True, description="Remove e-mail addresses, phone numbers, IBANs and the like from text."
    )
    rejects_dir: Path = Field(
        Path("."), description="Folder where import writes the rejects file of each batch."
    )
    batch_size: int = Field(
        50_000, ge=100, description="Rows written per transaction chunk during import."
    )
    public_rate_per_second: float = Field(
        20.0, gt=0, description="Responses per second one address may send to public endpoints."
    )
    public_burst: float = Field(
        200.0, ge=1, description="How many responses one address may send at once before waiting."
    )
    deliver_webhooks: bool = Field(
        True, description="Let the server deliver queued webhook events in the background."
    )

    def url(self) -> str:
        return database_url(self.database_url)
