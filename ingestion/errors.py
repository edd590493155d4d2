"""The one error type a user reads: a file that cannot be ingested, and why."""

from __future__ import annotations


class IngestError(Exception):
    """A file that cannot be loaded. The message names the file, the row and column where relevant,
    and what was expected; it is written to the quarantine error file as-is."""


class UnknownExport(IngestError):
    """No template's required headers were found in the first rows of the file."""


class MissingRequiredColumn(IngestError):
    """The file looks like a known export but lacks a column that export requires."""


class DamagedIds(IngestError):
    """An id column holds values that Excel rewrote (`1.18E+11`, `123.0`)."""
