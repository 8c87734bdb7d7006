from trama.audit import context


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # REMOTE_ADDR only: X-Forwarded-For is set by clients and cannot be trusted unless a
        # known proxy rewrites it (configure the proxy to set REMOTE_ADDR instead).
        token = context.client_address.set(request.META.get("REMOTE_ADDR", ""))
        try:
            return self.get_response(request)
        finally:
            context.client_address.reset(token)
