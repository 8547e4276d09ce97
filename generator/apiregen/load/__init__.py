"""Reading spec files, keeping line numbers, and bundling `$ref`s across files."""

from apiregen.load.bundle import Document, load_document

__all__ = ["Document", "load_document"]
