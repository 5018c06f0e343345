"""Every user-visible string of the bot, in English, Ukrainian and Russian.

The templates are trusted Telegram HTML; `t()` escapes every value filled into
them, so text from users, articles and errors can never become markup. The
answer's own wording (statements, caveats) comes from `index.phrases`.
"""

from __future__ import annotations

import html

from telegram import User

from index.phrases import detect_lang

LANGS = ("en", "uk", "ru")

# (command, description) in menu order; the same lists feed /help, setMyCommands and tests.
USER_COMMANDS: dict[str, list[tuple[str, str]]] = {
    "en": [
        ("start", "What this bot does, with examples"),
        ("help", "Commands and how to ask"),
        ("sources", "Outlets, articles and dates covered"),
        ("timeline", "Every claim about a place, newest first"),
        ("map", "A map of claimed control around a place or in an oblast"),
        ("watch", "Tell me when a place has news"),
        ("unwatch", "Stop news about a place"),
        ("watching", "Places you watch"),
    ],
    "uk": [
        ("start", "Що вміє бот, з прикладами"),
        ("help", "Команди і як питати"),
        ("sources", "Видання, статті й дати в базі"),
        ("timeline", "Усі твердження про місце, від найновішого"),
        ("map", "Мапа заявленого контролю навколо місця чи в області"),
        ("watch", "Повідомляти про новини щодо місця"),
        ("unwatch", "Більше не повідомляти про місце"),
        ("watching", "Місця, за якими ви стежите"),
    ],
    "ru": [
        ("start", "Что умеет бот, с примерами"),
        ("help", "Команды и как спрашивать"),
        ("sources", "Издания, статьи и даты в базе"),
        ("timeline", "Все утверждения о месте, от самого нового"),
        ("map", "Карта заявленного контроля вокруг места или в области"),
        ("watch", "Сообщать о новостях по месту"),
        ("unwatch", "Больше не сообщать о месте"),
        ("watching", "Места, за которыми вы следите"),
    ],
}

ADMIN_COMMANDS: dict[str, list[tuple[str, str]]] = {
    "en": [
        ("ingest", "Add an article from a URL"),
        ("reindex", "Rebuild the indexes"),
        ("stats", "What is stored and indexed"),
        ("forget", "Remove an article by id or URL"),
        ("rollback", "Serve the previous index version"),
        ("addfeed", "Poll an RSS or Atom feed"),
        ("feeds", "Feeds being polled"),
        ("dropfeed", "Stop polling a feed"),
        ("feedback", "Answers users voted down"),
    ],
    "uk": [
        ("ingest", "Додати статтю за URL"),
        ("reindex", "Перебудувати індекси"),
        ("stats", "Що збережено й проіндексовано"),
        ("forget", "Видалити статтю за id або URL"),
        ("rollback", "Повернути попередню версію індексу"),
        ("addfeed", "Опитувати стрічку RSS або Atom"),
        ("feeds", "Стрічки, що опитуються"),
        ("dropfeed", "Припинити опитувати стрічку"),
        ("feedback", "Відповіді з 👎 від користувачів"),
    ],
    "ru": [
        ("ingest", "Добавить статью по URL"),
        ("reindex", "Перестроить индексы"),
        ("stats", "Что сохранено и проиндексировано"),
        ("forget", "Удалить статью по id или URL"),
        ("rollback", "Вернуть предыдущую версию индекса"),
        ("addfeed", "Опрашивать ленту RSS или Atom"),
        ("feeds", "Опрашиваемые ленты"),
        ("dropfeed", "Перестать опрашивать ленту"),
        ("feedback", "Ответы с 👎 от пользователей"),
    ],
}

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "start": (
            "I answer questions about the Russia–Ukraine front line from news articles: "
            "who claims what, when, and whether anyone has confirmed it. Every answer quotes "
            "its sources word for word and says what is unverified.\n\n"
            "Try:\n• <i>{ex1}</i>\n• <i>{ex2}</i>\n• <i>{ex3}</i>\n\n{coverage}\n\n"
            "Ask in English, Ukrainian or Russian. /help lists the commands."
        ),
        "coverage": "Stored: {articles} article(s) from {outlets} outlet(s), dated {oldest} – {newest}.",
        "coverage_empty": "No articles are indexed yet.",
        "ex1": "Who holds Rubizhne?",
        "ex2": "Did Ukraine retake Cherkaski Tyshky?",
        "ex3": "What happened near Izium?",
        "help": (
            "<b>Ask a question</b> in plain words, e.g. <i>who holds Rubizhne?</i> "
            "The answer comes first, then warnings (⚠️), then numbered sources. "
            "Buttons show the whole cited passage and further sources; 👍/👎 tell us "
            "whether the answer helped.\n\nIn groups, mention me or reply to me.\n\n"
            "<b>Commands</b>\n{commands}"
        ),
        "help_admin": "\n\n<b>Admin commands</b>\n{commands}",
        "sources": "<b>Sources</b>: {articles} article(s) from {outlets} outlet(s), {oldest} – {newest}.\n\n{lines}",
        "sources_line": "• {outlet}: {count} ({oldest} – {newest})",
        "sources_empty": "No articles are stored yet.",
        "map_usage": "Usage: /map &lt;place or oblast&gt; [YYYY-MM-DD], e.g. /map Kharkiv oblast or /map Izium 2022-09-01",
        "map_bad_date": "{date} is not a date I can read (write it as YYYY-MM-DD) or it is in the future. Usage: /map Izium 2022-09-01",
        "map_busy": "I'm still drawing your previous map; one at a time, please.",
        "map_sources_head": "<b>Sources of the map</b> {what}",
        "btn_map_sources": "Sources ({count})",
        "err_UnknownPlace": "I don't know that place: {reason}. Try e.g. /map Kharkiv oblast or /map Izium.",
        "err_NothingToMap": "Nothing to draw: {reason}.",
        "timeline_usage": "Usage: /timeline &lt;place&gt;, e.g. /timeline Rubizhne",
        "timeline_head": "<b>Timeline: {place}</b> (newest first)",
        "timeline_empty": "No stored article makes a claim about {place}.",
        "timeline_more": "… and {count} earlier claims.",
        "watch_usage": "Usage: /watch &lt;place&gt;, e.g. /watch Rubizhne",
        "watch_ok": "Watching {place}: I'll message you when a new article adds a claim about it.",
        "watch_new_place": "Watching {place}. No stored article mentions it yet; I'll tell you when one does.",
        "watch_already": "You are already watching {place}.",
        "watch_limit": "You watch {count} places already, the most I keep per chat; /unwatch one first.",
        "unwatch_usage": "Usage: /unwatch &lt;place&gt;",
        "unwatch_ok": "Stopped watching {place}.",
        "unwatch_missing": "You were not watching {place}. /watching lists what you watch.",
        "watching": "<b>You watch</b>: {places}",
        "watching_empty": "You watch no places. Try /watch Rubizhne.",
        "notify_head": "🔔 <b>New about {place}</b>",
        "passage_head": "[{n}] {source}",
        "passage_removed": "That source has been removed since the answer was given.",
        "more_head": "<b>More sources</b>",
        "more_none": "No further sources for this answer.",
        "btn_passage": "Show passage [{n}]",
        "btn_more": "More sources ({count})",
        "sources_label": "Sources:",
        "expired": "This answer has expired; please ask again.",
        "vote_up": "Thanks, noted 👍",
        "vote_down": "Thanks, noted 👎 — an admin will review it.",
        "slow_down": "You're sending messages faster than I can answer well. Please wait {seconds} s and ask again.",
        "unknown_command": "I don't know /{command}. /help lists what I can do.",
        "text_only": "I read questions as text. Ask e.g. <i>who holds Rubizhne?</i>",
        "ask_empty": "Ask me a question about the front line, e.g. <i>who holds Rubizhne?</i>",
        "error": "Something went wrong on my side. Please try again in a moment.",
        "err_EmptyQuestion": "That has no words I can search for. Ask e.g. <i>who holds Rubizhne?</i>",
        "err_QuestionTooLong": "That question is too long. Ask about one place or event at a time.",
        "err_BadQuestion": "I can't answer that as written. Ask e.g. <i>who holds Rubizhne?</i>",
        "err_NoIndex": "Nothing is indexed yet, so I can't answer. An admin can add articles with /ingest.",
        "err_IndexMismatch": "The index needs rebuilding before I can answer; an admin can run /reindex.",
        "err_TooManyFetches": "Too many pages are being fetched right now. Try again in a minute.",
        "err_Busy": "Another ingest, reindex or rollback is running. Try again when it finishes.",
        "err_UnknownArticle": "No stored article has that id or URL. /stats shows what is stored.",
        "err_FetchError": "Could not fetch it: {reason}",
        "err_BadArticle": "Could not read it: {reason}",
        "err_DiskFull": "The bot's disk is full, so I can't do that now; nothing was changed. An admin needs to free some space.",
        "err_FrontlineError": "That did not work: {reason}",
        "refused": "Sorry, /{command} is for the bot's admins only.",
        "ingest_usage": "Usage: /ingest &lt;url&gt;, e.g. /ingest https://example.com/article",
        "ingest_started": "Fetching and indexing {url} …",
        "ingest_done": "Done: added {added}, updated {updated}, unchanged {unchanged}, rejected {rejected}; passages: {passages}.",
        "ingest_rejected": "Rejected {where}: {reason}",
        "reindex_started": "Reindexing …",
        "reindex_progress": "Reindexing: {done}/{total} passages",
        "reindex_done": "Reindexed: {passages} passages; now serving index version {version}.",
        "stats": (
            "<b>Stats</b>\narticles: {articles}\npassages: {passages}\noutlets: {outlets}\n"
            "claims: {claims}\ndates: {oldest} – {newest}\nundated articles: {undated}\n"
            "index version: {version} ({vectors} vectors, {kind}, {size})\nmodel: {model}"
        ),
        "forget_usage": "Usage: /forget &lt;article id or url&gt;",
        "forget_done": "Forgot {article}.",
        "rollback_done": "Now serving index version {version}.",
        "addfeed_usage": "Usage: /addfeed &lt;rss or atom url&gt;",
        "addfeed_ok": "Polling {url} every {minutes} min; it has {entries} entries now.",
        "addfeed_exists": "{url} is already polled.",
        "feeds": "<b>Feeds</b>\n{lines}",
        "feeds_line": "• {url}: {entries} entries seen, last polled {polled}{error}",
        "feeds_error": " (last error: {error})",
        "feeds_never": "never",
        "feeds_empty": "No feeds. Add one with /addfeed &lt;url&gt;.",
        "dropfeed_usage": "Usage: /dropfeed &lt;url&gt;",
        "dropfeed_ok": "Stopped polling {url}.",
        "dropfeed_missing": "{url} is not polled. /feeds lists the feeds.",
        "feedback": "<b>Answers voted 👎</b> (newest first)",
        "feedback_item": "{votes}× 👎 <i>{question}</i>",
        "feedback_passage": "   – {passage}",
        "feedback_empty": "No answer has been voted down.",
        "url_bad": "{url} is not an http(s) URL.",
    },
    "uk": {
        "start": (
            "Я відповідаю на питання про лінію фронту російсько-української війни за новинними "
            "статтями: хто що стверджує, коли і чи це хтось підтвердив. Кожна відповідь "
            "дослівно цитує джерела й каже, що не підтверджено.\n\n"
            "Спробуйте:\n• <i>{ex1}</i>\n• <i>{ex2}</i>\n• <i>{ex3}</i>\n\n{coverage}\n\n"
            "Питайте українською, англійською чи російською. /help — список команд."
        ),
        "coverage": "У базі: статей — {articles}, видань — {outlets}, дати: {oldest} – {newest}.",
        "coverage_empty": "Ще жодної статті не проіндексовано.",
        "ex1": "Хто контролює Рубіжне?",
        "ex2": "Чи звільнила Україна Черкаські Тишки?",
        "ex3": "Що сталося біля Ізюма?",
        "help": (
            "<b>Поставте питання</b> звичайними словами, напр. <i>хто контролює Рубіжне?</i> "
            "Спершу відповідь, далі застереження (⚠️), потім пронумеровані джерела. "
            "Кнопки показують увесь процитований уривок і додаткові джерела; 👍/👎 — "
            "чи допомогла відповідь.\n\nУ групах згадайте мене або відповідайте на моє повідомлення.\n\n"
            "<b>Команди</b>\n{commands}"
        ),
        "help_admin": "\n\n<b>Команди адміністратора</b>\n{commands}",
        "sources": "<b>Джерела</b>: статей — {articles}, видань — {outlets}, {oldest} – {newest}.\n\n{lines}",
        "sources_line": "• {outlet}: {count} ({oldest} – {newest})",
        "sources_empty": "Ще жодної статті не збережено.",
        "map_usage": "Використання: /map &lt;місце чи область&gt; [РРРР-ММ-ДД], напр. /map Харківська область або /map Ізюм 2022-09-01",
        "map_bad_date": "{date} — не дата, яку я можу прочитати (пишіть РРРР-ММ-ДД), або вона в майбутньому. Напр.: /map Ізюм 2022-09-01",
        "map_busy": "Я ще малюю вашу попередню мапу; по одній, будь ласка.",
        "map_sources_head": "<b>Джерела мапи</b> {what}",
        "btn_map_sources": "Джерела ({count})",
        "err_UnknownPlace": "Не знаю такого місця: {reason}. Спробуйте, напр., /map Харківська область або /map Ізюм.",
        "err_NothingToMap": "Нема чого малювати: {reason}.",
        "timeline_usage": "Використання: /timeline &lt;місце&gt;, напр. /timeline Рубіжне",
        "timeline_head": "<b>Хронологія: {place}</b> (від найновішого)",
        "timeline_empty": "Жодна збережена стаття не містить тверджень про {place}.",
        "timeline_more": "… і ще {count} давніших тверджень.",
        "watch_usage": "Використання: /watch &lt;місце&gt;, напр. /watch Рубіжне",
        "watch_ok": "Стежу за {place}: напишу, коли нова стаття додасть твердження про нього.",
        "watch_new_place": "Стежу за {place}. Жодна збережена стаття його ще не згадує; напишу, коли з'явиться.",
        "watch_already": "Ви вже стежите за {place}.",
        "watch_limit": "Ви вже стежите за {count} місцями — це максимум на чат; спершу /unwatch одне з них.",
        "unwatch_usage": "Використання: /unwatch &lt;місце&gt;",
        "unwatch_ok": "Більше не стежу за {place}.",
        "unwatch_missing": "Ви не стежили за {place}. /watching — ваш список.",
        "watching": "<b>Ви стежите за</b>: {places}",
        "watching_empty": "Ви не стежите за жодним місцем. Спробуйте /watch Рубіжне.",
        "notify_head": "🔔 <b>Нове про {place}</b>",
        "passage_head": "[{n}] {source}",
        "passage_removed": "Це джерело видалено після того, як було дано відповідь.",
        "more_head": "<b>Більше джерел</b>",
        "more_none": "Додаткових джерел для цієї відповіді немає.",
        "btn_passage": "Показати уривок [{n}]",
        "btn_more": "Більше джерел ({count})",
        "sources_label": "Джерела:",
        "expired": "Ця відповідь застаріла; будь ласка, запитайте ще раз.",
        "vote_up": "Дякую, враховано 👍",
        "vote_down": "Дякую, враховано 👎 — адміністратор перегляне.",
        "slow_down": "Ви надсилаєте повідомлення швидше, ніж я встигаю добре відповідати. Зачекайте {seconds} с і запитайте знову.",
        "unknown_command": "Я не знаю /{command}. /help — що я вмію.",
        "text_only": "Я читаю питання лише текстом. Запитайте, напр., <i>хто контролює Рубіжне?</i>",
        "ask_empty": "Поставте питання про фронт, напр. <i>хто контролює Рубіжне?</i>",
        "error": "У мене щось пішло не так. Спробуйте, будь ласка, ще раз за хвилину.",
        "err_EmptyQuestion": "Тут немає слів, за якими можна шукати. Запитайте, напр., <i>хто контролює Рубіжне?</i>",
        "err_QuestionTooLong": "Питання задовге. Питайте про одне місце чи подію за раз.",
        "err_BadQuestion": "Не можу відповісти на це в такому вигляді. Запитайте, напр., <i>хто контролює Рубіжне?</i>",
        "err_NoIndex": "Ще нічого не проіндексовано, тож відповісти не можу. Адміністратор може додати статті через /ingest.",
        "err_IndexMismatch": "Індекс треба перебудувати; адміністратор може виконати /reindex.",
        "err_TooManyFetches": "Зараз завантажується забагато сторінок. Спробуйте за хвилину.",
        "err_Busy": "Уже триває інше додавання, переіндексація чи відкат. Спробуйте, коли завершиться.",
        "err_UnknownArticle": "Немає збереженої статті з таким id чи URL. /stats показує, що збережено.",
        "err_FetchError": "Не вдалося завантажити: {reason}",
        "err_BadArticle": "Не вдалося прочитати: {reason}",
        "err_DiskFull": "Диск бота заповнений, тож зараз я не можу цього зробити; нічого не змінено. Адміністраторові треба звільнити місце.",
        "err_FrontlineError": "Не вийшло: {reason}",
        "refused": "Вибачте, /{command} лише для адміністраторів бота.",
        "ingest_usage": "Використання: /ingest &lt;url&gt;, напр. /ingest https://example.com/article",
        "ingest_started": "Завантажую та індексую {url} …",
        "ingest_done": "Готово: додано {added}, оновлено {updated}, без змін {unchanged}, відхилено {rejected}; уривків: {passages}.",
        "ingest_rejected": "Відхилено {where}: {reason}",
        "reindex_started": "Переіндексація …",
        "reindex_progress": "Переіндексація: {done}/{total} уривків",
        "reindex_done": "Переіндексовано {passages} уривків; тепер працює версія індексу {version}.",
        "stats": (
            "<b>Статистика</b>\nстатей: {articles}\nуривків: {passages}\nвидань: {outlets}\n"
            "тверджень: {claims}\nдати: {oldest} – {newest}\nстатей без дати: {undated}\n"
            "версія індексу: {version} ({vectors} векторів, {kind}, {size})\nмодель: {model}"
        ),
        "forget_usage": "Використання: /forget &lt;id статті або url&gt;",
        "forget_done": "Видалено {article}.",
        "rollback_done": "Тепер працює версія індексу {version}.",
        "addfeed_usage": "Використання: /addfeed &lt;url стрічки rss або atom&gt;",
        "addfeed_ok": "Опитую {url} кожні {minutes} хв; зараз у ній {entries} записів.",
        "addfeed_exists": "{url} уже опитується.",
        "feeds": "<b>Стрічки</b>\n{lines}",
        "feeds_line": "• {url}: побачено записів: {entries}, востаннє опитано {polled}{error}",
        "feeds_error": " (остання помилка: {error})",
        "feeds_never": "ніколи",
        "feeds_empty": "Стрічок немає. Додайте: /addfeed &lt;url&gt;.",
        "dropfeed_usage": "Використання: /dropfeed &lt;url&gt;",
        "dropfeed_ok": "Більше не опитую {url}.",
        "dropfeed_missing": "{url} не опитується. /feeds — список стрічок.",
        "feedback": "<b>Відповіді з 👎</b> (від найновіших)",
        "feedback_item": "{votes}× 👎 <i>{question}</i>",
        "feedback_passage": "   – {passage}",
        "feedback_empty": "Жодної відповіді з 👎.",
        "url_bad": "{url} — не http(s) URL.",
    },
    "ru": {
        "start": (
            "Я отвечаю на вопросы о линии фронта российско-украинской войны по новостным "
            "статьям: кто что утверждает, когда и подтвердил ли это кто-нибудь. Каждый ответ "
            "дословно цитирует источники и говорит, что не подтверждено.\n\n"
            "Попробуйте:\n• <i>{ex1}</i>\n• <i>{ex2}</i>\n• <i>{ex3}</i>\n\n{coverage}\n\n"
            "Спрашивайте по-русски, по-украински или по-английски. /help — список команд."
        ),
        "coverage": "В базе: статей — {articles}, изданий — {outlets}, даты: {oldest} – {newest}.",
        "coverage_empty": "Пока ни одна статья не проиндексирована.",
        "ex1": "Кто контролирует Рубежное?",
        "ex2": "Освободила ли Украина Черкасские Тишки?",
        "ex3": "Что произошло под Изюмом?",
        "help": (
            "<b>Задайте вопрос</b> обычными словами, напр. <i>кто контролирует Рубежное?</i> "
            "Сначала ответ, затем предупреждения (⚠️), потом пронумерованные источники. "
            "Кнопки показывают весь цитируемый отрывок и другие источники; 👍/👎 — "
            "помог ли ответ.\n\nВ группах упомяните меня или ответьте на моё сообщение.\n\n"
            "<b>Команды</b>\n{commands}"
        ),
        "help_admin": "\n\n<b>Команды администратора</b>\n{commands}",
        "sources": "<b>Источники</b>: статей — {articles}, изданий — {outlets}, {oldest} – {newest}.\n\n{lines}",
        "sources_line": "• {outlet}: {count} ({oldest} – {newest})",
        "sources_empty": "Пока ни одной статьи не сохранено.",
        "map_usage": "Использование: /map &lt;место или область&gt; [ГГГГ-ММ-ДД], напр. /map Харьковская область или /map Изюм 2022-09-01",
        "map_bad_date": "{date} — не дата, которую я могу прочитать (пишите ГГГГ-ММ-ДД), или она в будущем. Напр.: /map Изюм 2022-09-01",
        "map_busy": "Я ещё рисую вашу предыдущую карту; по одной, пожалуйста.",
        "map_sources_head": "<b>Источники карты</b> {what}",
        "btn_map_sources": "Источники ({count})",
        "err_UnknownPlace": "Не знаю такого места: {reason}. Попробуйте, напр., /map Харьковская область или /map Изюм.",
        "err_NothingToMap": "Нечего рисовать: {reason}.",
        "timeline_usage": "Использование: /timeline &lt;место&gt;, напр. /timeline Рубежное",
        "timeline_head": "<b>Хронология: {place}</b> (от самого нового)",
        "timeline_empty": "Ни одна сохранённая статья не содержит утверждений о {place}.",
        "timeline_more": "… и ещё {count} более ранних утверждений.",
        "watch_usage": "Использование: /watch &lt;место&gt;, напр. /watch Рубежное",
        "watch_ok": "Слежу за {place}: напишу, когда новая статья добавит утверждение о нём.",
        "watch_new_place": "Слежу за {place}. Ни одна сохранённая статья его пока не упоминает; напишу, когда появится.",
        "watch_already": "Вы уже следите за {place}.",
        "watch_limit": "Вы уже следите за {count} местами — это максимум на чат; сначала /unwatch одно из них.",
        "unwatch_usage": "Использование: /unwatch &lt;место&gt;",
        "unwatch_ok": "Больше не слежу за {place}.",
        "unwatch_missing": "Вы не следили за {place}. /watching — ваш список.",
        "watching": "<b>Вы следите за</b>: {places}",
        "watching_empty": "Вы не следите ни за одним местом. Попробуйте /watch Рубежное.",
        "notify_head": "🔔 <b>Новое о {place}</b>",
        "passage_head": "[{n}] {source}",
        "passage_removed": "Этот источник удалён после того, как был дан ответ.",
        "more_head": "<b>Ещё источники</b>",
        "more_none": "Других источников для этого ответа нет.",
        "btn_passage": "Показать отрывок [{n}]",
        "btn_more": "Ещё источники ({count})",
        "sources_label": "Источники:",
        "expired": "Этот ответ устарел; пожалуйста, спросите ещё раз.",
        "vote_up": "Спасибо, учтено 👍",
        "vote_down": "Спасибо, учтено 👎 — администратор посмотрит.",
        "slow_down": "Вы отправляете сообщения быстрее, чем я успеваю хорошо отвечать. Подождите {seconds} с и спросите снова.",
        "unknown_command": "Я не знаю /{command}. /help — что я умею.",
        "text_only": "Я читаю вопросы только текстом. Спросите, напр., <i>кто контролирует Рубежное?</i>",
        "ask_empty": "Задайте вопрос о фронте, напр. <i>кто контролирует Рубежное?</i>",
        "error": "У меня что-то пошло не так. Пожалуйста, попробуйте ещё раз через минуту.",
        "err_EmptyQuestion": "Здесь нет слов, по которым можно искать. Спросите, напр., <i>кто контролирует Рубежное?</i>",
        "err_QuestionTooLong": "Вопрос слишком длинный. Спрашивайте об одном месте или событии за раз.",
        "err_BadQuestion": "Не могу ответить на это в таком виде. Спросите, напр., <i>кто контролирует Рубежное?</i>",
        "err_NoIndex": "Пока ничего не проиндексировано, поэтому ответить не могу. Администратор может добавить статьи через /ingest.",
        "err_IndexMismatch": "Индекс нужно перестроить; администратор может выполнить /reindex.",
        "err_TooManyFetches": "Сейчас загружается слишком много страниц. Попробуйте через минуту.",
        "err_Busy": "Уже идёт другое добавление, переиндексация или откат. Попробуйте, когда закончится.",
        "err_UnknownArticle": "Нет сохранённой статьи с таким id или URL. /stats показывает, что сохранено.",
        "err_FetchError": "Не удалось загрузить: {reason}",
        "err_BadArticle": "Не удалось прочитать: {reason}",
        "err_DiskFull": "Диск бота заполнен, поэтому сейчас я не могу этого сделать; ничего не изменено. Администратору нужно освободить место.",
        "err_FrontlineError": "Не получилось: {reason}",
        "refused": "Извините, /{command} только для администраторов бота.",
        "ingest_usage": "Использование: /ingest &lt;url&gt;, напр. /ingest https://example.com/article",
        "ingest_started": "Загружаю и индексирую {url} …",
        "ingest_done": "Готово: добавлено {added}, обновлено {updated}, без изменений {unchanged}, отклонено {rejected}; отрывков: {passages}.",
        "ingest_rejected": "Отклонено {where}: {reason}",
        "reindex_started": "Переиндексация …",
        "reindex_progress": "Переиндексация: {done}/{total} отрывков",
        "reindex_done": "Переиндексировано {passages} отрывков; теперь работает версия индекса {version}.",
        "stats": (
            "<b>Статистика</b>\nстатей: {articles}\nотрывков: {passages}\nизданий: {outlets}\n"
            "утверждений: {claims}\nдаты: {oldest} – {newest}\nстатей без даты: {undated}\n"
            "версия индекса: {version} ({vectors} векторов, {kind}, {size})\nмодель: {model}"
        ),
        "forget_usage": "Использование: /forget &lt;id статьи или url&gt;",
        "forget_done": "Удалено {article}.",
        "rollback_done": "Теперь работает версия индекса {version}.",
        "addfeed_usage": "Использование: /addfeed &lt;url ленты rss или atom&gt;",
        "addfeed_ok": "Опрашиваю {url} каждые {minutes} мин; сейчас в ней {entries} записей.",
        "addfeed_exists": "{url} уже опрашивается.",
        "feeds": "<b>Ленты</b>\n{lines}",
        "feeds_line": "• {url}: записей увидено: {entries}, последний опрос {polled}{error}",
        "feeds_error": " (последняя ошибка: {error})",
        "feeds_never": "никогда",
        "feeds_empty": "Лент нет. Добавьте: /addfeed &lt;url&gt;.",
        "dropfeed_usage": "Использование: /dropfeed &lt;url&gt;",
        "dropfeed_ok": "Больше не опрашиваю {url}.",
        "dropfeed_missing": "{url} не опрашивается. /feeds — список лент.",
        "feedback": "<b>Ответы с 👎</b> (от самых новых)",
        "feedback_item": "{votes}× 👎 <i>{question}</i>",
        "feedback_passage": "   – {passage}",
        "feedback_empty": "Ни одного ответа с 👎.",
        "url_bad": "{url} — не http(s) URL.",
    },
}

class Html(str):
    """Text that is already Telegram HTML (a filled template); `t()` does not escape it again."""


def lang_of(user: User | None) -> str:
    """Return the interface language for a user: their Telegram language if we speak it."""
    code = (user.language_code or "") if user else ""
    code = code.split("-")[0].lower()
    return code if code in LANGS else "en"


def lang_for(user: User | None, text: str) -> str:
    """Return the language to answer `text` in: the text's own when Cyrillic, else the user's."""
    if any("а" <= ch.lower() <= "я" or ch.lower() in "іїєґё" for ch in text):
        return detect_lang(text)
    return lang_of(user)


def t(lang: str, key: str, **values: object) -> Html:
    """Return template `key` in `lang` (English when missing) with every value HTML-escaped."""
    table = TEXTS.get(lang, TEXTS["en"])
    template = table.get(key, TEXTS["en"][key])
    escaped = {k: v if isinstance(v, Html) else html.escape(str(v), quote=False) for k, v in values.items()}
    return Html(template.format(**escaped))


def plain(lang: str, key: str, **values: object) -> str:
    """Return template `key` as plain text, for places Telegram shows without formatting."""
    table = TEXTS.get(lang, TEXTS["en"])
    return table.get(key, TEXTS["en"][key]).format(**values)


def command_list(commands: list[tuple[str, str]]) -> Html:
    """Return "/command — description" lines for /help."""
    return Html("\n".join(f"/{name} — {html.escape(text, quote=False)}" for name, text in commands))
