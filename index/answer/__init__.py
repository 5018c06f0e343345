"""Question + hits (+ the claim timeline) → Answer with citations and caveats.

The answer is extractive: every statement quotes a stored sentence verbatim
and names who makes the claim; the bot never states a battlefield claim in its
own voice. Caveats travel with the claims they concern. When nothing stored
supports an answer, the answer says so and cites nothing.

One module per step, in the order compose() takes them:

    evidence.py    the values passed between the steps (Evidence, Context)
    choose.py      which sentences to quote, and the claims that decide the holder
    places.py      claims about the place asked about; how the sources spell it
    labels.py      each quote's label ("Latest claim", "Later, after the time asked about") and who says it
    leads.py       the first line, per intent (holder, date, the source's words)
    caveats.py     the caveats the quoted sentences carry
    render.py      citations, "More sources", the source list, the plain-text reply
    vocabulary.py  word tables
    compose.py     the steps in order

The question is read once, by index/question.py (intent and time frame), and
each rule lives in one of these modules.
"""

from index.answer.compose import MIN_DENSE_SCORE, compose
from index.answer.evidence import Context, Evidence
from index.answer.render import CAVEAT_ICONS, source_line, source_list

__all__ = ["CAVEAT_ICONS", "MIN_DENSE_SCORE", "Context", "Evidence", "compose", "source_line", "source_list"]
