"""Self-assessment producer: the 在线自评 page and the workbook of each unit, and the JSON export.

Writes `assess/<unit-id>.md` (an HTML page with a form the browser scores with
`assets/qinglian/assess-score.js`, the reference rules in cents, and runs with `assess.js`; the
answers stay in the browser's localStorage), `assess/<unit-id>.xlsx`, `data/corpus.json` and the page's scripts and stylesheet,
copied from `generator/assets/`. The plugin adds those files to `extra_javascript` / `extra_css`;
the scripts do nothing on pages without a form.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib import resources

from markupsafe import Markup
from qinglian.assessment.answers import STAGES
from qinglian.assessment.form import LEVEL_VETOED, Form, assessment_form
from qinglian.core.corpus import Corpus
from qinglian.core.numbers import json_default
from qinglian.core.urls import (
    ASSESS_SCORE_SCRIPT,
    ASSESS_SCRIPT,
    ASSESS_STYLESHEET,
    CORPUS_JSON,
    assess_page,
    workbook_file,
)
from qinglian.export.corpus_json import corpus_json
from qinglian.export.xlsx import workbook_bytes
from qinglian.render.settings import Settings
from qinglian.render.site.page import Page, SiteFile, SitePage

ASSETS = (ASSESS_SCORE_SCRIPT, ASSESS_SCRIPT, ASSESS_STYLESHEET)  # copied from generator/ to the same path


def script_json(data: object) -> Markup:
    """JSON safe inside <script type="application/json">: no `<` can open or close a tag, so it
    goes into the page as it is (the script element's text is not HTML-decoded)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=json_default)
    return Markup(text.replace("<", "\\u003c"))


def storage_key(settings: Settings, form: Form) -> str:
    """The browser's localStorage key of a form's answers. Every `file://` page shares one storage,
    so the key names the site (its address, else its name) and the edition as well as the standard
    and its edition: answers of one never show up in another."""
    site = settings.site_url.split("://", 1)[-1].rstrip("/") or settings.site_name
    return f"qinglian-assess:{site}:{settings.edition}:{form.unit_id}:{form.edition}"


def render_page(page: Page, form: Form) -> SitePage:
    """The 在线自评 page of one unit (no glossary links: the form repeats the unit page's text)."""
    data = {**form.as_json(), "storageKey": storage_key(page.settings, form)}
    _, rendered = page.render(
        "assess.html.j2",
        assess_page(form.unit_id),
        link_terms=False,
        form=form,
        data=script_json(data),
        vetoed=LEVEL_VETOED,
        stages=STAGES,
        answerable=len(form.rows()),
    )
    return rendered


def _asset(path: str) -> str:
    return (resources.files("qinglian") / path).read_text(encoding="utf-8")


def produce(corpus: Corpus, settings: Settings) -> Iterable[SiteFile]:
    page = Page(corpus, settings)
    for path in ASSETS:
        yield path, _asset(path)
    for unit in sorted(corpus.units, key=lambda unit: unit.id):
        form = assessment_form(unit)
        yield assess_page(unit.id), render_page(page, form)
        yield workbook_file(unit.id), workbook_bytes(form)
    yield CORPUS_JSON, corpus_json(corpus, compact=True, directory_urls=settings.page_directory_urls)
