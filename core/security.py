"""The Content-Security-Policy header of every response.

Scripts come only from our static files: no inline script, no `on*=` handler, no eval. What
each relaxation is for:
- script-src 'wasm-unsafe-eval': d3-graphviz runs Graphviz compiled to WebAssembly (lesson
  diagrams, the sandbox's diagram); this allows compiling WebAssembly, not JavaScript eval.
- style-src 'unsafe-inline': Ace (the sandbox's and the teaching editor's editor) inserts its
  stylesheets as <style> elements at run time, htmx adds its indicator style, and the sandbox's
  timeline places its segments with style attributes. Styles cannot run script.
- img-src data:: Ace's stylesheets draw their gutter icons from data: URLs.
- connect-src ws(s)://this host: the sandbox and the connection check are WebSockets; not
  every browser counts them as 'self'.
"""

from django.core.exceptions import DisallowedHost

POLICY = (
    "default-src 'self'; "
    "script-src 'self' 'wasm-unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; "
    "font-src 'self'; "
    "connect-src 'self' ws://{host} wss://{host}; "
    "object-src 'none'; "
    "base-uri 'self'; "
    "form-action 'self'; "
    "frame-ancestors 'none'"
)


def policy_for(host: str | None) -> str:
    if host is None:
        return POLICY.replace(" ws://{host} wss://{host}", "")
    return POLICY.format(host=host)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            try:
                host = request.get_host()
            except DisallowedHost:  # the 400 page for a host we do not serve: no sockets at all
                host = None
            response["Content-Security-Policy"] = policy_for(host)
        return response
