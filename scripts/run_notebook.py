"""Execute one notebook headless with the project's tslab kernel and save it, even when a cell fails.

Usage: python3 scripts/run_notebook.py NOTEBOOK.ipynb [OUTPUT.ipynb [TIMEOUT_SECONDS]]
OUTPUT defaults to $MSA3D_OUT_DIR/notebooks/NAME.ipynb (MSA3D_OUT_DIR defaults to out/). The kernelspec is found
through JUPYTER_PATH; when it is unset, the project's absolute jupyter/ folder is used.
Each code cell gets an execution count 1, 2, 3, … as Jupyter would give it: tslab sends none, and nbclient's
execute_cell(cell, index) would otherwise leave every cell at "In [ ]".
On a failing cell, prints the cell's number, its first source lines and everything it wrote to stderr
(tslab puts type errors there; nbconvert alone prints only "<Error>:"), then exits 1.
"""
import os
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


def default_output(src):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out_dir = os.environ.get("MSA3D_OUT_DIR") or os.path.join(root, "out")
    return os.path.join(out_dir, "notebooks", os.path.basename(src))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    src = sys.argv[1]
    dst = sys.argv[2] if len(sys.argv) > 2 else default_output(src)
    timeout = int(sys.argv[3]) if len(sys.argv) > 3 else 900
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    # An ABSOLUTE path: a relative JUPYTER_PATH kills the kernel (TOOLCHAIN.md).
    os.environ.setdefault("JUPYTER_PATH", os.path.join(root, "jupyter"))
    os.environ.setdefault("MSA3D_ROOT", root)
    os.makedirs(os.path.dirname(os.path.abspath(dst)), exist_ok=True)
    nb = nbformat.read(src, as_version=4)
    nbformat.validator.normalize(nb)
    kernel = nb.metadata.get("kernelspec", {}).get("name", "tslab")
    client = NotebookClient(nb, kernel_name=kernel, timeout=timeout, allow_errors=False,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(src))}})
    status = 0
    count = 0
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                count += 1
            try:
                client.execute_cell(cell, index, execution_count=count if cell.cell_type == "code" else None)
            except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
                status = 1
                print(f"{src}: " + failing_cell_report(nb, index, exc), file=sys.stderr)
                break
    nbformat.write(nb, dst)
    sys.exit(status)


if __name__ == "__main__":
    main()
