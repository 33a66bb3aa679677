"""Self-assessment producer: the 在线自评 page and the workbook of each unit, and the JSON export.

Writes `assess/<unit-id>.md` (a form the browser scores with `assets/qinglian/assess-score.js`,
the reference rules in cents, and runs with `assess.js`; the answers stay in the browser's
localStorage), `assess/<unit-id>.xlsx`, `data/corpus.json` and the page's scripts and stylesheet,
copied from `generator/assets/`. The plugin adds those files to `extra_javascript` / `extra_css`;
the scripts do nothing on pages without a form.
"""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Iterable
from importlib import resources

from jinja2 import Template
from qinglian.assessment.answers import STAGES
from qinglian.assessment.form import LEVEL_VETOED, Form, assessment_form
from qinglian.core.corpus import Corpus
from qinglian.core.numbers import json_default
from qinglian.core.richtext import flat
from qinglian.core.urls import (
    ASSESS_SCORE_SCRIPT,
    ASSESS_SCRIPT,
    ASSESS_STYLESHEET,
    CORPUS_JSON,
    assess_page,
    page_of,
    workbook_file,
)
from qinglian.export.corpus_json import corpus_json
from qinglian.export.xlsx import workbook_bytes
from qinglian.render.settings import Settings
from qinglian.render.site.markdown import environment, relative

ASSETS = (ASSESS_SCORE_SCRIPT, ASSESS_SCRIPT, ASSESS_STYLESHEET)  # copied from generator/ to the same path


def script_json(data: object) -> str:
    """JSON safe inside <script type="application/json">: no `<` can open or close a tag."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=json_default).replace("<", "\\u003c")


def _attr(text: object) -> str:
    """A text field as an HTML attribute value: one line, no markup."""
    return html.escape(flat(str(text)), quote=True)


@functools.cache
def _template() -> Template:
    """Compiled once: a new environment per page recompiled the template for every unit."""
    env = environment()
    env.filters["attr"] = _attr
    return env.get_template("assess.md.j2")


def storage_key(settings: Settings, form: Form) -> str:
    """The browser's localStorage key of a form's answers. Every `file://` page shares one storage,
    so the key names the site (its address, else its name) and the edition as well as the standard
    and its edition: answers of one never show up in another."""
    site = settings.site_url.split("://", 1)[-1].rstrip("/") or settings.site_name
    return f"qinglian-assess:{site}:{settings.edition}:{form.unit_id}:{form.edition}"


def render_page(corpus: Corpus, form: Form, settings: Settings) -> str:
    page = assess_page(form.unit_id)
    return _template().render(
        form=form,
        data=script_json({**form.as_json(), "storageKey": storage_key(settings, form)}),
        unit_link=relative(page, page_of(corpus, form.unit_id)),
        workbook=relative(page, workbook_file(form.unit_id)),
        vetoed=LEVEL_VETOED,
        stages=STAGES,
        answerable=len(form.rows()),
    )


def _asset(path: str) -> str:
    return (resources.files("qinglian") / path).read_text(encoding="utf-8")


def produce(corpus: Corpus, settings: Settings) -> Iterable[tuple[str, str | bytes]]:
    for path in ASSETS:
        yield path, _asset(path)
    for unit in sorted(corpus.units, key=lambda unit: unit.id):
        form = assessment_form(unit)
        yield assess_page(unit.id), render_page(corpus, form, settings)
        yield workbook_file(unit.id), workbook_bytes(form)
    yield CORPUS_JSON, corpus_json(corpus, compact=True, directory_urls=settings.page_directory_urls)
