"""The `qinglian` command. Each command parses options, calls one library function, exits."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path

import click
from qinglian.core.diagnostics import ContentError, QinglianError, UsageError, format_json, format_text, has_errors

PROJECT_ARG = click.argument(
    "project_dir", default=".", type=click.Path(file_okay=False, path_type=Path)
)


def _reports_errors(command: Callable[..., int | None]) -> Callable[..., None]:
    """Turns the library's errors into Chinese messages and exit codes 1 (content) / 2 (usage)."""

    @functools.wraps(command)
    def run(*args: object, **kwargs: object) -> None:
        try:
            code = command(*args, **kwargs) or 0
        except ContentError as error:
            click.echo(format_text(error.diagnostics), err=True)
            code = error.exit_code
        except QinglianError as error:
            click.echo(f"错误: {error}", err=True)
            code = error.exit_code
        sys.exit(code)

    return run


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="qinglian", message="qinglian %(version)s")
def main() -> None:
    """清廉标准库：检查标准数据，生成网站与培训手册。"""


@main.command()
@PROJECT_ARG
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", help="输出格式")
@click.option("--staged", is_flag=True, help="检查 git 暂存区中的内容（即将提交的版本），不看工作区中未暂存的修改和未跟踪的文件；供 pre-commit 钩子使用")
@_reports_errors
def check(project_dir: Path, output_format: str, staged: bool) -> int:
    """检查 standards/ 下的全部数据和 content/ 中的记录链接，列出所有问题。"""
    from qinglian.core.pipeline import check as check_project

    if staged:
        from qinglian.revisions.staged import staged_project

        with staged_project(project_dir) as copy:
            _, diagnostics = check_project(copy)
    else:
        _, diagnostics = check_project(project_dir)
    click.echo(format_json(diagnostics) if output_format == "json" else format_text(diagnostics))
    return 1 if has_errors(diagnostics) else 0


@main.command()
@click.option("-o", "--output", "out_dir", default="schemas", type=click.Path(file_okay=False, path_type=Path), help="输出目录")
@_reports_errors
def schema(out_dir: Path) -> None:
    """生成供编辑器补全和校验用的 JSON Schema。"""
    from qinglian.core.schema import write_schemas

    for path in write_schemas(out_dir):
        click.echo(f"已写入 {path}")


@main.command()
@PROJECT_ARG
@click.option("-o", "--output", "out_dir", default=None, type=click.Path(file_okay=False, path_type=Path), help="输出目录（默认 PROJECT_DIR/site）")
@_reports_errors
def build(project_dir: Path, out_dir: Path | None) -> None:
    """检查数据并生成网站与培训手册（先生成到临时目录，成功后再替换输出目录）。"""
    from qinglian.mkdocs.build import build as build_site

    site = build_site(project_dir, out_dir)
    click.echo(f"网站已生成：{site}")


@main.command()
@PROJECT_ARG
@click.option("-o", "--output", "out_file", default=None, type=click.Path(dir_okay=False, path_type=Path), help="输出文件（默认 PROJECT_DIR/site/qinglian-offline.zip）")
@_reports_errors
def offline(project_dir: Path, out_file: Path | None) -> None:
    """生成离线版：整个网站（含检索、自评、手册）打包为一个 zip，解压后用浏览器打开 index.html 即可使用。"""
    from qinglian.mkdocs.offline import write_zip

    target = write_zip(project_dir, out_file)
    click.echo(f"离线版已生成：{target}（{target.stat().st_size / 1_000_000:.1f} MB）")


@main.command()
@PROJECT_ARG
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="预览服务的地址和端口（地址:端口）")
@_reports_errors
def serve(project_dir: Path, dev_addr: str) -> None:
    """实时预览网站：修改 standards/ 或 content/ 后自动重新生成；有错误时在终端和页面底部列出问题，页面保留上一次正确的内容。"""
    from qinglian.mkdocs.serve import serve as serve_site

    serve_site(project_dir, dev_addr, say=click.echo)


@main.command()
@click.argument("editions", nargs=-1, metavar="OLD [NEW] [PROJECT_DIR]")
@click.option("--project", "project_option", default=None, type=click.Path(file_okay=False, path_type=Path), help="项目目录（也可作为最后一个参数给出）")
@click.option("--format", "output_format", type=click.Choice(["text", "markdown", "json"]), default="text", help="输出格式")
@_reports_errors
def diff(editions: tuple[str, ...], project_option: Path | None, output_format: str) -> None:
    """对照两个版本的标准数据：OLD、NEW 为 git 修订版本（标签、提交、分支）或目录，NEW 默认为项目的工作区。

    只给两个参数且第二个是目录时，它是项目目录（PROJECT_DIR，默认当前目录）。
    """
    from qinglian.render.site import revisions
    from qinglian.revisions.editions import compare_editions

    old, new, project_dir = _diff_arguments(editions, project_option)
    result = compare_editions(project_dir, old, new)
    formats = {"text": revisions.format_text, "markdown": revisions.markdown, "json": revisions.format_json}
    click.echo(formats[output_format](result))


def _diff_arguments(editions: tuple[str, ...], project_option: Path | None) -> tuple[str, str | None, Path]:
    """OLD [NEW] [PROJECT_DIR]: two arguments are OLD and PROJECT_DIR when the second is a folder
    and no --project is given (NEW is then the project's working tree)."""
    if not 1 <= len(editions) <= (2 if project_option else 3):
        raise click.UsageError("应给出 OLD [NEW] [PROJECT_DIR]" + ("（已用 --project 指定项目目录）" if project_option else ""))
    old, rest = editions[0], list(editions[1:])
    if len(rest) == 2 or (len(rest) == 1 and project_option is None and Path(rest[0]).is_dir()):
        project_option = Path(rest.pop())
    return old, rest[0] if rest else None, project_option or Path(".")


@main.command()
@click.argument("old")
@click.argument("new")
@PROJECT_ARG
@_reports_errors
def rename(old: str, new: str, project_dir: Path) -> None:
    """把 id OLD 改为 NEW：修改 standards/ 中的全部引用和 content/ 中指向它的链接，并在记录上写明 replaces: OLD。"""
    from qinglian.core.rename import rename as rename_id

    done = rename_id(project_dir, old, new)
    click.echo(f"已将 '{old}' 更名为 '{new}'，修改了 {done.references} 处引用，涉及 {len(done.files)} 个文件：")
    click.echo("\n".join(f"  {path}" for path in done.files))
    if done.moved is not None:
        click.echo(f"文件 {done.moved[0]} 已改名为 {done.moved[1]}（id 必须与文件名一致）；网站在旧网址保留一个跳转页")
    for note in done.notes:
        click.echo(f"注意：{note}")


@main.command()
@click.argument("kind", type=click.Choice(["unit", "checklist", "procedure"]))
@click.argument("record_id", metavar="ID")
@PROJECT_ARG
@_reports_errors
def new(kind: str, record_id: str, project_dir: Path) -> None:
    """新建单元标准（unit）、责任清单（checklist）或联动程序（procedure）的骨架文件。"""
    from qinglian.core.scaffold import new_file

    _, notes = new_file(kind, record_id, project_dir)
    click.echo("\n".join(notes))


@main.group()
def export() -> None:
    """导出 Excel 自评表或全部标准数据（JSON），供其他系统使用。"""


@export.command("xlsx")
@click.option("--unit", "unit_id", default=None, help="单元标准 id（标准库只有一个单元标准时可省略）")
@PROJECT_ARG
@click.option("-o", "--output", "out_file", default=None, type=click.Path(dir_okay=False, path_type=Path), help="输出文件（默认 ID.xlsx）")
@_reports_errors
def export_xlsx(unit_id: str | None, project_dir: Path, out_file: Path | None) -> None:
    """生成单元标准的 Excel 自评表：得分校验，小计、总分和等次公式，负面清单，A4 打印设置。"""
    from qinglian.assessment.form import assessment_form, find_unit
    from qinglian.core.pipeline import read_corpus
    from qinglian.export.xlsx import workbook_bytes

    unit = find_unit(read_corpus(project_dir), unit_id)
    target = out_file or Path(f"{unit.id}.xlsx")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(workbook_bytes(assessment_form(unit)))
    click.echo(f"已写入 {target}")


@export.command("json")
@PROJECT_ARG
@click.option("-o", "--output", "out_file", default="corpus.json", show_default=True, help="输出文件（- 表示标准输出）")
@_reports_errors
def export_json(project_dir: Path, out_file: str) -> None:
    """把全部标准数据（含显示编号、网址和反向链接）导出为一个有说明的 JSON 文件。"""
    from qinglian.core.pipeline import read_corpus
    from qinglian.export.corpus_json import corpus_json

    text = corpus_json(read_corpus(project_dir))
    if out_file == "-":
        click.echo(text, nl=False)
        return
    target = Path(out_file)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    click.echo(f"已写入 {target}")


@main.group()
def assess() -> None:
    """自评答卷的汇总与核对。"""


@assess.command("summary")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--project", "project_dir", default=".", type=click.Path(file_okay=False, path_type=Path), help="标准库目录")
@click.option("--unit", "unit_id", default=None, help="单元标准 id（默认取答卷所属的标准）")
@click.option("--stage", "stages", multiple=True, type=click.Choice(["自评", "复评", "实地查验"]), help="只汇总该阶段（可重复）")
@click.option("-o", "--output", "out_dir", default=".", type=click.Path(file_okay=False, path_type=Path), help="输出目录")
@click.option("--no-pdf", is_flag=True, help="不生成 PDF")
@_reports_errors
def assess_summary(paths: tuple[Path, ...], project_dir: Path, unit_id: str | None, stages: tuple[str, ...],
                   out_dir: Path, no_pdf: bool) -> None:
    """汇总多个单位的 JSON 答卷和 Excel 自评表：重新计分、排名、统计、列出问题，写出评审汇总.xlsx/.html/.pdf。"""
    from qinglian.core.pipeline import read_corpus
    from qinglian.mkdocs.build import STAMP
    from qinglian.mkdocs.config import project_settings
    from qinglian.render.handbook.fonts import discover
    from qinglian.render.summary_outputs import build_summary, write_summary

    site = next((folder for folder in (out_dir.resolve(), *out_dir.resolve().parents) if (folder / STAMP).is_file()), None)
    if site is not None:  # summaries are working documents: never into a published site
        raise UsageError(f"评审汇总是工作文件，不能写入 qinglian build 生成的网站目录 {site}；请另选输出目录")
    settings = project_settings(project_dir)
    summary = build_summary(read_corpus(project_dir), unit_id, list(paths), stages)
    fonts = None if no_pdf else discover(settings.fonts, settings.project_dir)
    for path in write_summary(summary, out_dir, fonts):
        click.echo(f"已写入 {path}")
    click.echo(f"文件 {summary.files} 份，计入单位 {len(summary.ranking)} 个，问题 {len(summary.problems)} 条")


@main.command()
@click.argument("handbook_id", metavar="ID")
@PROJECT_ARG
@click.option("-o", "--output", "out_file", default=None, type=click.Path(dir_okay=False, path_type=Path), help="输出文件（默认 ID.pdf）")
@_reports_errors
def handbook(handbook_id: str, project_dir: Path, out_file: Path | None) -> None:
    """生成一本培训手册 PDF（ID 为 standards/handbooks.yaml 中的手册 id）。"""
    from qinglian.core.pipeline import read_corpus
    from qinglian.mkdocs.config import project_settings
    from qinglian.render.handbook.compile import page_count, render_handbook

    settings = project_settings(project_dir)  # a broken mkdocs.yml is reported before the slow part
    pdf = render_handbook(read_corpus(project_dir), handbook_id, settings)
    target = out_file or Path(f"{handbook_id}.pdf")
    target.write_bytes(pdf)
    click.echo(f"已写入 {target}（{page_count(pdf)} 页）")
