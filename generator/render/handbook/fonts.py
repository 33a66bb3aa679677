"""Font discovery for the handbooks: which serif and sans families Typst will use, and where from.

Search order, per role (serif body, sans headings): the families named in the configuration
(from the font files or folders configured, or installed on the system), then well-known Chinese
system fonts (Noto CJK, Source Han, the Windows 公文 faces), then the Noto Serif SC / Noto Sans SC
that the `pylopdf-fonts-zh-cn` dependency installs, so a fresh machine always has real glyphs.
A configured path or family that does not exist is an error, never a silent fallback.
With `system` off, Typst sees only the configured and bundled fonts: the same PDF on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qinglian.core.diagnostics import UsageError
from qinglian.render.settings import FontConfig

# Tried in order after the configured families; the first one installed wins.
SYSTEM_SERIF = ("Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN", "FangSong", "仿宋", "SimSun", "宋体")
SYSTEM_SANS = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "SimHei", "黑体", "Microsoft YaHei")
BUNDLED_SERIF = "Noto Serif SC"
BUNDLED_SANS = "Noto Sans SC"
# Embedded in Typst itself; covers Latin letters and digits so that CJK quotes stay full width.
LATIN = "Libertinus Serif"


class FontError(UsageError):
    """A configured font that cannot be found."""


@dataclass(frozen=True)
class FontStack:
    """What the Typst compile needs: font files to load and the family lists per role."""

    paths: tuple[str, ...]
    serif: tuple[str, ...]
    sans: tuple[str, ...]
    latin: str = LATIN
    system: bool = True  # Typst may use the fonts installed on this machine


def bundled_paths() -> tuple[str, ...]:
    import pylopdf_fonts_zh_cn as bundled

    return (str(bundled.serif_path().parent),)


def discover(config: FontConfig, project_dir: Path) -> FontStack:
    """The font stack for `config`; `FontError` with a Chinese message if a configured font is missing."""
    import typst

    configured = tuple(str(_existing(project_dir, path)) for path in config.paths)
    paths = tuple(dict.fromkeys(configured + bundled_paths()))
    families = set(typst.Fonts(include_system_fonts=config.system, font_paths=list(paths)).families())
    for name in config.serif + config.sans:
        if name not in families:
            raise FontError(
                f"找不到字体“{name}”：请确认已安装，或在 fonts.paths 中给出字体文件所在目录"
                f"（可用的中文字体示例：{BUNDLED_SERIF}、{BUNDLED_SANS}）"
            )
    serif = _stack(config.serif, SYSTEM_SERIF, BUNDLED_SERIF, families)
    sans = _stack(config.sans, SYSTEM_SANS, BUNDLED_SANS, families)
    return FontStack(paths=paths, serif=serif, sans=sans, system=config.system)


def _existing(project_dir: Path, path: str) -> Path:
    """A configured font folder, or the folder of a configured font file (Typst loads folders)."""
    found = (project_dir / path).resolve()
    if not found.exists():
        raise FontError(f"找不到字体路径“{path}”（fonts.paths，相对于项目目录 {project_dir}）")
    return found if found.is_dir() else found.parent


def _stack(configured: tuple[str, ...], system: tuple[str, ...], bundled: str, families: set[str]) -> tuple[str, ...]:
    """Configured families, the first installed system family, then the bundled one as last resort."""
    stack = list(configured)
    stack += [name for name in system if name in families][:1]
    stack.append(bundled)
    return tuple(dict.fromkeys(stack))
