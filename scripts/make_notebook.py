"""Write a tslab notebook from a plain-text source: cells separated by lines '# %% [markdown]' or '# %%'.

Usage: python3 scripts/make_notebook.py notebooks/src/NAME.ts.txt notebooks/NAME.ipynb
Keeps notebooks reviewable as text; the .ipynb (without outputs) is what Jupyter and `npm run reproduce` run.
"""
import json
import re
import sys


def cells_from(text):
    cells, kind, lines = [], None, []

    def flush():
        if kind is not None:
            source = "\n".join(lines).strip("\n")
            if source:
                cells.append((kind, source))

    for line in text.splitlines():
        m = re.match(r"^# %%( \[markdown\])?\s*$", line)
        if m:
            flush()
            kind, lines = ("markdown" if m.group(1) else "code"), []
        else:
            lines.append(line[2:] if kind == "markdown" and line.startswith("# ") else ("" if kind == "markdown" and line == "#" else line))
    flush()
    return cells


def main():
    src, dst = sys.argv[1], sys.argv[2]
    cells = []
    for i, (kind, source) in enumerate(cells_from(open(src).read())):
        cell = {"cell_type": kind, "id": f"c{i:02d}", "metadata": {}, "source": source.splitlines(keepends=True)}
        if kind == "code":
            cell.update(execution_count=None, outputs=[])
        cells.append(cell)
    nb = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"name": "tslab", "display_name": "TypeScript (msa3d, tslab)", "language": "typescript"},
            "language_info": {"name": "typescript", "file_extension": ".ts", "mimetype": "text/typescript"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    with open(dst, "w") as f:
        json.dump(nb, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
