#!/usr/bin/env python3
"""Checks that the official `openai` and `anthropic` Python SDKs parse what `scribegrade simulate`
sends: success responses, usage (including cached tokens), tool-use blocks, and the typed errors
for 401/429/500/503/529, dropped connections, truncated bodies and timeouts.

Usage: python3 Tests/SDK/sdk_interop.py PATH/TO/scribegrade
Prints one line per check and 'N passed, N failed'; exits 1 on any failure.
"""
import json
import os
import subprocess
import sys
import tempfile
import traceback

import anthropic
import openai

BINARY = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/scribegrade"
LONG = " ".join(f"The patient reported symptom number {i} in some detail." for i in range(400))
SCHEMA = {
    "type": "object",
    "properties": {
        "explanation": {"type": "string"},
        "verdict": {"type": "string", "enum": ["met", "not_met"]},
        "evidence": {
            "type": "object",
            "properties": {"note": {"type": "array", "items": {"type": "string"}},
                           "transcript": {"type": "array", "items": {"type": "string"}}},
            "required": ["note", "transcript"], "additionalProperties": False,
        },
    },
    "required": ["explanation", "verdict", "evidence"], "additionalProperties": False,
}
ITEM = {"X-ScribeGrade-Item": "system=sdk&encounter=e1&rubric=r1&criteria=c1&sample=0"}


class Simulator:
    """`scribegrade simulate --port 0 ARGS` in a child process, stopped with SIGTERM."""

    def __init__(self, *args):
        self.log = tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False).name
        self.process = subprocess.Popen(
            [BINARY, "simulate", "--port", "0", "--request-log", self.log, *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        if "listening on " not in line:
            raise RuntimeError(f"simulator did not start: {line!r} {self.process.stderr.read()!r}")
        self.url = line.split("listening on ")[1].split()[0]

    def requests(self):
        with open(self.log) as handle:
            return [json.loads(line) for line in handle if line.strip()]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        code = self.process.wait(timeout=10)
        os.unlink(self.log)
        if code != 0:
            raise RuntimeError(f"simulator exited with {code} on SIGTERM")


def openai_client(sim, **kw):
    kw.setdefault("max_retries", 0)
    return openai.OpenAI(base_url=sim.url + "/v1", api_key=kw.pop("api_key", "sk-test"), **kw)


def anthropic_client(sim, **kw):
    kw.setdefault("max_retries", 0)
    return anthropic.Anthropic(base_url=sim.url, api_key=kw.pop("api_key", "sk-ant-test"), **kw)


def chat(client, user="Criterion id: c1", **kw):
    return client.chat.completions.create(
        model="gpt-4.1-mini",
        messages=[{"role": "system", "content": "Grade the note."}, {"role": "user", "content": user}],
        response_format={"type": "json_schema", "json_schema": {"name": "criterion_verdict", "strict": True, "schema": SCHEMA}},
        temperature=0, seed=7, max_completion_tokens=300, extra_headers=ITEM, **kw)


def message(client, shared="x", question="Criterion id: c1", **kw):
    return client.messages.create(
        model="claude-sonnet-4-6", max_tokens=300, system="Grade the note.",
        messages=[{"role": "user", "content": [
            {"type": "text", "text": shared, "cache_control": {"type": "ephemeral"}},
            {"type": "text", "text": question}]}],
        tools=[{"name": "criterion_verdict", "description": "Record the verdict.", "input_schema": SCHEMA}],
        tool_choice={"type": "tool", "name": "criterion_verdict"}, extra_headers=ITEM, **kw)


def expect(condition, what):
    if not condition:
        raise AssertionError(what)


def raises(kind, call):
    try:
        call()
    except kind as error:
        return error
    except Exception as error:  # noqa: BLE001
        raise AssertionError(f"expected {kind.__name__}, got {type(error).__name__}: {error}")
    raise AssertionError(f"expected {kind.__name__}, nothing was raised")


def check_openai_success_and_cached_usage():
    with Simulator() as sim:
        client = openai_client(sim)
        first = chat(client, LONG + "\nCriterion id: c1")
        expect(isinstance(first, openai.types.chat.ChatCompletion), "a ChatCompletion")
        expect(first.object == "chat.completion" and first.id.startswith("chatcmpl-"), "object and id")
        expect(first.choices[0].finish_reason == "stop", "finish_reason")
        answer = json.loads(first.choices[0].message.content)
        expect(answer["verdict"] in ("met", "not_met") and set(answer) == {"explanation", "verdict", "evidence"}, "answer in schema")
        expect(first.usage.prompt_tokens > 1024 and first.usage.prompt_tokens_details.cached_tokens == 0, "first call uncached")
        expect(first.usage.total_tokens == first.usage.prompt_tokens + first.usage.completion_tokens, "total tokens")
        expect(first._request_id and first._request_id.startswith("req_"), "x-request-id read by the SDK")
        second = chat(client, LONG + "\nCriterion id: c2")
        cached = second.usage.prompt_tokens_details.cached_tokens
        expect(cached >= 1024 and (cached - 1024) % 128 == 0, f"cached_tokens {cached} in 128-token steps from 1024")
        raw = client.chat.completions.with_raw_response.create(
            model="m", messages=[{"role": "user", "content": "hi"}])
        expect(raw.headers["x-ratelimit-limit-requests"].isdigit(), "rate-limit headers")
        expect(raw.parse().choices[0].message.role == "assistant", "raw response parses")


def check_openai_parse_helper_reads_structured_output():
    with Simulator() as sim:
        completion = openai_client(sim).chat.completions.parse(
            model="gpt-4.1-mini", messages=[{"role": "user", "content": "Criterion id: c1"}],
            response_format={"type": "json_schema", "json_schema": {"name": "criterion_verdict", "strict": True, "schema": SCHEMA}})
        expect(completion.choices[0].message.content is not None, "parse() accepts the response")


def check_openai_refusal():
    with Simulator("--faults", "refusal=1") as sim:
        completion = chat(openai_client(sim))
        expect(completion.choices[0].message.content is None, "no content")
        expect(completion.choices[0].message.refusal, "refusal text")


def check_openai_typed_errors():
    for fault, kind, status in (("429", openai.RateLimitError, 429), ("500", openai.InternalServerError, 500),
                                ("503", openai.InternalServerError, 503), ("529", openai.InternalServerError, 503)):
        with Simulator("--faults", f"{fault}=1", "--retry-after-ms", "1500") as sim:
            error = raises(kind, lambda: chat(openai_client(sim)))
            expect(error.status_code == status, f"{fault}: status {error.status_code}")
            expect(isinstance(error.body, dict) and "message" in error.body, f"{fault}: error body")
            if fault == "429":
                expect(error.code == "rate_limit_exceeded" and error.type == "requests", "429 code and type")
                expect(error.response.headers["retry-after"] == "2" and error.response.headers["retry-after-ms"] == "1500", "retry-after headers")
            else:
                expect(error.type == "server_error", f"{fault}: type")
    with Simulator("--api-key", "sk-right") as sim:
        error = raises(openai.AuthenticationError, lambda: chat(openai_client(sim, api_key="sk-wrong-0123456789")))
        expect(error.code == "invalid_api_key", "401 code")
    with Simulator() as sim:
        error = raises(openai.NotFoundError, lambda: openai_client(sim).embeddings.create(model="m", input="x"))
        expect(error.status_code == 404, "404")


def check_openai_sdk_retries_honour_retry_after():
    with Simulator("--faults", "429=1", "--retry-after-ms", "50") as sim:
        raises(openai.RateLimitError, lambda: chat(openai_client(sim, max_retries=2)))
        expect(len(sim.requests()) == 3, f"the SDK retried twice: {len(sim.requests())} requests")


def check_openai_connection_faults():
    with Simulator("--faults", "drop=1") as sim:
        raises(openai.APIConnectionError, lambda: chat(openai_client(sim)))
    with Simulator("--faults", "truncated=1") as sim:
        raises(openai.APIConnectionError, lambda: chat(openai_client(sim)))
    with Simulator("--faults", "hang=1", "--hang-seconds", "5") as sim:
        raises(openai.APITimeoutError, lambda: chat(openai_client(sim, timeout=0.5)))


def check_openai_malformed_answer_is_delivered_as_content():
    with Simulator("--faults", "malformed=1") as sim:
        content = chat(openai_client(sim)).choices[0].message.content
        try:
            json.loads(content)
            raise AssertionError("malformed content parsed as JSON")
        except json.JSONDecodeError:
            pass


def check_anthropic_tool_use_and_cache_usage():
    with Simulator() as sim:
        client = anthropic_client(sim)
        first = message(client, shared=LONG)
        expect(isinstance(first, anthropic.types.Message), "a Message")
        expect(first.stop_reason == "tool_use" and first.id.startswith("msg_"), "stop_reason and id")
        block = first.content[0]
        expect(isinstance(block, anthropic.types.ToolUseBlock), f"a ToolUseBlock, got {type(block).__name__}")
        expect(block.name == "criterion_verdict" and block.input["verdict"] in ("met", "not_met"), "tool input")
        expect(first.usage.cache_creation_input_tokens > 1024 and first.usage.cache_read_input_tokens == 0, "cache written first")
        expect(first.usage.cache_creation.ephemeral_5m_input_tokens == first.usage.cache_creation_input_tokens, "cache_creation breakdown")
        second = message(client, shared=LONG, question="Criterion id: c2")
        expect(second.usage.cache_read_input_tokens == first.usage.cache_creation_input_tokens, "cache read after")
        expect(second.usage.cache_creation_input_tokens == 0, "nothing written the second time")
        expect(first._request_id and first._request_id.startswith("req_"), "request-id read by the SDK")


def check_anthropic_refusal():
    with Simulator("--faults", "refusal=1") as sim:
        reply = message(anthropic_client(sim))
        expect(reply.stop_reason == "refusal", "stop_reason refusal")


def check_anthropic_typed_errors():
    for fault, kind, status, kind_name in (("429", anthropic.RateLimitError, 429, "rate_limit_error"),
                                           ("500", anthropic.InternalServerError, 500, "api_error"),
                                           ("503", anthropic.OverloadedError, 529, "overloaded_error"),
                                           ("529", anthropic.OverloadedError, 529, "overloaded_error")):
        with Simulator("--faults", f"{fault}=1", "--retry-after-ms", "1000") as sim:
            error = raises(kind, lambda: message(anthropic_client(sim)))
            expect(error.status_code == status, f"{fault}: status {error.status_code}")
            expect(error.type == kind_name, f"{fault}: error type {error.type}")
            expect(error.request_id and error.request_id.startswith("req_"), f"{fault}: request id")
            if fault == "429":
                expect(error.response.headers["retry-after"] == "1", "retry-after")
    with Simulator("--api-key", "sk-right") as sim:
        raises(anthropic.AuthenticationError, lambda: message(anthropic_client(sim, api_key="nope")))


def check_anthropic_connection_faults():
    with Simulator("--faults", "drop=1") as sim:
        raises(anthropic.APIConnectionError, lambda: message(anthropic_client(sim)))
    with Simulator("--faults", "truncated=1") as sim:
        raises(anthropic.APIConnectionError, lambda: message(anthropic_client(sim)))
    with Simulator("--faults", "hang=1", "--hang-seconds", "5") as sim:
        raises(anthropic.APITimeoutError, lambda: message(anthropic_client(sim, timeout=0.5)))


def check_request_log_names_the_item():
    with Simulator() as sim:
        chat(openai_client(sim))
        message(anthropic_client(sim))
        lines = sim.requests()
        expect([line["endpoint"] for line in lines] == ["openai", "anthropic"], "one line per request")
        expect(all(line["note"] == "sdk/e1" and line["criteria"] == ["c1"] for line in lines), "ids from the item header")


def main():
    checks = [(name, fn) for name, fn in globals().items() if name.startswith("check_")]
    passed = failed = 0
    print(f"openai {openai.__version__}, anthropic {anthropic.__version__}, simulator {BINARY}")
    for name, check in checks:
        try:
            check()
            passed += 1
            print(f"ok   {name}")
        except Exception:  # noqa: BLE001
            failed += 1
            print(f"FAIL {name}\n{traceback.format_exc()}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
