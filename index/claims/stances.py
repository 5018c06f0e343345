"""What a claim asserts about a place: its control and its stance, from the trigger and the side; its id."""

from __future__ import annotations

import hashlib

from index.claims.place_phrases import _Candidate, _Item
from index.claims.sides import _other
from index.models import Holder, Side


def _control(cand: _Candidate, item: _Item, side: Side | None) -> Holder | None:
    effect = cand.trigger.effect
    if cand.ordered or item.area:
        return None
    if effect == "dispute":
        return "contested"
    partial = item.partial or cand.partial
    if effect == "none":
        return "contested" if partial and cand.trigger.action == "entered" else None
    if partial:
        return "contested"  # "part of X", "practically liberated": whoever's, not all of it
    if side is None:
        return None
    if effect == "loss":
        return _other(side)
    return side


# What an action asserts about the place, when its control does not say more.
_ACTION_STANCES = {
    "did not confirm": "not_confirmed", "disputed": "denied", "alleged (disputed)": "denied", "denied it": "denied",
    "entered": "entered", "reached": "entered", "fighting": "fighting", "attacked": "fighting",
    "repelled": "fighting", "advanced near": "none", "advanced in the area": "none", "shelled": "none", "destroyed bridges near": "none",
    "ordered withdrawal": "none", "tried to take": "none", "besieged": "fighting", "began withdrawal": "withdrew",
    "called inaccurate": "denied",
}
_EFFECT_STANCES = {"gain": "captured", "fall": "captured", "presence": "holds", "loss": "withdrew"}


def _stance(cand: _Candidate, item: _Item, action: str, control: Holder | None, side: Side | None,
            speaker: Side | None) -> str:
    """Return what the claim asserts: captured, holds, withdrew, conceded, partial, denied, background, ..."""
    if action.endswith("(earlier)"):
        return "background"
    if action.endswith("(area)") or cand.ordered:
        return "none"
    if action in _ACTION_STANCES:
        return _ACTION_STANCES[action]
    if control == "contested":
        return "partial"
    if control is None:
        return "none"
    stance = _EFFECT_STANCES.get(cand.trigger.effect, "none")
    if stance == "withdrew" and side is not None and speaker == side:
        return "conceded"  # a side saying it left the place itself
    return stance


def _action(cand: _Candidate, item: _Item) -> str:
    if cand.ordered:
        return "ordered withdrawal"
    action = cand.trigger.action
    if item.area and cand.trigger.effect != "none":
        return f"{action} (area)"
    return action

def claim_id(article_id: str, start: int, key: str, action: str) -> str:
    """Return the content-derived id of a claim (same sentence, place and action, same id)."""
    digest = hashlib.sha256(f"{article_id}\0{start}\0{key}\0{action}".encode()).hexdigest()
    return "c-" + digest[:16]
