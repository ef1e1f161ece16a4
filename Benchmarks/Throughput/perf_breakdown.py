#!/usr/bin/env python3
"""Where the benchmark's client CPU goes: perf samples of ThroughputBenchmark, by pipeline stage.

    perf record -g -F 999 -o /tmp/perf.data .build/release/ThroughputBenchmark --concurrency 64
    perf script -F comm,pid,tid,ip,sym,dso -i /tmp/perf.data | python3 Benchmarks/Throughput/perf_breakdown.py

Only the benchmark process counts (the simulator it starts is another process). Each sample
goes to the first stage found walking its call chain from the root toward the leaf frame.
"""
import re
import sys
from collections import Counter

# (stage, pattern over a demangled-or-mangled frame name), checked in order along the chain.
STAGES = [
    ("plan (RunPlan.make, before the timed run)", r"RunPlan.*make|7RunPlanV4make"),
    ("prompt rendering", r"PromptRenderer|14PromptRendererV6render|PreparedTexts"),
    ("verdict parsing + evidence checks", r"VerdictParser|13VerdictParserV"),
    ("request body (provider wire JSON)", r"OpenAIChatClient.*request|AnthropicMessagesClient.*request|16OpenAIChatClientV7request|AnthropicMessagesClientV7request"),
    ("response decoding (provider wire JSON)", r"OpenAIChatClient.*outcome|AnthropicMessagesClient.*outcome|V7outcome2of"),
    ("SQLite commit (GRDB, sqlite3)", r"ScribeGradeStore|GRDB|sqlite3"),
    ("HTTP transport (AsyncHTTPClient, NIO)", r"AsyncHTTPClient|NIOPosix|NIOCore|NIOHTTP1|NIOTransportServices|llhttp|URLSession|curl|FoundationNetworking"),
    ("run engine + judge loop (Swift)", r"RunEngine|LLMJudge|RateLimiter"),
    ("Swift concurrency runtime", r"swift_job_run|swift_task|_dispatch|swift::"),
]

def samples(lines):
    """(pid, comm, frames leaf first) per sample of `perf script -F comm,pid,tid,ip,sym,dso`."""
    head, frames = None, []
    for line in lines:
        if not line.strip():
            if head:
                yield head[0], head[1], frames
            head, frames = None, []
        elif not line.startswith(("\t", " ")) or head is None:
            fields = line.split()
            head = (fields[-1].split("/")[0], " ".join(fields[:-1]))  # "COMM PID/TID"
        else:
            parts = line.strip().split(None, 1)
            frames.append(parts[1] if len(parts) > 1 else parts[0])
    if head:
        yield head[0], head[1], frames


def main():
    every = list(samples(sys.stdin))
    benchmark = {pid for pid, comm, _ in every if comm.startswith("ThroughputBench")}
    counts = Counter()
    total = 0
    for pid, _, frames in every:
        if pid not in benchmark or not frames:
            continue
        total += 1
        chain = list(reversed(frames))  # root first
        for name, pattern in STAGES:
            if any(re.search(pattern, frame) for frame in chain):
                counts[name] += 1
                break
        else:
            counts["kernel and other" if "kernel" in frames[0] else "libc, malloc and other"] += 1
    print(f"{total} samples of the benchmark process")
    for name, count in counts.most_common():
        print(f"  {100 * count / total:5.1f}%  {name}")


main()
