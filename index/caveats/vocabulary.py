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
    ),
    "ru": (
        r"не (?:удалось|может|смогли?|смог) (?:независимо )?(?:проверить|подтвердить)",
        r"(?:официально )?не подтвержд\w*",
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
