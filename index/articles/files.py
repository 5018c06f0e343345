"""Files and folders → `Article`: the reader chosen by extension, bad lines and files reported alone."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from index.articles.common import MAX_ARTICLE_BYTES, megabytes, too_big
from index.articles.formats import parse_html, parse_jsonl_line, parse_text
from index.errors import BadArticle
from index.models import Article

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".jsonl", ".txt", ".md", ".html", ".htm")
# Signatures of common non-text files that may slip in without a NUL byte early on.
_BINARY_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\x1f\x8b", b"\x89PNG", b"GIF8", b"\xff\xd8\xff")


def _looks_binary(data: bytes) -> bool:
    return b"\x00" in data or data.startswith(_BINARY_MAGIC)


def _decode(data: bytes, where: str) -> str:
    """Decode a file's bytes as UTF-8, telling a binary file from a mis-encoded one."""
    if _looks_binary(data):
        raise BadArticle(where, "binary file, not an article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        sample = data[:8192]
        controls = sum(1 for b in sample if b < 0x20 and b not in b"\t\n\r\f\x1b")
        # Text in a legacy code page has few control bytes; images and archives have many.
        if controls > len(sample) // 20:
            raise BadArticle(where, "binary file, not an article") from None
        raise BadArticle(
            where, f"not UTF-8 text (invalid byte at offset {exc.start}); save it as UTF-8"
        ) from None


def _jsonl_lines(handle: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Yield (line number, line) with lines over `limit` bytes as None, never held whole."""
    number = 0
    while True:
        raw = handle.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            # Skip the rest of the oversized line in bounded pieces.
            while (more := handle.readline(1 << 20)) and not more.endswith(b"\n"):
                pass
            yield number, None
        else:
            yield number, raw


def _read_jsonl(path: Path) -> Iterator[Article | BadArticle]:
    where = str(path)
    # A jsonl file is a collection, so the size limit applies to each article
    # (line), not to the file: a whole corpus may come as one file.
    try:
        handle = open_regular(path)
    except BadArticle as bad:
        yield bad
        return
    with handle:
        if _looks_binary(handle.read(8192)):
            yield BadArticle(where, "binary file, not an article")
            return
        handle.seek(0)
        seen_any = False
        for number, raw in _jsonl_lines(handle, MAX_ARTICLE_BYTES):
            line_where = f"{where}:{number}"
            if raw is None:
                seen_any = True
                yield BadArticle(
                    line_where, f"line is over the {megabytes(MAX_ARTICLE_BYTES)} limit"
                )
                continue
            if number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")  # a BOM from Windows editors
            if not raw.strip():
                continue
            seen_any = True
            try:
                yield parse_jsonl_line(_decode(raw, line_where), line_where)
            except BadArticle as bad:
                yield bad
        if not seen_any:
            yield BadArticle(where, "empty file")


def read_file(path: Path) -> Iterator[Article | BadArticle]:
    """Read one article file, choosing the reader by its extension.

    Args:
        path: a ``.jsonl``, ``.txt``, ``.md``, ``.html`` or ``.htm`` file.

    Yields:
        Each Article read, or a BadArticle for each thing rejected: a bad
        ``.jsonl`` line is reported alone (where ``"path:LINE"``) and the good
        lines still come through. Never raises for bad input.
    """
    path = Path(path)
    where = str(path)
    suffix = path.suffix.lower()
    if not path.exists():
        yield BadArticle(where, "no such file or folder")
        return
    if suffix not in SUPPORTED_SUFFIXES:
        yield BadArticle(
            where,
            f"unsupported file type '{path.suffix or path.name}' "
            "(use .jsonl, .txt, .md, .html or .htm)",
        )
        return
    if suffix == ".jsonl":
        yield from _read_jsonl(path)
        return
    try:
        with open_regular(path) as handle:
            # Read one byte past the limit rather than trust the size stat gave.
            data = handle.read(MAX_ARTICLE_BYTES + 1)
            if len(data) > MAX_ARTICLE_BYTES:
                size = os.fstat(handle.fileno()).st_size
                yield BadArticle(where, too_big("file", max(size, len(data)), MAX_ARTICLE_BYTES))
                return
    except BadArticle as bad:
        yield bad
        return
    except OSError as exc:
        yield BadArticle(where, f"could not read ({exc.strerror or exc})")
        return
    if not data.strip():
        yield BadArticle(where, "empty file")
        return
    try:
        if suffix in (".html", ".htm"):
            if _looks_binary(data):
                raise BadArticle(where, "binary file, not an article")
            yield parse_html(data, None, where)
        else:
            yield parse_text(_decode(data, where), where, fmt=suffix[1:])
    except BadArticle as bad:
        yield bad


def open_regular(path: Path) -> BinaryIO:
    """Open `path` for reading when it is a regular file; refuse devices, FIFOs and sockets.

    The file is opened without blocking (a FIFO would wait for a writer, with
    the admin lock held) and checked on the open descriptor, so it cannot be
    swapped for a device between the check and the read.

    Raises:
        BadArticle: not a regular file, or it cannot be opened.
    """
    where = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise BadArticle(where, f"could not read ({exc.strerror or exc})") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise BadArticle(where, f"not a regular file ({_kind(mode)}); only files are read")
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def _walk(folder: Path) -> Iterator[Path | BadArticle]:
    """Yield the article files under `folder`, and a BadArticle for each link that leaves it."""
    root_real = folder.resolve()
    found: list[Path] = []
    # os.walk does not follow symlinked folders, so a link loop cannot hang ingest.
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # .git, editor caches
        for name in files:
            if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                found.append(Path(root) / name)
    for path in sorted(found):
        if path.is_symlink() and not path.resolve().is_relative_to(root_real):
            # A link inside the folder must not bring in a file from elsewhere
            # (another user's data, a secret) to be quoted to everyone.
            yield BadArticle(str(path), f"a symbolic link to a file outside {folder}; not read")
        else:
            yield path


def read_paths(paths: Sequence[str | Path]) -> Iterator[Article | BadArticle]:
    """Read article files and folders.

    Folders are read recursively, files in path order, keeping only
    ``.jsonl .txt .md .html .htm`` files (others, and hidden files, are skipped
    silently). A file named explicitly with another extension is rejected.

    Args:
        paths: files and folders, in the order to read them.

    Yields:
        Each Article, or a BadArticle describing a rejected file or line
        (e.g. "no such file or folder", "binary file, not an article").
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for file in _walk(path):
                yield from [file] if isinstance(file, BadArticle) else _read_alone(file)
        else:
            yield from _read_alone(path)


def _read_alone(path: Path) -> Iterator[Article | BadArticle]:
    """Read one file; whatever goes wrong in it is that file's reason, never the batch's end."""
    try:
        yield from read_file(path)
    except (OSError, ValueError, RecursionError, MemoryError) as exc:
        logger.warning("%s could not be read", path, exc_info=True)
        yield BadArticle(str(path), f"could not read ({type(exc).__name__}: {exc})")
