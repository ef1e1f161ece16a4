#!/usr/bin/env python3
"""ScribeGrade against a real llama.cpp server: the path works end to end, and tokens add up.

Builds (or reuses) llama-server and SmolLM2-135M-Instruct with Tests/LLM/llama_server.sh,
starts the server on a free loopback port with 2 slots and --metrics, and runs the real CLI
against it through an `openai:` judge in a temporary scribegrade.yaml and a temporary store:

  1. `grade` per criterion: two notes of one encounter against a handful of criteria;
  2. the same, batched by section (`mode: batched`);
  3. `statements` for one PriMock57 note's statements;
  4. `generate` for one encounter.

SmolLM2-135M is a tiny local model: its verdicts, statements and notes are noise. This test
checks the PATH, never accuracy:

  - every command exits 0, or 3 when some judgments failed;
  - every question it asked is stored, with a verdict or with a failure reason;
  - the stored tokens equal the server's own counts for the same command. llama-server's log
    gives, for every request it completed, the prompt tokens it evaluated (those not reused
    from its prompt cache) and the tokens it generated: their sums must equal stored input -
    stored cached and stored output, exactly. Its /metrics (`prompt_tokens_total`,
    `prompt_tokens_cached_total`, `tokens_predicted_total`) must equal stored input - cached,
    cached and output too, unless the client cancelled a request (a timeout): the server counts
    what it spent on that request, and no answer carries that usage to any client, so then the
    store may only be lower, and the summary prints the difference;
  - the leaderboard renders, as a table and as HTML.

It prints a compact summary (seconds, judgments, verdicts, failures, tokens) and exits 1 on any
failed check. The server is stopped and the temporary folder removed on every exit.

    python3 Tests/LLM/llama_integration.py --binary .build/debug/scribegrade
"""

import argparse
import csv
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# The inputs: a small ACI-Bench rubric cut to its first criteria of two sections, two notes
# of its encounter; one PriMock57 note's statements; one transcript for `generate`.
RUBRIC = "Rubrics/aci-bench/D2N092.yaml"
CRITERIA_PER_SECTION = 1
NOTES = ("Examples/aci-bench/notes", ("BART", "LED"))
STATEMENTS = ("day2_consultation02", "note2")
GENERATE_TRANSCRIPT = "Examples/mts-dialog/transcripts/mts008.json"


class Failure(Exception):
    """A check that failed; its message says what was expected and what was seen."""


def check(condition, message):
    if not condition:
        raise Failure(message)


def log(message):
    print(message, flush=True)


def server_paths():
    """The llama-server binary and the model file, built or downloaded where missing."""
    script = os.path.join(ROOT, "Tests", "LLM", "llama_server.sh")
    started = time.monotonic()
    result = subprocess.run(["bash", script], stdout=subprocess.PIPE, text=True)
    check(result.returncode == 0, f"llama_server.sh exited {result.returncode} (its log is above)")
    lines = result.stdout.split()
    check(len(lines) == 2, f"llama_server.sh printed {len(lines)} paths, expected 2")
    log(f"llama_server.sh: {time.monotonic() - started:.0f} s")
    return lines[0], lines[1]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, timeout=10):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read().decode()


class LlamaServer:
    """llama-server on a loopback port: started, waited for, read, and stopped."""

    SLOTS = 2
    # Per slot: the model's training context (8192), room for the longest prompt here plus
    # a batched answer's max_tokens (4096).
    CONTEXT = SLOTS * 8192
    # One thread: the default (one per core) spins on a barrier each step, and with anything
    # else running on a 2-core machine it generated 6x slower (5.7 against 34.9 tokens/s).
    THREADS = 1

    def __init__(self, binary, model, directory):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(directory, "llama-server.log")
        self._log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [binary, "--model", model, "--host", "127.0.0.1", "--port", str(self.port), "--metrics",
             "--parallel", str(self.SLOTS), "--ctx-size", str(self.CONTEXT), "--threads", str(self.THREADS)],
            stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def wait_healthy(self, deadline_seconds=180):
        deadline = time.monotonic() + deadline_seconds
        while time.monotonic() < deadline:
            check(self.process.poll() is None,
                  f"llama-server exited {self.process.returncode} while starting:\n{self.log_tail()}")
            try:
                if get(f"{self.base}/health", timeout=5)[0] == 200:
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.5)
        raise Failure(f"llama-server not healthy after {deadline_seconds} s:\n{self.log_tail()}")

    def metrics(self):
        """The /metrics counters and gauges by name (without the `llamacpp:` prefix)."""
        _, text = get(f"{self.base}/metrics")
        values = {}
        for line in text.splitlines():
            if line.startswith("llamacpp:"):
                name, value = line.split()[:2]
                values[name[len("llamacpp:"):]] = value
        return values

    def counters(self):
        """The token counters after every request has left its slot (exact integers)."""
        deadline = time.monotonic() + 300
        while True:
            values = self.metrics()
            if float(values["requests_processing"]) == 0 and float(values["requests_deferred"]) == 0:
                break
            check(time.monotonic() < deadline, "llama-server still busy 300 s after the command ended")
            time.sleep(0.5)
        counters = {}
        for name in ("prompt_tokens_total", "prompt_tokens_cached_total", "tokens_predicted_total"):
            # The server prints doubles with 6 significant digits: 1234567 comes out as 1.23457e+06.
            check(re.fullmatch(r"\d+", values[name]) is not None,
                  f"/metrics {name} = {values[name]} is not an exact count (over 999,999?); restart the server")
            counters[name] = int(values[name])
        return counters

    def log_text(self):
        self._log.flush()
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def log_tail(self, lines=40):
        return "\n".join(self.log_text().splitlines()[-lines:])

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


def log_usage(text):
    """From the server log: (prompt tokens evaluated, tokens generated, requests completed, requests cancelled).

    A completed request logs its timings with both counts; a cancelled one logs "cancel task"
    and no timings.
    """
    prompts = [int(n) for n in re.findall(r"prompt eval time =.*?/\s*(\d+) tokens", text)]
    generated = sum(int(n) for n in re.findall(r"\|\s*eval time =.*?/\s*(\d+) tokens", text))
    return sum(prompts), generated, len(prompts), len(re.findall(r"cancel task", text))


TOKEN_COLUMNS = ("input_tokens", "cached_input_tokens", "output_tokens")


def stored_tokens(store):
    """Stored tokens summed over every table that records an answer's usage."""
    totals = dict.fromkeys(TOKEN_COLUMNS, 0)
    if not os.path.exists(store):
        return totals
    with sqlite3.connect(store) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            columns = {row[1] for row in db.execute(f'PRAGMA table_info("{table}")')}
            if set(TOKEN_COLUMNS) <= columns:
                sums = db.execute(f'SELECT {", ".join(f"COALESCE(SUM({c}), 0)" for c in TOKEN_COLUMNS)} FROM "{table}"').fetchone()
                for column, value in zip(TOKEN_COLUMNS, sums):
                    totals[column] += value
    return totals


def judgments(store):
    """Stored judgments by key: (verdict, failure, attempts)."""
    if not os.path.exists(store):
        return {}
    with sqlite3.connect(store) as db:
        return {key: (verdict, failure, attempts)
                for key, verdict, failure, attempts in db.execute("SELECT key, verdict, failure, attempts FROM judgment")}


def cut_rubric(source, destination, per_section):
    """The rubric with only its first `per_section` top-level criteria of its first two sections.

    Keeps the YAML text as written (no parser in the standard library): the header up to
    `criteria:`, then whole criterion blocks, each starting at `  - id:`.
    """
    with open(source) as f:
        text = f.read()
    header, body = text.split("\ncriteria:\n", 1)
    blocks = re.split(r"(?m)^(?=  - id:)", body)
    kept, sections = [], {}
    for block in blocks:
        section = re.search(r"(?m)^    section: (\S+)", block)
        if section is None or re.search(r"(?m)^    parent:", block):
            continue
        name = section.group(1)
        if name not in sections and len(sections) == 2:
            continue
        if sections.get(name, 0) < per_section:
            sections[name] = sections.get(name, 0) + 1
            kept.append(block.rstrip("\n") + "\n")
    check(len(sections) == 2, f"{source} has fewer than two sections")
    with open(destination, "w") as f:
        f.write(header + "\ncriteria:\n" + "".join(kept))
    return len(kept)


# Answers of at most this many tokens. SmolLM2-135M loops on about half the questions until
# the cap (ScribeGrade then fails them: cut off twice), and at the default cap (1,024; 4,096 for
# a note) one looping answer takes 40-100 s on 2 busy cores, past the default 60 s timeout. A
# verdict takes about 120 tokens, a section's verdicts in batched mode twice that, the note of
# the short encounter here about 300.
MAX_TOKENS = 256
BATCHED_MAX_TOKENS = 512
SCRIBE_MAX_TOKENS = 512


def write_config(path, base_url):
    """The judges and the scribe on the server: per criterion, batched by section, and a scribe.

    Everything but `max_tokens` is ScribeGrade's default (concurrency, timeout, retries, re-asks).
    """
    def model(name, max_tokens, extra=""):
        return (f"  {name}:\n    provider: openai\n    model: SmolLM2-135M-Instruct\n"
                f"    base_url: {base_url}/v1\n    max_tokens: {max_tokens}\n{extra}")
    with open(path, "w") as f:
        f.write("judges:\n" + model("smollm2", MAX_TOKENS) + model("smollm2-batched", BATCHED_MAX_TOKENS, "    mode: batched\n")
                + model("smollm2-scribe", SCRIBE_MAX_TOKENS))


class Step:
    """One CLI command and what the server and the store saw during it."""

    def __init__(self, name, expected):
        self.name = name
        self.expected = expected
        self.seconds = 0.0
        self.status = None
        self.new = {}
        self.stored = {}
        self.server = {}
        self.logged = (0, 0, 0, 0)
        # Prompt tokens evaluated and tokens generated for requests the server cancelled.
        self.unseen = (0, 0)


class Integration:
    def __init__(self, binary, server, directory):
        self.binary = binary
        self.server = server
        self.directory = directory
        self.store = os.path.join(directory, "store.sqlite")
        self.config = os.path.join(directory, "scribegrade.yaml")
        write_config(self.config, server.base)
        # No real key reaches the local server.
        self.env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
        self.steps = []

    def cli(self, *arguments, timeout=900):
        return subprocess.run(
            [self.binary, *arguments], cwd=self.directory, env=self.env, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)

    def run(self, name, expected, arguments):
        """Runs one command and records its exit status, time, new judgments and both token counts."""
        step = Step(name, expected)
        before_judgments = judgments(self.store)
        before_stored = stored_tokens(self.store)
        before_server = self.server.counters()
        before_log = len(self.server.log_text())
        started = time.monotonic()
        result = self.cli(*arguments, "--store", self.store, "--config", self.config)
        step.seconds = time.monotonic() - started
        step.status = result.returncode
        after_server = self.server.counters()
        after_stored = stored_tokens(self.store)
        step.server = {k: after_server[k] - before_server[k] for k in after_server}
        step.stored = {k: after_stored[k] - before_stored[k] for k in after_stored}
        step.new = {k: v for k, v in judgments(self.store).items() if before_judgments.get(k) != v}
        step.logged = log_usage(self.server.log_text()[before_log:])
        step.stderr = result.stderr
        self.steps.append(step)
        log(f"{name}: exit {step.status} in {step.seconds:.0f} s")
        if step.status not in (0, 3):
            # The CLI's own messages (progress and errors), never note text.
            print(result.stderr[-4000:], file=sys.stderr)
            raise Failure(f"{name}: exit status {step.status}, expected 0 or 3 (3 = some judgments failed)")
        return step

    def verify(self, step):
        """Every question stored with a verdict or a reason; stored tokens = the server's counters."""
        check(len(step.new) == step.expected,
              f"{step.name}: {len(step.new)} judgments stored, expected {step.expected}")
        bare = [k for k, (verdict, failure, _) in step.new.items() if not verdict and not failure]
        check(not bare, f"{step.name}: {len(bare)} judgments stored with neither a verdict nor a failure reason")
        failed = sum(1 for verdict, _, _ in step.new.values() if not verdict)
        check((failed > 0) == (step.status == 3),
              f"{step.name}: exit {step.status} with {failed} failed judgments (3 means some failed)")
        evaluated = step.stored["input_tokens"] - step.stored["cached_input_tokens"]
        stored = (evaluated, step.stored["cached_input_tokens"], step.stored["output_tokens"])
        server = (step.server["prompt_tokens_total"], step.server["prompt_tokens_cached_total"],
                  step.server["tokens_predicted_total"])
        prompt, generated, completed, cancelled = step.logged
        # Exact always: every request the server completed answered with its usage, and the
        # server logged the same counts for it.
        check((prompt, generated) == (evaluated, step.stored["output_tokens"]),
              f"{step.name}: the server logged {prompt} prompt tokens evaluated and {generated} generated over "
              f"{completed} completed requests; the store has {evaluated} (input - cached) and "
              f"{step.stored['output_tokens']} output")
        if cancelled == 0:
            check(stored == server, f"{step.name}: stored (input - cached, cached, output) = {stored}, "
                                    f"the server's /metrics {server}")
        else:
            # A request whose client timed out is cancelled: the server counted what it had
            # evaluated and generated, and no answer carried that usage to the client.
            check(all(a <= b for a, b in zip(stored[::2], server[::2])),
                  f"{step.name}: stored {stored} exceeds the server's /metrics {server}")
            step.unseen = (server[0] - stored[0], server[2] - stored[2])

    def report_renders(self, name):
        table = self.cli("report", "latest", "--store", self.store)
        check(table.returncode == 0 and "System" in table.stdout,
              f"{name}: report latest exited {table.returncode}: {table.stderr[-2000:]}")
        html_path = os.path.join(self.directory, f"{name}.html")
        html = self.cli("report", "latest", "--store", self.store, "--format", "html", "--output", html_path)
        check(html.returncode == 0 and os.path.getsize(html_path) > 0,
              f"{name}: report --format html exited {html.returncode}: {html.stderr[-2000:]}")
        with open(html_path) as f:
            page = f.read()
        check("<svg" in page, f"{name}: the HTML report has no chart")

    def summary(self):
        log("step                  exit  seconds  judgments  verdicts  failed  attempts  requests  cancelled  "
            "stored in (cached) / out  server evaluated + cached / predicted")
        for step in self.steps:
            verdicts = sum(1 for verdict, _, _ in step.new.values() if verdict)
            attempts = sum(a for _, _, a in step.new.values())
            _, _, completed, cancelled = step.logged
            log(f"{step.name:<20}  {step.status:>4}  {step.seconds:>7.0f}  {len(step.new):>9}  {verdicts:>8}  "
                f"{len(step.new) - verdicts:>6}  {attempts:>8}  {completed:>8}  {cancelled:>9}  "
                f"{step.stored['input_tokens']} ({step.stored['cached_input_tokens']}) / {step.stored['output_tokens']}"
                f"  {step.server['prompt_tokens_total']} + {step.server['prompt_tokens_cached_total']} / "
                f"{step.server['tokens_predicted_total']}")
            if cancelled:
                log(f"  {step.name}: {cancelled} requests cancelled by client timeouts; the server spent "
                    f"{step.unseen[0]} prompt and {step.unseen[1]} generated tokens on them that no answer reported")
        reasons = {}
        for step in self.steps:
            for verdict, failure, _ in step.new.values():
                if not verdict:
                    reason = re.sub(r"\d+", "N", failure or "")[:100]
                    reasons[reason] = reasons.get(reason, 0) + 1
        for reason, count in sorted(reasons.items(), key=lambda item: -item[1]):
            log(f"  failed {count}×: {reason}")


def prepare_inputs(directory):
    """The rubric, notes, transcripts and statements of the four steps, under `directory`."""
    # A rubric file is named for its id.
    rubric = os.path.join(directory, "rubrics", os.path.basename(RUBRIC))
    os.makedirs(os.path.dirname(rubric))
    criteria = cut_rubric(os.path.join(ROOT, RUBRIC), rubric, CRITERIA_PER_SECTION)
    with open(rubric) as f:
        encounter = re.search(r"(?m)^encounter: (\S+)", f.read()).group(1)
    notes = os.path.join(directory, "notes")
    source, systems = NOTES
    for system in systems:
        os.makedirs(os.path.join(notes, system))
        shutil.copy(os.path.join(ROOT, source, system, f"{encounter}.txt"), os.path.join(notes, system))
    transcripts = os.path.join(directory, "transcripts")
    os.makedirs(transcripts)
    shutil.copy(os.path.join(ROOT, "Examples/aci-bench/transcripts", f"{encounter}.json"), transcripts)

    consultation, note = STATEMENTS
    statements = os.path.join(directory, "note_statements.csv")
    with open(os.path.join(ROOT, "Examples/primock57/note_statements.csv"), newline="") as f:
        rows = list(csv.reader(f))
    # Three statements: each check sends the whole transcript, cold on each slot at first.
    kept = [row for row in rows[1:] if row[0] == consultation and row[1] == note][:3]
    with open(statements, "w", newline="") as f:
        csv.writer(f).writerows([rows[0], *kept])

    scribe_transcripts = os.path.join(directory, "scribe-transcripts")
    os.makedirs(scribe_transcripts)
    shutil.copy(os.path.join(ROOT, GENERATE_TRANSCRIPT), scribe_transcripts)
    return dict(rubric=rubric, criteria=criteria, notes=notes, systems=len(systems), transcripts=transcripts,
                statements=statements, statement_count=len(kept), scribe_transcripts=scribe_transcripts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", required=True, help="the scribegrade executable")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (store, server log)")
    options = parser.parse_args()
    binary = os.path.abspath(options.binary)
    # A CI runner's SIGTERM stops the server and removes the folder too (the `finally` below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    started = time.monotonic()
    try:
        server_binary, model = server_paths()
    except Failure as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        return 1
    directory = tempfile.mkdtemp(prefix="scribegrade-llama-")
    server = None
    try:
        inputs = prepare_inputs(directory)
        server = LlamaServer(server_binary, model, directory)
        server.wait_healthy()
        log(f"llama-server at {server.base}: {LlamaServer.SLOTS} slots, context {LlamaServer.CONTEXT}, "
            f"{LlamaServer.THREADS} thread; "
            f"ready after {time.monotonic() - started:.0f} s")
        run = Integration(binary, server, directory)
        pairs = inputs["criteria"] * inputs["systems"]
        grade = ["grade", "--rubrics", inputs["rubric"], "--notes", inputs["notes"], "--transcripts", inputs["transcripts"]]

        for name, judge in (("grade per criterion", "smollm2"), ("grade batched", "smollm2-batched")):
            step = run.run(name, pairs, [*grade, "--judge", judge])
            run.verify(step)
            run.report_renders(name.replace(" ", "-"))
        step = run.run("statements", inputs["statement_count"],
                       ["statements", "--primock57-statements", inputs["statements"],
                        "--transcripts", os.path.join(ROOT, "Examples/primock57/transcripts"), "--judge", "smollm2"])
        run.verify(step)
        generated = os.path.join(directory, "generated")
        step = run.run("generate", 1, ["generate", "--model", "smollm2-scribe", "--system", "smollm2",
                                       "--transcripts", inputs["scribe_transcripts"], "--output", generated])
        run.verify(step)
        encounter = os.path.splitext(os.path.basename(GENERATE_TRANSCRIPT))[0]
        note = os.path.join(generated, "smollm2", f"{encounter}.md")
        check(step.status == 3 or os.path.getsize(note) > 0, f"generate: {note} missing or empty")
        run.summary()
        log(f"llama integration: all checks passed in {time.monotonic() - started:.0f} s "
            "(SmolLM2-135M's verdicts are noise: the path was checked, not accuracy)")
        return 0
    except Failure as failure:
        if "run" in locals():
            run.summary()
        print(f"FAILED: {failure}", file=sys.stderr)
        if server is not None:
            print(f"llama-server log (last lines):\n{server.log_tail(20)}", file=sys.stderr)
        return 1
    finally:
        if server is not None:
            server.stop()
        if options.keep:
            log(f"kept {directory}")
        else:
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
