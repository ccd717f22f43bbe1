"""The one version source of hechtingnlp (read by pyproject.toml and stamped into models)."""

__version__ = "0.1.0"


class VersionMismatchWarning(UserWarning):
    """A saved model or pipeline was made by another version of hechtingnlp."""
