"""The `qinglian` command. Each command parses options, calls one library function, exits."""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Callable

import click

from .errors import ContentError, QinglianError, format_json, format_text, has_errors

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
@_reports_errors
def check(project_dir: Path, output_format: str) -> int:
    """检查 standards/ 下的全部数据，列出所有问题。"""
    from .project import check as check_project

    _, diagnostics = check_project(project_dir)
    click.echo(format_json(diagnostics) if output_format == "json" else format_text(diagnostics))
    return 1 if has_errors(diagnostics) else 0


@main.command()
@click.option("-o", "--output", "out_dir", default="schemas", type=click.Path(file_okay=False, path_type=Path), help="输出目录")
@_reports_errors
def schema(out_dir: Path) -> None:
    """生成供编辑器补全和校验用的 JSON Schema。"""
    from .schema import write_schemas

    for path in write_schemas(out_dir):
        click.echo(f"已写入 {path}")


@main.command()
@PROJECT_ARG
@click.option("-o", "--output", "out_dir", default=None, type=click.Path(file_okay=False, path_type=Path), help="输出目录（默认 PROJECT_DIR/site）")
@_reports_errors
def build(project_dir: Path, out_dir: Path | None) -> None:
    """检查数据并生成网站与培训手册。"""
    from .project import read_corpus

    corpus = read_corpus(project_dir)
    click.echo(f"检查通过：{len(corpus.entries)} 条记录")
