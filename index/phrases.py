"""The answer's own words in English, Ukrainian and Russian (quotes stay as written).

The bot's interface strings live in bot/texts.py; these are the words of the
answer object itself, which the command line prints too.
"""

from __future__ import annotations

import re
from datetime import date

LANGS = ("en", "uk", "ru")

_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "uk": "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
}

_MONTHS_NOMINATIVE = {
    "en": _MONTHS["en"],
    "uk": "січень лютий березень квітень травень червень липень серпень вересень жовтень листопад грудень",
    "ru": "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь",
}

PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "not_found": "I found nothing in the stored articles that answers this, so I won't guess.",
        "not_found_names": "No stored article mentions {names}.",
        "covers": "The articles cover, among others: {places}.",
        "real_not_covered": "{name} is a real {kind}: {place}; the stored articles do not cover it.",
        "covered_near": "Covered places near it: {places}.",
        "not_a_place": "“{name}” is not a known place name.",
        "oblast_of": "{oblast} oblast",
        "kind_city": "city", "kind_urban_type_settlement": "urban-type settlement",
        "kind_settlement": "settlement", "kind_village": "village", "kind_locality": "locality",
        "kind_island": "island", "kind_oblast": "oblast", "km": "km",
        "latest": "Latest claim ({date}):",
        "earlier": "Earlier ({date}):",
        "undated_quote": "Undated:",
        "after_frame": "Later, after the time asked about ({date}):",
        "found": "From the sources ({date}):",
        "by": "{claimant}{kind}, as reported by {outlet} [{n}]",
        "kind_paren": " ({kind})",
        "by_outlet": "{outlet}'s own reporting [{n}]",
        "holder": "Who holds {place}{when}: {holder}, per {claimant} ({date}) [{n}].",
        "holder_indirect": "Who holds {place}{when}: no source says so directly; the newest reports imply {holder} ({claimant}, {date}) [{n}].",
        "holder_contested": "Who holds {place}{when}: contested. {sides}.",
        "holder_own_word_only": "No one else confirms it in the stored articles.",
        "after_gain": "Undated, but a loss can only come after {side} took the place ({date}).",
        "holder_unknown": "The stored articles do not establish who holds {place}{when}.",
        "as_of": " as of {date}",
        "in_period": " in {period}",
        "between": " between {start} and {end}",
        "outlier": "Set aside: a claim dated {dates} stands a year or more apart from every other claim about this place (a likely misdated or stray report).",
        "date_lead": "Date: {date}, per {claimant} [{n}].",
        "date_reported": "No source gives the date of the deed itself; {claimant} reported it on {date} [{n}].",
        "source_lead": "{claimant} [{n}]: “{quote}”",
        "source_silent": "The stored articles quote nothing from {source} on this.",
        "verification_lead": "On whether it was confirmed: {claimant} [{n}]: “{quote}”",
        "Ukraine": "Ukraine",
        "Russia": "Russia",
        "held_Ukraine": "held by Ukraine",
        "by_implication": "{holder}, by implication (the other side is attacking it)",
        "held_Russia": "held by Russia",
        "held_contested": "disputed or split",
        "kind_osint": "an open-source mapping account",
        "kind_war_blogger_Russia": "pro-Russian war bloggers",
        "kind_war_blogger_Ukraine": "pro-Ukrainian war bloggers",
        "kind_think_tank": "a think tank",
        "kind_foreign_government": "a foreign government",
        "kind_belligerent_official": "a party to the war",
        "kind_belligerent_blogger": "war bloggers",
        "kind_belligerent_state_media": "state media of a party to the war",
        "unverified": "Unverified: the source says “{quote}” [{n}].",
        "relayed_by_enemy": "Told only by the other side's media: {outlet} reports what {claimant} said [{n}].",
        "unverified_hedge": "Unverified: the source itself calls this “{quote}” [{n}].",
        "disputed": "Disputed: the source reports this claim as denied or not confirmed [{n}].",
        "belligerent": "Claimed by a party to the war, not independently confirmed: {who}.",
        "attributed": "Only {claimant}{kind} says so [{n}]: no independent confirmation.",
        "relayed": "Someone else's words, not the outlet's own finding (“{cue}”) [{n}]: no independent confirmation.",
        "quotation": "A quotation, not the outlet's own finding [{n}]: no independent confirmation.",
        "single_source": "Single source: only {outlet} reports this among the stored articles.",
        "stale": "Reported {date}, {age} ago: the situation may have changed since.",
        "undated": "Undated source [{n}]; the text itself mentions {dates}.",
        "undated_none": "Undated source [{n}]; the text gives no date.",
        "inferred": "The date of [{n}] is inferred from its text.",
        "conflict": "Sources disagree: {sides}.",
        "conflict_side": "{claimant} ({date}) [{n}]: {holder}",
        "ambiguous_known": "Several places are called {name}; the sources mean: {context}.",
        "ambiguous_unknown": "Several places are called {name} ({options}); the sources don't say which. Which one do you mean?",
        "sources": "Sources:",
        "undated_short": "undated",
        "not_before": "undated, not before {date}",
        "years": "{n} years", "year": "1 year", "months": "{n} months", "month": "1 month",
        "days": "{n} days", "day": "1 day",
        "and": ";",
    },
    "uk": {
        "not_found": "У збережених статтях немає нічого, що відповідає на це питання, тож я не вгадуватиму.",
        "not_found_names": "Жодна збережена стаття не згадує {names}.",
        "covers": "Статті охоплюють, зокрема: {places}.",
        "real_not_covered": "{name} — це справжній населений пункт ({kind}): {place}; збережені статті про нього не пишуть.",
        "covered_near": "Поруч є місця, про які пишуть статті: {places}.",
        "not_a_place": "«{name}» — невідома назва місця.",
        "oblast_of": "{oblast} область",
        "kind_city": "місто", "kind_urban_type_settlement": "селище міського типу",
        "kind_settlement": "селище", "kind_village": "село", "kind_locality": "населений пункт",
        "kind_island": "острів", "kind_oblast": "область", "km": "км",
        "latest": "Найновіше твердження ({date}):",
        "earlier": "Раніше ({date}):",
        "undated_quote": "Без дати:",
        "after_frame": "Пізніше, після часу, про який питали ({date}):",
        "found": "Із джерел ({date}):",
        "by": "{claimant}{kind}, за повідомленням {outlet} [{n}]",
        "kind_paren": " ({kind})",
        "by_outlet": "власне повідомлення {outlet} [{n}]",
        "holder": "Хто контролює {place}{when}: {holder}, за словами {claimant} ({date}) [{n}].",
        "holder_indirect": "Хто контролює {place}{when}: прямо ніхто не каже; найновіші повідомлення свідчать — {holder} ({claimant}, {date}) [{n}].",
        "holder_contested": "Хто контролює {place}{when}: оспорюється. {sides}.",
        "holder_own_word_only": "Ніхто інший у збережених статтях цього не підтверджує.",
        "after_gain": "Без дати, але втратити місце можна лише після того, як його взяла сторона {side} ({date}).",
        "holder_unknown": "Збережені статті не встановлюють, хто контролює {place}{when}.",
        "as_of": " станом на {date}",
        "in_period": " (період: {period})",
        "between": " у період {start} – {end}",
        "outlier": "Відкладено: твердження з датою {dates} відстоїть на рік і більше від усіх інших про це місце (ймовірно, помилкова дата).",
        "date_lead": "Дата: {date}, за словами {claimant} [{n}].",
        "date_reported": "Жодне джерело не називає дати самої події; {claimant} повідомило про неї {date} [{n}].",
        "source_lead": "{claimant} [{n}]: «{quote}»",
        "source_silent": "Збережені статті не цитують {source} щодо цього.",
        "verification_lead": "Чи це підтверджено: {claimant} [{n}]: «{quote}»",
        "Ukraine": "Україна",
        "Russia": "Росія",
        "held_Ukraine": "контролює Україна",
        "by_implication": "{holder} — випливає з того, що інша сторона її атакує",
        "held_Russia": "контролює Росія",
        "held_contested": "контроль оспорюється",
        "kind_osint": "акаунт відкритої розвідки",
        "kind_war_blogger_Russia": "проросійські воєнні блогери",
        "kind_war_blogger_Ukraine": "проукраїнські воєнні блогери",
        "kind_think_tank": "аналітичний центр",
        "kind_foreign_government": "уряд іншої країни",
        "kind_belligerent_official": "сторона війни",
        "kind_belligerent_blogger": "воєнні блогери",
        "kind_belligerent_state_media": "державні медіа сторони війни",
        "unverified": "Не підтверджено: джерело пише «{quote}» [{n}].",
        "relayed_by_enemy": "Про це повідомляють лише медіа іншої сторони: {outlet} переказує слова {claimant} [{n}].",
        "unverified_hedge": "Не підтверджено: джерело саме називає це «{quote}» [{n}].",
        "disputed": "Заперечується: джерело повідомляє, що це твердження спростовано або не підтверджено [{n}].",
        "belligerent": "Твердження сторони війни, незалежно не підтверджені: {who}.",
        "attributed": "Це стверджує лише {claimant}{kind} [{n}]: незалежного підтвердження немає.",
        "relayed": "Чужі слова, а не власні дані видання («{cue}») [{n}]: незалежного підтвердження немає.",
        "quotation": "Цитата, а не власні дані видання [{n}]: незалежного підтвердження немає.",
        "single_source": "Одне джерело: серед збережених статей про це пише лише {outlet}.",
        "stale": "Повідомлено {date}, {age} тому: відтоді ситуація могла змінитися.",
        "undated": "Джерело без дати [{n}]; у тексті згадано {dates}.",
        "undated_none": "Джерело без дати [{n}]; у тексті дат немає.",
        "inferred": "Дату [{n}] визначено з тексту.",
        "conflict": "Джерела розходяться: {sides}.",
        "conflict_side": "{claimant} ({date}) [{n}]: {holder}",
        "ambiguous_known": "Кілька населених пунктів мають назву {name}; джерела мають на увазі: {context}.",
        "ambiguous_unknown": "Кілька населених пунктів мають назву {name} ({options}); джерела не уточнюють. Який саме ви маєте на увазі?",
        "sources": "Джерела:",
        "undated_short": "без дати",
        "not_before": "без дати, не раніше {date}",
        "years": "{n} р.", "year": "1 рік", "months": "{n} міс.", "month": "1 міс.",
        "days": "{n} дн.", "day": "1 день",
        "and": ";",
    },
    "ru": {
        "not_found": "В сохранённых статьях нет ничего, что отвечает на этот вопрос, поэтому я не буду гадать.",
        "not_found_names": "Ни одна сохранённая статья не упоминает {names}.",
        "covers": "Статьи охватывают, в частности: {places}.",
        "real_not_covered": "{name} — реальный населённый пункт ({kind}): {place}; сохранённые статьи о нём не пишут.",
        "covered_near": "Рядом есть места, о которых пишут статьи: {places}.",
        "not_a_place": "«{name}» — неизвестное название места.",
        "oblast_of": "{oblast} область",
        "kind_city": "город", "kind_urban_type_settlement": "посёлок городского типа",
        "kind_settlement": "посёлок", "kind_village": "село", "kind_locality": "населённый пункт",
        "kind_island": "остров", "kind_oblast": "область", "km": "км",
        "latest": "Самое новое утверждение ({date}):",
        "earlier": "Ранее ({date}):",
        "undated_quote": "Без даты:",
        "after_frame": "Позже, после времени, о котором спрашивали ({date}):",
        "found": "Из источников ({date}):",
        "by": "{claimant}{kind}, по сообщению {outlet} [{n}]",
        "kind_paren": " ({kind})",
        "by_outlet": "собственное сообщение {outlet} [{n}]",
        "holder": "Кто контролирует {place}{when}: {holder}, по словам {claimant} ({date}) [{n}].",
        "holder_indirect": "Кто контролирует {place}{when}: прямо никто не говорит; самые новые сообщения указывают — {holder} ({claimant}, {date}) [{n}].",
        "holder_contested": "Кто контролирует {place}{when}: оспаривается. {sides}.",
        "holder_own_word_only": "Никто другой в сохранённых статьях этого не подтверждает.",
        "after_gain": "Без даты, но потерять место можно лишь после того, как его взяла сторона {side} ({date}).",
        "holder_unknown": "Сохранённые статьи не устанавливают, кто контролирует {place}{when}.",
        "as_of": " на {date}",
        "in_period": " (период: {period})",
        "between": " в период {start} – {end}",
        "outlier": "Отложено: утверждение с датой {dates} отстоит на год и более от всех остальных об этом месте (вероятно, ошибочная дата).",
        "date_lead": "Дата: {date}, по словам {claimant} [{n}].",
        "date_reported": "Ни один источник не называет даты самого события; {claimant} сообщил о нём {date} [{n}].",
        "source_lead": "{claimant} [{n}]: «{quote}»",
        "source_silent": "Сохранённые статьи не цитируют {source} по этому поводу.",
        "verification_lead": "Подтверждено ли это: {claimant} [{n}]: «{quote}»",
        "Ukraine": "Украина",
        "Russia": "Россия",
        "held_Ukraine": "контролирует Украина",
        "by_implication": "{holder} — следует из того, что другая сторона её атакует",
        "held_Russia": "контролирует Россия",
        "held_contested": "контроль оспаривается",
        "kind_osint": "аккаунт открытой разведки",
        "kind_war_blogger_Russia": "пророссийские военные блогеры",
        "kind_war_blogger_Ukraine": "проукраинские военные блогеры",
        "kind_think_tank": "аналитический центр",
        "kind_foreign_government": "правительство другой страны",
        "kind_belligerent_official": "сторона войны",
        "kind_belligerent_blogger": "военные блогеры",
        "kind_belligerent_state_media": "государственные СМИ стороны войны",
        "unverified": "Не подтверждено: источник пишет «{quote}» [{n}].",
        "relayed_by_enemy": "Об этом сообщают лишь СМИ другой стороны: {outlet} пересказывает слова {claimant} [{n}].",
        "unverified_hedge": "Не подтверждено: источник сам называет это «{quote}» [{n}].",
        "disputed": "Оспаривается: источник сообщает, что это утверждение опровергнуто или не подтверждено [{n}].",
        "belligerent": "Утверждения стороны войны, независимо не подтверждённые: {who}.",
        "attributed": "Это утверждает только {claimant}{kind} [{n}]: независимого подтверждения нет.",
        "relayed": "Чужие слова, а не собственные данные издания («{cue}») [{n}]: независимого подтверждения нет.",
        "quotation": "Цитата, а не собственные данные издания [{n}]: независимого подтверждения нет.",
        "single_source": "Один источник: среди сохранённых статей об этом пишет только {outlet}.",
        "stale": "Сообщено {date}, {age} назад: с тех пор ситуация могла измениться.",
        "undated": "Источник без даты [{n}]; в тексте упомянуто {dates}.",
        "undated_none": "Источник без даты [{n}]; в тексте дат нет.",
        "inferred": "Дата [{n}] определена по тексту.",
        "conflict": "Источники расходятся: {sides}.",
        "conflict_side": "{claimant} ({date}) [{n}]: {holder}",
        "ambiguous_known": "Несколько населённых пунктов называются {name}; источники имеют в виду: {context}.",
        "ambiguous_unknown": "Несколько населённых пунктов называются {name} ({options}); источники не уточняют. Какой вы имеете в виду?",
        "sources": "Источники:",
        "undated_short": "без даты",
        "not_before": "без даты, не ранее {date}",
        "years": "{n} г.", "year": "1 год", "months": "{n} мес.", "month": "1 мес.",
        "days": "{n} дн.", "day": "1 день",
        "and": ";",
    },
}


def phrase(lang: str, key: str, **values: object) -> str:
    """Return the wording `key` in `lang` (English when missing), filled with `values`."""
    table = PHRASES.get(lang, PHRASES["en"])
    return table.get(key, PHRASES["en"][key]).format(**values)


def format_date(value: date | None, lang: str, precision: str | None = None) -> str:
    """Return a date as people read it, no more precisely than it is known.

    "10 May 2022" for a day; "May 2022" ("травень 2022") for a month; "2022"
    for a season or a year: a claim "captured in early 2015" is never shown as
    "1 January 2015".
    """
    if value is None:
        return phrase(lang, "undated_short")
    if precision == "not_before":
        # An undated page, known only to be no older than the newest day it names.
        return phrase(lang, "not_before", date=format_date(value, lang, "day"))
    if precision in ("year", "season"):
        return str(value.year)
    if precision == "month":
        names = _MONTHS_NOMINATIVE.get(lang, _MONTHS_NOMINATIVE["en"]).split()
        return f"{names[value.month - 1]} {value.year}"
    months = _MONTHS.get(lang, _MONTHS["en"]).split()
    return f"{value.day} {months[value.month - 1]} {value.year}"


def format_when(start: date | None, end: date | None, lang: str) -> str:
    """Return " as of 9 November 2022", " in May 2024", " between 21 April 2022 and 30 April 2022":
    the time a question asks about, no more precisely than it asked (a month is not its last day)."""
    if end is None:
        return ""
    if start is None or start == end:
        return phrase(lang, "as_of", date=format_date(end, lang))
    if start == date(start.year, 1, 1) and end == date(start.year, 12, 31):
        return phrase(lang, "in_period", period=format_date(end, lang, "year"))
    next_month = date(end.year + (end.month == 12), end.month % 12 + 1, 1)
    if start.day == 1 and (start.year, start.month) == (end.year, end.month) and (next_month - end).days == 1:
        return phrase(lang, "in_period", period=format_date(end, lang, "month"))
    return phrase(lang, "between", start=format_date(start, lang), end=format_date(end, lang))


def format_age(days: int, lang: str) -> str:
    """Return an age in days as "4 years 6 months" (or months, or days)."""
    years, rest = divmod(days, 365)
    months = rest // 30
    parts = []
    if years:
        parts.append(phrase(lang, "year") if years == 1 else phrase(lang, "years", n=years))
    if months:
        parts.append(phrase(lang, "month") if months == 1 else phrase(lang, "months", n=months))
    if not parts:
        parts.append(phrase(lang, "day") if days == 1 else phrase(lang, "days", n=days))
    return " ".join(parts)


def detect_lang(text: str) -> str:
    """Guess en/uk/ru from the letters and words of a question."""
    lower = text.lower()
    if not any("а" <= ch <= "я" or ch in "іїєґё" for ch in lower):
        return "en"
    if any(ch in "іїєґ" for ch in lower):
        return "uk"
    if any(ch in "ыэъё" for ch in lower):
        return "ru"
    words = set(re.findall(r"\w+", lower))
    if words & {"хто", "що", "чи", "коли", "де", "як", "який", "яка"}:
        return "uk"
    return "ru"
