"""The model shipped with hechtingnlp (installed as the package ``hechtingnlp.models``)."""
