"""The MkDocs adapter: reads the corpus, adds the generated files, watches `standards/`."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .corpus import Corpus
from .errors import ContentError, format_text
from .load import STANDARDS_DIR
from .project import read_corpus
from .render import Settings, render_site


class QinglianConfig(Config):
    project_dir = config_options.Optional(config_options.Dir(exists=True))
    handbooks = config_options.Type(bool, default=True)
    baseline = config_options.Optional(config_options.Type(str))


class QinglianPlugin(BasePlugin[QinglianConfig]):
    corpus: Corpus | None = None

    def _project_dir(self, config) -> Path:  # type: ignore[no-untyped-def]
        return Path(self.config.project_dir or Path(config.config_file_path).parent).resolve()

    def on_config(self, config):  # type: ignore[no-untyped-def]
        project_dir = self._project_dir(config)
        try:
            self.corpus = read_corpus(project_dir)
        except ContentError as error:
            raise PluginError("标准数据有错误：\n" + format_text(error.diagnostics)) from None
        self.settings = Settings(
            project_dir=project_dir,
            site_url=config.site_url or "",
            handbooks=self.config.handbooks,
            baseline=self.config.baseline,
        )
        return config

    def on_files(self, files: Files, config) -> Files:  # type: ignore[no-untyped-def]
        assert self.corpus is not None
        for path, content in render_site(self.corpus, self.settings).items():
            files.append(File.generated(config, path, content=content))
        return files

    def on_serve(self, server, config, builder):  # type: ignore[no-untyped-def]
        server.watch(str(self._project_dir(config) / STANDARDS_DIR))
        return server
