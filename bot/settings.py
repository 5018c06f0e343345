"""Bot settings, read once from the environment at start-up and passed down explicitly."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from index.errors import FrontlineError
from index.settings import Positive, Seconds

TELEGRAM_API = "https://api.telegram.org/bot"


class MissingToken(FrontlineError, ValueError):
    """TELEGRAM_BOT_TOKEN is not set (a ValueError too, as pydantic's own setting errors are)."""


class BotSettings(BaseSettings):
    """The Telegram side of Frontline: token, API server, admins, webhook, limits."""

    model_config = SettingsConfigDict(env_prefix="FRONTLINE_", extra="ignore", populate_by_name=True)

    token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("TELEGRAM_BOT_TOKEN", "token")
    )
    # The part of the Bot API URL before the token ("…/bot"), as python-telegram-bot takes it.
    api_base_url: str = Field(
        default=TELEGRAM_API, validation_alias=AliasChoices("TELEGRAM_API_BASE_URL", "api_base_url")
    )
    # Telegram user ids (never usernames: those can be changed and re-registered by anyone).
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"
    port: int = 8443
    # Seconds a webhook connection may idle, or take to send its headers or its body.
    webhook_idle_timeout: Seconds = 20.0
    # Telegram sends it back in X-Telegram-Bot-Api-Secret-Token; a fresh one per start when unset.
    webhook_secret: SecretStr = Field(default_factory=lambda: SecretStr(secrets.token_urlsafe(32)))
    # Seconds between two polls of the admin-added feeds.
    feed_interval: Positive = 900
    # Questions and commands one user may send per minute before being asked to slow down.
    user_rate: Positive = 12
    # Updates waiting to be handled; when full, fetching pauses instead of memory growing.
    max_pending_updates: Positive = 256
    # Updates handled at once (each question runs in a worker thread).
    concurrency: Positive = 8
    # Touched every 10 s while the bot takes updates, for health checks (bot/heartbeat.py).
    heartbeat_file: Path | None = None

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _parse_admin_ids(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        ids = []
        for part in value.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.lstrip("-").isdigit():
                raise ValueError(
                    f"{part!r} is not a Telegram user id; give numeric ids separated by commas "
                    "(ask @userinfobot for yours), not @usernames"
                )
            ids.append(int(part))
        return frozenset(ids)

    @field_validator("api_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        value = value.strip()
        if urlsplit(value).scheme not in ("http", "https"):
            raise ValueError(f"{value!r} is not an http(s) URL; e.g. {TELEGRAM_API}")
        # Accept the server's root too ("http://localhost:8081"): the token goes after "/bot".
        return value if value.endswith("/bot") else value.rstrip("/") + "/bot"

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if urlsplit(value).scheme != "https" and urlsplit(value).hostname not in ("127.0.0.1", "localhost"):
            raise ValueError(f"{value!r}: Telegram only delivers webhooks to https URLs")
        return value.strip()

    @field_validator("webhook_secret")
    @classmethod
    def _secret(cls, value: SecretStr) -> SecretStr:
        # Telegram allows 1-256 characters from A-Z, a-z, 0-9, _ and -.
        raw = value.get_secret_value()
        if not raw or len(raw) > 256 or not all(c.isalnum() or c in "_-" for c in raw):
            raise ValueError("must be 1-256 characters of letters, digits, _ and -")
        return value

    @field_validator("port")
    @classmethod
    def _port(cls, value: int) -> int:
        if not 0 <= value <= 65535:
            raise ValueError("must be a TCP port number (1-65535)")
        return value

    @property
    def webhook_path(self) -> str:
        """The path the webhook server listens on: the webhook URL's own path."""
        return urlsplit(self.webhook_url or "").path.strip("/")

    def require_token(self) -> str:
        """Return the bot token, or raise MissingToken saying how to set it."""
        if self.token is None or not self.token.get_secret_value().strip():
            raise MissingToken(
                "TELEGRAM_BOT_TOKEN is not set; create a bot with @BotFather and "
                "export TELEGRAM_BOT_TOKEN=<its token>"
            )
        return self.token.get_secret_value().strip()


_ENV_NAMES = {"token": "TELEGRAM_BOT_TOKEN", "api_base_url": "TELEGRAM_API_BASE_URL"}


def settings_error(exc: ValidationError) -> str:
    """Return the first problem of a ValidationError as one line naming the variable.

    The one formatter for the engine's settings and the bot's alike (the CLI
    and `serve` print it), without pydantic's "Value error, " prefix.
    """
    first = exc.errors()[0]
    field = str(first.get("loc", ("?",))[0])
    name = _ENV_NAMES.get(field, field if field.isupper() else f"FRONTLINE_{field.upper()}")
    message = str(first.get("msg", "invalid")).removeprefix("Value error, ")
    return f"{name}: {message}"
