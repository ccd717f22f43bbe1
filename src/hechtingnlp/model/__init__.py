"""The statistical model: features, the linear scorer, training, evaluation and the safe store.

Only :mod:`~hechtingnlp.model.features`, :mod:`~hechtingnlp.model.scorer` and
:mod:`~hechtingnlp.model.store` are used at run time; they need numpy, scipy and joblib, not
scikit-learn, so that importing hechtingnlp stays fast. Training and evaluation import
scikit-learn.
"""
