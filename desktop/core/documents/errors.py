"""Errors the document layer raises: each says what is wrong in words a person can act on."""

from __future__ import annotations


class DocumentError(ValueError):
    """A document cannot be made from what it was given."""


class LetterheadError(DocumentError):
    """The municipality's letterhead configuration is wrong (missing logo, bad file...)."""
