"""Power stays with admins: checked by user id, never by username; no button runs an admin action."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from index.engine import Engine
from tests.bot.conftest import ADMIN, ask
from tests.bot.test_webhook import SECRET, hooked  # noqa: F401 - the webhook-mode bot fixture
from tests.support.loopback_api import LoopbackBotAPI

IMPOSTOR = 4242


@pytest.mark.parametrize("command", ["/reindex", "/rollback", "/forget newsweek-2022-05-10-kharkiv", "/stats"])
async def test_a_user_with_an_admins_username_but_another_id_is_refused(
    api: LoopbackBotAPI, bot: Any, engine: Engine, command: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.admin")
    [real] = await ask(api, ADMIN, "/stats", username="boss", first_name="Boss")
    assert real.text.startswith("Stats")  # the admin, by id
    before = engine.stats()
    [reply] = await ask(api, IMPOSTOR, command, username="boss", first_name="Boss")
    name = command.split()[0][1:]
    assert reply.text == f"Sorry, /{name} is for the bot's admins only."
    assert f"refused /{name} from user {IMPOSTOR}" in caplog.text
    after = engine.stats()
    assert (after.index_version, after.store.articles) == (before.index_version, before.store.articles)


FORGED = ["reindex", "/reindex", "rollback", "admin:reindex", "r:AAAAAAAAAAAAAAAA:1", "p:AAAAAAAAAAAAAAAA:1", "", "💥" * 16]


async def test_no_button_data_runs_an_admin_action_even_for_an_admin(
    api: LoopbackBotAPI, hooked: Any, engine: Engine  # noqa: F811
) -> None:
    _, hook = hooked
    [answer] = await ask(api, ADMIN, "who holds Rubizhne?")
    before = engine.stats()
    for n, data in enumerate(FORGED):
        query = {
            "id": f"forged-{n}", "from": {"id": ADMIN, "is_bot": False, "first_name": "Boss"},
            "chat_instance": "1", "data": data, "message": answer.to_json(),
        }
        status, _ = await api.post_update_raw(hook.webhook_url, {"update_id": 999_200 + n, "callback_query": query}, secret=SECRET)
        assert status == 200
    # Each press is answered with the expiry notice (Telegram refuses the made-up query ids).
    answers = await api.wait_for_calls("answerCallbackQuery", len(FORGED), timeout=20)
    assert [c.params.get("text") for c in answers] == ["This answer has expired; please ask again."] * len(FORGED)
    after = engine.stats()
    assert (after.index_version, after.store.articles) == (before.index_version, before.store.articles)
    assert len(api.sent(ADMIN)) == 1 and not api.calls("editMessageText")  # nothing ran, nothing said
