"""Lesson Markdown to safe HTML, with its table of contents, plain text and runnable blocks.

markdown-it-py (CommonMark + tables) with mdit-py-plugins: `## Title {#anchor}` heading ids
(kept by the anchors plugin, which adds the permalinks), `::: notes KEY` asides (container),
Pygments for code. Runnable blocks, asides and diagrams are HTML fragments from
`learn/fences.html`; the whole page then goes through nh3 with an allowlist of exactly the
markup made here, so raw HTML or `javascript:` links in a lesson file end up as text or
nothing. Rendering happens once, when content is loaded, in the lesson's language.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

import nh3
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.container import container_plugin
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.util import ClassNotFound

from learn.blocks import Info, block_record, parse_info

# Part of every lesson's source hash: bump it when the HTML made here changes, so that
# `loadcontent` renders every lesson again.
RENDERER_VERSION = "2"

TRAILING_ID = re.compile(r"\s*\{#([A-Za-z][A-Za-z0-9_-]*)\}\s*$")
NOTES_KEY = re.compile(r"^notes\s+([a-z0-9][a-z0-9-]*)\s*$")
FORMATTER = HtmlFormatter(nowrap=True)

ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "ul", "ol", "li", "a", "code", "pre", "span", "div", "strong", "em",
    "del", "table", "thead", "tbody", "tr", "th", "td", "blockquote", "hr", "br", "figure",
    "figcaption", "details", "summary",
}
ALLOWED_ATTRIBUTES = {
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "a": {"href", "class", "aria-label"},
    "code": {"class"},
    "pre": {"class", "hidden", "tabindex"},  # tabindex: wide code scrolls, by keyboard too
    "span": {"class"},
    "div": {"class", "role", "aria-label", "data-block", "data-kind", "data-file", "data-notes",
            "data-diagram"},
    "figure": {"class"},
    "table": {"tabindex"},
    "th": {"style"},
    "td": {"style"},
    "ol": {"start"},
}


@dataclass
class Rendered:
    html: str
    toc: list[dict] = field(default_factory=list)  # {"id", "title", "level"} for h2 and h3
    text: str = ""  # plain text, for search
    blocks: list[dict] = field(default_factory=list)  # runnable blocks, see learn.blocks
    anchors: list[str] = field(default_factory=list)  # every heading id, in order
    links: list[str] = field(default_factory=list)  # every link target, in order
    notes: list[str] = field(default_factory=list)  # keys of the `::: notes KEY` asides
    has_diagrams: bool = False
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message)


def render_lesson(body: str, slug: str, language: str) -> Rendered:
    """Render one lesson body (without front matter) in its language."""
    env = {"slug": slug, "language": language, "blocks": [], "notes": [], "diagrams": 0}
    with translation.override(language):
        md = _markdown()
        tokens = md.parse(body, env)
        html = md.renderer.render(tokens, md.options, env)
    rendered = Rendered(html=sanitise(html), blocks=env["blocks"], notes=env["notes"],
                        has_diagrams=env["diagrams"] > 0)
    rendered.problems = [(line, "a heading without a {#anchor} at its end")
                         for line in env.get("missing_ids", [])]
    _collect(tokens, rendered)
    return rendered


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        filter_style_properties={"text-align"},
        link_rel=None,
        strip_comments=True,
    )


def runnable_blocks(body: str) -> list[tuple[int, Info, str]]:
    """(line, info, text) of every runnable fence, without rendering (for parity checks)."""
    md = MarkdownIt("commonmark")
    found = []
    for token in md.parse(body):
        if token.type == "fence":
            info = parse_info(token.info)
            if info.runnable:
                found.append((token.map[0] + 1, info, token.content))
    return found


def _markdown() -> MarkdownIt:
    # Raw HTML in a lesson is shown as text (html=False); links are checked by
    # markdown-it's validateLink and again by nh3.
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    md.core.ruler.after("inline", "heading_ids", _heading_ids)
    md.use(anchors_plugin, min_level=2, max_level=4, permalink=True, permalinkSymbol="#")
    md.core.ruler.push("permalink_labels", _permalink_labels)
    md.use(container_plugin, "notes", validate=lambda params, *args: bool(
        NOTES_KEY.match(params.strip())), render=_render_notes)
    md.add_render_rule("fence", _render_fence)
    md.core.ruler.push("scrollable_tables", _scrollable_tables)
    return md


def _scrollable_tables(state: StateCore) -> None:
    # A wide table scrolls sideways on a phone; keyboard users must be able to scroll it too.
    for token in state.tokens:
        if token.type == "table_open":
            token.attrSet("tabindex", "0")


def _heading_ids(state: StateCore) -> None:
    """`## Title {#anchor}`: the trailing `{#anchor}` becomes the heading's id."""
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[i + 1]
        last = inline.children[-1] if inline.children else None
        if last is None or last.type != "text":
            state.env.setdefault("missing_ids", []).append(token.map[0] + 1)
            continue
        match = TRAILING_ID.search(last.content)
        if not match:
            state.env.setdefault("missing_ids", []).append(token.map[0] + 1)
            continue
        last.content = last.content[: match.start()]
        inline.content = TRAILING_ID.sub("", inline.content)
        token.attrSet("id", match.group(1))


def _permalink_labels(state: StateCore) -> None:
    label = translation.gettext("Link to this section")
    for token in state.tokens:
        if token.type != "inline":
            continue
        for child in token.children or []:
            if child.type == "link_open" and child.attrGet("class") == "header-anchor":
                child.attrSet("aria-label", label)


def _render_notes(self, tokens, idx, options, env):
    token = tokens[idx]
    if token.nesting == 1:
        key = NOTES_KEY.match(token.info.strip()).group(1)
        env["notes"].append(key)
        return render_to_string("learn/fences.html#notes-open", {"key": key})
    return render_to_string("learn/fences.html#notes-close")


def _render_fence(self, tokens, idx, options, env):
    token = tokens[idx]
    info = parse_info(token.info)
    if info.language == "dot":
        env["diagrams"] += 1
        return render_to_string("learn/fences.html#diagram", {
            "dot": token.content, "alt": info.attrs.get("alt", ""), "number": env["diagrams"],
        })
    code = mark_safe(highlight(token.content, _lexer(info.language), FORMATTER))
    if not info.runnable:
        return render_to_string("learn/fences.html#code", {"code": code, "language": info.language})
    index = len(env["blocks"])
    record = block_record(info, token.content)
    env["blocks"].append(record)
    query = {"lesson": env["slug"], "block": index}
    if record["kind"] == "console":
        query["command"] = "\n".join(record["commands"])
    return render_to_string("learn/fences.html#runnable", {
        "block": record,
        "index": index,
        "code": code,
        "language": info.language,
        "sandbox_url": reverse("labs:sandbox") + "?" + urlencode(query),
    })


def _lexer(language: str):
    try:
        return get_lexer_by_name(language or "text")
    except ClassNotFound:
        return TextLexer()


def _collect(tokens, rendered: Rendered) -> None:
    """Headings, links and plain text from the parsed tokens."""
    text: list[str] = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            anchor = token.attrGet("id")
            title = _plain(tokens[i + 1])
            rendered.anchors.append(anchor)
            if token.tag in ("h2", "h3"):
                rendered.toc.append({"id": anchor, "title": title, "level": int(token.tag[1])})
        elif token.type == "inline":
            text.append(_plain(token))
            for child in token.children or []:
                if child.type == "link_open" and child.attrGet("class") != "header-anchor":
                    rendered.links.append(child.attrGet("href"))
        elif token.type == "fence" and parse_info(token.info).language != "dot":
            text.append(token.content.rstrip("\n"))
    rendered.text = "\n".join(part for part in text if part)


def _plain(inline) -> str:
    parts = []
    for child in inline.children or []:
        if child.type == "link_open" and child.attrGet("class") == "header-anchor":
            break  # the permalink is not part of the title
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()
