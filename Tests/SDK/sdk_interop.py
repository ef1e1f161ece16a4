#!/usr/bin/env python3
"""Checks that the official `openai` and `anthropic` Python SDKs parse what `scribegrade simulate`
sends: success responses, usage (including cached tokens), tool-use blocks, and the typed errors
for 401/429/500/503/529, dropped connections, truncated bodies and timeouts; and that both SDKs'
`batches` clients drive the simulated OpenAI Batch and Anthropic Message Batches APIs, with
batched answers equal to synchronous ones and each batch fault as the SDK exposes it.

Usage: python3 Tests/SDK/sdk_interop.py PATH/TO/scribegrade
Prints one line per check and 'N passed, N failed'; exits 1 on any failure.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
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


def chat_params(user="Criterion id: c1"):
    """The body of a chat completion request, as `chat` sends it and a batch line carries it."""
    return dict(
        model="gpt-4.1-mini",
        messages=[{"role": "system", "content": "Grade the note."}, {"role": "user", "content": user}],
        response_format={"type": "json_schema", "json_schema": {"name": "criterion_verdict", "strict": True, "schema": SCHEMA}},
        temperature=0, seed=7, max_completion_tokens=300)


def chat(client, user="Criterion id: c1", **kw):
    return client.chat.completions.create(**chat_params(user), extra_headers=ITEM, **kw)


def message_params(shared="x", question="Criterion id: c1"):
    """The body of a Messages request, as `message` sends it and a batch request's params carry it."""
    return dict(
        model="claude-sonnet-4-6", max_tokens=300, system="Grade the note.",
        messages=[{"role": "user", "content": [
            {"type": "text", "text": shared, "cache_control": {"type": "ephemeral"}},
            {"type": "text", "text": question}]}],
        tools=[{"name": "criterion_verdict", "description": "Record the verdict.", "input_schema": SCHEMA}],
        tool_choice={"type": "tool", "name": "criterion_verdict"})


def message(client, shared="x", question="Criterion id: c1", **kw):
    return client.messages.create(**message_params(shared, question), extra_headers=ITEM, **kw)


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


def check_looping_answers_are_cut_off_at_max_tokens():
    with Simulator("--judge-behaviour", "loops-when-greedy") as sim:
        cut = chat(openai_client(sim)).choices[0]
        expect(cut.finish_reason == "length", f"finish_reason length, got {cut.finish_reason}")
        usage = chat(openai_client(sim)).usage
        expect(usage.completion_tokens == 300, "usage of exactly max_completion_tokens")
        answered = openai_client(sim).chat.completions.create(**{**chat_params(), "temperature": 0.5}, extra_headers=ITEM)
        expect(answered.choices[0].finish_reason == "stop", "answered when sampling")
        reply = message(anthropic_client(sim))
        expect(reply.stop_reason == "max_tokens" and reply.usage.output_tokens == 300, "stop_reason max_tokens at the cap")
        expect(isinstance(reply.content[0], anthropic.types.TextBlock), "the cut-off answer is text")
        expect([line["temperature"] for line in sim.requests()] == [0, 0, 0.5, None], "the log records the temperature sent")


def check_anthropic_text_instead_of_tool():
    with Simulator("--judge-behaviour", "text-instead-of-tool") as sim:
        reply = message(anthropic_client(sim))
        expect(reply.stop_reason == "end_turn", f"stop_reason end_turn, got {reply.stop_reason}")
        block = reply.content[0]
        expect(isinstance(block, anthropic.types.TextBlock), f"a TextBlock, got {type(block).__name__}")
        answer = json.loads(block.text[block.text.index("{"):])
        expect(answer["verdict"] in ("met", "not_met"), "the tool input, as JSON text")


def check_request_log_names_the_item():
    with Simulator() as sim:
        chat(openai_client(sim))
        message(anthropic_client(sim))
        lines = sim.requests()
        expect([line["endpoint"] for line in lines] == ["openai", "anthropic"], "one line per request")
        expect(all(line["note"] == "sdk/e1" and line["criteria"] == ["c1"] for line in lines), "ids from the item header")

# --- Provider batch APIs: the official SDKs' `batches` clients against the simulator. A batched
# request must be answered exactly as the synchronous endpoint answers the same body, so each
# check replays the bodies synchronously on a fresh simulator of the same seed (same prompt-cache
# history) and compares answers and usage.

OPENAI_TERMINAL = ("completed", "expired", "cancelled", "failed")


def poll(fetch, done, seconds=15):
    """Calls fetch until done(result) or the deadline passes; returns the last result."""
    deadline = time.monotonic() + seconds
    while True:
        result = fetch()
        if done(result) or time.monotonic() > deadline:
            return result
        time.sleep(0.05)


def batch_items(sim, batch_id):
    """The request log's lines for the items of one batch."""
    return [line for line in sim.requests() if line.get("batch") == batch_id]


def openai_batch(client, bodies):
    """Uploads one JSONL line per body (custom ids r0, r1, …), creates the batch, polls it to a
    terminal status; returns (created, ended)."""
    jsonl = "".join(json.dumps({"custom_id": f"r{i}", "method": "POST", "url": "/v1/chat/completions", "body": body}) + "\n"
                    for i, body in enumerate(bodies))
    upload = client.files.create(file=("requests.jsonl", jsonl.encode()), purpose="batch")
    expect(upload.purpose == "batch" and upload.bytes == len(jsonl.encode()) and upload.id.startswith("file-"), "uploaded file")
    created = client.batches.create(input_file_id=upload.id, endpoint="/v1/chat/completions", completion_window="24h",
                                    metadata={"run": "sdk"})
    expect(created.status == "validating" and created.id.startswith("batch_"), f"created: {created.status}")
    ended = poll(lambda: client.batches.retrieve(created.id), lambda b: b.status in OPENAI_TERMINAL)
    return created, ended


def jsonl_lines(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def check_openai_batch_answers_equal_synchronous_ones():
    bodies = [chat_params(LONG + f"\nCriterion id: c{i}") for i in range(4)]
    with Simulator("--seed", "5") as sim:
        client = openai_client(sim)
        created, ended = openai_batch(client, bodies)
        expect(ended.status == "completed", f"status {ended.status}")
        expect(ended.request_counts.total == 4 and ended.request_counts.completed == 4 and ended.request_counts.failed == 0, "request_counts")
        expect(ended.error_file_id is None and ended.output_file_id, "an output file and no error file")
        expect(ended.completed_at and ended.metadata == {"run": "sdk"} and ended.model == "gpt-4.1-mini", "timestamps, metadata, model")
        output = client.files.content(ended.output_file_id).text
        lines = {line["custom_id"]: line for line in jsonl_lines(output)}
        expect(sorted(lines) == ["r0", "r1", "r2", "r3"], f"one output line per request: {sorted(lines)}")
        expect(all(line["error"] is None and line["response"]["status_code"] == 200 and line["id"].startswith("batch_req_")
                   and line["response"]["request_id"].startswith("req_") for line in lines.values()), "output line shape")
        client.batches.retrieve(created.id)
        items = batch_items(sim, created.id)
        expect(sorted(item["custom_id"] for item in items) == ["r0", "r1", "r2", "r3"], "each item logged once despite repeated polls")
        expect(all(item["batch_result"] == "succeeded" and item["status"] == 200 for item in items), "logged results")
        listed = client.batches.list()
        expect([b.id for b in listed.data] == [created.id], "list")
    with Simulator("--seed", "5") as fresh:
        sync_client = openai_client(fresh)
        input_tokens = cached = output_tokens = 0
        for i, body in enumerate(bodies):
            sync = sync_client.chat.completions.create(**body)
            batched = openai.types.chat.ChatCompletion.model_validate(lines[f"r{i}"]["response"]["body"])
            expect(batched.choices[0].message.content == sync.choices[0].message.content, f"r{i}: same answer")
            expect(batched.usage == sync.usage, f"r{i}: same usage {batched.usage} vs {sync.usage}")
            input_tokens += sync.usage.prompt_tokens
            cached += sync.usage.prompt_tokens_details.cached_tokens
            output_tokens += sync.usage.completion_tokens
        expect(cached > 0, "the shared prefix is cached in the batch as it is synchronously")
        usage = ended.usage
        expect((usage.input_tokens, usage.input_tokens_details.cached_tokens, usage.output_tokens, usage.total_tokens)
               == (input_tokens, cached, output_tokens, input_tokens + output_tokens), f"batch usage {usage}")


def check_openai_batch_cancel():
    with Simulator("--batch-delay", "60") as sim:
        client = openai_client(sim)
        upload = client.files.create(file=("r.jsonl", "".join(
            json.dumps({"custom_id": f"r{i}", "method": "POST", "url": "/v1/chat/completions", "body": chat_params(f"Criterion id: c{i}")}) + "\n"
            for i in range(3)).encode()), purpose="batch")
        batch = client.batches.create(input_file_id=upload.id, endpoint="/v1/chat/completions", completion_window="24h")
        expect(client.batches.retrieve(batch.id).status == "in_progress", "in progress before the delay")
        cancelling = client.batches.cancel(batch.id)
        expect(cancelling.status == "cancelling" and cancelling.cancelling_at, f"cancel answers cancelling: {cancelling.status}")
        cancelled = poll(lambda: client.batches.retrieve(batch.id), lambda b: b.status in OPENAI_TERMINAL)
        expect(cancelled.status == "cancelled" and cancelled.cancelled_at and cancelled.output_file_id is None, f"cancelled: {cancelled.status}")
        expect(cancelled.request_counts.failed == 3 and cancelled.request_counts.completed == 0, "request_counts")
        errors = jsonl_lines(client.files.content(cancelled.error_file_id).text)
        expect(sorted(e["custom_id"] for e in errors) == ["r0", "r1", "r2"] and all(
            e["response"] is None and e["error"]["code"] == "batch_cancelled" for e in errors), "batch_cancelled lines")
        raises(openai.ConflictError, lambda: client.batches.cancel(batch.id))
        raises(openai.NotFoundError, lambda: client.batches.retrieve("batch_nope"))


def check_openai_batch_faults():
    bodies = [chat_params(f"Criterion id: c{i}") for i in range(12)]
    with Simulator("--batch-faults", "expired=1") as sim:
        client = openai_client(sim)
        _, ended = openai_batch(client, bodies[:3])
        expect(ended.status == "expired" and ended.expired_at and ended.output_file_id is None, f"expired: {ended.status}")
        errors = jsonl_lines(client.files.content(ended.error_file_id).text)
        expect(len(errors) == 3 and all(e["error"]["code"] == "batch_expired" for e in errors), "batch_expired lines")
    with Simulator("--batch-faults", "cancelled=1") as sim:
        _, ended = openai_batch(openai_client(sim), bodies[:3])
        expect(ended.status == "cancelled" and ended.request_counts.failed == 3, f"cancelled by fault: {ended.status}")
    with Simulator("--batch-faults", "errored=0.5", "--seed", "3") as sim:
        client = openai_client(sim)
        created, ended = openai_batch(client, bodies)
        counts = ended.request_counts
        expect(ended.status == "completed" and 0 < counts.failed < 12 and counts.completed + counts.failed == 12, f"partial errors: {counts}")
        output = jsonl_lines(client.files.content(ended.output_file_id).text)
        errors = jsonl_lines(client.files.content(ended.error_file_id).text)
        expect(len(output) == counts.completed and len(errors) == counts.failed, "files match the counts")
        expect(all(e["response"]["status_code"] == 500 and e["response"]["body"]["error"]["type"] == "server_error" for e in errors), "500 bodies")
        logged = {item["custom_id"]: item["batch_result"] for item in batch_items(sim, created.id)}
        expect(sorted(c for c, r in logged.items() if r == "errored") == sorted(e["custom_id"] for e in errors), "the log names the errored items")
    with Simulator("--batch-faults", "truncated=1") as sim:
        client = openai_client(sim)
        _, ended = openai_batch(client, bodies[:3])
        raises(openai.APIConnectionError, lambda: client.files.content(ended.output_file_id).text)
        expect(len(jsonl_lines(client.files.content(ended.output_file_id).text)) == 3, "the second download is whole")


def anthropic_batch(client, requests):
    created = client.messages.batches.create(requests=requests)
    expect(created.processing_status == "in_progress" and created.id.startswith("msgbatch_") and created.results_url is None, "created")
    expect(created.request_counts.processing == len(requests), "processing count")
    ended = poll(lambda: client.messages.batches.retrieve(created.id), lambda b: b.processing_status == "ended")
    return created, ended


def check_anthropic_batch_answers_equal_synchronous_ones():
    requests = [{"custom_id": f"r{i}", "params": message_params(LONG, f"Criterion id: c{i}")} for i in range(4)]
    with Simulator("--seed", "5") as sim:
        client = anthropic_client(sim)
        created, ended = anthropic_batch(client, requests)
        expect(ended.request_counts.succeeded == 4 and ended.request_counts.processing == 0 and ended.ended_at, f"counts {ended.request_counts}")
        expect(ended.results_url and ended.results_url.endswith(f"/v1/messages/batches/{created.id}/results"), "results_url")
        results = {r.custom_id: r.result for r in client.messages.batches.results(created.id)}
        expect(sorted(results) == ["r0", "r1", "r2", "r3"], "one result per request")
        expect(all(isinstance(r, anthropic.types.messages.MessageBatchSucceededResult) for r in results.values()), "succeeded results")
        items = batch_items(sim, created.id)
        expect(sorted(item["custom_id"] for item in items) == ["r0", "r1", "r2", "r3"], "each item logged once")
        expect([b.id for b in client.messages.batches.list()] == [created.id], "list")
    with Simulator("--seed", "5") as fresh:
        sync_client = anthropic_client(fresh)
        for i, request in enumerate(requests):
            sync = sync_client.messages.create(**request["params"])
            batched = results[f"r{i}"].message
            expect(batched.content[0].input == sync.content[0].input, f"r{i}: same tool input")
            expect(batched.usage.service_tier == "batch" and sync.usage.service_tier == "standard", "service tiers")
            expect(batched.usage.model_copy(update={"service_tier": "standard"}) == sync.usage, f"r{i}: same usage {batched.usage} vs {sync.usage}")
        expect(results["r1"].message.usage.cache_read_input_tokens > 0, "prompt caching applies in the batch")


def check_anthropic_batch_cancel():
    with Simulator("--batch-delay", "60") as sim:
        client = anthropic_client(sim)
        batch = client.messages.batches.create(requests=[{"custom_id": f"r{i}", "params": message_params()} for i in range(3)])
        raises(anthropic.AnthropicError, lambda: client.messages.batches.results(batch.id))
        canceling = client.messages.batches.cancel(batch.id)
        expect(canceling.processing_status == "canceling" and canceling.cancel_initiated_at, f"canceling: {canceling.processing_status}")
        ended = poll(lambda: client.messages.batches.retrieve(batch.id), lambda b: b.processing_status == "ended")
        expect(ended.request_counts.canceled == 3, f"counts {ended.request_counts}")
        expect(all(r.result.type == "canceled" for r in client.messages.batches.results(batch.id)), "canceled results")
        raises(anthropic.NotFoundError, lambda: client.messages.batches.retrieve("msgbatch_nope"))
        raises(anthropic.BadRequestError, lambda: client.messages.batches.create(requests=[
            {"custom_id": "same", "params": message_params()}, {"custom_id": "same", "params": message_params()}]))


def check_anthropic_batch_faults():
    requests = [{"custom_id": f"r{i}", "params": message_params(question=f"Criterion id: c{i}")} for i in range(12)]
    with Simulator("--batch-faults", "expired=1") as sim:
        client = anthropic_client(sim)
        created, ended = anthropic_batch(client, requests[:3])
        expect(ended.request_counts.expired == 3, f"expired counts {ended.request_counts}")
        expect(all(isinstance(r.result, anthropic.types.messages.MessageBatchExpiredResult) for r in client.messages.batches.results(created.id)), "expired results")
    with Simulator("--batch-faults", "cancelled=1") as sim:
        client = anthropic_client(sim)
        created, ended = anthropic_batch(client, requests[:3])
        expect(ended.request_counts.canceled == 3 and ended.cancel_initiated_at, f"canceled counts {ended.request_counts}")
    with Simulator("--batch-faults", "errored=0.5", "--seed", "3") as sim:
        client = anthropic_client(sim)
        created, ended = anthropic_batch(client, requests)
        counts = ended.request_counts
        expect(0 < counts.errored < 12 and counts.succeeded + counts.errored == 12, f"partial errors: {counts}")
        results = list(client.messages.batches.results(created.id))
        errored = [r for r in results if r.result.type == "errored"]
        expect(len(errored) == counts.errored, "errored results match the count")
        expect(all(r.result.error.type == "error" and r.result.error.error.type == "api_error" for r in errored), "error bodies")
    with Simulator("--batch-faults", "truncated=1") as sim:
        client = anthropic_client(sim)
        created, _ = anthropic_batch(client, requests[:3])
        # The results stream is read lazily, so the cut shows while iterating, as the HTTP
        # library's RemoteProtocolError (not wrapped by the SDK).
        error = raises(Exception, lambda: list(client.messages.batches.results(created.id)))
        expect(type(error).__name__ == "RemoteProtocolError", f"a cut stream, got {type(error).__name__}: {error}")
        expect(len(list(client.messages.batches.results(created.id))) == 3, "the second download is whole")


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
