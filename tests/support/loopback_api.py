"""A Telegram Bot API server on loopback, for end-to-end tests of the bot.

Telegram's servers are out of reach in tests, so the tests run the real
python-telegram-bot ``Application`` against this server instead: only the network
boundary is replaced. The server speaks the Bot API as Telegram documents it (object
shapes, error replies, entity parsing, getUpdates offsets, webhooks) and lets a test
act as the users of the bot and inspect everything the bot did::

    async with LoopbackBotAPI() as api:
        bot = api.add_bot("123456:TEST")
        app = (
            Application.builder()
            .token(bot.token)
            .base_url(f"{api.base_url}/bot")
            .base_file_url(f"{api.base_url}/file/bot")
            .build()
        )
        ...  # initialize/start the app and its updater
        api.send_text(1001, "/start")
        [reply] = await api.wait_for_messages(1001)

It binds to a loopback address only and connects nowhere except the webhook URL a bot
registered, and only when that URL's host is a loopback address.

Where Telegram is lenient and its documentation is not, the server follows the
documentation: with ``strict_html=True`` (the default) a bare ``&`` that is not an
HTML entity is rejected, because the docs require it to be written ``&amp;``.
"""

from __future__ import annotations

import asyncio
import copy
import ipaddress
import json
import logging
import re
import socket
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from types import TracebackType
from typing import Any, Final, Self
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web
from telegram import Message, Update

__all__ = [
    "ApiError",
    "BotInfo",
    "Call",
    "CallbackAnswer",
    "ChatAction",
    "EntityParseError",
    "LoopbackBotAPI",
    "SentMessage",
    "UploadedFile",
    "WebhookDelivery",
    "parse_html",
    "parse_markdown",
    "parse_markdown_v2",
]

logger = logging.getLogger(__name__)

JSON = dict[str, Any]

MAX_MESSAGE_LENGTH: Final = 4096
MAX_CAPTION_LENGTH: Final = 1024
MAX_CALLBACK_DATA_BYTES: Final = 64
MAX_COMMANDS: Final = 100
DEFAULT_UPDATE_TYPES: Final = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)
CHAT_ACTIONS: Final = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
SCOPE_TYPES: Final = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)
BUTTON_KINDS: Final = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)

_CONFLICT_WEBHOOK: Final = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
_CONFLICT_POLLING: Final = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
_NOT_MODIFIED: Final = (
    "message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
_QUERY_INVALID: Final = "query is too old and response timeout expired or query ID is invalid"

# Parameters that clients send JSON-serialized in form bodies and query strings.
_JSON_PARAMS: Final = frozenset(
    {
        "reply_markup",
        "reply_parameters",
        "link_preview_options",
        "entities",
        "caption_entities",
        "scope",
        "commands",
        "allowed_updates",
        "menu_button",
        "results",
        "media",
    }
)
_INT_PARAMS: Final = frozenset(
    {
        "chat_id",
        "message_id",
        "user_id",
        "offset",
        "limit",
        "reply_to_message_id",
        "message_thread_id",
        "max_connections",
        "cache_time",
    }
)
_FLOAT_PARAMS: Final = frozenset({"timeout"})
_BOOL_PARAMS: Final = frozenset(
    {
        "disable_web_page_preview",
        "disable_notification",
        "protect_content",
        "allow_sending_without_reply",
        "allow_paid_broadcast",
        "drop_pending_updates",
        "show_alert",
    }
)


class ApiError(Exception):
    """An error reply of the Bot API: HTTP status, description and optional parameters."""

    def __init__(self, status: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> JSON:
        """Return the JSON body Telegram sends for this error."""
        body: JSON = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


class EntityParseError(ValueError):
    """Text could not be parsed in the requested parse_mode; the message says where."""


def _bad_request(message: str) -> ApiError:
    return ApiError(400, f"Bad Request: {message}")


# --- text and entities -------------------------------------------------------------------


def utf16_len(text: str) -> int:
    """Return the length of ``text`` in UTF-16 code units, the unit of entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    # Telegram reports parse errors at UTF-8 byte offsets of the source text.
    return len(text[:index].encode("utf-8"))


class _Builder:
    """Visible text under construction, tracking its length in characters and UTF-16."""

    __slots__ = ("chars", "parts", "u16")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.u16 = 0
        self.chars = 0

    def add(self, piece: str) -> None:
        self.parts.append(piece)
        self.u16 += utf16_len(piece)
        self.chars += len(piece)

    def text(self) -> str:
        return "".join(self.parts)


def _link(url: str) -> str | None:
    """Return ``url`` as Telegram would store it in a text_link, or None if unusable."""
    url = url.strip()
    if not url:
        return None
    if "://" not in url and not url.lower().startswith(("tg:", "ton:")):
        url = "http://" + url
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https", "ftp"):
        return url if parts.hostname else None
    return url if scheme in ("tg", "ton") else None


def _entity(kind: str, offset: int, length: int, **extra: str) -> JSON:
    return {"offset": offset, "length": length, "type": kind, **extra}


_HTML_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8}));")
_HTML_NAMED: Final = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_TAGS: Final = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}


def _decode_html_entity(text: str, index: int) -> tuple[str, int] | None:
    match = _HTML_ENTITY.match(text, index)
    if match is None:
        return None
    name, decimal, hexadecimal = match.groups()
    if name:
        return _HTML_NAMED[name], match.end()
    code = int(decimal) if decimal else int(hexadecimal, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), match.end()


@dataclass(slots=True)
class _OpenTag:
    name: str
    argument: str
    expandable: bool
    start_u16: int
    start_char: int


def parse_html(text: str, *, strict: bool = True) -> tuple[str, list[JSON]]:
    """Parse Telegram-flavoured HTML into visible text and entities.

    Args:
        text: The message text with HTML markup, as a bot sends it.
        strict: Reject a bare ``&`` that is not an entity, as the Bot API documentation
            requires; Telegram itself keeps such an ``&`` literally.

    Returns:
        The visible text (not yet trimmed) and its entities, offsets in UTF-16 units.

    Raises:
        EntityParseError: unsupported or unclosed tag, mismatched end tag, bad attribute,
            a bare ``<`` (or, when strict, a bare ``&``); worded as Telegram words it.
    """
    out = _Builder()
    stack: list[_OpenTag] = []
    entities: list[JSON] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "&":
            decoded = _decode_html_entity(text, i)
            if decoded is not None:
                out.add(decoded[0])
                i = decoded[1]
                continue
            if strict:
                raise EntityParseError(
                    f"Character '&' at byte offset {_byte_offset(text, i)} is not part of an "
                    "HTML entity; write it as &amp;"
                )
            out.add(char)
            i += 1
            continue
        if char != "<":
            out.add(char)
            i += 1
            continue
        begin = i
        if i + 1 < n and text[i + 1] == "/":
            i = _html_end_tag(text, begin, stack, entities, out)
        else:
            i = _html_start_tag(text, begin, stack, out)
    if stack:
        raise EntityParseError(f"Can't find end tag corresponding to start tag {stack[-1].name}")
    return out.text(), entities


def _html_start_tag(text: str, begin: int, stack: list[_OpenTag], out: _Builder) -> int:
    n = len(text)
    unclosed = f"Unclosed start tag at byte offset {_byte_offset(text, begin)}"
    j = begin + 1
    while j < n and not text[j].isspace() and text[j] != ">":
        j += 1
    if j >= n:
        raise EntityParseError(unclosed)
    name = text[begin + 1 : j].lower()
    if name not in _HTML_TAGS:
        raise EntityParseError(
            f'Unsupported start tag "{name}" at byte offset {_byte_offset(text, begin)}'
        )
    attributes: dict[str, str] = {}
    expandable = False
    while True:
        while j < n and text[j].isspace():
            j += 1
        if j >= n:
            raise EntityParseError(unclosed)
        if text[j] == ">":
            break
        attribute_begin = j
        while j < n and not text[j].isspace() and text[j] not in "=>":
            j += 1
        attribute = text[attribute_begin:j].lower()
        if not attribute:
            raise EntityParseError(
                f'Empty attribute name in the tag "{name}" at byte offset '
                f"{_byte_offset(text, begin)}"
            )
        while j < n and text[j].isspace():
            j += 1
        if j >= n:
            raise EntityParseError(unclosed)
        if text[j] != "=":
            if name == "blockquote" and attribute == "expandable":
                expandable = True
                continue
            raise EntityParseError(
                f'Expected equal sign in declaration of an attribute of the tag "{name}" '
                f"at byte offset {_byte_offset(text, begin)}"
            )
        j += 1
        while j < n and text[j].isspace():
            j += 1
        if j >= n:
            raise EntityParseError(unclosed)
        if text[j] in "'\"":
            quote = text[j]
            j += 1
            value: list[str] = []
            while j < n and text[j] != quote:
                decoded = _decode_html_entity(text, j) if text[j] == "&" else None
                if decoded is not None:
                    value.append(decoded[0])
                    j = decoded[1]
                    continue
                value.append(text[j])
                j += 1
            if j >= n:
                raise EntityParseError(unclosed)
            j += 1
            attributes[attribute] = "".join(value)
        else:
            token_begin = j
            while j < n and (text[j].isalnum() or text[j] in ".-"):
                j += 1
            if j >= n:
                raise EntityParseError(unclosed)
            if not text[j].isspace() and text[j] != ">":
                raise EntityParseError(
                    f"Unexpected end of name token at byte offset {_byte_offset(text, token_begin)}"
                )
            attributes[attribute] = text[token_begin:j].lower()
    argument = ""
    if name == "span" and attributes.get("class") != "tg-spoiler":
        raise EntityParseError(
            f'Tag "span" must have class "tg-spoiler" at byte offset {_byte_offset(text, begin)}'
        )
    if name == "a":
        argument = attributes.get("href", "")
    elif name == "code":
        language = attributes.get("class", "")
        argument = language[len("language-") :] if language.startswith("language-") else ""
    elif name == "tg-emoji":
        argument = attributes.get("emoji-id", "")
        if not argument.isdigit():
            raise EntityParseError("Invalid custom emoji identifier specified")
    stack.append(_OpenTag(name, argument, expandable, out.u16, out.chars))
    return j + 1


def _html_end_tag(
    text: str, begin: int, stack: list[_OpenTag], entities: list[JSON], out: _Builder
) -> int:
    n = len(text)
    if not stack:
        raise EntityParseError(f"Unexpected end tag at byte offset {_byte_offset(text, begin)}")
    j = begin + 2
    while j < n and not text[j].isspace() and text[j] != ">":
        j += 1
    end_name = text[begin + 2 : j].lower()
    while j < n and text[j].isspace():
        j += 1
    if j >= n or text[j] != ">":
        raise EntityParseError(f"Unclosed end tag at byte offset {_byte_offset(text, begin)}")
    tag = stack[-1]
    if end_name and end_name != tag.name:
        raise EntityParseError(
            f"Unmatched end tag at byte offset {_byte_offset(text, begin)}, "
            f'expected "</{tag.name}>", found "</{end_name}>"'
        )
    stack.pop()
    if tag.name == "code" and stack and stack[-1].name == "pre":
        # <pre><code class="language-x">…</code></pre> is one pre entity with a language.
        if tag.argument:
            stack[-1].argument = tag.argument
        return j + 1
    length = out.u16 - tag.start_u16
    if length > 0:
        kind = _HTML_TAGS[tag.name]
        if kind == "text_link":
            url = _link(tag.argument or out.text()[tag.start_char :])
            if url is not None:
                entities.append(_entity(kind, tag.start_u16, length, url=url))
        elif kind == "custom_emoji":
            entities.append(_entity(kind, tag.start_u16, length, custom_emoji_id=tag.argument))
        elif kind == "pre" and tag.argument:
            entities.append(_entity(kind, tag.start_u16, length, language=tag.argument))
        elif kind == "blockquote" and tag.expandable:
            entities.append(_entity("expandable_blockquote", tag.start_u16, length))
        else:
            entities.append(_entity(kind, tag.start_u16, length))
    return j + 1


_MDV2_RESERVED: Final = "_*[]()~`>#+-=|{}.!"
_MD_TYPE_NAMES: Final = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
    "code": "Code",
    "pre": "Pre",
}
_CUSTOM_EMOJI_URL = re.compile(r"tg://emoji\?id=(\d+)")


@dataclass(slots=True)
class _OpenMarkdown:
    kind: str
    argument: str
    start_u16: int
    start_char: int
    byte_offset: int


def _is_escapable(text: str, index: int) -> bool:
    return index < len(text) and 0 < ord(text[index]) <= 126


def _skip_pre_start(text: str, i: int) -> tuple[int, str]:
    """Skip a pre block's language and first newline; ``i`` is just after the backticks."""
    n = len(text)
    j = i
    while j < n and not text[j].isspace() and text[j] != "`":
        j += 1
    language = ""
    if j != i and j < n and text[j] != "`":
        language = text[i:j]
        i = j
    if i < n and text[i] in "\r\n":
        pair = i + 1 < n and text[i + 1] in "\r\n" and text[i + 1] != text[i]
        i += 2 if pair else 1
    return i, language


def parse_markdown_v2(text: str) -> tuple[str, list[JSON]]:
    """Parse MarkdownV2 into visible text and entities, as Telegram does.

    Raises:
        EntityParseError: an unescaped reserved character or an unclosed entity.
    """
    out = _Builder()
    stack: list[_OpenMarkdown] = []
    entities: list[JSON] = []
    quote_start: int | None = None
    i, n = 0, len(text)

    def at(index: int) -> str:
        return text[index] if index < n else ""

    while i < n:
        char = text[i]
        top = stack[-1] if stack else None
        in_code = top is not None and top.kind in ("code", "pre")
        if char == "\\" and _is_escapable(text, i + 1):
            out.add(text[i + 1])
            i += 2
            continue
        if char == ">" and not in_code and (i == 0 or text[i - 1] == "\n"):
            if quote_start is None:
                quote_start = out.u16
            i += 1
            continue
        if char == "\n" and quote_start is not None and not in_code and at(i + 1) != ">":
            if out.u16 > quote_start:
                entities.append(_entity("blockquote", quote_start, out.u16 - quote_start))
            quote_start = None
        if char not in ("`" if in_code else _MDV2_RESERVED):
            out.add(char)
            i += 1
            continue
        closes = top is not None and (
            (top.kind == "bold" and char == "*")
            or (top.kind == "italic" and char == "_" and at(i + 1) != "_")
            or (top.kind == "underline" and char == "_" and at(i + 1) == "_")
            or (top.kind == "strikethrough" and char == "~")
            or (top.kind == "spoiler" and char == "|" and at(i + 1) == "|")
            or (top.kind == "code" and char == "`")
            or (top.kind == "pre" and text.startswith("```", i))
            or (top.kind in ("text_link", "custom_emoji") and char == "]")
        )
        if not closes:
            begin = i
            argument = ""
            if char == "_" and at(i + 1) == "_":
                kind, i = "underline", i + 2
            elif char == "_":
                kind, i = "italic", i + 1
            elif char == "*":
                kind, i = "bold", i + 1
            elif char == "~":
                kind, i = "strikethrough", i + 1
            elif char == "|" and at(i + 1) == "|":
                kind, i = "spoiler", i + 2
            elif char == "[":
                kind, i = "text_link", i + 1
            elif char == "!" and at(i + 1) == "[":
                kind, i = "custom_emoji", i + 2
            elif char == "`" and text.startswith("```", i):
                kind = "pre"
                i, argument = _skip_pre_start(text, i + 3)
            elif char == "`":
                kind, i = "code", i + 1
            else:
                raise EntityParseError(
                    f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
                )
            stack.append(
                _OpenMarkdown(kind, argument, out.u16, out.chars, _byte_offset(text, begin))
            )
            continue
        assert top is not None
        stack.pop()
        extra: dict[str, str] = {}
        if top.kind in ("underline", "spoiler"):
            i += 2
        elif top.kind == "pre":
            i += 3
            if top.argument:
                extra["language"] = top.argument
        elif top.kind in ("text_link", "custom_emoji"):
            if at(i + 1) == "(":
                i += 2
                url_begin = i
                url: list[str] = []
                while i < n and text[i] != ")":
                    if text[i] == "\\" and _is_escapable(text, i + 1):
                        url.append(text[i + 1])
                        i += 2
                        continue
                    url.append(text[i])
                    i += 1
                if i >= n:
                    raise EntityParseError(
                        f"Can't find end of a URL at byte offset {_byte_offset(text, url_begin)}"
                    )
                target = "".join(url)
            else:
                target = out.text()[top.start_char :]
            i += 1
            if top.kind == "custom_emoji":
                emoji = _CUSTOM_EMOJI_URL.fullmatch(target)
                if emoji is None:
                    raise EntityParseError("Custom emoji URL must have an emoji identifier")
                extra["custom_emoji_id"] = emoji[1]
            else:
                link = _link(target)
                if link is None:
                    continue
                extra["url"] = link
        else:
            i += 1
        length = out.u16 - top.start_u16
        if length > 0:
            entities.append(_entity(top.kind, top.start_u16, length, **extra))
    if stack:
        top = stack[-1]
        raise EntityParseError(
            f"Can't find end of {_MD_TYPE_NAMES[top.kind]} entity at byte offset {top.byte_offset}"
        )
    if quote_start is not None and out.u16 > quote_start:
        entities.append(_entity("blockquote", quote_start, out.u16 - quote_start))
    return out.text(), entities


def parse_markdown(text: str) -> tuple[str, list[JSON]]:
    """Parse legacy Markdown (``*bold*``, ``_italic_``, code, pre, links) as Telegram does.

    Raises:
        EntityParseError: an entity that is never closed.
    """
    out = _Builder()
    entities: list[JSON] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\\" and i + 1 < n and text[i + 1] in "_*`[":
            out.add(text[i + 1])
            i += 2
            continue
        if char not in "_*`[":
            out.add(char)
            i += 1
            continue
        begin = i
        end_char = "]" if char == "[" else char
        i += 1
        is_pre = False
        language = ""
        if char == "`" and text.startswith("``", i):
            is_pre = True
            i, language = _skip_pre_start(text, i + 2)
        start_u16, start_char = out.u16, out.chars
        while i < n and (text[i] != end_char or (is_pre and not text.startswith("```", i))):
            out.add(text[i])
            i += 1
        if i >= n:
            raise EntityParseError(
                f"Can't find end of the entity starting at byte offset {_byte_offset(text, begin)}"
            )
        length = out.u16 - start_u16
        if char == "[":
            if i + 1 < n and text[i + 1] == "(":
                url_begin = i + 2
                i = url_begin
                while i < n and text[i] != ")":
                    i += 1
                url = _link(text[url_begin:i])
            else:
                url = _link(out.text()[start_char:])
            if length > 0 and url is not None:
                entities.append(_entity("text_link", start_u16, length, url=url))
        elif length > 0:
            if is_pre:
                extra = {"language": language} if language else {}
                entities.append(_entity("pre", start_u16, length, **extra))
            else:
                kind = {"_": "italic", "*": "bold", "`": "code"}[char]
                entities.append(_entity(kind, start_u16, length))
        i += 3 if is_pre else 1
    return out.text(), entities


_TRIMMED: Final = " \t\n\r\f\v"


def _trim(text: str, entities: list[JSON]) -> tuple[str, list[JSON]]:
    """Strip surrounding whitespace as Telegram does, keeping entities in place."""
    left = text.lstrip(_TRIMMED)
    shift = utf16_len(text[: len(text) - len(left)])
    result = left.rstrip(_TRIMMED)
    total = utf16_len(result)
    trimmed: list[JSON] = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, total)
        if end > start:
            trimmed.append({**entity, "offset": start, "length": end - start})
    trimmed.sort(key=lambda e: (e["offset"], -e["length"]))
    return result, trimmed


def _explicit_entities(entities: Any) -> list[JSON]:
    if entities is None:
        return []
    if not isinstance(entities, list) or not all(isinstance(e, dict) for e in entities):
        raise _bad_request("can't parse entities JSON object")
    checked: list[JSON] = []
    for entity in entities:
        offset, length = entity.get("offset"), entity.get("length")
        if not isinstance(entity.get("type"), str) or not isinstance(offset, int):
            raise _bad_request('can\'t parse MessageEntity: field "type" or "offset" is invalid')
        if not isinstance(length, int) or offset < 0 or length <= 0:
            continue
        checked.append(dict(entity))
    return checked


def _format_text(
    text: Any, parse_mode: Any, entities: Any, *, strict_html: bool
) -> tuple[str, list[JSON]]:
    """Return the visible text and entities of a message text, validated like Telegram."""
    if text is None or text == "":
        raise _bad_request("message text is empty")
    source = str(text)
    mode = str(parse_mode or "").lower()
    try:
        if mode == "html":
            visible, found = parse_html(source, strict=strict_html)
        elif mode == "markdownv2":
            visible, found = parse_markdown_v2(source)
        elif mode == "markdown":
            visible, found = parse_markdown(source)
        elif mode == "":
            visible, found = source, _explicit_entities(entities)
        else:
            raise _bad_request("unsupported parse_mode")
    except EntityParseError as exc:
        raise _bad_request(f"can't parse entities: {exc}") from exc
    visible, found = _trim(visible, found)
    if not visible:
        raise _bad_request("message text is empty")
    if len(visible) > MAX_MESSAGE_LENGTH:
        raise _bad_request("message is too long")
    return visible, found


def _button_url_ok(url: Any) -> bool:
    if not isinstance(url, str):
        return False
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return bool(parts.hostname)
    return scheme == "tg" and len(url) > len("tg://")


def _inline_markup(markup: Any) -> JSON | None:
    """Validate a reply_markup; return it if it is an inline keyboard (shown on the message)."""
    if markup is None or markup == "":
        return None
    if not isinstance(markup, dict):
        raise _bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        if any(key in markup for key in ("keyboard", "remove_keyboard", "force_reply")):
            return None
        raise _bad_request("can't parse reply keyboard markup JSON object")
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list):
        raise _bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
    checked_rows: list[list[JSON]] = []
    for row in rows:
        if not isinstance(row, list):
            raise _bad_request(
                'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
            )
        checked: list[JSON] = []
        for button in row:
            if not isinstance(button, dict):
                raise _bad_request(
                    "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
                )
            if not isinstance(button.get("text"), str):
                raise _bad_request(
                    'can\'t parse inline keyboard button: Field "text" must be of type String'
                )
            if not button["text"]:
                raise _bad_request("BUTTON_TEXT_INVALID")
            kinds = [kind for kind in BUTTON_KINDS if kind in button]
            if not kinds:
                raise _bad_request(
                    "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
                )
            if "callback_data" in button:
                data = button["callback_data"]
                if (
                    not isinstance(data, str)
                    or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
                ):
                    raise _bad_request("BUTTON_DATA_INVALID")
            if "url" in button and not _button_url_ok(button["url"]):
                raise _bad_request(
                    f"inline keyboard button URL '{button['url']}' is invalid: Wrong HTTP URL"
                )
            checked.append(dict(button))
        checked_rows.append(checked)
    return {"inline_keyboard": checked_rows}


def _describe_buttons(markup: JSON | None) -> str:
    if not markup:
        return ""
    labels: list[str] = []
    for row in markup["inline_keyboard"]:
        for button in row:
            if "callback_data" in button:
                labels.append(f"{button['text']} ({button['callback_data']})")
            elif "url" in button:
                labels.append(f"{button['text']} <{button['url']}>")
            else:
                kind = next((k for k in BUTTON_KINDS if k in button), "?")
                labels.append(f"{button['text']} ({kind})")
    return f" [buttons: {' | '.join(labels)}]"


_COMMAND_RE = re.compile(r"(?<![\w/@])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/@])")
_MENTION_RE = re.compile(r"(?<![\w@/])@[A-Za-z0-9_]{3,32}(?![\w@])")
_URL_RE = re.compile(r"https?://[^\s<>\"]+")


def _detect_entities(text: str) -> list[JSON]:
    """Find the entities Telegram marks in a user's text: URLs, bot commands, mentions."""
    spans: list[tuple[int, int, str]] = []
    for match in _URL_RE.finditer(text):
        url = match.group().rstrip(".,;:!?)'\"")
        spans.append((match.start(), match.start() + len(url), "url"))
    for regex, kind in ((_COMMAND_RE, "bot_command"), (_MENTION_RE, "mention")):
        for match in regex.finditer(text):
            start, end = match.span()
            if not any(start < s_end and s_start < end for s_start, s_end, _ in spans):
                spans.append((start, end, kind))
    spans.sort()
    return [
        _entity(kind, utf16_len(text[:start]), utf16_len(text[start:end]))
        for start, end, kind in spans
    ]


# --- records -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BotInfo:
    """A bot account served by the loopback server."""

    token: str
    id: int
    username: str
    first_name: str

    def user_json(self) -> JSON:
        """Return the bot as a Telegram User object."""
        return {
            "id": self.id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
        }


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A file part of a multipart request (the server keeps only its description)."""

    filename: str
    content_type: str
    size: int
    data: bytes = b""


@dataclass(slots=True)
class SentMessage:
    """A message the bot sent, kept up to date with its later edits and deletion."""

    chat: JSON
    sender: JSON
    message_id: int
    text: str
    entities: list[JSON]
    reply_markup: JSON | None
    source: str
    parse_mode: str | None
    date: int
    reply_to: JSON | None = None
    link_preview_options: JSON | None = None
    inline_message_id: str | None = None
    edit_date: int | None = None
    deleted: bool = False
    history: list[str] = field(default_factory=list)
    photo: UploadedFile | None = None  # sendPhoto: the picture, and `text` is its caption

    @property
    def chat_id(self) -> int:
        """Return the id of the chat the message is in (0 for inline messages)."""
        return int(self.chat["id"])

    @property
    def reply_to_message_id(self) -> int | None:
        """Return the id of the message this one replies to, if any."""
        return None if self.reply_to is None else int(self.reply_to["message_id"])

    @property
    def buttons(self) -> list[list[JSON]]:
        """Return the inline keyboard, rows of InlineKeyboardButton objects."""
        return copy.deepcopy(self.reply_markup["inline_keyboard"]) if self.reply_markup else []

    @property
    def callback_data(self) -> list[str]:
        """Return the callback_data of every button, row by row."""
        return [b["callback_data"] for row in self.buttons for b in row if "callback_data" in b]

    @property
    def button_texts(self) -> list[str]:
        """Return the label of every button, row by row."""
        return [b["text"] for row in self.buttons for b in row]

    @property
    def html(self) -> str:
        """Return the text with its entities as HTML, rendered by python-telegram-bot."""
        return Message.de_json(self.to_json(), None).text_html

    def to_json(self) -> JSON:
        """Return the message as the Telegram Message object in its current state."""
        message: JSON = {
            "message_id": self.message_id,
            "from": dict(self.sender),
            "chat": dict(self.chat),
            "date": self.date,
        }
        if self.photo is not None:
            unique = f"photo{self.chat_id}_{self.message_id}"
            message["photo"] = [{"file_id": unique, "file_unique_id": unique, "width": 1, "height": 1,
                                 "file_size": self.photo.size}]
            if self.text:
                message["caption"] = self.text
            if self.entities:
                message["caption_entities"] = copy.deepcopy(self.entities)
        else:
            message["text"] = self.text
        if self.entities and self.photo is None:
            message["entities"] = copy.deepcopy(self.entities)
        if self.reply_markup:
            message["reply_markup"] = copy.deepcopy(self.reply_markup)
        if self.reply_to is not None:
            message["reply_to_message"] = copy.deepcopy(self.reply_to)
        if self.link_preview_options:
            message["link_preview_options"] = dict(self.link_preview_options)
        if self.edit_date is not None:
            message["edit_date"] = self.edit_date
        return message


@dataclass(slots=True)
class Call:
    """One Bot API request the bot made, with its parsed parameters and the reply."""

    token: str
    method: str
    params: JSON
    http_method: str
    at: float
    status: int = 0
    description: str | None = None
    result: Any = None

    @property
    def ok(self) -> bool:
        """Return whether the server answered with success."""
        return self.status == 200


@dataclass(frozen=True, slots=True)
class CallbackAnswer:
    """An answerCallbackQuery call, with the button press it answered."""

    query_id: str
    data: str
    chat_id: int | None
    message_id: int | None
    user_id: int
    text: str | None
    show_alert: bool
    url: str | None
    cache_time: int


@dataclass(frozen=True, slots=True)
class ChatAction:
    """A sendChatAction call."""

    chat_id: int
    action: str
    at: float


@dataclass(frozen=True, slots=True)
class WebhookDelivery:
    """One attempt to POST an update to the bot's webhook."""

    update_id: int
    url: str
    attempt: int
    status: int | None
    error: str | None
    at: float


@dataclass(slots=True)
class _Fault:
    status: int
    retry_after: int
    remaining: int
    description: str | None
    token: str | None

    def error(self) -> ApiError:
        if self.status == 429:
            return ApiError(
                429,
                self.description or f"Too Many Requests: retry after {self.retry_after}",
                {"retry_after": self.retry_after},
            )
        defaults = {
            400: "Bad Request",
            403: "Forbidden",
            409: "Conflict",
            500: "Internal Server Error",
            502: "Bad Gateway",
        }
        try:
            phrase = defaults.get(self.status) or HTTPStatus(self.status).phrase
        except ValueError:
            phrase = "Error"
        return ApiError(self.status, self.description or phrase)


@dataclass(slots=True)
class _Webhook:
    url: str
    secret: str | None
    max_connections: int
    ip_address: str | None
    refused: str | None
    last_error_date: int | None = None
    last_error_message: str | None = None
    task: asyncio.Task[None] | None = None


@dataclass(slots=True)
class _Query:
    data: str
    chat_id: int | None
    message_id: int | None
    user_id: int
    answered: bool = False


@dataclass(slots=True)
class _BotState:
    info: BotInfo
    privacy_mode: bool
    next_update_id: int
    pending: list[JSON] = field(default_factory=list)
    update_event: asyncio.Event = field(default_factory=asyncio.Event)
    poll_generation: int = 0
    allowed_updates: frozenset[str] | None = None
    webhook: _Webhook | None = None
    chats: dict[int, JSON] = field(default_factory=dict)
    admin_in: set[int] = field(default_factory=set)
    blocked: set[int] = field(default_factory=set)
    next_message_id: dict[int, int] = field(default_factory=dict)
    user_messages: dict[tuple[int, int], JSON] = field(default_factory=dict)
    messages: dict[tuple[int, int], SentMessage] = field(default_factory=dict)
    inline_messages: dict[str, SentMessage] = field(default_factory=dict)
    sent: list[SentMessage] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    queries: dict[str, _Query] = field(default_factory=dict)
    commands: dict[tuple[tuple[str, int | str | None, int | None], str], list[tuple[str, str]]] = (
        field(default_factory=dict)
    )
    profile: dict[tuple[str, str], str] = field(default_factory=dict)
    menu_buttons: dict[int | None, JSON] = field(default_factory=dict)

    def pulse(self) -> None:
        """Wake everyone waiting for this bot's updates (long polls, webhook worker)."""
        self.update_event.set()
        self.update_event = asyncio.Event()


@dataclass(frozen=True, slots=True)
class _Reply:
    result: Any
    description: str | None = None


@dataclass(frozen=True, slots=True)
class _Line:
    prefix: str
    text: str
    suffix: str = ""


_Handler = Callable[[_BotState, JSON], Awaitable[Any]]
_WELL_FORMED_TOKEN = re.compile(r"\d+:[A-Za-z0-9_-]+")
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
_LANGUAGE_CODE = re.compile(r"(?:[a-z]{2})?")


def _is_loopback_host(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _coerce(name: str, value: Any) -> Any:
    """Turn a form or query-string value into the type the parameter has in JSON."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if name in _JSON_PARAMS and text[:1] in ("{", "["):
        try:
            return json.loads(text)
        except ValueError:
            return value
    if name in _INT_PARAMS and re.fullmatch(r"-?\d+", text):
        return int(text)
    if name in _FLOAT_PARAMS and re.fullmatch(r"-?\d+(?:\.\d+)?", text):
        return float(text)
    if name in _BOOL_PARAMS and text.lower() in ("true", "false", "1", "0", ""):
        return text.lower() in ("true", "1")
    return value


def _as_int(value: Any, name: str, default: int) -> int:
    if value is None or value == "":
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _bad_request(f"invalid {name} specified")
    return int(value)


def _scope_key(scope: Any) -> tuple[str, int | str | None, int | None]:
    """Turn a BotCommandScope into the key its command list is stored under."""
    if scope is None or scope == "":
        return ("default", None, None)
    if hasattr(scope, "to_dict"):
        scope = scope.to_dict()
    if isinstance(scope, str):
        try:
            scope = json.loads(scope)
        except ValueError as exc:
            raise _bad_request("can't parse BotCommandScope JSON object") from exc
    if not isinstance(scope, Mapping) or not isinstance(scope.get("type"), str):
        raise _bad_request("can't parse BotCommandScope JSON object")
    kind = scope["type"]
    if kind not in SCOPE_TYPES:
        raise _bad_request(f'unsupported bot command scope type "{kind}"')
    chat_id: int | str | None = None
    user_id: int | None = None
    if kind.startswith("chat"):
        raw = _coerce("chat_id", scope.get("chat_id"))
        if raw is None or raw == "":
            raise _bad_request("chat_id is empty")
        chat_id = raw if isinstance(raw, (int, str)) else str(raw)
    if kind == "chat_member":
        raw_user = _coerce("user_id", scope.get("user_id"))
        if not isinstance(raw_user, int):
            raise _bad_request("user not found")
        user_id = raw_user
    return (kind, chat_id, user_id)


def _entity_text(text: str, entity: Mapping[str, Any]) -> str:
    """Return the part of ``text`` an entity covers (its offsets are in UTF-16 units)."""
    units = text.encode("utf-16-le")
    start, end = entity["offset"] * 2, (entity["offset"] + entity["length"]) * 2
    return units[start:end].decode("utf-16-le", errors="replace")


def _flatten(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", " ⏎ ")


class LoopbackBotAPI:
    """A Telegram Bot API server on a loopback address, driven by tests.

    Configuration is checked here; ``start()`` binds the socket. Every request of a bot is
    recorded (``calls()``); tests act as users with ``send_text``/``press_button`` and
    assert with ``wait_for_messages``, ``sent``, ``callback_answers``, ``chat_actions``,
    ``commands`` and ``transcript``.
    """

    def __init__(
        self,
        *,
        strict_html: bool = True,
        first_update_id: int = 1,
        webhook_max_attempts: int = 5,
        webhook_retry_delay: float = 0.2,
        webhook_timeout: float = 10.0,
    ) -> None:
        """Configure the server.

        Args:
            strict_html: Reject a bare ``&`` in HTML as the Bot API docs require (Telegram
                itself tolerates it); set False to accept it like Telegram does.
            first_update_id: update_id of each bot's first update.
            webhook_max_attempts: POST attempts per update before it is dropped.
            webhook_retry_delay: Delay before the first retry; doubled after each failure.
            webhook_timeout: Seconds to wait for the bot's webhook to answer a POST.
        """
        if first_update_id < 1:
            raise ValueError("first_update_id must be at least 1: Telegram's ids are positive")
        if webhook_max_attempts < 1:
            raise ValueError("webhook_max_attempts must be at least 1")
        if webhook_retry_delay < 0 or webhook_timeout <= 0:
            raise ValueError("webhook_retry_delay must be >= 0 and webhook_timeout > 0")
        self._strict_html = strict_html
        self._first_update_id = first_update_id
        self._webhook_max_attempts = webhook_max_attempts
        self._webhook_retry_delay = webhook_retry_delay
        self._webhook_timeout = webhook_timeout
        self._bots: dict[str, _BotState] = {}
        self._faults: dict[str, list[_Fault]] = {}
        self._delays: dict[str, float] = {}
        self._callback_answers: list[CallbackAnswer] = []
        self._chat_actions: list[ChatAction] = []
        self._deliveries: list[WebhookDelivery] = []
        self._lines: list[_Line] = []
        self._last_bot_in_chat: dict[int, int] = {}
        self._query_counter = 0
        self._changed = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._base_url: str | None = None
        self._methods: dict[str, tuple[str, _Handler]] = {
            name.lower(): (name, handler)
            for name, handler in (
                ("getMe", self._get_me),
                ("getUpdates", self._get_updates),
                ("sendMessage", self._send_message),
                ("sendPhoto", self._send_photo),
                ("editMessageText", self._edit_message_text),
                ("editMessageReplyMarkup", self._edit_message_reply_markup),
                ("deleteMessage", self._delete_message),
                ("answerCallbackQuery", self._answer_callback_query),
                ("sendChatAction", self._send_chat_action),
                ("setMyCommands", self._set_my_commands),
                ("getMyCommands", self._get_my_commands),
                ("deleteMyCommands", self._delete_my_commands),
                ("setWebhook", self._set_webhook),
                ("deleteWebhook", self._delete_webhook),
                ("getWebhookInfo", self._get_webhook_info),
                ("getChat", self._get_chat),
                ("setMyDescription", self._set_profile_text("description")),
                ("getMyDescription", self._get_profile_text("description")),
                ("setMyShortDescription", self._set_profile_text("short_description")),
                ("getMyShortDescription", self._get_profile_text("short_description")),
                ("setMyName", self._set_profile_text("name")),
                ("getMyName", self._get_profile_text("name")),
                ("setChatMenuButton", self._set_chat_menu_button),
                ("getChatMenuButton", self._get_chat_menu_button),
                ("close", self._close),
                ("logOut", self._log_out),
            )
        }

    # --- lifecycle ---------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Bind to ``host:port`` (port 0 picks a free one) and start serving.

        Raises:
            ValueError: ``host`` is not a loopback IP address.
            RuntimeError: the server is already running.
        """
        if self._runner is not None:
            raise RuntimeError("LoopbackBotAPI is already running; call stop() first")
        try:
            address = ipaddress.ip_address(host)
        except ValueError as exc:
            raise ValueError(
                f"host must be a loopback IP address such as 127.0.0.1, not {host!r}"
            ) from exc
        if not address.is_loopback:
            raise ValueError(f"host must be a loopback address (127.0.0.0/8 or ::1), not {host}")
        self._closing = False
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await runner.setup()
        family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
            site = web.SockSite(runner, sock)
            await site.start()
        except BaseException:
            sock.close()
            await runner.cleanup()
            raise
        bound_port = sock.getsockname()[1]
        self._runner = runner
        self._base_url = (
            f"http://[{host}]:{bound_port}"
            if address.version == 6
            else f"http://{host}:{bound_port}"
        )
        self._session = aiohttp.ClientSession(
            trust_env=False, timeout=aiohttp.ClientTimeout(total=self._webhook_timeout)
        )
        logger.info("loopback Bot API listening on %s", self._base_url)

    async def stop(self) -> None:
        """Release long polls, stop webhook deliveries, close the server. Idempotent."""
        self._closing = True
        tasks: list[asyncio.Task[None]] = []
        for bot in self._bots.values():
            if bot.webhook is not None and bot.webhook.task is not None:
                bot.webhook.task.cancel()
                tasks.append(bot.webhook.task)
                bot.webhook.task = None
            bot.pulse()
        for task in tasks:
            try:
                await task
            except asyncio.CancelledError:
                pass
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._session is not None:
            await self._session.close()
            self._session = None
        self._base_url = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """Return ``http://HOST:PORT``; bots use ``f"{base_url}/bot"`` as their base URL."""
        if self._base_url is None:
            raise RuntimeError("LoopbackBotAPI is not running; call start() first")
        return self._base_url

    @property
    def base_file_url(self) -> str:
        """Return the base file URL for ``ApplicationBuilder.base_file_url``."""
        return f"{self.base_url}/file/bot"

    # --- setting up bots and chats -----------------------------------------------------

    def add_bot(
        self,
        token: str,
        username: str = "frontline_test_bot",
        first_name: str = "Frontline",
        *,
        privacy_mode: bool = True,
    ) -> BotInfo:
        """Register a bot token the server will answer for.

        The bot's id is the number before ``:`` in the token, as on Telegram. With
        ``privacy_mode`` (Telegram's default) the bot gets only the group messages that are
        commands, mention it, or reply to it; make it an admin with ``add_chat`` to get all.
        """
        if not token or "/" in token:
            raise ValueError("token must be non-empty and contain no '/'")
        if token in self._bots:
            raise ValueError(f"a bot with token {token!r} is already registered")
        if any(b.info.username.lower() == username.lower() for b in self._bots.values()):
            raise ValueError(f"username @{username} is already taken by another bot")
        prefix = token.split(":", 1)[0]
        bot_id = int(prefix) if prefix.isdigit() else 7_000_000_000 + len(self._bots) + 1
        info = BotInfo(token=token, id=bot_id, username=username, first_name=first_name)
        self._bots[token] = _BotState(
            info=info, privacy_mode=privacy_mode, next_update_id=self._first_update_id
        )
        return info

    def add_chat(
        self,
        chat_id: int,
        chat_type: str | None = None,
        *,
        title: str | None = None,
        first_name: str = "Test",
        username: str | None = None,
        bot_is_admin: bool = False,
        token: str | None = None,
    ) -> JSON:
        """Register a chat (private, group or supergroup) and return its Chat object.

        Chats the bot writes to are created on the fly; register one to give it a title,
        a username, or to make the bot an administrator there (no privacy-mode filtering).
        """
        bot = self._bot(token)
        chat = self._ensure_chat(bot, chat_id, chat_type, first_name=first_name, username=username)
        if title is not None and chat["type"] != "private":
            chat["title"] = title
        if bot_is_admin:
            bot.admin_in.add(chat_id)
        return dict(chat)

    def block(self, chat_id: int, *, token: str | None = None) -> None:
        """Make the user block the bot (or remove it from the group): sends get 403."""
        self._bot(token).blocked.add(chat_id)

    def unblock(self, chat_id: int, *, token: str | None = None) -> None:
        """Undo ``block``."""
        self._bot(token).blocked.discard(chat_id)

    # --- acting as users ---------------------------------------------------------------

    def send_text(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        chat_type: str | None = None,
        username: str | None = None,
        first_name: str = "Test",
        reply_to_bot_message_id: int | None = None,
        language_code: str = "en",
        entities: list[JSON] | None = None,
        token: str | None = None,
    ) -> Update:
        """Queue a text message from a user to the bot and return its Update.

        In private chats the user is the chat (``user_id`` defaults to ``chat_id``); for
        groups pass a negative ``chat_id``, ``chat_type="group"``/``"supergroup"`` (inferred
        from the id if omitted) and ``user_id``. Entities are found as Telegram finds them
        (``/command``, ``/command@bot``, ``@mention``, URLs) unless ``entities`` is given.
        A group message the bot would not see in privacy mode is not queued; the
        transcript says so.
        """
        if not text:
            raise ValueError("Telegram clients cannot send an empty message")
        bot = self._bot(token)
        chat = self._ensure_chat(bot, chat_id, chat_type, first_name=first_name, username=username)
        user_id = self._user_for(chat, user_id)
        message: JSON = {
            "message_id": self._next_message_id(bot, chat_id),
            "from": self._user_json(user_id, first_name, username, language_code),
            "chat": dict(chat),
            "date": int(time.time()),
            "text": text,
        }
        found = copy.deepcopy(entities) if entities is not None else _detect_entities(text)
        if found:
            message["entities"] = found
        replied: SentMessage | None = None
        if reply_to_bot_message_id is not None:
            replied = bot.messages.get((chat_id, reply_to_bot_message_id))
            if replied is None or replied.deleted:
                raise ValueError(
                    f"the bot has no message {reply_to_bot_message_id} in chat {chat_id}"
                )
            message["reply_to_message"] = replied.to_json()
        bot.user_messages[(chat_id, message["message_id"])] = message
        where = "" if chat["type"] == "private" else f" in chat {chat_id}"
        if chat["type"] != "private" and not self._sees_group_message(bot, message, replied):
            self._lines.append(
                _Line(f"user {user_id}{where} → ", text, " (not delivered: bot privacy mode)")
            )
            self._notify()
            return Update.de_json({"update_id": bot.next_update_id, "message": message}, None)
        self._lines.append(_Line(f"user {user_id}{where} → ", text))
        return self._enqueue(bot, "message", message)

    def edit_text(
        self,
        chat_id: int,
        message_id: int,
        text: str,
        *,
        token: str | None = None,
    ) -> Update:
        """Have the user edit one of their earlier messages; queues an edited_message."""
        bot = self._bot(token)
        original = bot.user_messages.get((chat_id, message_id))
        if original is None:
            raise ValueError(f"no user message {message_id} in chat {chat_id}")
        original["text"] = text
        original["edit_date"] = int(time.time())
        found = _detect_entities(text)
        if found:
            original["entities"] = found
        else:
            original.pop("entities", None)
        self._lines.append(_Line(f"user {original['from']['id']} edited #{message_id} → ", text))
        return self._enqueue(bot, "edited_message", copy.deepcopy(original))

    def press_button(
        self,
        chat_id: int,
        message_id: int,
        data: str,
        *,
        user_id: int | None = None,
        first_name: str = "Test",
        username: str | None = None,
        language_code: str = "en",
        token: str | None = None,
    ) -> Update:
        """Press the inline button with callback ``data`` on a bot message; return the Update.

        Raises:
            ValueError: the message does not exist or has no button with that data (a
                Telegram client could not press it either).
        """
        bot = self._bot(token)
        message = bot.messages.get((chat_id, message_id))
        if message is None or message.deleted:
            raise ValueError(f"the bot has no message {message_id} in chat {chat_id}")
        if data not in message.callback_data:
            raise ValueError(
                f"message {message_id} in chat {chat_id} has no button with callback_data "
                f"{data!r}; its buttons carry {message.callback_data}"
            )
        user_id = self._user_for(message.chat, user_id)
        query = self._new_query(bot, data, chat_id, message_id, user_id)
        payload: JSON = {
            "id": query,
            "from": self._user_json(user_id, first_name, username, language_code),
            "message": message.to_json(),
            "chat_instance": str((bot.info.id * 1_000_003 + chat_id) % 10**18),
            "data": data,
        }
        self._lines.append(_Line(f"user {user_id} pressed [", data, "]"))
        return self._enqueue(bot, "callback_query", payload)

    def add_inline_message(
        self,
        text: str,
        *,
        reply_markup: JSON | None = None,
        parse_mode: str | None = None,
        token: str | None = None,
    ) -> SentMessage:
        """Create a message sent via the bot in inline mode; edit it by inline_message_id."""
        bot = self._bot(token)
        visible, entities = _format_text(text, parse_mode, None, strict_html=self._strict_html)
        inline_id = f"AgAAA{len(bot.inline_messages) + 1:08d}"
        message = SentMessage(
            chat={"id": 0, "type": "private"},
            sender=bot.info.user_json(),
            message_id=0,
            text=visible,
            entities=entities,
            reply_markup=_inline_markup(reply_markup),
            source=text,
            parse_mode=parse_mode,
            date=int(time.time()),
            inline_message_id=inline_id,
        )
        bot.inline_messages[inline_id] = message
        return message

    def press_inline_button(
        self,
        inline_message_id: str,
        data: str,
        *,
        user_id: int,
        first_name: str = "Test",
        token: str | None = None,
    ) -> Update:
        """Press a button on an inline message; the CallbackQuery has no message."""
        bot = self._bot(token)
        message = bot.inline_messages.get(inline_message_id)
        if message is None or data not in message.callback_data:
            raise ValueError(f"inline message {inline_message_id!r} has no button {data!r}")
        query = self._new_query(bot, data, None, None, user_id)
        payload: JSON = {
            "id": query,
            "from": self._user_json(user_id, first_name, None, "en"),
            "inline_message_id": inline_message_id,
            "chat_instance": str(bot.info.id),
            "data": data,
        }
        self._lines.append(_Line(f"user {user_id} pressed [", data, "] (inline)"))
        return self._enqueue(bot, "callback_query", payload)

    def pending_updates(self, *, token: str | None = None) -> list[JSON]:
        """Return the updates not yet confirmed by getUpdates or delivered by webhook."""
        return copy.deepcopy(self._bot(token).pending)

    # --- fault injection ---------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        retry_after: int = 2,
        count: int = 1,
        description: str | None = None,
        token: str | None = None,
    ) -> None:
        """Make the next ``count`` calls of ``method`` ("*" for any) fail with ``status``.

        429 replies carry ``parameters.retry_after`` as Telegram's do; 500 and 502 say
        "Internal Server Error" and "Bad Gateway" unless ``description`` is given.
        """
        if count < 1:
            raise ValueError("count must be at least 1")
        if status < 400 or status > 599:
            raise ValueError("status must be an HTTP error status (400-599)")
        if status == 429 and retry_after < 1:
            raise ValueError("retry_after must be at least 1 second")
        fault = _Fault(status, retry_after, count, description, token)
        self._faults.setdefault(method.lower(), []).append(fault)

    def delay(self, method: str, seconds: float) -> None:
        """Answer every later call of ``method`` ("*" for any) ``seconds`` late; 0 undoes it.

        The call still takes effect after the delay, even if the client gave up waiting,
        which is what Telegram does with a request that timed out on the client side.
        """
        if seconds < 0:
            raise ValueError("seconds must be >= 0")
        if seconds == 0:
            self._delays.pop(method.lower(), None)
        else:
            self._delays[method.lower()] = seconds

    def clear_faults(self) -> None:
        """Forget every pending ``fail_next`` and ``delay``."""
        self._faults.clear()
        self._delays.clear()

    # --- assertions --------------------------------------------------------------------

    def sent(self, chat_id: int | None = None, *, token: str | None = None) -> list[SentMessage]:
        """Return the messages the bot sent (to ``chat_id``), in order, edits applied.

        Deleted messages stay in the list with ``deleted=True``.
        """
        return [
            message
            for bot in self._bots_for(token)
            for message in bot.sent
            if chat_id is None or message.chat_id == chat_id
        ]

    def calls(self, method: str | None = None, *, token: str | None = None) -> list[Call]:
        """Return every request the bot made (of ``method``, any letter case), in order."""
        wanted = method.lower() if method else None
        return [
            call
            for bot in self._bots_for(token)
            for call in bot.calls
            if wanted is None or call.method.lower() == wanted
        ]

    @property
    def callback_answers(self) -> list[CallbackAnswer]:
        """Return the answerCallbackQuery calls, in order."""
        return list(self._callback_answers)

    @property
    def chat_actions(self) -> list[ChatAction]:
        """Return the sendChatAction calls, in order."""
        return list(self._chat_actions)

    @property
    def webhook_deliveries(self) -> list[WebhookDelivery]:
        """Return every attempt to POST an update to a webhook, in order."""
        return list(self._deliveries)

    def commands(
        self, scope: Any = None, language_code: str = "", *, token: str | None = None
    ) -> list[tuple[str, str]]:
        """Return the (command, description) pairs set for exactly this scope and language.

        ``scope`` is a BotCommandScope as a dict or a python-telegram-bot object; None
        means BotCommandScopeDefault.
        """
        key = (_scope_key(scope), language_code)
        return list(self._bot(token).commands.get(key, []))

    def visible_commands(
        self,
        chat_id: int,
        *,
        user_id: int | None = None,
        language_code: str = "",
        is_admin: bool = False,
        token: str | None = None,
    ) -> list[tuple[str, str]]:
        """Return the commands a user's client shows in a chat, resolving scopes as
        Telegram documents it (most specific scope first, language before no language)."""
        bot = self._bot(token)
        chat = bot.chats.get(chat_id)
        chat_type = chat["type"] if chat else ("private" if chat_id > 0 else "group")
        scopes: list[tuple[str, int | str | None, int | None]] = []
        if chat_type == "private":
            scopes += [("chat", chat_id, None), ("all_private_chats", None, None)]
        else:
            if user_id is not None:
                scopes.append(("chat_member", chat_id, user_id))
            if is_admin:
                scopes.append(("chat_administrators", chat_id, None))
            scopes.append(("chat", chat_id, None))
            if is_admin:
                scopes.append(("all_chat_administrators", None, None))
            scopes.append(("all_group_chats", None, None))
        scopes.append(("default", None, None))
        languages = [language_code, ""] if language_code else [""]
        for scope in scopes:
            for language in languages:
                if (scope, language) in bot.commands:
                    return list(bot.commands[(scope, language)])
        return []

    def webhook_info(self, *, token: str | None = None) -> JSON:
        """Return what getWebhookInfo would answer for the bot."""
        return self._webhook_info_json(self._bot(token))

    async def wait_until(
        self, predicate: Callable[[], bool], timeout: float = 10.0, what: str = "a condition"
    ) -> None:
        """Wait until ``predicate()`` holds; re-checked whenever the server's state changes.

        Raises:
            TimeoutError: after ``timeout`` seconds, with the end of the transcript.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                tail = "\n".join(self.transcript()[-15:]) or "(empty)"
                raise TimeoutError(
                    f"timed out after {timeout:g}s waiting for {what}; transcript:\n{tail}"
                )
            try:
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.5))
            except TimeoutError:
                pass

    async def wait_for_messages(
        self, chat_id: int, count: int = 1, timeout: float = 10.0, *, token: str | None = None
    ) -> list[SentMessage]:
        """Wait until the bot has sent ``count`` messages to ``chat_id``; return them all.

        Raises:
            TimeoutError: fewer messages arrived in time.
        """
        await self.wait_until(
            lambda: len(self.sent(chat_id, token=token)) >= count,
            timeout,
            f"{count} bot message(s) in chat {chat_id}",
        )
        return self.sent(chat_id, token=token)

    async def wait_for_calls(
        self, method: str, count: int = 1, timeout: float = 10.0, *, token: str | None = None
    ) -> list[Call]:
        """Wait until ``method`` has been answered ``count`` times; return those calls."""

        def answered() -> list[Call]:
            return [c for c in self.calls(method, token=token) if c.status]

        await self.wait_until(
            lambda: len(answered()) >= count, timeout, f"{count} {method} call(s)"
        )
        return answered()

    def transcript(self, max_text: int | None = None) -> list[str]:
        """Return the conversation as readable lines, e.g. ``user 1001 → /start``.

        Newlines inside a message show as ``⏎``; ``max_text`` shortens long texts.
        """
        lines: list[str] = []
        for line in self._lines:
            text = _flatten(line.text)
            if max_text is not None and len(text) > max_text:
                text = text[: max(max_text - 1, 0)] + "…"
            lines.append(f"{line.prefix}{text}{line.suffix}")
        return lines

    async def post_update_raw(
        self, url: str, payload: Mapping[str, Any] | str | bytes, secret: str | None = None
    ) -> tuple[int, str]:
        """POST an arbitrary (e.g. forged) update to a loopback webhook; return status, body.

        Raises:
            ValueError: the URL's host is not a loopback address.
        """
        if not _is_loopback_host(urlsplit(url).hostname):
            raise ValueError(f"refusing to POST to {url}: not a loopback address")
        if isinstance(payload, Mapping):
            body = json.dumps(dict(payload)).encode()
        elif isinstance(payload, str):
            body = payload.encode()
        else:
            body = payload
        status, text, error = await self._post_json(url, body, secret)
        if status is None:
            raise ConnectionError(f"POST {url} failed: {error}")
        return status, text

    # --- HTTP --------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        match = re.fullmatch(r"/bot([^/]*)/([^/]*)", path)
        if match is None:
            return self._json_reply(ApiError(404, "Not Found").body(), 404)
        token, method = match.groups()
        bot = self._bots.get(token)
        if bot is None:
            # Telegram answers 404 for tokens that are not even well-formed.
            if not _WELL_FORMED_TOKEN.fullmatch(token):
                return self._json_reply(ApiError(404, "Not Found").body(), 404)
            return self._json_reply(ApiError(401, "Unauthorized").body(), 401)
        try:
            params = await self._read_params(request)
        except ApiError as exc:
            return self._json_reply(exc.body(), exc.status)
        body, status = await self._invoke(bot, method, params, request.method)
        return self._json_reply(body, status)

    @staticmethod
    def _json_reply(body: JSON, status: int) -> web.Response:
        return web.Response(
            text=json.dumps(body, ensure_ascii=False),
            status=status,
            content_type="application/json",
        )

    @staticmethod
    async def _read_params(request: web.Request) -> JSON:
        raw: JSON = dict(request.query)
        if request.can_read_body:
            content_type = request.content_type
            if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
                form = await request.post()
                for key in dict.fromkeys(form.keys()):
                    value = form.getone(key)
                    if isinstance(value, web.FileField):
                        data = value.file.read()
                        raw[key] = UploadedFile(value.filename, value.content_type, len(data), data)
                    else:
                        raw[key] = value
            else:
                data = await request.read()
                if data.strip():
                    try:
                        body = json.loads(data)
                    except ValueError as exc:
                        raise _bad_request("can't parse JSON object") from exc
                    if not isinstance(body, dict):
                        raise _bad_request("can't parse JSON object")
                    raw.update(body)
        return {name: _coerce(name, value) for name, value in raw.items()}

    async def _invoke(
        self, bot: _BotState, method: str, params: JSON, http_method: str
    ) -> tuple[JSON, int]:
        known = self._methods.get(method.lower())
        name = known[0] if known else method
        call = Call(
            token=bot.info.token,
            method=name,
            params=params,
            http_method=http_method,
            at=time.monotonic(),
        )
        bot.calls.append(call)
        reply: _Reply | None = None
        error: ApiError | None = None
        try:
            if known is None:
                logger.warning("method %r is not served by the loopback Bot API", method)
                raise ApiError(404, "Not Found")
            pause = self._delays.get(method.lower(), self._delays.get("*", 0.0))
            if pause:
                await asyncio.sleep(pause)
            fault = self._take_fault(method.lower(), bot.info.token)
            if fault is not None:
                raise fault
            result = await known[1](bot, params)
            reply = result if isinstance(result, _Reply) else _Reply(result)
        except ApiError as exc:
            error = exc
        if error is not None:
            call.status, call.description = error.status, error.description
            if not (name == "getUpdates" and error.status == 409):
                self._lines.append(
                    _Line(f"{self._label(bot)} ✗ {name}: ", f"{error.status} {error.description}")
                )
            logger.info("%s → %s %s", name, error.status, error.description)
            self._notify()
            return error.body(), error.status
        assert reply is not None
        call.status, call.result, call.description = 200, reply.result, reply.description
        body: JSON = {"ok": True, "result": reply.result}
        if reply.description:
            body["description"] = reply.description
        self._notify()
        return body, 200

    def _take_fault(self, method: str, token: str) -> ApiError | None:
        for key in (method, "*"):
            for fault in self._faults.get(key, []):
                if fault.token is None or fault.token == token:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults[key].remove(fault)
                    return fault.error()
        return None

    # --- Bot API methods ---------------------------------------------------------------

    async def _get_me(self, bot: _BotState, params: JSON) -> JSON:
        return {
            **bot.info.user_json(),
            "can_join_groups": True,
            "can_read_all_group_messages": not bot.privacy_mode,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _get_updates(self, bot: _BotState, params: JSON) -> list[JSON]:
        if bot.webhook is not None:
            raise ApiError(409, _CONFLICT_WEBHOOK)
        offset = _as_int(params.get("offset"), "offset", 0)
        limit = min(max(_as_int(params.get("limit"), "limit", 100), 1), 100)
        timeout = params.get("timeout") or 0
        if not isinstance(timeout, (int, float)) or isinstance(timeout, bool):
            raise _bad_request("invalid timeout specified")
        self._set_allowed_updates(bot, params.get("allowed_updates"))
        if offset > 0:
            bot.pending = [u for u in bot.pending if u["update_id"] >= offset]
        elif offset < 0:
            bot.pending = bot.pending[offset:]
        bot.poll_generation += 1
        generation = bot.poll_generation
        bot.pulse()  # an older long poll of this bot is now superseded: wake it
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(float(timeout), 0.0)
        while True:
            if generation != bot.poll_generation:
                raise ApiError(409, _CONFLICT_POLLING)
            if bot.webhook is not None:
                raise ApiError(409, _CONFLICT_WEBHOOK)
            if bot.pending or self._closing:
                return copy.deepcopy(bot.pending[:limit])
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            try:
                await asyncio.wait_for(bot.update_event.wait(), remaining)
            except TimeoutError:
                pass

    async def _send_message(self, bot: _BotState, params: JSON) -> JSON:
        chat_id = self._target_chat(bot, params.get("chat_id"))
        text, entities = _format_text(
            params.get("text"),
            params.get("parse_mode"),
            params.get("entities"),
            strict_html=self._strict_html,
        )
        markup = _inline_markup(params.get("reply_markup"))
        reply_to = self._replied_message(bot, chat_id, params)
        self._check_not_blocked(bot, chat_id)
        link_preview = params.get("link_preview_options")
        if params.get("disable_web_page_preview") is True and not link_preview:
            link_preview = {"is_disabled": True}
        message = SentMessage(
            chat=dict(bot.chats[chat_id]),
            sender=bot.info.user_json(),
            message_id=self._next_message_id(bot, chat_id),
            text=text,
            entities=entities,
            reply_markup=markup,
            source=str(params.get("text")),
            parse_mode=params.get("parse_mode") or None,
            date=int(time.time()),
            reply_to=reply_to,
            link_preview_options=link_preview if isinstance(link_preview, dict) else None,
        )
        bot.messages[(chat_id, message.message_id)] = message
        bot.sent.append(message)
        self._last_bot_in_chat[chat_id] = bot.info.id
        self._lines.append(
            _Line(f"{self._label(bot)} → chat {chat_id}: ", text, _describe_buttons(markup))
        )
        return message.to_json()

    async def _send_photo(self, bot: _BotState, params: JSON) -> JSON:
        chat_id = self._target_chat(bot, params.get("chat_id"))
        photo = params.get("photo")
        if not isinstance(photo, UploadedFile) or photo.size == 0:
            raise _bad_request("there is no photo in the request")
        text: str = ""
        entities: list[JSON] = []
        if params.get("caption"):
            text, entities = _format_text(
                params.get("caption"), params.get("parse_mode"), params.get("caption_entities"),
                strict_html=self._strict_html,
            )
            if len(text) > MAX_CAPTION_LENGTH:
                raise _bad_request("message caption is too long")
        markup = _inline_markup(params.get("reply_markup"))
        reply_to = self._replied_message(bot, chat_id, params)
        self._check_not_blocked(bot, chat_id)
        message = SentMessage(
            chat=dict(bot.chats[chat_id]),
            sender=bot.info.user_json(),
            message_id=self._next_message_id(bot, chat_id),
            text=text,
            entities=entities,
            reply_markup=markup,
            source=str(params.get("caption") or ""),
            parse_mode=params.get("parse_mode") or None,
            date=int(time.time()),
            reply_to=reply_to,
            photo=photo,
        )
        bot.messages[(chat_id, message.message_id)] = message
        bot.sent.append(message)
        self._last_bot_in_chat[chat_id] = bot.info.id
        self._lines.append(
            _Line(f"{self._label(bot)} → chat {chat_id}: [photo {photo.size} bytes] ", text, _describe_buttons(markup))
        )
        return message.to_json()

    async def _edit_message_text(self, bot: _BotState, params: JSON) -> JSON | bool:
        message = self._edit_target(bot, params)
        text, entities = _format_text(
            params.get("text"),
            params.get("parse_mode"),
            params.get("entities"),
            strict_html=self._strict_html,
        )
        # Like Telegram: an edit without reply_markup removes the inline keyboard.
        markup = _inline_markup(params.get("reply_markup"))
        if (text, entities, markup) == (message.text, message.entities, message.reply_markup):
            raise _bad_request(_NOT_MODIFIED)
        message.history.append(message.text)
        message.text, message.entities, message.reply_markup = text, entities, markup
        message.source = str(params.get("text"))
        message.parse_mode = params.get("parse_mode") or None
        message.edit_date = int(time.time())
        self._lines.append(
            _Line(
                f"{self._label(bot)} edited {self._where(message)}: ",
                text,
                _describe_buttons(markup),
            )
        )
        return True if message.inline_message_id else message.to_json()

    async def _edit_message_reply_markup(self, bot: _BotState, params: JSON) -> JSON | bool:
        message = self._edit_target(bot, params)
        markup = _inline_markup(params.get("reply_markup"))
        if markup == message.reply_markup:
            raise _bad_request(_NOT_MODIFIED)
        message.reply_markup = markup
        message.edit_date = int(time.time())
        described = _describe_buttons(markup).strip() or "[no buttons]"
        self._lines.append(
            _Line(f"{self._label(bot)} edited buttons of {self._where(message)}: ", described)
        )
        return True if message.inline_message_id else message.to_json()

    async def _delete_message(self, bot: _BotState, params: JSON) -> bool:
        chat_id = self._target_chat(bot, params.get("chat_id"))
        message_id = params.get("message_id")
        if not isinstance(message_id, int):
            raise _bad_request("message identifier is not specified")
        message = bot.messages.get((chat_id, message_id))
        if message is not None and not message.deleted:
            message.deleted = True
            self._lines.append(_Line(f"{self._label(bot)} deleted ", self._where(message)))
            return True
        if (chat_id, message_id) in bot.user_messages:
            private = bot.chats[chat_id]["type"] == "private"
            if not private and chat_id not in bot.admin_in:
                raise _bad_request("message can't be deleted")
            del bot.user_messages[(chat_id, message_id)]
            self._lines.append(
                _Line(f"{self._label(bot)} deleted user message ", f"chat {chat_id} #{message_id}")
            )
            return True
        raise _bad_request("message to delete not found")

    async def _answer_callback_query(self, bot: _BotState, params: JSON) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        query = bot.queries.get(query_id)
        if query is None or query.answered:
            raise _bad_request(_QUERY_INVALID)
        query.answered = True
        text = params.get("text")
        show_alert = params.get("show_alert") is True
        self._callback_answers.append(
            CallbackAnswer(
                query_id=query_id,
                data=query.data,
                chat_id=query.chat_id,
                message_id=query.message_id,
                user_id=query.user_id,
                text=str(text) if text else None,
                show_alert=show_alert,
                url=params.get("url") or None,
                cache_time=_as_int(params.get("cache_time"), "cache_time", 0),
            )
        )
        shown = f": {text}" if text else ""
        self._lines.append(
            _Line(
                f"{self._label(bot)} answered [{query.data}]",
                shown,
                " (alert)" if show_alert else "",
            )
        )
        return True

    async def _send_chat_action(self, bot: _BotState, params: JSON) -> bool:
        chat_id = self._target_chat(bot, params.get("chat_id"))
        action = params.get("action")
        if action not in CHAT_ACTIONS:
            raise _bad_request("wrong parameter action in request")
        self._check_not_blocked(bot, chat_id)
        self._chat_actions.append(ChatAction(chat_id, str(action), time.monotonic()))
        self._lines.append(_Line(f"{self._label(bot)} is ", f"{action}…", f" (chat {chat_id})"))
        return True

    async def _set_my_commands(self, bot: _BotState, params: JSON) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _bad_request("can't parse commands JSON object")
        if len(commands) > MAX_COMMANDS:
            raise _bad_request("BOT_COMMANDS_TOO_MUCH")
        checked: list[tuple[str, str]] = []
        for command in commands:
            if not isinstance(command, dict):
                raise _bad_request("can't parse BotCommand JSON object")
            name = str(command.get("command", "")).removeprefix("/")
            description = str(command.get("description", "")).strip()
            if not _COMMAND_NAME.fullmatch(name):
                raise _bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            checked.append((name, description))
        key = (_scope_key(params.get("scope")), self._language(params))
        if checked:
            bot.commands[key] = checked
        else:
            bot.commands.pop(key, None)
        names = ", ".join(f"/{name}" for name, _ in checked) or "(none)"
        self._lines.append(
            _Line(f"{self._label(bot)} set commands for {self._scope_label(key)}: ", names)
        )
        return True

    async def _get_my_commands(self, bot: _BotState, params: JSON) -> list[JSON]:
        key = (_scope_key(params.get("scope")), self._language(params))
        return [{"command": c, "description": d} for c, d in bot.commands.get(key, [])]

    async def _delete_my_commands(self, bot: _BotState, params: JSON) -> bool:
        key = (_scope_key(params.get("scope")), self._language(params))
        bot.commands.pop(key, None)
        self._lines.append(
            _Line(f"{self._label(bot)} deleted commands for ", self._scope_label(key))
        )
        return True

    async def _set_webhook(self, bot: _BotState, params: JSON) -> _Reply:
        url = str(params.get("url") or "")
        if not url:
            return await self._delete_webhook(bot, params)
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https"):
            raise _bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        try:
            host = parts.hostname
            parts.port  # noqa: B018 - raises ValueError for a malformed port
        except ValueError as exc:
            raise _bad_request("bad webhook: Invalid port specified") from exc
        if not host:
            raise _bad_request("bad webhook: Failed to resolve host: Name or service not known")
        secret = params.get("secret_token")
        if secret not in (None, "") and (
            not isinstance(secret, str) or not _SECRET_TOKEN.fullmatch(secret)
        ):
            raise _bad_request("secret token contains unallowed characters")
        refused = None
        if not _is_loopback_host(host):
            refused = f"refused: webhook host {host} is not a loopback address"
            logger.warning("%s; updates for @%s will be dropped", refused, bot.info.username)
        self._set_allowed_updates(bot, params.get("allowed_updates"))
        if params.get("drop_pending_updates") is True:
            bot.pending.clear()
        await self._stop_webhook(bot)
        hook = _Webhook(
            url=url,
            secret=secret or None,
            max_connections=_as_int(params.get("max_connections"), "max_connections", 40),
            ip_address=params.get("ip_address") or None,
            refused=refused,
        )
        bot.webhook = hook
        bot.pulse()  # long polls in progress now end with a conflict
        if self._runner is not None:
            hook.task = asyncio.create_task(self._deliver_webhooks(bot, hook))
        self._lines.append(_Line(f"{self._label(bot)} set webhook ", url))
        return _Reply(True, "Webhook was set")

    async def _delete_webhook(self, bot: _BotState, params: JSON) -> _Reply:
        if params.get("drop_pending_updates") is True:
            bot.pending.clear()
        if bot.webhook is None:
            return _Reply(True, "Webhook is already deleted")
        await self._stop_webhook(bot)
        self._lines.append(_Line(f"{self._label(bot)} deleted its webhook", ""))
        return _Reply(True, "Webhook was deleted")

    async def _get_webhook_info(self, bot: _BotState, params: JSON) -> JSON:
        return self._webhook_info_json(bot)

    async def _get_chat(self, bot: _BotState, params: JSON) -> JSON:
        chat_id = self._target_chat(bot, params.get("chat_id"))
        return {**bot.chats[chat_id], "accent_color_id": 0, "max_reaction_count": 11}

    def _set_profile_text(self, field_name: str) -> _Handler:
        async def handler(bot: _BotState, params: JSON) -> bool:
            bot.profile[(field_name, self._language(params))] = str(params.get(field_name) or "")
            return True

        return handler

    def _get_profile_text(self, field_name: str) -> _Handler:
        async def handler(bot: _BotState, params: JSON) -> JSON:
            language = self._language(params)
            value = bot.profile.get((field_name, language), bot.profile.get((field_name, ""), ""))
            if field_name == "name" and not value:
                value = bot.info.first_name
            return {field_name: value}

        return handler

    async def _set_chat_menu_button(self, bot: _BotState, params: JSON) -> bool:
        button = params.get("menu_button") or {"type": "default"}
        if not isinstance(button, dict) or "type" not in button:
            raise _bad_request("can't parse menu button JSON object")
        chat_id = params.get("chat_id")
        bot.menu_buttons[chat_id if isinstance(chat_id, int) else None] = button
        return True

    async def _get_chat_menu_button(self, bot: _BotState, params: JSON) -> JSON:
        chat_id = params.get("chat_id")
        key = chat_id if isinstance(chat_id, int) else None
        return bot.menu_buttons.get(key) or bot.menu_buttons.get(None) or {"type": "commands"}

    async def _close(self, bot: _BotState, params: JSON) -> bool:
        return True

    async def _log_out(self, bot: _BotState, params: JSON) -> bool:
        return True

    # --- webhooks ----------------------------------------------------------------------

    async def _stop_webhook(self, bot: _BotState) -> None:
        hook = bot.webhook
        bot.webhook = None
        bot.pulse()
        if hook is None or hook.task is None:
            return
        task, hook.task = hook.task, None
        if task is asyncio.current_task():
            return  # deleteWebhook sent as the reply to a delivery: the loop ends by itself
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass

    async def _deliver_webhooks(self, bot: _BotState, hook: _Webhook) -> None:
        """POST the bot's updates to its webhook one at a time, in order."""
        while bot.webhook is hook and not self._closing:
            if not bot.pending:
                await bot.update_event.wait()
                continue
            update = bot.pending[0]
            await self._deliver(bot, hook, update)
            if bot.pending and bot.pending[0] is update:
                bot.pending.pop(0)

    async def _deliver(self, bot: _BotState, hook: _Webhook, update: JSON) -> None:
        update_id = int(update["update_id"])
        if hook.refused is not None:
            self._record_delivery(update_id, hook.url, 1, None, hook.refused)
            logger.warning("dropping update %s: %s", update_id, hook.refused)
            return
        payload = json.dumps(update, ensure_ascii=False).encode()
        pause = self._webhook_retry_delay
        for attempt in range(1, self._webhook_max_attempts + 1):
            status, body, error = await self._post_json(hook.url, payload, hook.secret)
            if bot.webhook is not hook:
                return
            self._record_delivery(update_id, hook.url, attempt, status, error)
            if status is not None and 200 <= status < 300:
                await self._run_webhook_reply(bot, body)
                return
            hook.last_error_date = int(time.time())
            if status is None:
                hook.last_error_message = error or "Connection refused"
            else:
                try:
                    phrase = HTTPStatus(status).phrase
                except ValueError:
                    phrase = "Unknown"
                hook.last_error_message = f"Wrong response from the webhook: {status} {phrase}"
            logger.info(
                "webhook delivery of update %s failed: %s", update_id, hook.last_error_message
            )
            if attempt < self._webhook_max_attempts:
                await asyncio.sleep(pause)
                pause = min(pause * 2, 5.0)
        logger.warning(
            "dropping update %s after %d failed webhook deliveries",
            update_id,
            self._webhook_max_attempts,
        )

    def _record_delivery(
        self, update_id: int, url: str, attempt: int, status: int | None, error: str | None
    ) -> None:
        self._deliveries.append(
            WebhookDelivery(update_id, url, attempt, status, error, time.monotonic())
        )
        self._notify()

    async def _run_webhook_reply(self, bot: _BotState, body: str) -> None:
        """Run a Bot API call sent as the webhook's reply, as Telegram allows."""
        try:
            reply = json.loads(body) if body.strip() else None
        except ValueError:
            return
        if isinstance(reply, dict) and isinstance(reply.get("method"), str):
            params = {k: _coerce(k, v) for k, v in reply.items() if k != "method"}
            await self._invoke(bot, reply["method"], params, "WEBHOOK-REPLY")

    async def _post_json(
        self, url: str, payload: bytes, secret: str | None
    ) -> tuple[int | None, str, str | None]:
        if self._session is None:
            raise RuntimeError("LoopbackBotAPI is not running; call start() first")
        headers = {"Content-Type": "application/json"}
        if secret:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        try:
            async with self._session.post(
                url, data=payload, headers=headers, allow_redirects=False
            ) as response:
                return response.status, await response.text(), None
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            return None, "", f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__

    def _webhook_info_json(self, bot: _BotState) -> JSON:
        hook = bot.webhook
        info: JSON = {
            "url": hook.url if hook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(bot.pending),
        }
        if hook is not None:
            info["max_connections"] = hook.max_connections
            if hook.ip_address:
                info["ip_address"] = hook.ip_address
            if hook.last_error_date is not None:
                info["last_error_date"] = hook.last_error_date
                info["last_error_message"] = hook.last_error_message
        if bot.allowed_updates is not None:
            info["allowed_updates"] = sorted(bot.allowed_updates)
        return info

    # --- helpers -----------------------------------------------------------------------

    def _bot(self, token: str | None) -> _BotState:
        if token is not None:
            try:
                return self._bots[token]
            except KeyError:
                raise ValueError(f"no bot with token {token!r}; call add_bot first") from None
        if len(self._bots) == 1:
            return next(iter(self._bots.values()))
        if not self._bots:
            raise RuntimeError("no bot registered; call add_bot(token) first")
        raise ValueError("several bots are registered; pass token= to say which")

    def _bots_for(self, token: str | None) -> list[_BotState]:
        return list(self._bots.values()) if token is None else [self._bot(token)]

    def _label(self, bot: _BotState) -> str:
        return "bot" if len(self._bots) == 1 else f"@{bot.info.username}"

    @staticmethod
    def _where(message: SentMessage) -> str:
        if message.inline_message_id:
            return f"inline message {message.inline_message_id}"
        return f"chat {message.chat_id} #{message.message_id}"

    @staticmethod
    def _scope_label(key: tuple[tuple[str, int | str | None, int | None], str]) -> str:
        (kind, chat_id, user_id), language = key
        label = kind
        if chat_id is not None:
            label += f" {chat_id}"
        if user_id is not None:
            label += f" user {user_id}"
        return f"{label} ({language or 'all languages'})"

    @staticmethod
    def _language(params: JSON) -> str:
        language = str(params.get("language_code") or "")
        if not _LANGUAGE_CODE.fullmatch(language):
            raise _bad_request("invalid language code specified")
        return language

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    def _enqueue(self, bot: _BotState, kind: str, payload: JSON) -> Update:
        update: JSON = {"update_id": bot.next_update_id, kind: payload}
        allowed = bot.allowed_updates if bot.allowed_updates is not None else DEFAULT_UPDATE_TYPES
        if kind in allowed:
            bot.next_update_id += 1
            bot.pending.append(update)
            bot.pulse()
        else:
            logger.info("not queuing a %s update: @%s did not allow it", kind, bot.info.username)
            self._lines.append(_Line("", "", f"  (not delivered: {kind} not in allowed_updates)"))
        self._notify()
        return Update.de_json(copy.deepcopy(update), None)

    @staticmethod
    def _set_allowed_updates(bot: _BotState, allowed: Any) -> None:
        if allowed is None or allowed == "":
            return
        if not isinstance(allowed, list) or not all(isinstance(a, str) for a in allowed):
            raise _bad_request("can't parse allowed updates JSON object")
        bot.allowed_updates = frozenset(allowed) if allowed else None

    def _new_query(
        self, bot: _BotState, data: str, chat_id: int | None, message_id: int | None, user_id: int
    ) -> str:
        self._query_counter += 1
        query_id = str(4_200_000_000_000_000_000 + self._query_counter)
        bot.queries[query_id] = _Query(data, chat_id, message_id, user_id)
        return query_id

    @staticmethod
    def _user_json(
        user_id: int, first_name: str, username: str | None, language_code: str | None
    ) -> JSON:
        user: JSON = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        return user

    @staticmethod
    def _user_for(chat: JSON, user_id: int | None) -> int:
        if chat["type"] == "private":
            if user_id is not None and user_id != chat["id"]:
                raise ValueError("in a private chat the user id is the chat id")
            return int(chat["id"])
        if user_id is None:
            raise ValueError(f"pass user_id= for a message in {chat['type']} chat {chat['id']}")
        return user_id

    def _ensure_chat(
        self,
        bot: _BotState,
        chat_id: int,
        chat_type: str | None,
        *,
        first_name: str = "Test",
        username: str | None = None,
    ) -> JSON:
        if isinstance(chat_id, bool) or not isinstance(chat_id, int) or chat_id == 0:
            raise ValueError(f"chat ids are non-zero integers, not {chat_id!r}")
        existing = bot.chats.get(chat_id)
        if existing is not None:
            if chat_type is not None and chat_type != existing["type"]:
                raise ValueError(f"chat {chat_id} is a {existing['type']} chat, not {chat_type}")
            return existing
        if chat_type is None:
            if chat_id > 0:
                chat_type = "private"
            else:
                chat_type = "supergroup" if str(chat_id).startswith("-100") else "group"
        if chat_type == "private":
            if chat_id < 0:
                raise ValueError("private chats have positive ids (the user's id)")
            chat: JSON = {"id": chat_id, "first_name": first_name, "type": "private"}
            if username:
                chat["username"] = username
        elif chat_type in ("group", "supergroup"):
            if chat_id > 0:
                raise ValueError("group and supergroup chats have negative ids")
            chat = {"id": chat_id, "title": f"Test {chat_type} {chat_id}", "type": chat_type}
        else:
            raise ValueError("chat_type must be 'private', 'group' or 'supergroup'")
        bot.chats[chat_id] = chat
        return chat

    def _target_chat(self, bot: _BotState, value: Any) -> int:
        if value is None or value == "":
            raise _bad_request("chat_id is empty")
        if isinstance(value, str):
            wanted = value.removeprefix("@").lower()
            for chat_id, chat in bot.chats.items():
                if value.startswith("@") and str(chat.get("username", "")).lower() == wanted:
                    return chat_id
            raise _bad_request("chat not found")
        if isinstance(value, bool) or not isinstance(value, int) or value == 0:
            raise _bad_request("chat not found")
        self._ensure_chat(bot, value, None)
        return value

    def _check_not_blocked(self, bot: _BotState, chat_id: int) -> None:
        if chat_id not in bot.blocked:
            return
        chat_type = bot.chats[chat_id]["type"]
        if chat_type == "private":
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        raise ApiError(403, f"Forbidden: bot was kicked from the {chat_type} chat")

    def _next_message_id(self, bot: _BotState, chat_id: int) -> int:
        message_id = bot.next_message_id.get(chat_id, 0) + 1
        bot.next_message_id[chat_id] = message_id
        return message_id

    def _message_json(self, bot: _BotState, chat_id: int, message_id: int) -> JSON | None:
        sent = bot.messages.get((chat_id, message_id))
        if sent is not None and not sent.deleted:
            return sent.to_json()
        user_message = bot.user_messages.get((chat_id, message_id))
        return copy.deepcopy(user_message) if user_message is not None else None

    def _replied_message(self, bot: _BotState, chat_id: int, params: JSON) -> JSON | None:
        reply = params.get("reply_parameters")
        if isinstance(reply, str):
            raise _bad_request("can't parse reply parameters JSON object")
        if isinstance(reply, dict):
            message_id = _coerce("message_id", reply.get("message_id"))
            reply_chat = _coerce("chat_id", reply.get("chat_id"))
            allow = reply.get("allow_sending_without_reply") is True
        elif params.get("reply_to_message_id") is not None:
            message_id = params.get("reply_to_message_id")
            reply_chat = None
            allow = params.get("allow_sending_without_reply") is True
        else:
            return None
        if not isinstance(message_id, int):
            raise _bad_request("message to be replied not found")
        source_chat = (
            self._target_chat(bot, reply_chat) if reply_chat not in (None, "") else chat_id
        )
        replied = self._message_json(bot, source_chat, message_id)
        if replied is None:
            if allow:
                return None
            raise _bad_request("message to be replied not found")
        # Telegram nests one level only: the replied-to message carries no reply of its own.
        replied.pop("reply_to_message", None)
        return replied

    def _edit_target(self, bot: _BotState, params: JSON) -> SentMessage:
        inline_id = params.get("inline_message_id")
        if inline_id not in (None, ""):
            message = bot.inline_messages.get(str(inline_id))
            if message is None:
                raise _bad_request("MESSAGE_ID_INVALID")
            return message
        chat_value = params.get("chat_id")
        if chat_value in (None, ""):
            raise _bad_request("chat_id is empty")
        chat_id = self._target_chat(bot, chat_value)
        message_id = params.get("message_id")
        if not isinstance(message_id, int):
            raise _bad_request("message identifier is not specified")
        found = bot.messages.get((chat_id, message_id))
        if found is None or found.deleted:
            if (chat_id, message_id) in bot.user_messages:
                raise _bad_request("message can't be edited")
            raise _bad_request("message to edit not found")
        return found

    def _sees_group_message(
        self, bot: _BotState, message: JSON, replied: SentMessage | None
    ) -> bool:
        """Apply privacy mode: which group messages Telegram delivers to the bot."""
        chat_id = int(message["chat"]["id"])
        if not bot.privacy_mode or chat_id in bot.admin_in or replied is not None:
            return True
        text = str(message["text"])
        own = f"@{bot.info.username}".lower()
        last_bot = self._last_bot_in_chat.get(chat_id)
        for entity in message.get("entities", []):
            word = _entity_text(text, entity).lower()
            if entity["type"] == "mention" and word == own:
                return True
            if entity["type"] == "bot_command":
                if "@" in word:
                    if word.endswith(own):
                        return True
                elif last_bot in (None, bot.info.id):
                    return True
        return False
