"""Frontline's faces: the Telegram bot and the `frontline` command line."""
