#!/usr/bin/env python3
"""Schemathesis against the grading service's /openapi.yaml: no request it generates gets a 5xx.

Starts the simulator and `scribegrade serve` over a fresh store with the server tests'
fixtures uploaded and graded (so routes with ids find real data: Schemathesis takes run ids
from the responses it sees), then runs `st run` with an admin token over every operation —
examples, fuzzing and stateful phases, valid and invalid data — with these checks:
not_a_server_error (the point), status_code_conformance, content_type_conformance and
response_schema_conformance (the document tells the truth about what comes back), and
unsupported_method / allow_header_conformance (a method a path lacks gets 405 with Allow). Afterwards
the service must still answer /healthz, and its log must hold no note or transcript text and
no token.

The stateful phase chains operations by OpenAPI links: the document declares none, and
Schemathesis infers them from its schemas and from `Location` headers (an uploaded rubric's,
a started run's). The test requires that phase to run and to follow at least one link, so a
change to the document that leaves it with nothing to chain fails here rather than passing
silently.

The coverage phase is left out: with Python 3.11 it stops on an internal error of Hypothesis
("AST constructor recursion depth mismatch") before sending a request.

    python3 Tests/API/schemathesis_test.py --binary .build/debug/scribegrade
"""

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Service"))
from service import Failure, Service, check, http  # noqa: E402

CHECKS = ("not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,"
          "unsupported_method,allow_header_conformance")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", required=True, help="the scribegrade executable")
    parser.add_argument("--max-examples", type=int, default=50, help="test cases per operation and phase")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()

    if importlib.util.find_spec("schemathesis") is None:
        print("error: schemathesis is not installed (pip install -r Tests/requirements.txt)", file=sys.stderr)
        return 1
    # Its CLI through this interpreter: pip's script folder need not be on PATH.
    st = [sys.executable, "-m", "schemathesis.cli"]
    directory = tempfile.mkdtemp(prefix="scribegrade-schemathesis-")
    service = Service(os.path.abspath(options.binary), directory)
    try:
        run = service.upload_fixtures_and_grade()
        print(f"service at {service.base} with run {run['id']}; schemathesis with the admin token", flush=True)
        result = subprocess.run(
            [*st, "run", f"{service.base}/openapi.yaml",
             "--header", f"Authorization: Bearer {service.tokens['admin']}",
             "--checks", CHECKS, "--phases", "examples,fuzzing,stateful",
             "--max-examples", str(options.max_examples), "--seed", str(options.seed),
             "--workers", "2", "--request-timeout", "30", "--no-color"],
            text=True, capture_output=True, cwd=directory)  # st keeps its example database in the cwd
        summary = result.stdout[result.stdout.find("=== SUMMARY"):] if "=== SUMMARY" in result.stdout else result.stdout
        print(summary.strip())
        if result.returncode != 0:
            print(result.stdout[-20000:], file=sys.stderr)
            print(result.stderr[-5000:], file=sys.stderr)
            raise Failure(f"schemathesis exited {result.returncode}")
        check(" passed" in summary and "failed" not in summary.split("Test cases:")[-1],
              "schemathesis reported no passing test cases")
        links = re.search(r"API Links:\s+(\d+) covered / (\d+) selected", result.stdout)
        scenarios = re.search(r"Scenarios:\s+(\d+)", result.stdout)
        check("✅ Stateful" in summary and links and scenarios,
              "the stateful phase did not run (no links inferred from the document and Location headers?)")
        print(f"stateful phase: {scenarios.group(1)} scenarios over {links.group(1)} of {links.group(2)} links")
        check(int(links.group(1)) > 0, "the stateful phase followed no link between operations")
        status, _, _ = http("GET", f"{service.base}/healthz")
        check(status == 200, f"the service does not answer /healthz after the run: {status}")
        service.check_logs_are_private()
        print("schemathesis found no 5xx and no response the document does not describe")
        return 0
    except Failure as failure:
        print(f"error: schemathesis test failed: {failure}", file=sys.stderr)
        return 1
    finally:
        service.stop()
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
