"""Thin adapters: Telegram update -> plain facts -> policy -> actions."""
