"""Word tables the answer's composition reads (data, not code; the answer's own phrases are in index/phrases.py)."""

from __future__ import annotations

# Words of a source's name that say nothing about which source it is: "Ukraine's
# General Staff" and "the Russian General Staff" share "General Staff", not a speaker.
SPEAKER_FILLER = frozenset({"the", "ukraine", "russia", "ukrainian", "russian"})

# A question that asks for the speaker ("Who said…?", "Which outlet…?") names no
# speaker: the parties it names are part of what was said, per language.
ASKS_FOR_SPEAKER = {
    "en": r"^\W*(?:who|whom|which|according\s+to\s+whom|what\s+(?:outlet|source|official|agency|body|unit|media))\b",
    "uk": r"^\W*(?:хто|кого|який|яка|яке|які|якого|чиї)\b",
    "ru": r"^\W*(?:кто|кого|какой|какая|какое|какие|какого|чьи)\b",
}

# Claim stances (index/claims/) that are a word on whether another claim was confirmed.
ON_CONFIRMATION = frozenset({"denied", "not_confirmed"})
