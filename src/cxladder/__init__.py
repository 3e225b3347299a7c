"""cxladder: every customer experience on Kaufman's service ladder, across every journey."""

from cxladder.app import AssessSummary, Cxladder, DemoSummary
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
