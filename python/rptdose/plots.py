"""Plots of an rptdose run (matplotlib), from the tables the run wrote.

``plot_study(results_dir)`` draws, into ``results_dir/plots``:

* ``tac.png``: the time-activity curve of each VOI (measured points, MBq) with its fitted curve;
* ``dvh.png``: the cumulative dose-volume histogram of each VOI;
* ``overlay.png``: the dose (Gy) over the CT (HU) on the axial and coronal slices through the hottest voxel.

``plot_comparison(comparison, path)`` draws the candidates of ``rptdose compare`` (the JSON, as a dict or a file):
the therapeutic index (lowest tumour BED) against the highest kidney BED and against the highest red-marrow dose,
each candidate at its planned activity, with the sensitivity interval of the index when there is one
(``python3 plots.py --compare COMPARISON.json OUT.png``).

``rptdose run`` runs this file as a script (``python3 plots.py RESULTS_DIR``) after writing ``tac.csv``,
``dvh.csv`` and ``plots/overlay.json``; it needs only numpy and matplotlib, not the compiled module.
"""

import csv
import json
import math
import os
import sys
from collections import OrderedDict

__all__ = ["plot_study", "plot_comparison"]


def _read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def _by_voi(rows):
    grouped = OrderedDict()
    for row in rows:
        grouped.setdefault((int(row["label"]), row["name"]), []).append(row)
    return grouped


def _grid_shape(count):
    cols = min(4, count)
    return int(math.ceil(count / cols)), cols


def _plot_tac(plt, rows, path):
    vois = _by_voi(rows)
    nrows, ncols = _grid_shape(len(vois))
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.6 * ncols, 2.9 * nrows), squeeze=False)
    for ax, ((label, name), voi_rows) in zip(axes.flat, vois.items()):
        fit = [(float(r["time_h"]), float(r["activity_MBq"])) for r in voi_rows if r["kind"] == "fit"]
        measured = [(float(r["time_h"]), float(r["activity_MBq"])) for r in voi_rows if r["kind"] == "measured"]
        if fit:
            ax.plot(*zip(*fit), color="tab:blue", lw=1.5, label="fit")
        if measured:
            ax.plot(*zip(*measured), "o", color="tab:red", ms=4, label="measured")
        ax.set_title(name, fontsize=9)
        ax.set_xlabel("time after injection (h)", fontsize=8)
        ax.set_ylabel("activity (MBq)", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.set_xlim(left=0)
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
    for ax in list(axes.flat)[len(vois):]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=7)
    fig.suptitle("Time-activity curves per VOI", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _plot_dvh(plt, rows, path):
    fig, ax = plt.subplots(figsize=(7.5, 5))
    ax.set_prop_cycle(color=plt.cm.tab20.colors)  # one colour per VOI for up to 20 VOIs
    for (label, name), voi_rows in _by_voi(rows).items():
        ax.plot([float(r["dose_Gy"]) for r in voi_rows], [100 * float(r["volume_fraction"]) for r in voi_rows],
                lw=1.4, label=name)
    ax.set_xlabel("absorbed dose (Gy)")
    ax.set_ylabel("volume receiving at least the dose (%)")
    ax.set_xlim(left=0)
    ax.set_ylim(0, 101)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, ncol=2)
    ax.set_title("Cumulative dose-volume histograms")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _plot_overlay(plt, np, data, path):
    sx, sy, sz = data["spacing_mm"]
    fig, axes = plt.subplots(1, 2, figsize=(11, 5))
    views = [("axial", "axial slice %d" % data["axial_slice"], sy), ("coronal", "coronal slice %d" % data["coronal_slice"], sz)]
    image = None
    vmax = max(float(np.max(np.asarray(data[v]["dose_Gy"]))) for v, _, _ in views) or 1.0
    for ax, (view, title, row_spacing) in zip(axes, views):
        dose = np.asarray(data[view]["dose_Gy"], dtype=float)
        extent = (0, dose.shape[1] * sx, dose.shape[0] * row_spacing, 0)
        if "ct_HU" in data[view]:
            ax.imshow(np.asarray(data[view]["ct_HU"]), cmap="gray", vmin=-400, vmax=400, extent=extent,
                      interpolation="nearest")
        shown = np.ma.masked_less(dose, 0.02 * vmax)
        image = ax.imshow(shown, cmap="inferno", alpha=0.6, vmin=0, vmax=vmax, extent=extent,
                          interpolation="nearest")
        if view == "coronal":
            ax.invert_yaxis()  # superior up
        ax.set_title(title)
        ax.set_xlabel("x (mm)")
        ax.set_ylabel("y (mm)" if view == "axial" else "z (mm)")
    fig.colorbar(image, ax=list(axes), label="absorbed dose (Gy)", shrink=0.85)
    fig.suptitle("Dose over CT, through the voxel of maximum dose")
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_study(results_dir):
    """Draws the plots of the run in ``results_dir`` into ``results_dir/plots``; returns the files made."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    plots = os.path.join(results_dir, "plots")
    os.makedirs(plots, exist_ok=True)
    made = []
    tac = os.path.join(results_dir, "tac.csv")
    if os.path.exists(tac):
        _plot_tac(plt, _read_csv(tac), os.path.join(plots, "tac.png"))
        made.append(os.path.join(plots, "tac.png"))
    dvh = os.path.join(results_dir, "dvh.csv")
    if os.path.exists(dvh):
        _plot_dvh(plt, _read_csv(dvh), os.path.join(plots, "dvh.png"))
        made.append(os.path.join(plots, "dvh.png"))
    overlay = os.path.join(plots, "overlay.json")
    if os.path.exists(overlay):
        with open(overlay) as f:
            _plot_overlay(plt, np, json.load(f), os.path.join(plots, "overlay.png"))
        made.append(os.path.join(plots, "overlay.png"))
    comparison = os.path.join(results_dir, "comparison.json")  # methods.compare_nuclides
    if os.path.exists(comparison):
        made.append(plot_comparison(comparison, os.path.join(plots, "comparison.png")))
    return made


def _highest(vois, tissue, key):
    values = [v[key] for v in vois if v.get("tissue") == tissue and v.get(key) is not None]
    return max(values) if values else None


def plot_comparison(comparison, path):
    """Draws the candidates of a comparison (dict or JSON file) into the PNG ``path`` (written completely or not at
    all); returns ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if not isinstance(comparison, dict):
        with open(comparison) as f:
            comparison = json.load(f)
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.2), sharey=True)
    panels = [("kidney", "bed_Gy", "highest kidney BED (Gy)"), ("red_marrow", "dose_Gy", "highest red-marrow dose (Gy)")]
    top = 0.0
    for ax, (tissue, key, label) in zip(axes, panels):
        right = 0.0
        for n, c in enumerate(comparison["candidates"]):
            x, y = _highest(c["vois"], tissue, key), c.get("therapeutic_index_Gy")
            if x is None or y is None:
                continue
            interval = (c.get("sensitivity") or {}).get("therapeutic_index_Gy")
            yerr = [[y - interval[0]], [interval[1] - y]] if interval else None
            ax.errorbar([x], [y], yerr=yerr, fmt="o", capsize=4, color="C%d" % n,
                        label="%s, %.3g GBq" % (c["nuclide"], c["activity_GBq"]))
            right = max(right, x)
            top = max(top, interval[1] if interval else y)
        ax.set_xlabel(label)
        ax.grid(alpha=0.3)
        ax.set_xlim(0, 1.15 * right if right > 0 else 1)
    axes[0].legend(loc="lower left", fontsize=8)
    axes[0].set_ylabel("tumour BED at planned activity (Gy, lowest tumour)")
    axes[0].set_ylim(0, 1.1 * top if top > 0 else 1)
    fig.suptitle("Candidates at their organ-limited activity (measured: %s)" % comparison["measured"]["nuclide"])
    fig.tight_layout()
    folder, name = os.path.split(os.path.abspath(path))
    partial = os.path.join(folder, "." + name + ".partial.png")
    try:
        fig.savefig(partial, dpi=110)
        os.replace(partial, path)
    finally:
        plt.close(fig)
        if os.path.exists(partial):
            os.remove(partial)
    return path


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--compare":
        try:
            plot_comparison(sys.argv[2], sys.argv[3])
        except ImportError as error:
            sys.exit("matplotlib is missing (%s): install python3-matplotlib" % error)
        sys.exit(0)
    if len(sys.argv) != 2:
        sys.exit("usage: plots.py RESULTS_DIR | plots.py --compare COMPARISON.json OUT.png")
    try:
        plot_study(sys.argv[1])
    except ImportError as error:
        sys.exit("matplotlib or numpy is missing (%s): install python3-matplotlib" % error)
