"""Shared by the reference tests that drive the CorrectionTool binary: running one of its
subcommands on a cases file, and flattening nested results into comparable paths."""

import json
import os
import subprocess
import tempfile


def run_cases(binary, subcommand, cases):
    """The tool's output cases for `{"cases": cases}`, or None after printing why it failed."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "cases.json")
        with open(path, "w") as f:
            json.dump({"cases": cases}, f)
        run = subprocess.run([binary, subcommand, path], capture_output=True, text=True)
    if run.returncode != 0:
        print(f"CorrectionTool exited {run.returncode}: {run.stderr.strip()}")
        return None
    return json.loads(run.stdout)["cases"]


def flatten(prefix, value):
    """(path, leaf) pairs of nested dicts and lists, e.g. (".ci[0]", 0.41)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from flatten(f"{prefix}.{key}", inner)
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from flatten(f"{prefix}[{i}]", inner)
    else:
        yield prefix, value
