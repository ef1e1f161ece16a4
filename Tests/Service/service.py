"""A running grading service for the Python tests: the simulator and `scribegrade serve` on
free ports over a fresh store, one token per role, the server tests' fixtures uploaded through
the API and graded with a simulated LLM judge and the baseline."""

import json
import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "ScribeGradeServerTests", "Fixtures")
SYSTEMS = ["doctor", "note1", "note2"]


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, token=None, body=None, content_type=None, timeout=30):
    """(status, headers, text) of one request; never raises for an HTTP status."""
    data = body.encode() if isinstance(body, str) else body
    request = urllib.request.Request(url, data=data, method=method)
    if token:
        request.add_header("Authorization", "Bearer " + token)
    if content_type:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def wait_for_line(path, pattern, process, what, seconds=60):
    """Waits until the log file `path` has a line matching `pattern`; returns the match."""
    deadline = time.time() + seconds
    while time.time() < deadline and process.poll() is None:
        with open(path) as file:
            match = re.search(pattern, file.read())
        if match:
            return match
        time.sleep(0.05)
    with open(path) as file:
        raise Failure(f"{what} did not start: {file.read()[-2000:]}")


class Service:
    """The simulator and `scribegrade serve` over a fresh store, with one token per role."""

    def __init__(self, binary, directory, serve_options=()):
        self.binary = binary
        self.directory = directory
        self.store = os.path.join(directory, "runs.sqlite")
        self.processes = []
        self.tokens = {role: self.cli("token", "create", "--role", role, "--name", name).strip()
                       for role, name in [("admin", "admin"), ("grader", "vendor"), ("reviewer", "dr-browser")]}
        simulator = self.start([binary, "simulate", "--port", "0", "--seed", "5"], "simulate.log")
        simulator_url = wait_for_line(simulator.log, r"listening on (http://\S+) ", simulator, "the simulator").group(1)
        config = os.path.join(directory, "scribegrade.yaml")
        with open(config, "w") as file:
            file.write(f"judges:\n  sim:\n    provider: openai\n    model: gpt-sim\n"
                       f"    base_url: {simulator_url}/v1\n    concurrency: 8\n"
                       f"    prices: {{input: 0.4, cached_input: 0.1, output: 1.6}}\n")
        serve = self.start([binary, "serve", "--port", "0", "--store", self.store, "--config", config, *serve_options],
                           "serve.log")
        self.log_path = serve.log
        port = wait_for_line(serve.log, r"listening on http://127\.0\.0\.1:(\d+) ", serve, "scribegrade serve").group(1)
        self.base = f"http://127.0.0.1:{port}"

    def cli(self, *arguments):
        result = subprocess.run([self.binary, *arguments, "--store", self.store], capture_output=True, text=True)
        check(result.returncode == 0, f"scribegrade {' '.join(arguments[:2])}: {result.stderr}")
        return result.stdout

    def start(self, command, log):
        """Starts a process whose output goes to a log file (a pipe nobody reads would fill up
        and block it)."""
        path = os.path.join(self.directory, log)
        with open(path, "w") as output:
            process = subprocess.Popen(command, cwd=self.directory, stdout=output, stderr=subprocess.STDOUT)
        process.log = path
        self.processes.append(process)
        return process

    def api(self, method, path, body=None, role="admin", content_type="application/json", expect=(200,)):
        if body is not None and not isinstance(body, str):
            body = json.dumps(body)
        status, _, text = http(method, self.base + path, self.tokens[role], body, content_type if body else None)
        check(status in expect, f"{method} {path}: {status} {text[:500]}")
        return json.loads(text) if text.startswith("{") else text

    def upload_fixtures_and_grade(self):
        for name in sorted(os.listdir(os.path.join(FIXTURES, "rubrics"))):
            with open(os.path.join(FIXTURES, "rubrics", name)) as file:
                self.api("POST", f"/api/rubrics?file={name}", file.read(), "grader", "application/yaml", (201,))
        for name in sorted(os.listdir(os.path.join(FIXTURES, "transcripts"))):
            with open(os.path.join(FIXTURES, "transcripts", name)) as file:
                self.api("POST", "/api/encounters", file.read(), "grader", "text/plain; charset=utf-8"
                         if not name.endswith(".json") else "application/json", (201,))
        for system in SYSTEMS:
            folder = os.path.join(FIXTURES, "notes", system)
            notes = [{"encounter": name[:-4], "note": open(os.path.join(folder, name)).read()}
                     for name in sorted(os.listdir(folder))]
            self.api("POST", "/api/notes", {"system": system, "notes": notes}, "grader", expect=(201,))
        run = self.api("POST", "/api/runs", {"judges": ["sim", "baseline"]}, "grader", expect=(202,))
        deadline = time.time() + 300
        while run["active"]:
            check(time.time() < deadline, "the run did not finish in 5 minutes")
            time.sleep(0.2)
            run = self.api("GET", f"/api/runs/{run['id']}")
        check(run["status"] == "completed", f"the run ended {run['status']}")
        return run

    def check_logs_are_private(self):
        """The service's log holds no sentence of a note or transcript turn, and no token."""
        with open(self.log_path) as file:
            log = file.read()
        check(log.count("\n") > 20, "the service logged almost nothing; the check would be vacuous")
        pieces = []
        for system in SYSTEMS:
            folder = os.path.join(FIXTURES, "notes", system)
            for name in os.listdir(folder):
                with open(os.path.join(folder, name)) as file:
                    pieces += file.read().splitlines()
        for name in os.listdir(os.path.join(FIXTURES, "transcripts")):
            with open(os.path.join(FIXTURES, "transcripts", name)) as file:
                pieces += [turn["text"] for turn in json.load(file)["turns"]]
        pieces = [piece.strip()[:24] for piece in pieces if len(piece.strip()) >= 24]
        check(len(pieces) > 100, "too few pieces of patient text to look for")
        leaked = [piece for piece in pieces if piece in log]
        check(not leaked, f"{len(leaked)} pieces of patient text in the service's log, e.g. {leaked[:1]}")
        for token in self.tokens.values():
            check(token[4:20] not in log, "a token is in the service's log")

    def stop(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
