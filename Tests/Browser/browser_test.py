#!/usr/bin/env python3
"""The grading service's web pages in headless Chromium, as people use them.

Starts the simulator and `scribegrade serve` on free ports over a fresh store, uploads the
server tests' fixtures (three PriMock57 rubrics, two transcripts, three systems' notes) through
the API, grades them with a simulated LLM judge and the baseline, then drives Debian's
`chromium` through `chromedriver` (the W3C WebDriver HTTP API, no client library):

- signs in at /login with a reviewer token, as a browser would (form post, session cookie);
- checks what the leaderboard, a note page, the calibration page and the review queue render;
- answers ten review items through the review page's form, like a clinician, and checks that
  the calibration page's numbers change;
- keeps answering until the leaderboard shows a corrected (prediction-powered) interval for
  every system, answers more, and checks that the intervals narrow;
- checks that no page loads anything from another origin (works offline, no CDN);
- saves screenshots of the leaderboard, a note page, the review queue, calibration and the
  corrected scores into --screenshots.

Fails (exit status 1) when chromium or chromedriver is missing: it never skips.

    python3 Tests/Browser/browser_test.py --binary .build/debug/scribegrade --screenshots Docs
"""

import argparse
import base64
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Service"))
from service import FIXTURES, SYSTEMS, Failure, Service, check, free_port, http  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


class WebDriver:
    """The few W3C WebDriver commands the test needs, spoken to chromedriver over HTTP."""

    def __init__(self, chromium, chromedriver, log_path):
        self.port = free_port()
        self.log = open(log_path, "w")
        self.process = subprocess.Popen(
            [chromedriver, f"--port={self.port}"], stdout=self.log, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 30
        while True:
            try:
                status, _, text = http("GET", self.base + "/status", timeout=2)
                if status == 200 and json.loads(text)["value"]["ready"]:
                    break
            except (OSError, ValueError, KeyError):
                pass
            check(time.time() < deadline and self.process.poll() is None, "chromedriver did not start")
            time.sleep(0.2)
        capabilities = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--window-size=1366,900", "--hide-scrollbars", "--force-device-scale-factor=1",
                         "--lang=en-GB"],
            },
        }}}
        self.session = self.command("POST", "/session", capabilities)["sessionId"]

    def command(self, method, path, payload=None):
        status, _, text = http(method, self.base + path, body=None if payload is None else json.dumps(payload),
                               content_type="application/json", timeout=60)
        value = json.loads(text)["value"] if text else None
        if status != 200:
            raise Failure(f"WebDriver {method} {path}: {status} {text[:500]}")
        return value

    def session_command(self, method, path, payload=None):
        return self.command(method, f"/session/{self.session}{path}", payload)

    def go(self, url):
        self.session_command("POST", "/url", {"url": url})

    @property
    def url(self):
        return self.session_command("GET", "/url")

    def run(self, script, *args):
        return self.session_command("POST", "/execute/sync", {"script": script, "args": list(args)})

    def find(self, css):
        elements = self.find_all(css)
        check(elements, f"no element matches {css} on {self.url}")
        return elements[0]

    def find_all(self, css):
        found = self.session_command("POST", "/elements", {"using": "css selector", "value": css})
        # The reference is the one value of each element object (its key varies by driver).
        return [next(iter(element.values())) for element in found]

    def text(self, css):
        return self.session_command("GET", f"/element/{self.find(css)}/text")

    def type(self, css, text):
        self.session_command("POST", f"/element/{self.find(css)}/value", {"text": text})

    def click(self, css):
        self.session_command("POST", f"/element/{self.find(css)}/click", {})

    def wait_for(self, css, seconds=15):
        """The elements matching `css` once there are any, or [] after `seconds`: the URL of a
        followed redirect changes before its page has loaded."""
        deadline = time.monotonic() + seconds
        found = self.find_all(css)
        while not found and time.monotonic() < deadline:
            time.sleep(0.05)
            found = self.find_all(css)
        return found

    def wait_for_text(self, css, predicate, seconds=15):
        """The text of the first element matching `css` once `predicate` holds for it, or None
        after `seconds`: after a click the old page, with the same elements, may still be the
        one shown."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                text = self.text(css) if self.find_all(css) else None
            except Failure:
                text = None  # the page went away between finding and reading
            if text is not None and predicate(text):
                return text
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.05)

    def wait_for_url(self, fragment, seconds=15):
        """The URL once it holds `fragment`, or the last one seen after `seconds`: a click that
        submits a form can return before the browser has followed the redirect."""
        deadline = time.monotonic() + seconds
        url = self.url
        while fragment not in url and time.monotonic() < deadline:
            time.sleep(0.05)
            url = self.url
        return url

    def screenshot(self, path):
        png = base64.b64decode(self.session_command("GET", "/screenshot"))
        check(png.startswith(b"\x89PNG") and len(png) > 10_000, f"screenshot {path} is not a real PNG")
        with open(path, "wb") as file:
            file.write(png)

    def close(self):
        try:
            self.command("DELETE", f"/session/{self.session}")
        finally:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.log.close()


def same_origin_only(browser, base):
    """Every resource the page loaded came from the service itself."""
    resources = browser.run("return performance.getEntriesByType('resource').map(e => e.name)")
    foreign = [url for url in resources if not url.startswith(base)]
    check(not foreign, f"{browser.url} loaded resources from elsewhere: {foreign}")


def calibration_numbers(browser):
    """Every number on the calibration page's summary and judge table, in order."""
    summary = browser.text("#calibration-summary")
    table = browser.text("body table") if browser.find_all("body table") else ""
    return re.findall(r"-?\d+(?:\.\d+)?", summary + "\n" + table)


def answer_review_item(browser, index):
    """Answers the review page's item as a clinician would and waits for the next one."""
    criterion = browser.find("#criterion")
    check(criterion, "no criterion to review")
    page = browser.text("body")
    check(browser.find_all("#note") and browser.find_all("#transcript"), "the review page lacks a text")
    check(not browser.find_all("mark.ev, td.verdict, .quotes"), "the review page shows the judges' work")
    check("sim:" not in page and "baseline:" not in page, "the review page names a judge's verdict")
    # A clinician's reading: met when the note mentions the criterion's key words.
    words = [w for w in re.findall(r"[a-z]{5,}", browser.text("#criterion .text").lower())]
    note_text = browser.text("#note").lower()
    met = sum(w in note_text for w in words) >= max(1, len(words) // 2)
    answered = int(browser.text("#answered"))
    browser.click("#answer-met" if met else "#answer-not-met")
    # The page before the click has the same elements (and, after the first answer, the same
    # `saved=` URL): wait for the count to grow, which only the next page shows.
    check(browser.wait_for_text("#answered", lambda text: text == str(answered + 1)),
          f"answer {index + 1} did not return to the queue with the count grown: {browser.url}")
    check("saved=" in browser.url, f"answer {index + 1} did not return to the queue: {browser.url}")
    check(browser.wait_for("#saved"), "no confirmation that the answer was saved")


def upload_primock57_and_grade(service, count):
    """Uploads the rubric (first clinician's) and the three systems' notes of `count` bundled
    PriMock57 consultations not among the fixtures, grades everything with the baseline, and
    returns the run's id."""
    rubrics = os.path.join(ROOT, "Rubrics", "primock57")
    fixtures = {name.split("_clinician")[0] for name in os.listdir(os.path.join(FIXTURES, "rubrics"))}
    chosen = sorted(name for name in os.listdir(rubrics)
                    if name.endswith("_clinician_1.yaml") and name.split("_clinician")[0] not in fixtures)[:count]
    encounters = [name.split("_clinician")[0] for name in chosen]
    for name in chosen:
        with open(os.path.join(rubrics, name)) as file:
            service.api("POST", f"/api/rubrics?file={name}", file.read(), "grader", "application/yaml", (201,))
    for system in SYSTEMS:
        folder = os.path.join(ROOT, "Examples", "primock57", "notes", system)
        notes = [{"encounter": e, "note": open(os.path.join(folder, f"{e}.txt")).read()} for e in encounters]
        service.api("POST", "/api/notes", {"system": system, "notes": notes}, "grader", expect=(201,))
    run = service.api("POST", "/api/runs", {"judges": ["baseline"]}, "grader", expect=(202,))
    deadline = time.time() + 300
    while run["active"]:
        check(time.time() < deadline, "the second run did not finish in 5 minutes")
        time.sleep(0.2)
        run = service.api("GET", f"/api/runs/{run['id']}")
    check(run["status"] == "completed", f"the second run ended {run['status']}")
    return run["id"]


def corrected_widths(browser, url):
    """The width of each system's corrected 95% interval on the leaderboard at `url` (systems
    without one left out)."""
    browser.go(url)
    cells = browser.run("return [...document.querySelectorAll('#corrected td[data-ci]')]"
                        ".map(e => [e.closest('tr').dataset.system, e.dataset.ci])")
    widths = {}
    for system, interval in cells:
        if interval:
            lower, upper = map(float, interval.split())
            widths[system] = upper - lower
    return widths


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", required=True, help="the scribegrade executable")
    parser.add_argument("--screenshots", help="folder for leaderboard.png, note-page.png, review-queue.png, calibration.png "
                                              "(default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, store)")
    options = parser.parse_args()

    chromium = shutil.which("chromium")
    chromedriver = shutil.which("chromedriver")
    if not chromium or not chromedriver:
        print("error: the browser test needs Debian's chromium and chromium-driver packages "
              "(apt-get install chromium chromium-driver); .ci/run installs them", file=sys.stderr)
        return 1

    directory = tempfile.mkdtemp(prefix="scribegrade-browser-")
    shots = options.screenshots or os.path.join(directory, "screenshots")
    os.makedirs(shots, exist_ok=True)
    # A review sample large enough for every system to reach a corrected interval and then
    # narrow it.
    service = Service(os.path.abspath(options.binary), directory, serve_options=("--review-budget", "150"))
    browser = None
    try:
        run = service.upload_fixtures_and_grade()
        run_id = run["id"]
        print(f"graded {run['notes']} notes with sim + baseline: run {run_id}")

        # Clinicians' earlier ratings (the CSV `scribegrade ratings import` reads), so that the
        # calibration page has numbers before the review session.
        judgments = service.api("GET", f"/api/runs/{run_id}/judgments?system=doctor")["judgments"]
        rows = io.StringIO()
        writer = csv.writer(rows)
        writer.writerow(["system", "encounter", "criterion", "rater", "verdict", "rubric"])
        for index, judgment in enumerate(j for j in judgments if j["judge"] == "sim"):
            if index % 3 == 0:
                # The clinician disagrees with the simulated judge on one item in four.
                verdict = judgment["verdict"]
                if index % 12 == 0:
                    verdict = "not_met" if verdict == "met" else "met"
                writer.writerow([judgment["system"], judgment["encounter"], judgment["criterion"],
                                 "clinician-1", verdict, judgment["rubric"]])
        imported = service.api("POST", "/api/ratings", rows.getvalue(), "admin", "text/csv", (201,))
        check(imported["stored"] > 10, f"only {imported['stored']} earlier ratings")

        browser = WebDriver(chromium, chromedriver, os.path.join(directory, "chromedriver.log"))
        base = service.base

        # A page without a session is the sign-in form; signing in returns to the page asked for.
        browser.go(f"{base}/review")
        check(browser.find_all("form.login input[name=token]"), "no sign-in form for a browser without a session")
        browser.type("#token", service.tokens["reviewer"])
        browser.click("form.login button[type=submit]")
        browser.wait_for("#answered")  # the review queue, once the sign-in's redirect has loaded
        check(browser.url == f"{base}/review", f"signing in led to {browser.url}")
        check("dr-browser" in browser.text("nav.top"), "the page does not say who is signed in")
        cookies = browser.session_command("GET", "/cookie")
        session = [c for c in cookies if c["name"] == "scribegrade_session"]
        check(session and session[0]["httpOnly"] and session[0]["sameSite"] == "Strict",
              f"the session cookie is not HttpOnly and SameSite=Strict: {cookies}")
        check(service.tokens["reviewer"] not in json.dumps(cookies), "the token is stored in a cookie")

        # Leaderboard: every system with its score and CI, a chart drawn in SVG, section scores.
        browser.go(f"{base}/")
        check(browser.run("return document.title").startswith("Leaderboard"), "/ is not the leaderboard")
        rows = {row: browser.text(f"#leaderboard tr[data-system={row}]") for row in SYSTEMS}
        for system, text in rows.items():
            check(re.search(rf"^\d {system} 0\.\d{{3}} \[0\.\d{{3}}, [01]\.\d{{3}}\] 3 \d+ 0 [01]\.\d{{3}}", text),
                  f"leaderboard row of {system}: {text!r}")
        check(len(browser.find_all("#chart svg rect")) >= 3, "the leaderboard chart has no bars")
        check(len(browser.find_all("#chart svg line, #chart svg path")) >= 3, "the leaderboard chart has no CI bars")
        header = browser.text("#leaderboard thead")
        check("Critical missed" in header and re.search(r"subjective|objective|assessment|plan|any", header),
              f"no critical-miss or section columns: {header!r}")
        check(len(browser.find_all("#notes tbody tr")) == 9, "the leaderboard does not list the 9 notes")
        same_origin_only(browser, base)
        browser.screenshot(os.path.join(shots, "leaderboard.png"))

        # A note page: both texts, criteria with verdicts, evidence highlighted in both texts.
        browser.click("#notes tbody tr:first-child a")
        url = browser.wait_for_url("/notes/")
        check("/notes/" in url, f"the note link led to {url}")
        check(browser.wait_for("#note"), "the note page did not load")
        note = browser.text("#note")
        transcript = browser.text("#transcript")
        check(len(note) > 300 and len(transcript) > 1000, "the note page lacks the note or the transcript")
        check(len(browser.find_all("#criteria tr.criterion")) >= 40, "the note page lists too few criteria")
        verdicts = browser.run("return [...document.querySelectorAll('#criteria td.verdict')].map(e => e.textContent)")
        check(any(v.startswith("not_met") for v in verdicts) and any(v.startswith("met") for v in verdicts),
              f"verdicts on the note page: {sorted(set(verdicts))}")
        check(browser.find_all("#note mark.ev") and browser.find_all("#transcript mark.ev"),
              "evidence is not highlighted in both the note and the transcript")
        check(browser.find_all("#criteria .quotes li"), "no evidence quotes next to the criteria")
        same_origin_only(browser, base)
        browser.screenshot(os.path.join(shots, "note-page.png"))

        # Calibration before the review session.
        browser.go(f"{base}/runs/{run_id}/calibration")
        before = calibration_numbers(browser)
        check(browser.find("#calibration-summary"), "no calibration summary")
        check("Judges against the experts" in browser.text("body"), "no agreement table before the session")

        # The review queue: one criterion, the note and the transcript, no judge's verdict.
        browser.go(f"{base}/review")
        answered_before = int(browser.text("#answered"))
        browser.screenshot(os.path.join(shots, "review-queue.png"))
        for index in range(10):
            answer_review_item(browser, index)
            check(int(browser.text("#answered")) == answered_before + index + 1, "the answered count did not grow")
        stored = service.api("GET", "/api/ratings?source=review&rater=dr-browser")["ratings"]
        check(len(stored) == 10, f"{len(stored)} ratings stored from the review page, not 10")
        same_origin_only(browser, base)

        # Calibration after: the answers count at once.
        browser.go(f"{base}/runs/{run_id}/calibration")
        after = calibration_numbers(browser)
        check(after != before, "the review session did not change the calibration page's numbers")
        summary = browser.text("#calibration-summary")
        check("10 of them answers from the review queue by 1 reviewer" in summary, f"calibration summary: {summary}")
        check(browser.find_all("body svg"), "the calibration page draws no chart")
        same_origin_only(browser, base)
        browser.screenshot(os.path.join(shots, "calibration.png"))
        print("calibration numbers before the review session:", " ".join(before[:16]))
        print("calibration numbers after ten answers:        ", " ".join(after[:16]))

        # What clinicians would score. The fixtures hold two encounters, too few clusters for
        # an interval to mean much, so a second run grades 12 more PriMock57 consultations with
        # the baseline. The leaderboard's corrected scores rest on the queue's answers (drawn at
        # random with recorded probabilities): keep answering until every system has a
        # corrected interval, then answer more, and the intervals narrow.
        second_run = upload_primock57_and_grade(service, 12)
        review_url = f"{base}/review?run={second_run}"
        board_url = f"{base}/runs/{second_run}"
        answered, first = 0, {}
        browser.go(review_url)
        while len(first) < len(SYSTEMS):
            check(answered < 90, f"no corrected interval for every system after {answered} answers: {first}")
            for _ in range(6):
                check(not browser.find_all("#done"),
                      f"the review sample ran out after {answered} answers with corrected intervals for {sorted(first)}")
                answer_review_item(browser, answered)
                answered += 1
            first = corrected_widths(browser, board_url)
            if len(first) < len(SYSTEMS):
                check(not browser.find_all("#corrected-refused"), "the corrected scores were refused")
                browser.go(review_url)
        browser.run("document.querySelector('#corrected').scrollIntoView()")
        browser.screenshot(os.path.join(shots, "corrected.png"))
        browser.go(review_url)
        more = 0
        while more < 30 and not browser.find_all("#done"):
            answer_review_item(browser, answered + more)
            more += 1
        check(more >= 15, f"only {more} more items to review")
        second = corrected_widths(browser, board_url)
        check(set(second) == set(first), f"systems with a corrected interval: {sorted(first)} then {sorted(second)}")
        check(sum(second.values()) < sum(first.values()),
              f"the corrected intervals did not narrow: {first} after {answered} answers, {second} after {answered + more}")
        print(f"corrected 95% interval widths after {answered} answers:", {k: round(v, 3) for k, v in sorted(first.items())})
        print(f"corrected 95% interval widths after {answered + more} answers:", {k: round(v, 3) for k, v in sorted(second.items())})

        # A viewer of the same pages: no review queue.
        status, _, _ = http("GET", f"{base}/review", service.tokens["grader"])
        check(status == 403, f"a grader opened the review queue: {status}")
        service.check_logs_are_private()
        print(f"browser test passed; screenshots in {shots}")
        return 0
    except Failure as failure:
        print(f"error: browser test failed: {failure}", file=sys.stderr)
        if browser:
            try:
                browser.screenshot(os.path.join(directory, "failure.png"))
                print(f"  page {browser.url}; screenshot {directory}/failure.png", file=sys.stderr)
            except Failure:
                pass
        return 1
    finally:
        if browser:
            browser.close()
        service.stop()
        if not options.keep:
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
