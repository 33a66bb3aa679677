"""What the site build is compared with besides plain MkDocs: the previous release and Doorstop.

The previous release (`--previous REV`): `git archive REV` is unpacked into
benchmarks/out/previous-REV/src and installed (`pip install`, not editable) into a venv beside it,
constrained to the versions of our own environment (MkDocs, Material, jieba, ...), so that the two
builds differ only in our code. The install is kept across runs while REV names the same commit.
It builds a copy of the corpus (hard links) whose mkdocs.yml is derived from the release's own
mkdocs.yml, as the release's users had it: options added since are not passed to a plugin that
does not know them.

Doorstop (`--doorstop PATH`, installed by `make bench` into a venv of its own) publishes the
corpus's Doorstop tree (doorstop_tree.py) as HTML; `-j` names the tree's root, so that no
version-control folder is needed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

import doorstop_tree
import site_config

OUT = Path(__file__).resolve().parent / "out"
STAMP = "installed"  # holds the commit that the previous release's venv was installed from


@dataclass(frozen=True)
class Rivals:
    """The rivals that run; None for those that do not."""

    previous: str | None  # the release (a git revision)
    previous_bin: Path | None  # its qinglian executable
    previous_max: int  # the largest size it is run at
    doorstop: Path | None  # the doorstop executable


def setup(rev: str, previous_max: int, doorstop: Path) -> Rivals:
    """The rivals that can run: release `rev` installed (cached) unless "none", Doorstop if installed."""
    executable = None
    if rev.lower() != "none":
        print(f"previous release {rev}:", flush=True)
        try:
            executable = install(rev)
        except (subprocess.CalledProcessError, RuntimeError) as error:
            print(f"  could not install {rev}, not measured: {error}", flush=True)
        else:
            print(f"  installed in {executable.parents[2]}", flush=True)
    if not doorstop.is_file():
        print(f"{doorstop} not found: Doorstop is not measured (`make bench` installs it)", flush=True)
    return Rivals(rev if executable else None, executable, previous_max, doorstop if doorstop.is_file() else None)


def describe(rivals: Rivals) -> dict[str, object]:
    """The rivals' versions, for results.json."""
    described: dict[str, object] = {"previous_max": rivals.previous_max}
    if rivals.previous:
        described["previous"] = rivals.previous
        described["previous_commit"] = commit(rivals.previous)
    if rivals.doorstop:
        version = subprocess.run([str(rivals.doorstop), "--version"], capture_output=True, text=True, check=True)
        described["doorstop"] = version.stdout.strip()
    return described


def commands(rivals: Rivals, paths: dict[str, Path], size: int) -> dict[str, list[str]]:
    """The rivals' commands at `size`; `paths` as run.prepare gives them."""
    argvs = {}
    if rivals.doorstop:
        doorstop = [str(rivals.doorstop), "publish", "-q", "-j", str(paths["doorstop"])]
        argvs["doorstop"] = [*doorstop, "all", str(paths["doorstop_site"])]
    if rivals.previous and rivals.previous_bin and size <= rivals.previous_max:
        copy = project(rivals.previous, paths["project"])
        argvs["previous"] = [str(rivals.previous_bin), "build", str(copy), "-o", str(paths["previous_site"])]
    return argvs


def skipped(rivals: Rivals, size: int) -> dict[str, dict[str, str]]:
    """Why the rivals not run at `size` are not: {command: {"skipped": reason}}."""
    reasons = {}
    if not rivals.doorstop:
        reasons["doorstop"] = "Doorstop not installed (make bench installs it)"
    if not rivals.previous:
        reasons["previous"] = "no previous release (--previous none, or it did not install)"
    elif size > rivals.previous_max:
        reasons["previous"] = f"not run above {rivals.previous_max:,} indicators (--previous-max)"
    return {name: {"skipped": reason} for name, reason in reasons.items()}


def doorstop_items(site: Path) -> int:
    """Items in a published Doorstop tree: headings anchored by an item's id, in every document."""
    pattern = re.compile(rf'<h[1-6] id="{doorstop_tree.PREFIX}-[0-9]+"'.encode())
    return sum(len(pattern.findall(page.read_bytes())) for page in sorted(site.glob("documents/*.html")))


def folder(rev: str) -> Path:
    return OUT / ("previous-" + re.sub(r"[^A-Za-z0-9._-]", "_", rev))


def commit(rev: str) -> str:
    """The commit that `rev` names in the repository (raises CalledProcessError if none)."""
    argv = ["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"]
    return subprocess.run(argv, cwd=site_config.REPO, check=True, capture_output=True, text=True).stdout.strip()


def install(rev: str) -> Path:
    """The `qinglian` executable of release `rev`, exported and installed unless already cached."""
    base, sha = folder(rev), commit(rev)
    executable, stamp = base / "venv" / "bin" / "qinglian", base / STAMP
    if executable.is_file() and stamp.is_file() and stamp.read_text("utf-8").strip() == sha:
        return executable
    shutil.rmtree(base, ignore_errors=True)
    (base / "src").mkdir(parents=True)
    archive = subprocess.Popen(["git", "archive", "--format=tar", sha], cwd=site_config.REPO, stdout=subprocess.PIPE)
    assert archive.stdout is not None
    with tarfile.open(fileobj=archive.stdout, mode="r|") as tar:
        tar.extractall(base / "src", filter="data")
    if archive.wait() != 0:
        raise RuntimeError(f"git archive {rev} failed")
    subprocess.run([sys.executable, "-m", "venv", str(base / "venv")], check=True)
    pip = [str(base / "venv" / "bin" / "python"), "-m", "pip", "install", "--quiet", str(base / "src")]
    constraints = base / "constraints.txt"
    constraints.write_text(our_versions(), "utf-8")
    if subprocess.run([*pip, "--constraint", str(constraints)], capture_output=True).returncode != 0:
        print(f"  {rev} does not install with our versions; installing with its own", flush=True)
        subprocess.run(pip, check=True)
    stamp.write_text(sha + "\n", "utf-8")
    return executable


def our_versions() -> str:
    """`pip freeze` of the running environment without qinglian itself, as pip constraints."""
    frozen = subprocess.run([sys.executable, "-m", "pip", "freeze"], check=True, capture_output=True, text=True).stdout
    lines = (line for line in frozen.splitlines() if line and not line.startswith(("-e", "#")))
    return "".join(line + "\n" for line in lines if not line.lower().startswith("qinglian"))


def project(rev: str, corpus: Path) -> Path:
    """A copy of the corpus project (standards and content hard-linked) with the release's mkdocs.yml."""
    base = folder(rev)
    target = base / corpus.name
    shutil.rmtree(target, ignore_errors=True)
    for part in ("standards", "content"):
        shutil.copytree(corpus / part, target / part, copy_function=os.link)
    repo_text = (base / "src" / "mkdocs.yml").read_text("utf-8")
    (target / "mkdocs.yml").write_text(site_config.project_config(repo_text, base / "src" / "content"), "utf-8")
    return target
