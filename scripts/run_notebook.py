"""Execute one notebook headless with the project's tslab kernel and save it, even when a cell fails.

Usage: python3 scripts/run_notebook.py NOTEBOOK.ipynb OUTPUT.ipynb [TIMEOUT_SECONDS]
The kernelspec is found through JUPYTER_PATH (set by the caller to the project's absolute jupyter/ folder).
On a failing cell, prints the cell's number, its first source lines and everything it wrote to stderr
(tslab puts type errors there; nbconvert alone prints only "<Error>:"), then exits 1.
"""
import json
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError, CellTimeoutError


def failing_cell_report(nb, index, exc):
    cell = nb.cells[index]
    if True:
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        stderr = "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream" and o.get("name") == "stderr")
        source = "\n".join(cell.source.splitlines()[:6])
        lines = [f"cell {index + 1} failed:", "  source:"]
        lines += ["    " + s for s in source.splitlines()]
        for e in errors:
            lines.append(f"  {e.get('ename', 'Error')}: {e.get('evalue', '')}".rstrip())
        if not errors:
            text = str(exc).strip().splitlines()
            lines.append(f"  {type(exc).__name__}: {text[-1] if text else ''}")
        if stderr.strip():
            lines.append("  stderr:")
            lines += ["    " + s for s in stderr.strip().splitlines()[:40]]
        return "\n".join(lines)


def main():
    src, dst = sys.argv[1], sys.argv[2]
    timeout = int(sys.argv[3]) if len(sys.argv) > 3 else 900
    nb = nbformat.read(src, as_version=4)
    nbformat.validator.normalize(nb)
    kernel = nb.metadata.get("kernelspec", {}).get("name", "tslab")
    import os
    client = NotebookClient(nb, kernel_name=kernel, timeout=timeout, allow_errors=False,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(src))}})
    status = 0
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            try:
                client.execute_cell(cell, index)
            except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
                status = 1
                print(f"{src}: " + failing_cell_report(nb, index, exc), file=sys.stderr)
                break
    nbformat.write(nb, dst)
    sys.exit(status)


if __name__ == "__main__":
    main()
