"""An mkdocs plugin that regenerates the reference pages before each build.

Registered as the `apiregen` plugin through the `mkdocs.plugins` entry point:

    plugins:
      - search
      - apiregen:
          config: pyproject.toml   # optional; default: the nearest one with [tool.apiregen]

The pages are written into the site's docs folder (or the `out` folder given
here, a folder inside it) with the same ownership rules as `apiregen generate`:
only files apiregen wrote are replaced or removed, and unchanged pages are not
touched, so `mkdocs serve` does not rebuild in a loop.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config as MkdocsConfigSchema
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError, PluginError
from mkdocs.plugins import BasePlugin

from apiregen.cache import generate_cached
from apiregen.config import Config, load_config
from apiregen.errors import ApiregenError, InvalidSpecError
from apiregen.write import write_plan

logger = logging.getLogger("mkdocs.plugins.apiregen")


class ApiregenPluginConfig(MkdocsConfigSchema):
    # A TOML settings file, relative to mkdocs.yml. Empty means the nearest
    # pyproject.toml with [tool.apiregen], looked for from mkdocs.yml's folder up.
    config = config_options.Type(str, default="")
    # The spec, relative to mkdocs.yml. Empty means the setting 'spec'.
    spec = config_options.Type(str, default="")
    # The folder the pages go into, relative to the docs folder.
    out = config_options.Type(str, default="")
    # Allow generating from a spec that fails validation (problems are logged).
    allow_invalid = config_options.Type(bool, default=False)
    cache = config_options.Type(bool, default=True)


class ApiregenPlugin(BasePlugin[ApiregenPluginConfig]):
    """Run the markdown target of apiregen into the docs folder before mkdocs reads it."""

    def settings(self, mkdocs_config: MkDocsConfig) -> Config:
        """Return the apiregen settings for this site: markdown only, into the docs folder."""
        site_root = Path(mkdocs_config.config_file_path or ".").resolve().parent
        config_file = site_root / self.config.config if self.config.config else None
        overrides: dict[str, Any] = {
            "spec": (site_root / self.config.spec).resolve()
            if self.config.spec
            else None,
            "allow_invalid": self.config.allow_invalid or None,
        }
        config = load_config(config_file, overrides, start=site_root)
        return dataclasses.replace(
            config, targets=("markdown",), out=self._out(mkdocs_config)
        )

    def _out(self, mkdocs_config: MkDocsConfig) -> Path:
        """Return the pages folder; mkdocs publishes only what is inside docs_dir."""
        docs = Path(mkdocs_config.docs_dir).resolve()
        out = (docs / self.config.out).resolve()
        if not out.is_relative_to(docs):
            raise ConfigurationError(
                f"apiregen: the option 'out' ({self.config.out!r}) leaves the docs "
                f"folder {docs}; give a folder inside it, such as 'reference', or "
                '"" for the docs folder itself'
            )
        return out

    def regenerate(self, mkdocs_config: MkDocsConfig) -> list[str]:
        """Write the pages; return the paths written or removed, relative to the docs folder."""
        try:
            config = self.settings(mkdocs_config)
            run = generate_cached(config, use_cache=self.config.cache)
            for diagnostic in run.diagnostics:
                logger.warning("apiregen: %s", diagnostic)
            report = write_plan(run.files, config.out)
        except InvalidSpecError as error:
            # mkdocs prints only the message, so it must carry every problem.
            problems = "\n".join(str(d) for d in error.diagnostics)
            message = str(error).replace("--allow-invalid", "allow_invalid: true")
            raise PluginError(f"apiregen: {message}\n{problems}") from None
        except ApiregenError as error:
            raise PluginError(f"apiregen: {error}") from None
        changed = [*report.written, *report.removed]
        for relative in report.written:
            logger.info("apiregen: wrote %s", relative)
        for relative in report.removed:
            logger.info("apiregen: removed %s", relative)
        return changed

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Reject a bad `out` before the build starts, as mkdocs does its own options.
        self._out(config)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.regenerate(config)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        # `mkdocs serve` rebuilds when the spec changes, not only the docs folder.
        settings = self.settings(config)
        server.watch(str(settings.spec.parent))
        if settings.templates is not None:
            server.watch(str(settings.templates))
        return server
