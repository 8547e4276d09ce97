"""Turn one OpenAPI description into reference pages, TypeScript types and Python models."""

from __future__ import annotations

__version__ = "0.1.0"
