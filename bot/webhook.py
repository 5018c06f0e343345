"""The webhook server: Telegram POSTs updates here, and only Telegram gets anything in.

python-telegram-bot's own server reads a request's whole body before it looks
at the secret header, with tornado's defaults (100 MB bodies, connections idle
for an hour): a stranger's wrong-secret POSTs could fill the memory, and
half-open connections pile up. This server checks the path and the secret as
soon as the headers are in, refuses a body over Telegram's own update size
before reading it, and closes connections that idle or drip.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from http import HTTPStatus
from typing import Any

import tornado.web
from telegram import Update
from telegram.error import RetryAfter, TelegramError
from tornado.httpserver import HTTPServer

from bot.settings import BotSettings

logger = logging.getLogger(__name__)

# An update is a message (4,096 characters with its entities), a button press,
# and the message it replies to: tens of kilobytes at the very most.
MAX_UPDATE_BYTES = 1 << 20
MAX_HEADER_BYTES = 16 * 1024
SET_WEBHOOK_RETRIES = 5


@tornado.web.stream_request_body
class UpdateHandler(tornado.web.RequestHandler):
    """One POST from Telegram: checked on its headers, read up to the cap, queued."""

    SUPPORTED_METHODS = ("POST",)  # type: ignore[assignment]

    def initialize(self, hook: Webhook) -> None:
        self.hook = hook
        self.body = bytearray()
        self.refused = False

    def prepare(self) -> None:
        # Runs once the headers are in and before any of the body is read.
        length = self.request.headers.get("Content-Length", "")
        small = length.isdigit() and int(length) <= MAX_UPDATE_BYTES
        sent = self.request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if not hmac.compare_digest(sent.encode("utf-8", "replace"), self.hook.secret):
            logger.info("webhook: a request from %s without the right secret refused", self.request.remote_ip)
            if not small:
                raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)  # answered now; the connection closes
            # A small body is read and dropped, so that the client sees the answer, not a reset.
            self.refused = True
            return
        if length and not small:
            raise tornado.web.HTTPError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)

    def data_received(self, chunk: bytes) -> None:
        if self._finished or self.refused:
            return  # refused: nothing of it is kept
        self.body += chunk
        if len(self.body) > MAX_UPDATE_BYTES:  # a chunked body has no Content-Length to check
            self.body.clear()
            raise tornado.web.HTTPError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)

    async def post(self) -> None:
        if self.refused:
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)
        content_type = self.request.headers.get("Content-Type", "").split(";", 1)[0].strip()
        if content_type != "application/json":
            raise tornado.web.HTTPError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE)
        try:
            data = json.loads(self.body)
            update = Update.de_json(data, self.hook.bot)
        except (ValueError, TypeError, KeyError, RecursionError):
            logger.warning("webhook: a body that is not an update refused", exc_info=True)
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST) from None
        # Journaled before the answer (PendingUpdates.put): a 200 tells Telegram it may forget it.
        await self.hook.update_queue.put(update)
        self.set_status(HTTPStatus.OK)
        self.finish()

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.finish()  # no body, no traceback

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if not isinstance(value, tornado.web.HTTPError):
            logger.error("webhook: a request failed", exc_info=(typ, value, tb))


class _Refuse(tornado.web.RequestHandler):
    """Any other path: 404, without reading the body."""

    def prepare(self) -> None:
        raise tornado.web.HTTPError(HTTPStatus.NOT_FOUND)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.finish()

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        pass


class _Application(tornado.web.Application):
    def log_request(self, handler: tornado.web.RequestHandler) -> None:
        """Requests are not logged one by one (a flood would flood the log too)."""


class Webhook:
    """The bot's webhook: registered with Telegram, served on `listen:port` until `stop()`."""

    def __init__(self, settings: BotSettings, bot: Any, update_queue: asyncio.Queue[object]) -> None:
        self.settings = settings
        self.bot = bot
        self.update_queue = update_queue
        self.secret = settings.webhook_secret.get_secret_value().encode()
        self._server: HTTPServer | None = None

    async def start(self, allowed_updates: list[str]) -> None:
        """Listen, then tell Telegram where to send updates (retrying a few times)."""
        path = "/" + self.settings.webhook_path if self.settings.webhook_path else ""
        app = _Application(
            [(rf"{path}/?", UpdateHandler, {"hook": self})], default_handler_class=_Refuse
        )
        self._server = HTTPServer(
            app,
            idle_connection_timeout=self.settings.webhook_idle_timeout,  # also bounds the wait for headers
            body_timeout=self.settings.webhook_idle_timeout,
            max_body_size=MAX_UPDATE_BYTES,
            max_header_size=MAX_HEADER_BYTES,
            xheaders=False,
        )
        self._server.listen(self.settings.port, address=self.settings.webhook_listen)
        delay = 1.0
        for attempt in range(SET_WEBHOOK_RETRIES + 1):
            try:
                await self.bot.set_webhook(
                    url=self.settings.webhook_url,
                    allowed_updates=allowed_updates,
                    drop_pending_updates=False,
                    secret_token=self.settings.webhook_secret.get_secret_value(),
                )
                return
            except RetryAfter as exc:
                await asyncio.sleep(float(exc.retry_after if isinstance(exc.retry_after, (int, float)) else delay))
            except TelegramError as exc:
                if attempt == SET_WEBHOOK_RETRIES:
                    await self.stop()
                    raise
                logger.warning("setting the webhook failed (%s); retrying in %.0f s", exc, delay)
                await asyncio.sleep(delay)
                delay *= 2

    async def stop(self) -> None:
        """Stop listening and close every connection."""
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None
