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
from index.models import Claim, Holder, Side

# Claims this close to the newest one are read together: a capture claim and the
# other side's denial or concession usually come within days of each other.
WINDOW_DAYS = 14
# A claim this far from every other dated claim about the place is an outlier.
OUTLIER_DAYS = 365
# Deeds near a place that say who held it only by implication: the side that
# advances on, attacks or shells a place does not hold it; the side that repels
# attacks there does. They decide only when no claim in the window says more.
ATTACKER_ACTIONS = frozenset({"advanced near", "attacked", "shelled", "destroyed bridges near"})
DEFENDER_ACTIONS = frozenset({"repelled"})


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
    return alignment(claim.claimant, claim.claimant_kind)


def is_concession(claim: Claim) -> bool:
    """Tell whether a claim is one side admitting the other holds the place."""
    return claim.control in ("Ukraine", "Russia") and speaks_for(claim) == other(claim.control)  # type: ignore[arg-type]


def window(claims: Sequence[Claim], as_of: date | None = None) -> list[Claim]:
    """Return the claims that decide who holds the place as of a day: the newest ones, read together.

    Undated claims count only when no claim up to the day is dated (then the
    answer says its sources are undated).
    """
    pool = [c for c in claims if implied(c) is not None]
    if as_of is not None:
        dated_pool = [c for c in pool if c.claim_date is not None and c.claim_date <= as_of]
        pool = dated_pool or [c for c in pool if c.claim_date is None]
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


def holder_from_claims(claims: Sequence[Claim], as_of: date | None = None) -> Holder:
    """Decide who holds a place from the claims about it.

    Args:
        claims: claims about one place (any order).
        as_of: the last day that counts (claims dated after it, and undated
            ones, are left out); None for the newest claims.

    Returns:
        "Ukraine", "Russia", "contested", or "unknown" when no claim says
        anything about control.
    """
    read = window(claims, as_of)
    history = [c for c in claims if as_of is None or c.claim_date is None or c.claim_date <= as_of]
    if not read:
        return "unknown"
    direct = [c for c in read if c.control is not None]
    if not direct:
        # Only attacks near it: the attacked side holds it, if they all agree.
        sides = {implied(c) for c in read}
        return sides.pop() if len(sides) == 1 else "contested"  # type: ignore[return-value]
    ordered = timeline(direct)
    # The newest concession decides: the side that lost the place says so.
    concession = next((c for c in ordered if is_concession(c)), None)
    if concession is not None:
        later_denial = any(
            c.control == "contested" and c.claim_date and concession.claim_date and c.claim_date > concession.claim_date
            for c in read
        )
        if not later_denial:
            return concession.control  # type: ignore[return-value]
    sides = {c.control for c in direct if c.control in ("Ukraine", "Russia")}
    if len(sides) != 1:
        return "contested"
    side: Side = sides.pop()  # type: ignore[assignment]
    if any(c.control == "contested" for c in direct):
        return "contested"  # a denial, a refusal to confirm, or "part of" beside the claim
    if any(implied(c) == other(side) for c in read if is_indirect(c)):
        return "contested"  # one side claims it while the other still repels attacks there
    backers = [c for c in direct if c.control == side]
    disputed = any(implied(c) in (other(side), "contested") for c in history)
    if disputed and all(speaks_for(c) == side for c in backers):
        return "contested"  # a disputed place, and only the claiming side's own word for it
    return side
