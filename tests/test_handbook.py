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

from generator.cli import main
from generator.project import read_corpus
from generator.render import Settings, handbooks
from generator.render.fonts import FontError, FontStack, bundled_paths
from generator.render.handbook import (
    HandbookError,
    compile_pdf,
    handbook_data,
    page_count,
    project_settings,
    render_handbook,
)
from generator.render.handbook_units import rich

from .conftest import edit

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


def test_page_count(pdf: bytes) -> None:
    # cover, contents, standard, 自评表, checklist, procedure (diagram and steps), glossary, sources
    assert page_count(pdf) == len(PdfReader(io.BytesIO(pdf)).pages) == 8


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
        build(mini, fonts={"serif": ["不存在的宋体"]})
    assert str(caught.value) == (
        "找不到字体“不存在的宋体”：请确认已安装，或在 fonts.paths 中给出字体文件所在目录"
        "（可用的中文字体示例：Noto Serif SC、Noto Sans SC）"
    )


def test_a_missing_font_path_fails_clearly(mini: Path) -> None:
    with pytest.raises(FontError, match="找不到字体路径“fonts/fangsong.ttf”"):
        build(mini, fonts={"paths": ["fonts/fangsong.ttf"]})


def test_a_font_unknown_to_typst_is_an_error_not_a_warning(mini: Path) -> None:
    data = handbook_data(read_corpus(mini), HANDBOOK, settings(mini))
    fonts = FontStack(paths=bundled_paths(), serif=("No Such Serif",), sans=("Noto Sans SC",))
    with pytest.raises(HandbookError, match="找不到字体 no such serif"):
        compile_pdf(data, fonts)


def test_configured_fonts_go_first(mini: Path) -> None:
    (mini / "fonts").symlink_to(Path(bundled_paths()[0]), target_is_directory=True)
    pdf = build(mini, fonts={"paths": ["fonts"], "serif": "Noto Sans SC", "sans": ["Noto Sans SC"]})
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


def test_unknown_handbook_id(mini: Path) -> None:
    result = CliRunner().invoke(main, ["handbook", "no-such", str(mini)])
    assert result.exit_code == 2
    assert "没有 id 为“no-such”的手册；standards/handbooks.yaml 中有：school-handbook" in result.output


def test_cli_writes_one_handbook(mini: Path, tmp_path: Path) -> None:
    (mini / "mkdocs.yml").write_text(
        f"site_name: x\nsite_url: {SITE}\nplugins:\n  - search\n  - qinglian:\n      fonts: {{serif: [Noto Serif SC]}}\n",
        encoding="utf-8",
    )
    assert project_settings(mini).fonts == {"serif": ["Noto Serif SC"]}
    assert project_settings(mini).site_url == SITE
    out = tmp_path / "out.pdf"
    result = CliRunner().invoke(main, ["handbook", HANDBOOK, str(mini), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"已写入 {out}（8 页）" in result.output
    assert "专题研究部署" in text_of(out.read_bytes())


def test_producer_writes_pdfs_and_the_download_page(mini: Path) -> None:
    files = dict(handbooks.produce(read_corpus(mini), settings(mini)))
    assert page_count(files["handbooks/school-handbook.pdf"]) == 8  # type: ignore[arg-type]
    index = files["handbooks/index.md"]
    assert "| [清廉学校培训手册](school-handbook.md) | 学校党组织书记 | 8 | [下载 PDF](school-handbook.pdf) |" in index
    assert "[下载 PDF（8 页）](school-handbook.pdf)" in files["handbooks/school-handbook.md"]  # type: ignore[operator]


def test_preview_builds_no_pdf(mini: Path) -> None:
    files = dict(handbooks.produce(read_corpus(mini), settings(mini, handbooks=False)))
    assert sorted(files) == ["handbooks/index.md", "handbooks/school-handbook.md"]
    assert "实时预览不生成 PDF 手册" in files["handbooks/index.md"]  # type: ignore[operator]


def test_rich_splits_paragraphs_and_emphasis() -> None:
    assert rich("甲**乙**丙\n丁\n\n戊**己") == [
        [{"t": "甲", "b": False}, {"t": "乙", "b": True}, {"t": "丙丁", "b": False}],
        [{"t": "戊**己", "b": False}],
    ]
