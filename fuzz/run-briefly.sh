#!/usr/bin/env bash
# Runs the fuzz target `stage_untrusted_file` for a while; exits non-zero if an input makes
# it panic, crash, hang (over 10 s) or exceed 2 GB, leaving the input in fuzz/artifacts/.
#
# Usage: fuzz/run-briefly.sh [SECONDS]     (default 60; the first build takes a few minutes)
# Replay a crash: RUSTC_BOOTSTRAP=1 cargo fuzz run stage_untrusted_file fuzz/artifacts/stage_untrusted_file/<file>
set -euo pipefail

seconds="${1:-60}"
cd "$(dirname "${BASH_SOURCE[0]}")"

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

# cargo-fuzz passes unstable compiler flags (-Zsanitizer=address); RUSTC_BOOTSTRAP lets the
# machine's stable toolchain accept them, and changes nothing on a nightly one.
export RUSTC_BOOTSTRAP=1

# New inputs go to corpus-run/ (ignored by git); the committed seeds are only read.
mkdir -p corpus-run
exec cargo fuzz run stage_untrusted_file corpus-run corpus/stage_untrusted_file -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048
