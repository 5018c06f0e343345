"""Claims from sentences: who says which side did what to which place, and when.

Rules over the sentence, no model. A trigger (took, withdrew from, звільнили,
под контролем, ...) is found first; the places are read from the noun phrase
after it (or before it, for passives and "is under the control of"), with
enumerations giving one claim per place; the side is the nearest side named
before the trigger (or after "by"); the claimant is the party the sentence
attributes it to ("according to X", "X said", "This was reported by X" in the
next sentence, "It added" after an earlier sentence), else the outlet itself.

Who holds a place, from its claims, is the next step's (`index.holder`).

The package, one module per concern (data flows top to bottom):

- `vocabulary`: the words of the rules, as data, per language;
- `place_phrases`: which places a trigger governs;
- `sides`: which side is the doer;
- `dating`, `hedges`: when, and how sure;
- `candidates`: the triggers of a sentence and their places;
- `stances`: what a claim asserts;
- `extract`: sentences to claims (the claimant, one claim per place);
- `article`: rules over the whole article.
"""

from __future__ import annotations

from index.claimants import claimant_side
from index.claims.dating import not_before
from index.claims.extract import extract_claims
from index.claims.stances import claim_id

# Stored claims are re-read from their articles when this changes (Engine.refresh_claims):
# bump it with any change to the rules that changes what they extract.
CLAIM_RULES = "2026-12-02.71+bracketed-asides"

__all__ = ["CLAIM_RULES", "claim_id", "claimant_side", "extract_claims", "not_before"]
