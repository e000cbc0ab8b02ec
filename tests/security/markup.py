"""Reading rendered HTML as a browser would, to tell text from markup: a payload is harmless
when it arrives as text (escaped), and harmful when it becomes a tag, an attribute or a URL."""

from html.parser import HTMLParser

SCRIPTABLE_TAGS = {"script", "iframe", "object", "embed", "img", "svg", "style", "form", "input", "base", "meta",
                   "link", "math", "video", "audio", "frame", "frameset", "xmp", "title", "textarea", "template"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "poster"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


def text_of(html: str) -> str:
    """What the page shows as text (entities decoded, tags dropped)."""
    return "".join(parse(html).text)


def dangers(html: str, allowed_tags: set[str] = frozenset()) -> list[str]:
    """Everything in `html` that could run script: event handler attributes, javascript: or
    data: URLs, and tags that load or run things (unless listed in `allowed_tags`)."""
    found = []
    for tag, attrs in parse(html).tags:
        if tag in SCRIPTABLE_TAGS and tag not in allowed_tags:
            found.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}=...>")
            if name in URL_ATTRIBUTES and value.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                found.append(f"<{tag} {name}={value[:30]!r}>")
    return found


def _runs(attribute: str) -> bool:
    return attribute.startswith("on") or attribute in URL_ATTRIBUTES | {"style", "hx-get", "hx-post", "hx-on"}


class _Carriers(HTMLParser):
    """Tags whose name, attribute names or values hold `marker`, and script or style
    elements whose content does: what a payload becomes when it is not escaped."""

    def __init__(self, marker: str):
        super().__init__(convert_charrefs=True)
        self.marker, self.found, self.inside = marker, [], []

    def handle_starttag(self, tag, attrs):
        # A payload inside a text-like value (data-*, title, value) is text; in a tag or an
        # attribute name, or in the value of one that loads or runs things, it is markup.
        if self.marker in tag or any(
                self.marker in name or (_runs(name) and self.marker in (value or "")) for name, value in attrs):
            self.found.append(f"<{tag} {attrs}>")
        if tag in ("script", "style"):
            # A JSON data block (Django's json_script) is not run; it escapes every `<`.
            data = tag == "script" and dict(attrs).get("type") == "application/json"
            self.inside.append("json" if data else tag)

    def handle_endtag(self, tag):
        if self.inside and self.inside[-1] in (tag, "json"):
            self.inside.pop()

    def handle_data(self, data):
        if self.inside and self.inside[-1] == "json":
            if "<" in data:
                self.found.append(f"<script type=application/json>{data[:60]}")
        elif self.inside and self.marker in data:
            self.found.append(f"<{self.inside[-1]}>{data[:60]}")


def markup_carrying(html: str, marker: str = "pwned") -> list[str]:
    carriers = _Carriers(marker)
    carriers.feed(html)
    carriers.close()
    return carriers.found
