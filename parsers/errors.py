"""What a parser raises: one base class, the reason in the message (stored as the document's reason)."""
from __future__ import annotations


class DocumentError(Exception):
    """A document cannot be read; the message says why (stored as the attachment's reason)."""


class NoReader(DocumentError):
    """No parser reads this type of file: a person must look at it."""


class NeedsManualCheck(DocumentError):
    """A readable kind of file that this machine could not read now (a tool missing, a timeout)."""


class UnsafeDocument(DocumentError):
    """A document that must not be opened (hostile, encrypted, too big)."""
