"""How long `qinglian serve` takes to rebuild after one YAML file of the default content is edited.

    python benchmarks/serve_rebuild.py [--edits 3]

Copies the repository's project (mkdocs.yml, content/, standards/) to a temporary folder, starts
`qinglian serve` on a free port, waits for the first build, then edits the title of
standards/units/school.yaml several times. For each edit it records the seconds from the write to
MkDocs' "Reloading browsers" (what the author waits for) and MkDocs' own "Documentation built in"
figure. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EDITED = Path("standards/units/school.yaml")
TITLE = "title: 清廉学校建设标准"
TIMEOUT = 120
# MkDocs's log lines as `qinglian serve` prints them (qinglian.mkdocs.messages translates them)
SERVING, RELOADING, BUILT = "预览服务已启动", "已通知浏览器刷新", "网站生成完成，用时"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def copy_project(target: Path) -> None:
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    for folder in ("content", "standards"):
        shutil.copytree(REPO / folder, target / folder)


def reader(stream, lines: queue.Queue) -> None:  # type: ignore[no-untyped-def,type-arg]
    for line in stream:
        lines.put((time.perf_counter(), line.rstrip("\n")))


def wait_for(lines: queue.Queue, marker: str) -> tuple[float, list[str]]:  # type: ignore[type-arg]
    """(time the line containing `marker` arrived, the lines seen until then); exits on timeout."""
    seen: list[str] = []
    deadline = time.perf_counter() + TIMEOUT
    while time.perf_counter() < deadline:
        try:
            stamp, line = lines.get(timeout=1)
        except queue.Empty:
            continue
        seen.append(line)
        if marker in line:
            return stamp, seen
    sys.exit(f"no '{marker}' within {TIMEOUT} s:\n" + "\n".join(seen[-30:]))


def built_seconds(seen: list[str]) -> float:
    line = next(line for line in reversed(seen) if BUILT in line)
    return float(line.split(BUILT)[1].split()[0])


def measure(edits: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="qinglian-serve-") as folder:
        project = Path(folder)
        copy_project(project)
        argv = [str(Path(sys.executable).parent / "qinglian"), "serve", str(project), "-a", f"127.0.0.1:{free_port()}"]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
        child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        lines: queue.Queue = queue.Queue()  # type: ignore[type-arg]
        threading.Thread(target=reader, args=(child.stdout, lines), daemon=True).start()
        try:
            _, seen = wait_for(lines, SERVING)
            first = built_seconds(seen)
            waited, built = [], []
            for number in range(edits):
                time.sleep(1)  # let the watcher settle
                path = project / EDITED
                text = path.read_text("utf-8")
                path.write_text(text.replace(TITLE, f"{TITLE}（第{number + 1}次修改）", 1), "utf-8")
                written = time.perf_counter()
                stamp, seen = wait_for(lines, RELOADING)
                waited.append(stamp - written)
                built.append(built_seconds(seen))
        finally:
            child.terminate()
            child.wait(timeout=30)
    return {
        "first_build": first,
        "rebuild_waited": waited,
        "rebuild_built": built,
        "median_waited": statistics.median(waited),
        "median_built": statistics.median(built),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=3)
    print(json.dumps(measure(parser.parse_args().edits)))


if __name__ == "__main__":
    main()
