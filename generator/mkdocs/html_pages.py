"""Hands the generated HTML pages to MkDocs without Python-Markdown.

MkDocs reads a generated page's front matter (a `.md` file with no body), converts nothing, and
the plugin puts the page's HTML in after conversion (`on_page_content`). What Python-Markdown
would have told MkDocs is set here from what the generator already knows: the table of contents
(for Material's sidebar and search), the anchors a link may point to, and the page's links, each
turned into a URL and validated as MkDocs validates Markdown links (a missing page or anchor is a
warning, which `strict` turns into a failed build).
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Sequence

from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import TableOfContents, get_toc
from mkdocs.utils import get_relative_url
from qinglian.render.site.page import Heading

# A relative link our templates write: a docs path (no scheme, no leading slash) and/or #anchor.
_LINK = re.compile(r'href="(?![a-z][a-z0-9+.-]*:|/)([^"#]*)(?:#([^"]*))?"')
_ID = re.compile(r' id="([^"]+)"')

Links = dict[File, dict[str, str]]  # MkDocs' Page.links_to_anchors: file -> {anchor: link as written}


@functools.lru_cache(maxsize=65536)
def _url(target_url: str, from_url: str) -> str:
    return get_relative_url(target_url, from_url)


def resolve_links(body: str, file: File, files: Files) -> tuple[str, Links, list[str]]:
    """The body with every docs link as a URL relative to the page; the links to anchors, for
    MkDocs' anchor validation; and a message per link to a file that is not in the site."""
    folder = posixpath.dirname(file.src_uri)
    links: Links = {}
    missing: list[str] = []

    def resolve(match: re.Match[str]) -> str:
        path, anchor = match.group(1), match.group(2)
        target = file if not path else files.get_file_from_path(posixpath.normpath(posixpath.join(folder, path)))
        if target is None:
            missing.append(
                f"Doc file '{file.src_uri}' contains a link '{match.group(1)}', but the target "
                f"'{posixpath.normpath(posixpath.join(folder, path))}' is not found among documentation files."
            )
            return match.group(0)
        if anchor:
            links.setdefault(target, {}).setdefault(anchor, f"{path}#{anchor}")
        url = _url(target.url, file.url) if path else ""
        return f'href="{url}#{anchor}"' if anchor is not None else f'href="{url}"'

    return _LINK.sub(resolve, body), links, missing


def anchor_ids(body: str) -> set[str]:
    """Every id on the page: what a `#anchor` link to it may name."""
    return set(_ID.findall(body))


def table_of_contents(headings: Sequence[Heading]) -> TableOfContents:
    """MkDocs' table of contents from the page's headings, nested by level as the toc extension does."""
    roots: list[dict] = []  # type: ignore[type-arg]
    stack: list[dict] = []  # type: ignore[type-arg]
    for heading in headings:
        token = {"level": heading.level, "id": heading.anchor, "name": heading.title, "children": []}
        while stack and stack[-1]["level"] >= heading.level:
            stack.pop()
        (stack[-1]["children"] if stack else roots).append(token)
        stack.append(token)
    return get_toc(roots)  # type: ignore[arg-type]
