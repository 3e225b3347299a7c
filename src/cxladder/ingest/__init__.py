"""Import of experiences: read a file as given, map its columns, validate, quarantine, write.

    readers.py   CSV, JSON Lines, Parquet, Excel, DataFrame -> one Arrow table, values as given
    mapping.py   the user's column names -> Experience fields (explicit, recognised, facts)
    load.py      columnar validation, rejects file + quarantine, one atomic batch in the store
"""

from cxladder.ingest.load import ImportSummary, import_file, import_frame
from cxladder.ingest.mapping import ColumnMapping
from cxladder.ingest.readers import RawRows, read_file, read_frame

__all__ = [
    "ColumnMapping",
    "ImportSummary",
    "RawRows",
    "import_file",
    "import_frame",
    "read_file",
    "read_frame",
]
