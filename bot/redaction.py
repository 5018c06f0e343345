"""Secrets (the bot token, the webhook secret) never reach a log line or the command line's output.

Light on purpose: the command line imports it to redact its own error line
without loading python-telegram-bot.
"""

from __future__ import annotations

import logging
import os
import re
from typing import Any
from urllib.parse import quote

_SECRETS: set[str] = set()


def redact_in_logs(secret: str) -> None:
    """Replace `secret` (and its URL-quoted form) with "<redacted>" in every later log record.

    httpx logs request URLs, which contain the bot token, and exceptions can
    carry them too; a record factory catches both, whatever handler prints them.
    """
    if not secret or secret in _SECRETS:
        return
    if not _SECRETS:
        previous = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            return _redacted(previous(*args, **kwargs))

        logging.setLogRecordFactory(factory)
    _SECRETS.update({secret, quote(secret, safe="")})


def redact(text: str) -> str:
    """Return `text` with every registered secret, and the token in the environment, as "<redacted>"."""
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    return _replace(text, _SECRETS | ({token, quote(token, safe="")} if token else set()))


def _scrub(text: str) -> str:
    return _replace(text, _SECRETS)


def _replace(text: str, secrets: set[str]) -> str:
    # In any letter case: python-telegram-bot lowercases the error messages it
    # passes on ("No such method /bot123:abcdef/getme"). Longest first, so a
    # secret containing another is replaced whole.
    for secret in sorted(secrets, key=len, reverse=True):
        if secret.lower() in text.lower():
            text = re.sub(re.escape(secret), "<redacted>", text, flags=re.IGNORECASE)
    return text


def _redacted(record: logging.LogRecord) -> logging.LogRecord:
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a malformed record is printed as logging would
        return record
    clean = _scrub(message)
    if clean != message:
        record.msg, record.args = clean, None
    if record.exc_info and record.exc_info[1] is not None:
        text = logging.Formatter().formatException(record.exc_info)
        if _scrub(text) != text:
            record.exc_text = _scrub(text)
    return record
