"""Every error cxladder raises on purpose descends from CxladderError.

    CxladderError
    ├── ConfigurationError       a setting or a database URL that cannot work
    ├── NotFound (LookupError)   an organisation, touchpoint, customer or experience is not there
    ├── NotAuthenticated         no credentials, or unknown ones (HTTP 401)
    ├── NotAllowed (PermissionError)  the caller's role may not do this (HTTP 403)
    ├── TooManyRequests          a public endpoint's rate limit was hit (HTTP 429)
    ├── InvalidInput (ValueError)
    │   ├── MappingError         a column mapping names a field that does not exist
    │   └── UnreadableFile       a file that cannot be read in the format it claims
    ├── StoreError               the database refused (out of date schema, lost connection)
    └── ModelError               a text model that cannot be trained, loaded or used

Built-in mix-ins let callers catch either: `except LookupError` also catches NotFound. The
CLI prints the message of any CxladderError without a traceback and exits non-zero; the
server maps them to HTTP statuses in one place.
"""

from __future__ import annotations

__all__ = [
    "ConfigurationError",
    "CxladderError",
    "InvalidInput",
    "MappingError",
    "ModelError",
    "NotAllowed",
    "NotAuthenticated",
    "NotFound",
    "StoreError",
    "TooManyRequests",
    "UnreadableFile",
]


class CxladderError(Exception):
    """Root of every error cxladder raises on purpose. The message says what to do next."""


class ConfigurationError(CxladderError):
    pass


class NotFound(LookupError, CxladderError):
    pass


class NotAuthenticated(CxladderError):
    pass


class NotAllowed(PermissionError, CxladderError):
    pass


class TooManyRequests(CxladderError):
    def __init__(self, message: str, *, retry_after: float = 1.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class InvalidInput(ValueError, CxladderError):
    pass


class MappingError(InvalidInput):
    pass


class UnreadableFile(InvalidInput):
    pass


class StoreError(CxladderError):
    pass


class ModelError(CxladderError):
    pass
