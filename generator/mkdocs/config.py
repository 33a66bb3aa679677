"""The plugin's options in mkdocs.yml, typed with MkDocs' config classes, and mkdocs.yml itself read
by MkDocs' own loader for commands that run outside a build (`qinglian handbook`).

Option errors are Chinese sentences that name the option (`fonts.serif 应为……`), raised while
MkDocs loads the configuration, before anything is built.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from mkdocs.config import config_options
from mkdocs.config.base import Config, ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from qinglian.core.diagnostics import UsageError
from qinglian.render.settings import FontConfig, Settings

T = TypeVar("T")
CONFIG_FILE = "mkdocs.yml"


def _shown(value: object) -> str:
    """A value as the user wrote it in YAML, more or less."""
    return json.dumps(value, ensure_ascii=False, default=str)


class _Option(config_options.OptionallyRequired[T]):
    """An option with Chinese errors. They leave out the option's name: MkDocs puts it in front
    (`Plugin 'qinglian' option 'handbooks': …`), or `Fonts` for its sub-options."""

    @staticmethod
    def fail(expected: str, value: object) -> ValidationError:
        return ValidationError(f"应为{expected}，而不是 {_shown(value)}")


class Flag(_Option[bool]):
    def __init__(self, default: bool) -> None:
        super().__init__(default=default)

    def run_validation(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise self.fail(" true 或 false", value)
        return value


class Text(_Option[str]):
    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail("非空字符串（数字形式的标签请加引号）", value)
        return value


class Names(_Option[list[str]]):
    """A name or a list of names; one name is a list of one."""

    def __init__(self) -> None:
        super().__init__(default=[])

    def run_validation(self, value: object) -> list[str]:
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            raise self.fail("字符串或字符串列表", value)
        return list(values)


class ProjectDir(config_options.Dir):
    """An existing folder, relative to mkdocs.yml."""

    def __init__(self) -> None:
        super().__init__(exists=True)

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str):
            raise _Option.fail("目录路径", value)
        try:
            return super().run_validation(value)
        except ValidationError:
            raise ValidationError(f"目录不存在：{value}") from None


class ZipInSite(_Option[str]):
    """A relative path inside the site, ending in .zip."""

    def run_validation(self, value: object) -> str:
        path = PurePosixPath(value) if isinstance(value, str) else None
        if path is None or path.is_absolute() or ".." in path.parts or path.suffix != ".zip" or "\\" in str(value):
            raise self.fail("网站中以 .zip 结尾的相对路径（如 qinglian-offline.zip）", value)
        return path.as_posix()


class FontsConfig(Config):  # type: ignore[no-untyped-call]  # MkDocs leaves __init_subclass__ untyped
    paths = Names()  # font files or folders, relative to the project folder
    serif = Names()  # body text families, preferred first
    sans = Names()  # heading families, preferred first
    system = Flag(default=True)  # false: only configured and bundled fonts, the same PDF everywhere


class Fonts(config_options.SubConfig[FontsConfig]):
    """`fonts:` as a typed sub-config; an unknown key is an error, not MkDocs' warning."""

    _name: str

    def run_validation(self, value: object) -> FontsConfig:
        keys = "、".join(key for key, _ in FontsConfig._schema)
        value = {} if value is None else value
        if not isinstance(value, dict):
            raise ValidationError(f"{self._name}：应为映射，可含 {keys}，而不是 {_shown(value)}")
        unknown = sorted(set(value) - {key for key, _ in FontsConfig._schema}, key=str)
        if unknown:
            raise ValidationError(f"{self._name}：没有“{unknown[0]}”这一项；可用的有 {keys}")
        config = FontsConfig(config_file_path=self._config_file_path)
        config.load_dict(value)
        failed, _ = config.validate()
        if failed:
            key, error = failed[0]
            raise ValidationError(f"{self._name}.{key}：{error}")
        return config


class QinglianConfig(Config):  # type: ignore[no-untyped-call]
    project_dir = config_options.Optional(ProjectDir())  # the folder holding standards/
    handbooks = Flag(default=True)  # compile the PDF handbooks
    fonts = Fonts()  # the handbooks' fonts
    baseline = config_options.Optional(Text())  # the edition the 修订对照表 compares against
    offline_zip = config_options.Optional(ZipInSite())  # also build the offline edition, as this file


def font_config(fonts: FontsConfig) -> FontConfig:
    """The typed option as the render side takes it: a frozen dataclass, no MkDocs types."""
    return FontConfig(paths=tuple(fonts.paths), serif=tuple(fonts.serif), sans=tuple(fonts.sans), system=fonts.system)


# --- mkdocs.yml read by MkDocs' loader -----------------------------------------------------------

_PLUGIN_OPTION = re.compile(r"Config value 'plugins': Plugin '(?P<plugin>[^']+)' option '(?P<option>[^']+)': ")
_CONFIG_VALUE = re.compile(r"Config value '(?P<key>[^']+)': ")


def describe(message: str) -> str:
    """MkDocs' English frame around a config error, in Chinese; our own messages name the option."""
    match = _PLUGIN_OPTION.match(message)
    if match:
        rest = message[match.end():]
        option = match["option"]
        return f"插件 {match['plugin']} 的选项 " + (rest if rest.startswith(option) else f"{option}：{rest}")
    match = _CONFIG_VALUE.match(message)
    return f"配置项 {match['key']}：{message[match.end():]}" if match else message


class _Collected(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _collecting(logger: logging.Logger) -> Iterator[_Collected]:
    """Holds back the loader's messages; the caller reports errors, warnings are replayed."""
    collected, propagate = _Collected(), logger.propagate
    logger.addHandler(collected)
    logger.propagate = False
    try:
        yield collected
    finally:
        logger.removeHandler(collected)
        logger.propagate = propagate


def load(config_file: Path, **overrides: Any) -> MkDocsConfig:
    """mkdocs.yml loaded and validated by MkDocs; `UsageError` in Chinese listing what is wrong."""
    from mkdocs.config import load_config

    logger = logging.getLogger("mkdocs.config")
    with _collecting(logger) as collected:
        try:
            config = load_config(str(config_file), **overrides)
        except (MkDocsException, SystemExit) as error:
            problems = [describe(r.getMessage()) for r in collected.records] or [str(error)]
            warned = collected.records and all(r.levelno < logging.ERROR for r in collected.records)
            strict = "（strict 模式下警告也按错误处理）" if warned else ""
            lines = "\n".join(f"  {problem}" for problem in problems)
            raise UsageError(f"{config_file} 配置有误{strict}：\n{lines}") from None
    for record in collected.records:
        logger.handle(record)
    return config


def qinglian_plugins(config: MkDocsConfig) -> list[Any]:
    """The qinglian plugins listed in `config` (normally one), found by the type of their options:
    the plugin module imports the build wrappers that ask, so importing it would make a cycle."""
    return [plugin for plugin in config.plugins.values() if isinstance(plugin.config, QinglianConfig)]


def plugin_options(config: MkDocsConfig) -> QinglianConfig | None:
    """The options of the (first) qinglian plugin in `config`, None when it is not listed."""
    plugins = qinglian_plugins(config)
    return plugins[0].config if plugins else None


def project_settings(project_dir: Path) -> Settings:
    """Settings for a handbook built outside a site build: `site_url`, `use_directory_urls` (the
    form of the QR codes' URLs) and `fonts` from mkdocs.yml, read by MkDocs as `qinglian build`
    reads it; defaults when the project has no mkdocs.yml."""
    config_file = project_dir / CONFIG_FILE
    if not config_file.is_file():
        return Settings(project_dir=project_dir)
    config = load(config_file)
    options = plugin_options(config)
    fonts = font_config(options.fonts) if options is not None else FontConfig()
    return Settings(
        project_dir=project_dir, site_url=config.site_url or "", directory_urls=config.use_directory_urls, fonts=fonts
    )
