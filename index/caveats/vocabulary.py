"""The words that signal a caveat, per language: data read by the rule modules beside it.

Each table maps a language to phrase patterns (small regular expressions: a
phrase with its inflections). The rules compile them once, with `pattern`;
no rule writes its own word list. To support a phrase or a language, add it
here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

PhraseTable = Mapping[str, Sequence[str]]

# A source saying that its claims are unconfirmed or could not be verified.
UNCONFIRMED: PhraseTable = {
    "en": (
        r"(?:have|has|had) not (?:yet )?been (?:officially |independently |immediately )?(?:confirmed|verified)",
        (
            r"(?:could|can|was unable to|were unable to|cannot|can't|couldn't|did) not?\s*(?:be )?"
            r"(?:independently |immediately |officially )?(?:confirm|verif)\w*"
        ),
        r"unable to (?:independently )?(?:confirm|verify)",
        r"not (?:been )?independently (?:confirmed|verified)",
        r"\bhas not yet confirmed\b",
        r"\bunverified\b",
    ),
    "uk": (
        r"не (?:вдалося|вдалось|може|можемо|змогли?) (?:незалежно )?(?:перевірити|підтвердити|верифікувати)",
        r"(?:офіційно )?не підтвердж\w*",
        # "Офіційної інформації від ЗСУ про це ще немає": no official word yet.
        r"офіційн\w+ (?:інформаці\w+|підтвердженн\w+|повідомлен\w+)(?: \S+){0,4}? (?:ще |поки що |поки )?(?:немає|не було|не надходило)",
    ),
    "ru": (
        r"не (?:удалось|может|смогли?|смог) (?:независимо )?(?:проверить|подтвердить)",
        r"(?:официально )?не подтвержд\w*",
        # "Официальной информации от ВСУ пока нет": no official word yet.
        r"официальн\w+ (?:информаци\w+|подтверждени\w+|сообщени\w+)(?: \S+){0,4}? (?:еще |ещё |пока )?(?:нет|не было|не поступало)",
    ),
    "hr": (r"nije (?:mogao|moguće|moglo) (?:neovisno |nezavisno )?(?:potvrditi|provjeriti)",),
    "mk": (r"не (?:можеше|може) (?:независно )?да (?:ги )?(?:потврди|провери)",),
    "pl": (r"nie (?:mógł|mogła|mogło|można) (?:niezależnie )?(?:potwierdzić|zweryfikować)",),
}

# The weakest of those: the word alone, without saying who could not confirm what.
UNCONFIRMED_WEAK: PhraseTable = {"en": (r"unverified",)}


def pattern(*tables: PhraseTable, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """Compile the phrases of every language of `tables` into one pattern."""
    phrases = [p for table in tables for patterns in table.values() for p in patterns]
    return re.compile("|".join(f"(?:{p})" for p in phrases), flags)


# Verbs of speech: a sentence with one gives someone's words, not the outlet's finding.
SPEECH_VERBS: PhraseTable = {
    "en": (
        r"said", r"says", r"told", r"wrote", r"writes", r"added", r"explained", r"mentioned", r"stated",
        r"announced", r"reported", r"noted", r"posted", r"insisted", r"reads", r"suggested", r"declared",
        r"proclaimed", r"stressed", r"emphasi[sz]ed", r"highlighted", r"warned", r"acknowledged", r"admitted",
        r"confirmed", r"denied", r"asserted",
    ),
    # Past forms of each gender and number, and the present: "додав", not "додатково".
    "uk": (
        r"(?:заяви|сказа|дода|повідоми|написа|зазначи|поясни|наголоси|підтверди|спростува|допові)(?:в|ла|ло|ли)",
        r"(?:заявля|дода|повідомля|пише|зазнача|поясню|наголошу|підтверджу|спростову)(?:є|ють)",
        r"пише", r"пишуть",
    ),
    "ru": (
        r"(?:заяви|сказа|добави|сообщи|написа|отмети|поясни|подчеркну|подтверди|опроверг|доложи)(?:л|ла|ло|ли)",
        r"(?:заявля|добавля|сообща|отмеча|поясня|подчеркива|подтвержда|опроверга)(?:ет|ют)",
        r"пишет", r"пишут",
    ),
    "es": (r"dijo", r"escribió", r"informó", r"afirmó", r"declaró", r"señaló", r"añadió", r"anunció"),
    "fr": (r"a déclaré", r"a dit", r"a écrit", r"a annoncé", r"a affirmé", r"a indiqué", r"affirme", r"déclare"),
    "de": (r"sagte", r"erklärte", r"schrieb", r"meldete", r"teilte \w+ mit", r"gemeldet", r"berichtete"),
    "it": (r"ha detto", r"ha dichiarato", r"ha scritto", r"ha annunciato", r"ha affermato"),
    "sr": (r"saopštil\w*", r"saopštio", r"rekao", r"rekla", r"izjavi\w*", r"naveo", r"navela"),
    "bg": (r"заяви", r"каза", r"съобщи", r"написа"),
}

# A word just before a speech verb that makes it a participle, not someone speaking:
# "first reported on 16 November", "was announced", "footage posted on 6 May".
NOT_SPEAKING_BEFORE: PhraseTable = {
    "en": (
        r"first", r"was", r"were", r"been", r"is", r"are", r"be", r"being", r"widely", r"previously",
        r"footage", r"video", r"videos", r"photo", r"photos", r"images",
    ),
}

# Articles before a speaker's name, dropped when the name is shown ("the report" -> "report").
ARTICLES: PhraseTable = {"en": (r"the", r"a", r"an")}

# Words that stand for a speaker named earlier ("…, – додав він").
PRONOUNS: PhraseTable = {
    "en": (r"he", r"she", r"they", r"him", r"her", r"them"),
    "uk": (r"він", r"вона", r"вони", r"його", r"її", r"їх"),
    "ru": (r"он", r"она", r"они", r"его", r"её", r"ее", r"их"),
    "es": (r"él", r"ella"),
    "fr": (r"il", r"elle"),
    "de": (r"er", r"sie"),
}

# Cues that the words that follow name the source of the sentence ("according to X").
SOURCE_CUES: PhraseTable = {
    "en": (r"according to", r"citing", r"as reported by", r"cited by", r"quoted by"),
    "uk": (
        r"за словами", r"за даними", r"за інформацією", r"згідно (?:з|із|зі)", r"як повідомили? (?:в|у)",
        r"з посиланням на",
    ),
    "ru": (r"по словам", r"по данным", r"по информации", r"согласно", r"со ссылкой на", r"как сообщили? в"),
    "es": (r"según",),
    "fr": (r"selon", r"d'après"),
    "de": (r"laut", r"nach Angaben"),
    "it": (r"secondo",),
    "sr": (r"prema",),
    "bg": (r"според",),
}

# A source the outlet does not name: an anonymous source, "there is information".
UNNAMED_SOURCES: PhraseTable = {
    "en": (
        r"(?:a|one|two|several) (?:military |security |government |local |Ukrainian |Russian )?sources?",
        r"unnamed (?:sources?|officials?)",
        r"sources (?:said|say|told|claim)",
    ),
    "uk": (r"джерело видання", r"джерела (?:видання|в|у)", r"є інформація", r"з'явилася інформація", r"з’явилася інформація"),
    "ru": (r"источник\w* (?:издания|в|из)", r"есть информация", r"появилась информация"),
}
