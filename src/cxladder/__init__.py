"""cxladder: every customer experience on Kaufman's service ladder, across every journey.

The facade (`Cxladder` and its summaries) loads on first use: code that needs only the model
or the journey kernel then starts without the store, the analytics engines and the text models.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from cxladder.errors import (
    ConfigurationError,
    CxladderError,
    InvalidInput,
    MappingError,
    ModelError,
    NotFound,
    StoreError,
    UnreadableFile,
)
from cxladder.model import (
    Assessment,
    BrandPromise,
    Channel,
    Consent,
    Customer,
    Expectation,
    Experience,
    Occasion,
    Organization,
    Reason,
    ServiceLevel,
    Touchpoint,
)
from cxladder.settings import Settings

if TYPE_CHECKING:
    from cxladder.app import AssessSummary, Cxladder, DemoSummary

__version__ = "0.1.0"

__all__ = [
    "AssessSummary",
    "Assessment",
    "BrandPromise",
    "Channel",
    "ConfigurationError",
    "Consent",
    "Customer",
    "Cxladder",
    "CxladderError",
    "DemoSummary",
    "Expectation",
    "Experience",
    "InvalidInput",
    "MappingError",
    "ModelError",
    "NotFound",
    "Occasion",
    "Organization",
    "Reason",
    "ServiceLevel",
    "Settings",
    "StoreError",
    "Touchpoint",
    "UnreadableFile",
]

_FACADE = frozenset({"AssessSummary", "Cxladder", "DemoSummary"})


def __getattr__(name: str) -> object:
    if name not in _FACADE:
        raise AttributeError(f"module 'cxladder' has no attribute {name!r}")
    return getattr(import_module("cxladder.app"), name)
