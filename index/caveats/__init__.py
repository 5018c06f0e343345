"""Verification caveats: who makes a claim, whether anyone confirmed it, how old and how sure it is.

One module per rule, reading the vocabulary tables of `vocabulary.py`:

    quoted.py        the quoted sentence every rule reads (`Quoted`)
    unconfirmed.py   unverified: the source says its claims are unconfirmed
    speakers.py      belligerent_claim and attributed: who makes the claim
    disagreement.py  conflict between sources; outlier dates
    outlets.py       single_source
    age.py           stale and undated (dates read by index.dates.find_dates)
    compose.py       all of an answer's caveats, in reading order
"""

from index.caveats.age import date_mentions
from index.caveats.compose import caveats_for
from index.caveats.disagreement import CONFLICT_WINDOW_DAYS, outlier_caveats
from index.caveats.quoted import Quoted
from index.caveats.speakers import Speaker, kind_words, speaker_of
from index.caveats.unconfirmed import says_unverified, verification_statements

__all__ = [
    "CONFLICT_WINDOW_DAYS",
    "Quoted",
    "Speaker",
    "caveats_for",
    "date_mentions",
    "kind_words",
    "outlier_caveats",
    "says_unverified",
    "speaker_of",
    "verification_statements",
]
