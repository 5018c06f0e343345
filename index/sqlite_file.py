"""One SQLite file: a connection per thread, WAL mode, and a named set of migrations.

The engine's store (index/store.py) and the bot's store (bot/store.py) each
own their tables and their migrations in the same data directory's
database, as simonw/llm keeps one migration set per subsystem: each set is a
`sqlite_utils.Migrations` of named functions, applied in order and recorded
in `_sqlite_migrations` (one row per set and name), so a data directory made
by any earlier Frontline is brought up to date when it is opened.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import sqlite_utils
from sqlite_utils import Migrations

F = TypeVar("F", bound=Callable[[sqlite_utils.Database], None])

from index.errors import FrontlineError

logger = logging.getLogger(__name__)

# Two processes opening a fresh data directory at once both try to apply the
# same migrations; the loser finds them recorded on its next attempt.
MIGRATE_ATTEMPTS = 5


class MigrationSet(Migrations):
    """`sqlite_utils.Migrations` that also lists the names of its migrations, in order."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.names: list[str] = []

    def __call__(self, *, name: str | None = None, transactional: bool = True) -> Callable[[F], F]:
        register = super().__call__(name=name, transactional=transactional)

        def inner(fn: F) -> F:
            self.names.append(name or fn.__name__)
            return register(fn)

        return inner


class SQLiteFile:
    """A SQLite database file shared by threads, migrated on open.

    Each thread gets a connection of its own, opened on first use: the bot asks
    the store from many worker threads at once, and one sqlite3 connection
    cannot serve two threads at a time (their statements and transactions
    interleave: "cannot commit - no transaction is active", "no such savepoint").
    """

    def __init__(self, path: Path, migrations: MigrationSet) -> None:
        """Open (creating or migrating) the database at `path`.

        Raises:
            FrontlineError: the file was migrated by a newer Frontline (it has
                migrations of this set that this one does not know).
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        self.db.execute("PRAGMA journal_mode=WAL")
        self._apply(migrations)

    @property
    def db(self) -> sqlite_utils.Database:
        """This thread's connection to the database."""
        db: sqlite_utils.Database | None = getattr(self._local, "db", None)
        if db is None:
            conn = sqlite3.connect(str(self.path), check_same_thread=False, timeout=30)
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            with self._connections_lock:
                self._connections.append(conn)
            db = self._local.db = sqlite_utils.Database(conn)
        return db

    def close(self) -> None:
        """Close every thread's connection (using the store afterwards is an error)."""
        with self._connections_lock:
            for conn in self._connections:
                conn.close()

    def applied_migrations(self, migrations: MigrationSet) -> list[str]:
        """Return the names of this set's migrations applied to the file, in order."""
        return [m.name for m in migrations.applied(self.db)]

    def _apply(self, migrations: MigrationSet) -> None:
        known = set(migrations.names)
        for attempt in range(MIGRATE_ATTEMPTS):
            newer = [name for name in self.applied_migrations(migrations) if name not in known]
            if newer:
                raise FrontlineError(
                    f"{self.path} was migrated by a newer Frontline ({migrations.name}: {', '.join(newer)}); "
                    "upgrade Frontline or use another FRONTLINE_DATA_DIR"
                )
            try:
                migrations.apply(self.db)
                return
            except (sqlite3.IntegrityError, sqlite3.OperationalError) as exc:
                if attempt == MIGRATE_ATTEMPTS - 1:
                    raise
                logger.debug("migrating %s: %s; trying again", self.path, exc)
                time.sleep(0.1 * (attempt + 1))

    def flush_to_disk(self) -> None:
        """Make every transaction committed so far survive a power cut, not only a crash.

        With synchronous=NORMAL a commit reaches the write-ahead log but not
        the disk; one fsync of the log makes all of them durable at once,
        which costs far less than syncing every commit.
        """
        try:
            fd = os.open(f"{self.path}-wal", os.O_RDONLY)
        except FileNotFoundError:
            return
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
