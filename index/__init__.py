"""Frontline's engine: documents → passages → indexes → search → claims and caveats → answer.

Nothing here imports Telegram; `bot/` builds on this package, never the reverse.
"""
