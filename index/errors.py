"""Domain exceptions. `bot/` turns each into one friendly line with the fix."""

from __future__ import annotations


class FrontlineError(Exception):
    """Base of every error a user can cause and fix; never shown as a traceback."""


class BadQuestion(FrontlineError):
    """The question cannot be answered as written (empty, too long, no words)."""


class EmptyQuestion(BadQuestion):
    """The question has no words in it."""


class QuestionTooLong(BadQuestion):
    """The question is longer than the limit."""


class BadArticle(FrontlineError):
    """An article could not be read; `where` says which file, line or URL."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


class FetchError(BadArticle):
    """A URL could not be fetched or was refused (scheme, address, size, time)."""


class UnknownArticle(FrontlineError):
    """No stored article has that id or URL."""


class IndexMismatch(FrontlineError):
    """The stored vectors were made by another model or for other passages."""


class NoIndex(FrontlineError):
    """There is no complete index version to search (or to roll back to)."""


class Busy(FrontlineError):
    """Another admin operation (ingest, reindex, rollback) is running."""


class DiskFull(FrontlineError):
    """The data directory's disk (or the database) is full: nothing was changed."""


class UnknownPlace(FrontlineError):
    """A map was asked for a name that is neither a known settlement nor an oblast."""


class NothingToMap(FrontlineError):
    """No stored claim mentions a settlement in the area asked about (up to the day asked)."""
