"""Word tables the answer's composition reads (data, not code; the answer's own phrases are in index/phrases.py)."""

from __future__ import annotations

# Words of a source's name that say nothing about which source it is: "Ukraine's
# General Staff" and "the Russian General Staff" share "General Staff", not a speaker.
SPEAKER_FILLER = frozenset({"the", "ukraine", "russia", "ukrainian", "russian"})
