"""The intermediate model and the names it decides."""
