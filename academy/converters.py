"""The feed token in a feed address: what ``secrets.token_urlsafe(32)`` gives (43 URL-safe
base64 characters), and nothing else reaches the view."""

from __future__ import annotations

from django.urls import register_converter
from django.urls.converters import StringConverter


class FeedTokenConverter(StringConverter):
    regex = r"[0-9A-Za-z_\-]{43}"


register_converter(FeedTokenConverter, "feed_token")
