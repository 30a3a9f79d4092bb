from django.middleware.http import ConditionalGetMiddleware


class ApiConditionalGetMiddleware(ConditionalGetMiddleware):
    """ETags on the API's reads: a client sending If-None-Match gets 304 while the answer is
    unchanged. Only /api/: portal pages are personal and never cached (no-store)."""

    def process_response(self, request, response):
        if not request.path.startswith("/api/v1/"):
            return response
        return super().process_response(request, response)
