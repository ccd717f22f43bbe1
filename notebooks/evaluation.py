# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # hechtingnlp: evaluation of the shipped model
#
# Reproduces the figures of `models/MODEL_CARD.md` on the test split (writers unseen in
# training) and draws the reliability diagram and the per-label F1 with its bootstrap interval.
# Run it as a script (`python notebooks/evaluation.py`) or open it with jupytext. The test
# suite executes it and checks that it gives the figures recorded in the model's manifest.
# Figures are written to the folder in `HECHTINGNLP_FIGURES` (default: `notebooks/figures`).

# %%
import json
import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from hechtingnlp.labels import LABELS
from hechtingnlp.model.evaluate import evaluate, format_report, reliability_png
from hechtingnlp.model.store import manifest_path, shipped_model_path

FIGURES = Path(os.environ.get("HECHTINGNLP_FIGURES", Path(__file__).resolve().parent / "figures"))
FIGURES.mkdir(parents=True, exist_ok=True)

# %% [markdown]
# ## Label figures, baselines and cue detection on the test split

# %%
report = evaluate(split="test")
print(format_report(report))

# %% [markdown]
# ## The figures agree with the manifest

# %%
manifest = json.loads(manifest_path(shipped_model_path()).read_text("utf-8"))
recorded = manifest.get("metrics", {})
assert recorded.get("macro_f1") == report["labels"]["macro_f1"], (
    recorded.get("macro_f1"),
    report["labels"]["macro_f1"],
)
assert recorded.get("ece") == report["labels"]["ece"]
print("manifest figures reproduced:", recorded["macro_f1"], recorded["ece"])

# %% [markdown]
# ## Reliability diagram

# %%
reliability_png(report, FIGURES / "reliability.png")

# %% [markdown]
# ## F1 per label with 95 % bootstrap intervals, against the baselines

# %%
fig, ax = plt.subplots(figsize=(6, 3.5), dpi=100)
f1 = [report["labels"]["per_label"][label]["f1"] for label in LABELS]
lo = [f1[k] - report["labels"]["intervals"][label][0] for k, label in enumerate(LABELS)]
hi = [report["labels"]["intervals"][label][1] - f1[k] for k, label in enumerate(LABELS)]
ax.bar(LABELS, f1, yerr=[lo, hi], capsize=4, color="#4c72b0")
for name, value in report["baselines"].items():
    ax.axhline(value, linestyle="--", linewidth=1, label=f"{name} (macro-F1 {value:.2f})")
ax.set_ylim(0, 1)
ax.set_ylabel("F1 (test split)")
ax.legend(fontsize=7, loc="lower right")
fig.tight_layout()
fig.savefig(FIGURES / "f1_per_label.png", metadata={"Software": None})
print("figures in", FIGURES)
