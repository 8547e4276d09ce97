"""Renderers: the intermediate model to the text of each output file."""
