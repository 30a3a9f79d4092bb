"""Rate limits per token (and per address for the public endpoints)."""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class PerTokenThrottle(SimpleRateThrottle):
    """Each token its own budget: one busy integration does not use up its owner's others."""

    scope = "token"

    def get_rate(self) -> str:
        # Read live (DRF reloads its settings when they change), not a copy from import time.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def allow_request(self, request, view) -> bool:
        self.scope = "token" if request.auth is not None else "anonymous"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view) -> str:
        if request.auth is not None:
            return f"api-throttle:token:{request.auth.pk}"
        return f"api-throttle:address:{self.get_ident(request)}"
