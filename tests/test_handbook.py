"""Printable handbooks: data, fonts, the Typst compile, the producer and the CLI command.

PDFs are checked through their extracted text and their font resources, never by bytes, except
for the determinism test, which compares two compiles of the same input.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from qinglian.cli import main
from qinglian.core.pipeline import read_corpus
from qinglian.mkdocs.config import project_settings
from qinglian.render.diagram.geometry import TITLE_SIZE
from qinglian.render.diagram.layout import layout
from qinglian.render.handbook import producer as handbooks
from qinglian.render.handbook.compile import (
    HandbookError,
    compile_pdf,
    handbook_data,
    page_count,
    render_handbook,
)
from qinglian.render.handbook.diagram import LANDSCAPE, PORTRAIT, print_diagram
from qinglian.render.handbook.fonts import FontError, FontStack, bundled_paths
from qinglian.render.handbook.producer import placeholder_qr_warning
from qinglian.render.handbook.units import rich
from qinglian.render.settings import FontConfig, Settings
from qinglian.render.site.page import SitePage

from .conftest import FIXTURES, ROOT, edit

HANDBOOK = "school-handbook"
SITE = "https://qinglian.example.gov.cn/"
HOSTILE = '#read("/etc/passwd") $x$ ] #sys.inputs'


def settings(project: Path, **options: object) -> Settings:
    return Settings(project_dir=project, site_url=SITE, **options)  # type: ignore[arg-type]


def build(project: Path, **options: object) -> bytes:
    return render_handbook(read_corpus(project), HANDBOOK, settings(project, **options))


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def pdf(mini: Path) -> bytes:
    return build(mini)


def test_every_indicator_task_and_step_is_in_the_text(mini: Path, pdf: bytes) -> None:
    corpus = read_corpus(mini)
    text = text_of(pdf)
    titles = [i.title for d in corpus.get("school").dimensions for i in d.indicators]  # type: ignore[attr-defined]
    assert titles and [title for title in titles if title not in text] == []
    text = "".join(text.split())  # table cells wrap lines
    titles += [t.what for a in corpus.get("school-four-duties").aspects for t in a.tasks]  # type: ignore[attr-defined]
    titles += [s.title for s in corpus.get("clue-handover").steps]  # type: ignore[attr-defined]
    assert [title for title in titles if title not in text] == []
    for fixed in ("自评表", "自评得分", "扣分说明", "负面清单核查", "做什么", "谁来做", "术语", "依据文件"):
        assert fixed in text
    assert "四责协同" in text and "衡阳日报" in text  # a referenced term and a cited source


def test_the_level_boxes_end_with_not_named(pdf: bytes) -> None:
    """自评等次 offers a box for every outcome, 不予命名 (a vetoed standard) too."""
    text = "".join(text_of(pdf).split())
    assert "未达到等次不予命名负面清单中任一项为“是”的，不予命名。" in text


def test_page_count(pdf: bytes) -> None:
    # cover, contents, standard, 自评表, checklist, procedure (steps; its wide diagram on a
    # landscape page of its own), glossary, sources
    assert page_count(pdf) == len(PdfReader(io.BytesIO(pdf)).pages) == 9


def test_an_embedded_cjk_font(pdf: bytes) -> None:
    embedded = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            for descendant in font.get_object().get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                if any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                    embedded.add(str(descriptor["/FontName"]).split("+")[-1])
    assert {"NotoSerifSC-Regular", "NotoSansSC-Regular"} <= embedded


def test_the_same_input_gives_the_same_bytes(mini: Path, pdf: bytes) -> None:
    assert build(mini) == pdf


def test_hostile_text_prints_literally(mini: Path) -> None:
    requirement = "学校党组织专题研究或部署党风廉政建设和反腐败工作。"
    edit(mini, "standards/units/school.yaml", requirement, f"'{HOSTILE} **要点**'")
    text = text_of(build(mini))
    assert HOSTILE in text.replace("\n", " ")
    assert "要点" in text and "**" not in text
    assert "root:" not in text


def test_a_missing_configured_font_fails_clearly(mini: Path) -> None:
    with pytest.raises(FontError) as caught:
        build(mini, fonts=FontConfig(serif=("不存在的宋体",)))
    assert str(caught.value) == (
        "找不到字体“不存在的宋体”：请确认已安装，或在 fonts.paths 中给出字体文件所在目录"
        "（可用的中文字体示例：Noto Serif SC、Noto Sans SC）"
    )


def test_a_missing_font_path_fails_clearly(mini: Path) -> None:
    with pytest.raises(FontError, match="找不到字体路径“fonts/fangsong.ttf”"):
        build(mini, fonts=FontConfig(paths=("fonts/fangsong.ttf",)))


def test_a_font_unknown_to_typst_is_an_error_not_a_warning(mini: Path) -> None:
    data = handbook_data(read_corpus(mini), HANDBOOK, settings(mini))
    fonts = FontStack(paths=bundled_paths(), serif=("No Such Serif",), sans=("Noto Sans SC",))
    with pytest.raises(HandbookError, match="找不到字体 no such serif"):
        compile_pdf(data, fonts)


def test_configured_fonts_go_first(mini: Path) -> None:
    (mini / "fonts").symlink_to(Path(bundled_paths()[0]), target_is_directory=True)
    pdf = build(mini, fonts=FontConfig(paths=("fonts",), serif=("Noto Sans SC",), sans=("Noto Sans SC",)))
    assert "专题研究部署" in text_of(pdf)
    used = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in PdfReader(io.BytesIO(pdf)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert "NotoSansSC-Regular-Identity-H" in used
    assert "NotoSerifSC-Regular-Identity-H" not in used  # the default serif only as a last resort


def test_qr_codes_need_a_site_url(mini: Path) -> None:
    corpus = read_corpus(mini)
    with_url = handbook_data(corpus, HANDBOOK, settings(mini))
    without = handbook_data(corpus, HANDBOOK, Settings(project_dir=mini))
    assert with_url["handbook"]["qr"].startswith("<svg")
    assert with_url["procedures"][0]["qr"].startswith("<svg")
    assert without["handbook"]["qr"] is None and without["units"][0]["dimensions"][0]["qr"] is None


def test_qr_codes_to_the_example_domain_are_a_warning(mini: Path) -> None:
    corpus = read_corpus(mini)
    warning = placeholder_qr_warning(corpus, settings(mini))
    assert warning and warning.startswith(f"手册中的二维码指向示例网址 {SITE}（mkdocs.yml 的 site_url）")
    real = Settings(project_dir=mini, site_url="https://qinglian.hengyang.gov.cn/")
    assert placeholder_qr_warning(corpus, real) is None
    assert placeholder_qr_warning(corpus, settings(mini, handbooks=False)) is None  # no PDF, no QR code
    assert placeholder_qr_warning(corpus, Settings(project_dir=mini)) is None  # no site_url, no QR code


def test_unknown_handbook_id(mini: Path) -> None:
    result = CliRunner().invoke(main, ["handbook", "no-such", str(mini)])
    assert result.exit_code == 2
    assert "没有 id 为“no-such”的手册；standards/handbooks.yaml 中有：school-handbook" in result.output


def test_cli_writes_one_handbook(mini: Path, tmp_path: Path) -> None:
    (mini / "docs").mkdir()
    (mini / "mkdocs.yml").write_text(
        f"site_name: x\nsite_url: {SITE}\nplugins:\n  - search\n  - qinglian:\n      fonts: {{serif: Noto Serif SC}}\n",
        encoding="utf-8",
    )
    assert project_settings(mini).fonts == FontConfig(serif=("Noto Serif SC",))
    assert project_settings(mini).site_url == SITE
    out = tmp_path / "out.pdf"
    result = CliRunner().invoke(main, ["handbook", HANDBOOK, str(mini), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"已写入 {out}（9 页）" in result.output
    assert "专题研究部署" in text_of(out.read_bytes())


def test_producer_writes_pdfs_and_the_download_page(mini: Path) -> None:
    files = dict(handbooks.produce(read_corpus(mini), settings(mini)))
    assert page_count(files["handbooks/school-handbook.pdf"]) == 9  # type: ignore[arg-type]
    index, page = files["handbooks/index.md"], files["handbooks/school-handbook.md"]
    assert isinstance(index, SitePage) and isinstance(page, SitePage)
    assert (
        '<th scope="row" data-label="手册"><a href="school-handbook.md">清廉学校培训手册</a></th>\n'
        '<td data-label="读者对象">学校党组织书记</td>\n<td data-label="页数" class="ql-num">9</td>\n'
        '<td data-label="下载"><a href="school-handbook.pdf">下载 PDF</a></td>'
    ) in index.body
    assert '<a class="md-button" href="school-handbook.pdf">下载 PDF（9 页）</a>' in page.body


def test_preview_builds_no_pdf(mini: Path) -> None:
    files = dict(handbooks.produce(read_corpus(mini), settings(mini, handbooks=False)))
    assert sorted(files) == ["handbooks/index.md", "handbooks/school-handbook.md"]
    index = files["handbooks/index.md"]
    assert isinstance(index, SitePage) and '<p class="admonition-title">预览模式</p>' in index.body
    assert '<td data-label="下载">预览中不生成</td>' in index.body


def test_rich_splits_paragraphs_lines_and_emphasis() -> None:
    assert rich("甲**乙**丙\n丁\n\n戊**己") == [
        [[{"t": "甲", "b": False}, {"t": "乙", "b": True}, {"t": "丙", "b": False}], [{"t": "丁", "b": False}]],
        [[{"t": "戊**己", "b": False}]],
    ]


# --- the swimlane diagram in print --------------------------------------------------------------


@pytest.mark.parametrize("root", [ROOT, FIXTURES / "diagram", FIXTURES / "mini"])
def test_printed_diagram_text_is_legible_and_bands_fit_their_page(root: Path) -> None:
    corpus = read_corpus(root)
    for proc in corpus.procedures:
        diagram = print_diagram(corpus, proc)
        scale = diagram["width"] / layout(corpus, proc).width
        page_w, page_h = LANDSCAPE if diagram["landscape"] else PORTRAIT
        assert diagram["width"] <= page_w + 0.01, proc.id
        assert TITLE_SIZE * scale >= 8.0, (proc.id, TITLE_SIZE * scale)  # step titles, in pt
        assert diagram["smallest"] >= 7.0, proc.id  # time limits, documents, branch conditions
        heights = [float(band.split('height="', 1)[1].split('"', 1)[0]) * scale for band in diagram["bands"]]
        assert all(height <= page_h for height in heights), (proc.id, heights)


def page_texts(pdf: bytes) -> list[tuple[bool, str]]:
    """(landscape, text without white space) per page."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return [(page.mediabox.width > page.mediabox.height, "".join(page.extract_text().split())) for page in pages]


def test_a_wide_diagram_gets_a_landscape_page_after_the_step_table(pdf: bytes) -> None:
    pages = page_texts(pdf)
    landscape = [i for i, (flipped, _) in enumerate(pages) if flipped]
    assert len(landscape) == 1 and "流程图" in pages[landscape[0]][1]
    assert TABLE in pages[landscape[0] - 1][1]
    assert "流程图见第5页" in pages[landscape[0] - 1][1]  # the facts say where to find it


TABLE = "序号环节责任主体"  # the step table's header row (the contents page names 办理环节 too)


def narrow(project: Path) -> None:
    """Two lanes: a diagram narrow enough for a portrait page."""
    procedure = "standards/procedures/clue-handover.yaml"
    lanes = "lanes: [inspection-team, inspection-office, commission]"
    edit(project, procedure, lanes, "lanes: [inspection-office, commission]")
    edit(project, procedure, "actor: inspection-team", "actor: commission")


def test_a_narrow_diagram_stays_on_the_procedure_page_above_the_table(mini: Path) -> None:
    narrow(mini)
    pages = page_texts(build(mini))
    assert not any(flipped for flipped, _ in pages)
    text = next(text for _, text in pages if TABLE in text)
    assert "流程图" in text and text.index("流程图") < text.index("办理环节") < text.index(TABLE)


def test_a_diagram_that_does_not_fit_below_the_summary_follows_the_table(mini: Path) -> None:
    narrow(mini)
    summary = "巡察组发现问题线索后的移交流程。"
    edit(mini, "standards/procedures/clue-handover.yaml", summary, summary * 60)
    pages = page_texts(build(mini))
    table = next(i for i, (_, text) in enumerate(pages) if TABLE in text)
    assert "流程图" not in pages[table][1]
    assert "流程图" in pages[table + 1][1] and "受理处置" in pages[table + 1][1]


def test_every_band_of_the_default_diagrams_gets_its_own_landscape_page() -> None:
    """No band is pushed off its page (which would leave a page with a lone heading or none)."""
    corpus = read_corpus(ROOT)
    handbook = max(corpus.handbooks, key=lambda h: len(h.procedures))
    pdf = render_handbook(corpus, handbook.id, Settings(project_dir=ROOT))
    bands = [print_diagram(corpus, corpus.get(p))["bands"] for p in handbook.procedures]  # type: ignore[arg-type]
    pages = page_texts(pdf)
    assert sum(flipped for flipped, _ in pages) == sum(len(b) for b in bands) > len(bands)
    assert all(("流程图" in text) != ("（续）" in text) for flipped, text in pages if flipped)


def test_the_v2_sheet_asks_for_counts_amounts_and_ticks_and_names_bars_and_non_passing_levels() -> None:
    project = FIXTURES / "v2"
    pdf = render_handbook(read_corpus(project), "village-handbook", Settings(project_dir=project, site_url=SITE))
    text = "".join(text_of(pdf).split())
    for expected in (
        "评价阶段：自评复评实地查验",
        "村务公开公开栏半年以上未更新，本项不得分：10各项之和减扣分",  # the indicator, its own rule, scored by its items
        "1村级财务收支按季度公开，公开内容完整每少公开1次扣1.5分：次公开内容不全，酌情扣0.5–1.5分：扣分4.5",
        "发生群体性越级上访并造成不良影响（不得评为示范村）",
        "评价年度内出现下列情形之一的，实行一票否决。",
        "有其他创新做法并取得明显成效（视情酌定，最多3分）",
        "不达标（0分及以上，不予命名）",
        "示范村：按不超过参评村总数20%的比例认定。",
        "负面清单事项为“是”的，不得评为其后所列等次；未列等次的，不予命名。",
        "单位负责人（签字）：",
        "填报人（签字）：",
    ):
        assert expected in text, expected
