"""A folder as a reproducible zip: the same files give the same bytes, on any machine and day.

Entries are sorted, every timestamp is the content's date, permissions are fixed (0644 files,
0755 folders) and the archive names Unix as its system, whatever the umask or platform. Names
must be ASCII: Windows' built-in unzip reads names in the local code page, not UTF-8.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from qinglian.core.diagnostics import QinglianError

# Already compressed: stored as is, which is faster and no larger.
STORED = frozenset({".pdf", ".xlsx", ".zip", ".gz", ".png", ".jpg", ".jpeg", ".woff", ".woff2"})
EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold


def _date_time(date: str) -> tuple[int, int, int, int, int, int]:
    """`YYYY-MM-DD` -> a zip timestamp at midnight; the zip epoch when there is no date."""
    try:
        year, month, day = (int(part) for part in date.split("-"))
    except ValueError:
        return EPOCH
    return (year, month, day, 0, 0, 0) if year >= 1980 else EPOCH


def _entry(name: str, date_time: tuple[int, int, int, int, int, int], mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time)
    info.create_system = 3  # Unix, so that external_attr holds the permissions
    info.external_attr = mode << 16
    return info


def zip_folder(folder: Path, top: str, date: str = "") -> bytes:
    """Every file under `folder`, inside the one folder `top`, as zip bytes."""
    files = sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file())
    foreign = [name for name in [top, *files] if not name.isascii()]
    if foreign:
        raise QinglianError(f"离线版的文件名必须全部为 ASCII 字符，以下名称不是：{'、'.join(foreign)}")
    date_time = _date_time(date)
    folders = {f"{top}/{parent}/" for name in files for parent in _parents(name)} | {f"{top}/"}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # One sorted list: a folder's entry sorts right before its contents.
        for name in sorted(folders | {f"{top}/{name}" for name in files}):
            if name.endswith("/"):
                info = _entry(name, date_time, 0o40755)
                info.external_attr |= 0x10  # the MS-DOS directory flag
                archive.writestr(info, b"")
                continue
            info = _entry(name, date_time, 0o100644)
            stored = Path(name).suffix.lower() in STORED
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            data = (folder / name.split("/", 1)[1]).read_bytes()
            archive.writestr(info, data, compresslevel=None if stored else 9)
    return buffer.getvalue()


def _parents(name: str) -> list[str]:
    parts = name.split("/")[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]
