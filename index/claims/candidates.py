"""Triggers found in a sentence, each with the places it governs (blocked aims, attempts, denials)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from index import claim_languages as langs
from index.claims.place_phrases import (
    _Candidate,
    _enumerated,
    _is_name,
    _Item,
    _parse_left,
    _parse_right,
    _Tok,
    _tokenize,
)
from index.claims.sides import _side_mentions
from index.claims.vocabulary import (
    _ATTEMPT,
    _ATTEMPTS,
    _BEGUN,
    _BLOCKERS,
    _BREAK_WORDS,
    _CIVILIANS,
    _CLAUSE_BREAKS,
    _DETERMINERS,
    _DISPUTED_DEED,
    _DISPUTING,
    _FOREIGN,
    _INCEPTIVES,
    _OF_WORDS,
    _ORDERS,
    _PLACES_NOUNS,
    _PREVENTS,
    _TO_ALLOWED,
    _TRIGGER_SCRIPTS,
    _TRIGGERS,
    _TROOPS,
    REPORT_NOUN,
    UNTRUE_PREDICATE,
    _Trigger,
)
from index.models import Side

# ---------------------------------------------------------------------------
# Sentences → claims




def _is_title_case(text: str) -> bool:
    words = re.findall(r"[^\W\d_][\w’'-]*", text)
    if len(words) < 4:
        return False
    function_caps = sum(1 for w in words[1:] if w in ("From", "Of", "The", "In", "To", "And", "For", "On", "At", "With", "By", "As"))
    caps = sum(1 for w in words if w[:1].isupper())
    return function_caps >= 1 and caps >= 0.6 * len(words)




def _find_triggers(text: str, languages: frozenset[str] = frozenset()) -> list[tuple[_Trigger, re.Match[str]]]:
    found: list[tuple[_Trigger, re.Match[str], int]] = []
    present = {"latin"} if re.search(r"[A-Za-z]", text) else set()
    if re.search(r"[А-Яа-яІіЇїЄєҐґЁё]", text):
        present.add("cyrillic")
    present |= languages
    for order, trig in enumerate(_TRIGGERS):
        if present & _TRIGGER_SCRIPTS[order]:
            found.extend((trig, m, order) for m in trig.pattern.finditer(text))
    found.sort(key=lambda f: (f[1].start(), -(f[1].end() - f[1].start()), f[2]))
    kept: list[tuple[_Trigger, re.Match[str]]] = []
    last_end = -1
    for trig, m, _ in found:
        if m.start() >= last_end:
            kept.append((trig, m))
            last_end = m.end()
    return kept


def _clause_before(tokens: list[_Tok], index: int) -> list[_Tok]:
    out: list[_Tok] = []
    j = index - 1
    while j >= 0 and len(out) < 12:
        if tokens[j].low in _CLAUSE_BREAKS or tokens[j].text in _CLAUSE_BREAKS:
            break
        out.insert(0, tokens[j])
        j -= 1
    return out


def _blocked(tokens: list[_Tok], index: int, trig: _Trigger, matched: str) -> Literal["ok", "blocked", "ordered"]:
    clause = _clause_before(tokens, index)
    words = [t.low for t in clause]
    if trig.effect != "dispute":
        if any(w in _BLOCKERS or w.endswith("n't") for w in words):
            return "blocked"
        if any(w in _ORDERS for w in words):
            return "ordered" if trig.effect == "loss" else "blocked"
    # "to withdraw" after "set", "for Russia to establish control": not a deed.
    prev = [t.low for t in tokens[max(0, index - 3) : index]]
    if prev and prev[-1] == "zu" and trig.direction != "left":
        return "blocked"  # "um die Ortschaft zu besetzen"
    if trig in _FOREIGN and re.search(langs.INFINITIVE, matched) and not any(w in langs.MANAGED for w in words):
        return "blocked"  # "lo scopo è liberare la città", but "a réussi à prendre X"
    # "declared on Monday to have recaptured X", "a claim … to have captured X": a perfect
    # infinitive reports a deed done, whatever governs it.
    perfect = len(prev) >= 2 and prev[-2] == "to" and prev[-1] == "have"
    if not perfect and prev and (prev[-1] == "to" or (len(prev) >= 2 and prev[-2] == "to" and prev[-1] == "be")):
        to_at = len(prev) - 1 if prev[-1] == "to" else len(prev) - 2
        before_to = prev[to_at - 1] if to_at >= 1 else ""
        if before_to in _ORDERS:
            return "ordered" if trig.effect == "loss" else "blocked"
        if before_to not in _TO_ALLOWED:
            return "blocked"
    # "measures are taken to stabilize the front and take back control of X": an
    # infinitive joined to another one is no deed either.
    if prev and prev[-1] in ("and", "or"):
        back = [t.low for t in tokens[max(0, index - 12) : index - 1]]
        if "to" in back:
            at = len(back) - 1 - back[::-1].index("to")
            if at == 0 or back[at - 1] not in _TO_ALLOWED:
                return "blocked"
    # "the occupied city", "their occupied positions": an adjective, not a deed.
    if index > 0 and tokens[index - 1].low in _DETERMINERS and re.search(r"(?:ed|left|lost|taken)\W*$", matched):
        return "blocked"
    if index > 0 and tokens[index - 1].low in langs.DETERMINERS and re.search(langs.PARTICIPLE, matched):
        return "blocked"  # "den befreiten Gebieten", "les villages libérés"
    return "ok"


def _token_index(tokens: list[_Tok], pos: int) -> int:
    for k, t in enumerate(tokens):
        if t.start >= pos:
            return k
    return len(tokens)


def _denied_places(
    tokens: list[_Tok], later: Sequence[tuple[_Trigger, re.Match[str]]], after: int, sides: Sequence[tuple[int, int]]
) -> list[_Item]:
    for trig, m in later:
        if m.start() - after > 80 or trig.effect not in ("gain", "loss", "presence", "fall"):
            break
        if trig.direction == "left":
            return _parse_left(tokens, _token_index(tokens, m.start()))
        return _parse_right(tokens, _token_index(tokens, m.end()), sides)
    return []


def _civilians_leave(clause: list[str]) -> bool:
    """Tell whether the ones who leave are civilians: "the occupation administration left X", not
    "Ukraine's military officials say forces are withdrawing from X" (the troops nearer the verb)."""
    civilians = [k for k, w in enumerate(clause) if w in _CIVILIANS]
    troops = [k for k, w in enumerate(clause) if w in _TROOPS]
    return bool(civilians) and (not troops or civilians[-1] > troops[-1])


# "thwarted Russian attempts to establish a foothold in X": the attempt's adjective names who tried.
_ATTEMPTER = re.compile(
    r"\b(?P<side>Russian|Ukrainian|російськ\w*|українськ\w*|российск\w*|украинск\w*)\s+"
    r"(?:attempts?|efforts?|bids?|спроб\w*|попытк\w*|попыт\w*)\s+(?:to\s+)?\S*\s*$",
    re.IGNORECASE,
)


def _candidates(text: str) -> list[_Candidate]:
    languages = langs.languages_of(text)
    tokens = _tokenize(text, languages)
    sides = [(m.start, m.end) for m in _side_mentions(text) if m.side]
    out: list[_Candidate] = []
    suppress_until = -1
    triggers = _find_triggers(text, languages)
    for n, (trig, m) in enumerate(triggers):
        if m.start() < suppress_until:
            continue
        start_index = _token_index(tokens, m.start())
        end_index = _token_index(tokens, m.end())
        verdict = _blocked(tokens, start_index, trig, m.group())
        clause = [t.low.strip("\"“”«»") for t in _clause_before(tokens, start_index)][-6:]
        attempter = None
        if (
            verdict == "blocked" and (trig.effect == "gain" or trig.partial) and any(w in _ATTEMPTS for w in clause)
            and not any(w in _PREVENTS for w in clause)  # "try to prevent X from entrenching": X's attempt, if any
        ):
            # "Russia has been trying to seize X", "trying to gain a foothold in X": not taken, still the other side's.
            trig, verdict = _ATTEMPT, "ok"
            attempter = _ATTEMPTER.search(text[max(0, m.start() - 60) : m.start()])
        if verdict == "blocked":
            continue
        if trig.effect == "loss" and _civilians_leave(clause):
            continue
        if trig.effect == "loss" and verdict == "ok" and any(w in _INCEPTIVES for w in clause):
            trig = _BEGUN  # "seems to have started to leave X", "поступово відступає з X"
        if trig.effect in ("gain", "loss", "fall") and (
            any(w in _DISPUTING for w in clause)
            or (REPORT_NOUN.search(text, 0, m.start()) and UNTRUE_PREDICATE.search(text, m.end()))
        ):
            trig = _DISPUTED_DEED
        before = " ".join(t.low for t in tokens[max(0, start_index - 3) : start_index])
        # "some Russian forces were still in Kherson": part of the place.
        partial = trig.partial or bool(m.groupdict().get("part")) or bool(re.search(r"\bsome\b", before))
        from_left = False
        if trig.direction == "left":
            items = _parse_left(tokens, start_index)
            from_left = True
        elif trig.direction == "both":
            items = _parse_right(tokens, end_index, sides)
            if not items:
                items = _parse_left(tokens, start_index)
                from_left = True
        else:
            items = _parse_right(tokens, end_index, sides)
        if languages and any(it.anaphora for it in items) and any(
            _is_name(t) and k > 0 and (tokens[k - 1].low in _BREAK_WORDS or tokens[k - 1].low in _OF_WORDS)
            for k, t in enumerate(tokens)
        ):
            # "…dans la région d'Oleksandropol, …, tout le village avait été perdu": with other places
            # in the sentence, "the village" may be any of them.
            items = [it for it in items if not it.anaphora]
        # "seven other settlements have been liberated, including A, B and C": the list names the places.
        after_phrase = _token_index(tokens, max(it.end for it in items)) if items and not from_left else end_index
        head = bool(items) or any(t.low in _PLACES_NOUNS for t in _clause_before(tokens, start_index)[-4:])
        items = [*items, *(it for it in _enumerated(tokens, after_phrase, head, sides) if not it.anaphora)]
        if not items and trig.effect == "dispute":
            # "denied that Russian forces had seized X": the place is the object of the denied deed.
            items = _denied_places(tokens, triggers[n + 1 :], m.end(), sides)
        if not items and trig.action == "denied it" and out:
            items = list(out[-1].items)  # "…took X; Kyiv denies it": the deed just named
        side_hint: Side | None = None
        group_side = m.groupdict().get("side") or m.groupdict().get("side2")
        if group_side:
            side_hint = "Ukraine" if re.match(r"Ukrain|Kyiv|Укра|Київ|Киев", group_side, re.IGNORECASE) else "Russia"
        elif (trig.direction == "left" or trig.action == "raised flags") and re.search(r"Russian|Ukrainian", m.group()):
            side_hint = "Russia" if "Russian" in m.group() else "Ukraine"
        elif attempter:
            side_hint = "Russia" if re.match(r"russ|рос", attempter.group("side"), re.IGNORECASE) else "Ukraine"
        earlier = bool(languages) and any(
            t.low in langs.EARLIER for t in [*tokens[:1], *_clause_before(tokens, start_index), *tokens[start_index:end_index]]
        )
        if items or trig.effect == "dispute":
            # A denial naming no place ("The governor later refuted that") is kept: it denies the claim before it.
            out.append(_Candidate(trig, m.start(), m.end(), tuple(items), side_hint, verdict == "ordered", partial, from_left, earlier))
        if trig.effect == "dispute":
            rest = re.search(r"\b(?:but|however|while|whereas)\b|;", text[m.end() :])
            suppress_until = m.end() + rest.start() if rest else len(text)
    return out

# "the capture of X would bring Moscow closer": a deed named as a noun, then what it would do.
_DEED_NOUN = re.compile(r"\b(?:capture|fall|loss|liberation|takeover|seizure)\b", re.IGNORECASE)
_WOULD_AFTER = re.compile(r"\W{0,3}(?:would|could|might|may|will)\b", re.IGNORECASE)


def _hypothetical(text: str, cand: _Candidate) -> bool:
    """Tell whether a deed is named only to say what it would bring.

    "the capture of X could open …"; "by capturing this village, the Russians
    could open a route …" (a means whose main clause is a modal).
    """
    last = max((item.end for item in cand.items), default=cand.end)
    if _DEED_NOUN.search(text, cand.start, cand.end) and _WOULD_AFTER.match(text, last):
        return True
    return bool(_BY_BEFORE.search(text, 0, cand.start) and text[cand.start : cand.end].lower().endswith("ing")
                and _MODAL.search(text, last))


_BY_BEFORE = re.compile(r"\bby\s+$", re.IGNORECASE)
_MODAL = re.compile(r"\b(?:would|could|might|may|will|can)\b", re.IGNORECASE)
