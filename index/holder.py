"""Who holds a place, as of a day, from the claims about it.

The rule, in the words of an analyst: take the newest claims up to the day
asked about (those within `WINDOW_DAYS` of the newest one, and the rest of the
articles that made them). A side holds the place when someone other than that
side says so: the other side conceding it, or an independent source (a
foreign outlet, a think tank, a mapping project). It is **contested** when
the sides disagree in that window (a claim and a denial or a refusal to
confirm, or both sides claiming it), when a party says only "part of", or
when the only word is the claiming side's own. **Unknown** when no claim
says anything about control.

A claim dated far from every other claim about the place (a year apart, while
the others agree among themselves) is an outlier: it is kept in the history
but never decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from index.claimants import alignment
from index.claims.vocabulary import ATTACK_ACTIONS, LOSS_ACTIONS
from index.models import RELAYED_BY_ENEMY, Claim, Holder, Side

# Claims this close to the newest one are read together: a capture claim and the
# other side's denial or concession usually come within days of each other.
WINDOW_DAYS = 14
# A claim this far from every other dated claim about the place is an outlier.
OUTLIER_DAYS = 365
# Deeds near a place that say who held it only by implication: the side that
# advances on, attacks or shells a place does not hold it; the side that repels
# attacks there does. They decide only when no claim in the window says more.
ATTACKER_ACTIONS = ATTACK_ACTIONS
DEFENDER_ACTIONS = frozenset({"repelled"})
# Fighting for a place or a siege of it, with nothing in the window saying who
# holds it: the place is contested (the analyst's "fighting with no side clearly
# holding it").
CONTESTED_ACTIONS = frozenset({"fighting", "besieged"})


def other(side: Side | None) -> Side | None:
    """Return the other belligerent."""
    if side is None:
        return None
    return "Russia" if side == "Ukraine" else "Ukraine"


def timeline(claims: Sequence[Claim]) -> list[Claim]:
    """Order claims newest first.

    Args:
        claims: claims about one place, in article order (ties keep it).

    Returns:
        Dated claims newest first, then undated claims in their given order.
    """
    indexed = list(enumerate(claims))
    dated = sorted(
        ((i, c) for i, c in indexed if c.claim_date is not None),
        key=lambda ic: (-(ic[1].claim_date or date.min).toordinal(), ic[0]),
    )
    undated = [(i, c) for i, c in indexed if c.claim_date is None]
    return [c for _, c in dated + undated]


def outliers(claims: Sequence[Claim]) -> set[str]:
    """Return the ids of claims dated a year or more away from every other dated claim about the place."""
    dated = [c for c in claims if c.claim_date is not None and c.control is not None]
    if len(dated) < 3:
        return set()
    out: set[str] = set()
    for c in dated:
        assert c.claim_date is not None
        gaps = [abs((c.claim_date - o.claim_date).days) for o in dated if o.id != c.id and o.claim_date is not None]
        if gaps and min(gaps) > OUTLIER_DAYS:
            out.add(c.id)
    return out


def implied(claim: Claim) -> Holder | None:
    """Return who holds the place by a claim: what it says, or what its deed implies (weakly)."""
    if claim.control is not None:
        return claim.control
    if claim.action in CONTESTED_ACTIONS:
        return "contested"
    if claim.side is None:
        return None
    if claim.action in ATTACKER_ACTIONS:
        return other(claim.side)
    if claim.action in DEFENDER_ACTIONS:
        return claim.side
    return None


def is_indirect(claim: Claim) -> bool:
    """Tell whether a claim says who holds the place only by implication (an attack near it)."""
    return claim.control is None and implied(claim) is not None


def speaks_for(claim: Claim) -> Side | None:
    """Return the party a claim speaks for (None: independent)."""
    return claim.claimant_side if claim.stance is not None else alignment(claim.claimant, claim.claimant_kind)


def window(claims: Sequence[Claim], as_of: date | None = None) -> list[Claim]:
    """Return the claims that decide who holds the place as of a day: the newest ones, read together.

    Undated claims count only when no claim up to the day is dated (then the
    answer says its sources are undated).
    """
    pool = [c for c in claims if implied(c) is not None]
    if as_of is not None:
        dated_pool = [c for c in pool if c.claim_date is not None and c.claim_date <= as_of]
        # Undated claims stand in only where no claim about the place is dated at all:
        # beside dated ones that are all later, they are as likely later too.
        undated_only = all(c.claim_date is None for c in pool)
        pool = dated_pool or ([c for c in pool if c.claim_date is None] if undated_only else [])
    odd = outliers(pool)
    pool = [c for c in pool if c.id not in odd]
    dated = [c for c in pool if c.claim_date is not None]
    if not dated:
        return pool
    newest = max(c.claim_date for c in dated if c.claim_date is not None)
    start = newest - timedelta(days=WINDOW_DAYS)
    # The newest articles' undated claims are news of their day too; their claims
    # about earlier times ("occupied in March 2022") are history, not the window.
    articles = {c.article_id for c in dated if c.claim_date == newest}
    return [
        c
        for c in pool
        if (c.claim_date is not None and start <= c.claim_date <= newest)
        or (c.claim_date is None and c.article_id in articles)
    ]


def is_rumour(claim: Claim) -> bool:
    """Tell whether a claim is a belligerent's war bloggers' ("несколько российских военкоров", "Russian milbloggers").

    Neither the side's officials nor an independent source: their reports, of
    gains or of losses, run ahead of what anyone confirms ("the liberation of
    Staromaiorske was reported by several Russian war correspondents; there was
    no official word from the Ukrainian army yet"). They confirm nothing, and
    alone they settle nothing.
    """
    if claim.claimant_kind == "belligerent_blogger":
        return True
    return claim.claimant_kind == "osint" and speaks_for(claim) is not None  # a mapping account of a side


def is_confirmation(claim: Claim) -> bool:
    """Tell whether a claim backs a side in a voice that is not that side's own.

    The other side conceding the place, or an independent source (a foreign
    outlet in its own voice, a think tank, a mapping project) that does not
    hedge it ("reportedly", "claimed", "заявляв", an article saying its claims
    are unconfirmed).
    """
    if claim.control not in ("Ukraine", "Russia") or is_rumour(claim):
        return False
    speaker = speaks_for(claim)
    if speaker == other(claim.control):  # type: ignore[arg-type]
        # A concession needs no one else's word, unless only the other side's media tell of it.
        return RELAYED_BY_ENEMY not in claim.hedges
    # An outlet's own voice confirms only unhedged: "the Ukrainians claim to have
    # retaken X" in a foreign outlet is Ukraine's claim, relayed.
    return speaker is None and not claim.hedges


# Stances that say the place changed hands: taken by one side, or given up by the other.
_CHANGES = frozenset({"captured", "withdrew", "conceded"})


def first_gain(claims: Sequence[Claim], side: Side) -> date | None:
    """The first day a dated claim says `side` took the place (or the other side gave it up)."""
    return min((c.claim_date for c in claims if c.claim_date and c.control == side and c.stance in _CHANGES), default=None)


def _undated_loss(claims: Sequence[Claim], side: Side, as_of: date | None) -> Holder | None:
    """What an undated page saying `side` lost the place (it withdrew, or the other side took it) leaves.

    Asked about the present, such a page may be older or newer than every dated
    claim: the holder it contradicts is then not settled ("contested"). Unless
    the loss can only come after: `side` is known to hold the place only since a
    dated gain (no dated claim before it says `side` held or lost it), and one
    cannot lose what one does not hold. "Ukraine liberated Urozhaine in August
    2023" and an undated "Ukrainian forces had to withdraw from Urozhaine": the
    withdrawal is the later, and the other side holds it.

    Returns:
        None when no undated page says so (or a past day is asked about);
        the other side when the loss follows the only known gain; else "contested".
    """
    if as_of is not None or not _undated_losses(claims, side):
        return None
    gained = first_gain(claims, side)
    if gained is None:
        return "contested"
    earlier_tenure = any(
        c.claim_date
        and c.claim_date < gained
        and ((c.control == other(side) and c.stance in _CHANGES) or (c.control == side and c.stance == "holds"))
        for c in claims
    )
    return "contested" if earlier_tenure else other(side)


def undated_later(claims: Sequence[Claim], as_of: date | None = None) -> list[Claim]:
    """The undated pages' losses known to come after every dated claim (see `_undated_loss`): they decide."""
    for side in ("Ukraine", "Russia"):
        if _undated_loss(claims, side, as_of) == other(side):  # type: ignore[arg-type]
            return _undated_losses(claims, side)  # type: ignore[arg-type]
    return []


def _undated_losses(claims: Sequence[Claim], side: Side) -> list[Claim]:
    """Undated claims that `side` gave the place up (it withdrew, or conceded it)."""
    return [c for c in claims if c.claim_date is None and c.stance in ("withdrew", "conceded") and c.control == other(side)]


def _from_attacks(claims: Sequence[Claim], read: Sequence[Claim]) -> Holder:
    """Rule 3: only attacks near the place say who holds it; the attacked side, unless the last word said otherwise."""
    sides = {implied(c) for c in read}
    if len(sides) != 1:
        return "contested"
    side = sides.pop()
    if side in ("Ukraine", "Russia") and _last_word(claims, read) == other(side):  # type: ignore[arg-type]
        return "contested"  # the last word on control before these attacks was the other side's
    return side or "unknown"


def _last_word(claims: Sequence[Claim], read: Sequence[Claim]) -> Side | None:
    """Who the newest claim of control before `read` says took or holds the place, a background deed included.

    "Previously, Russian troops had taken Kamianske" (an article of July), then
    only "they are trying to gain a foothold in Kamianske" (January): the
    attacks imply Ukraine holds it, the last word on control said Russia, and
    nothing between says it changed hands.
    """
    first = min((c.claim_date for c in read if c.claim_date), default=None)
    if first is None:
        return None
    # A word older than a year before them is history, not the last word (OUTLIER_DAYS).
    since = first - timedelta(days=OUTLIER_DAYS)
    before = [
        c for c in claims if c.claim_date and since <= c.claim_date <= first and c not in read and holds_by(c)
    ]
    if not before:
        return None
    return holds_by(max(before, key=lambda c: c.claim_date or date.min))


def holds_by(claim: Claim) -> Side | None:
    """The side a claim says holds the place: its control, or for a background deed the side it leaves there."""
    if claim.control in ("Ukraine", "Russia"):
        return claim.control  # type: ignore[return-value]
    if claim.stance != "background" or claim.side is None:
        return None
    return other(claim.side) if claim.action.removesuffix(" (earlier)") in LOSS_ACTIONS else claim.side


def _prelude(claim: Claim, side: Side, direct: Sequence[Claim]) -> bool:
    """Tell whether a claim is the way to `side`'s later capture of the place: no opposition to it.

    "Advances in the Urozhaine direction on Aug. 15", then "Urozhaine liberated"
    on Aug. 16: the attack implies the other side still held it then, as the
    capture says too. Likewise the other side holding out in part of it (a
    plant under siege) before the capture of the whole.
    """
    if claim.claim_date is None:
        return False
    own_advance = is_indirect(claim) and claim.side == side
    holding_out = claim.stance == "partial" and claim.side == other(side)
    if not (own_advance or holding_out):
        return False
    # An advance may come the day of the capture; holding out in part of it, only before.
    return any(
        c.control == side and c.stance in _CHANGES and c.claim_date
        and (c.claim_date >= claim.claim_date if own_advance else c.claim_date > claim.claim_date)
        for c in direct
    )


def _opposes(claim: Claim, side: Side) -> bool:
    """Tell whether a claim says something else than "`side` holds it": the other side, a denial, "part of"."""
    return implied(claim) in (other(side), "contested")


def holder_from_claims(claims: Sequence[Claim], as_of: date | None = None, since: date | None = None) -> Holder:
    """Decide who holds a place from the claims about it.

    Read in the window of the newest claims up to `as_of` (see `window`):

    1. The newest confirmation (see `is_confirmation`) decides, unless
       something said after it opposes it (the other side's claim, a denial,
       "part of", the other side still repelling attacks there): contested.
    2. Without a confirmation, only the sides' own words: both sides, or a
       denial or "part of" beside the claim → contested (a side's own advance
       before its capture is the way there, no dispute); one side alone →
       that side, unless the place was disputed before (the other side once
       held or claimed it): then its own word is not enough → contested.
    3. Only attacks and shelling near the place (no claim of control): the
       attacked side holds it when they all agree, unless the last word on
       control within a year before them (a background "had taken X"
       included) was the other side's: contested.

    Asked about the present, an undated page saying the holder lost the place
    leaves it contested, or decides for the other side when the loss can only
    come after the holder's only known gain (see `_undated_loss`).

    Asked about a stretch of days (`since` to `as_of`), a place each side is
    confirmed to hold within it changed hands then: contested.

    Args:
        claims: claims about one place (any order).
        as_of: the last day that counts (claims dated after it are left out;
            undated ones count only when nothing up to the day is dated).
        since: the first day of the stretch asked about, when it is one.

    Returns:
        "Ukraine", "Russia", "contested", or "unknown" when no claim says
        anything about control.
    """
    read = window(claims, as_of)
    if not read:
        return "unknown"
    direct = [c for c in read if c.control is not None]
    if not direct:
        return _from_attacks(claims, read)
    confirmations = [c for c in direct if is_confirmation(c)]
    if since is not None and as_of is not None and since < as_of:
        during = {c.control for c in confirmations if c.claim_date and since <= c.claim_date <= as_of}
        if len(during) == 2:
            return "contested"  # confirmed for each side within the days asked about
    if confirmations:
        newest = max((c.claim_date for c in confirmations if c.claim_date), default=None)
        latest = [c for c in confirmations if c.claim_date == newest] if newest else confirmations
        backed = {c.control for c in latest}
        if len(backed) == 2:
            return "contested"
        side: Side = backed.pop()  # type: ignore[assignment]
        after = [c for c in read if c.claim_date and newest and c.claim_date > newest and _opposes(c, side)]
        if after:
            return "contested"
        return _undated_loss(claims, side, as_of) or side
    sides = {c.control for c in direct if c.control in ("Ukraine", "Russia")}
    if len(sides) != 1:
        return "contested"
    side = sides.pop()  # type: ignore[assignment]
    if any(_opposes(c, side) and not _prelude(c, side, direct) for c in read):
        return "contested"
    if all(is_rumour(c) for c in direct if c.control == side):
        return "contested"  # only a side's war bloggers say so: no one's word on record yet
    lost_to = other(side)
    if lost_to is not None and _undated_loss(claims, side, as_of) == lost_to:
        return lost_to  # lost after its only known gain
    # Disputed before: dated claims up to the day asked about (undated ones too when asked about the
    # present; beside a past day, an undated page is as likely later).
    history = [
        c for c in claims
        if (c.claim_date is None and as_of is None) or (c.claim_date and (as_of is None or c.claim_date <= as_of))
    ]
    if any(_opposes(c, side) and not _prelude(c, side, direct) for c in history):
        return "contested"  # a place disputed before, and only the claiming side's own word for it now
    return side
