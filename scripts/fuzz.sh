#!/usr/bin/env bash
# Fuzzes the intake (decode, EXIF, PDQ, copy fingerprint) and the certificate, consistency-proof and
# log-record parsers with afl++ through SharpFuzz, each target for a bounded time.
#
#   bash scripts/fuzz.sh                 # 60 s per target
#   FUZZ_SECONDS=900 bash scripts/fuzz.sh intake
#
# Seeds: fuzz/corpus/TARGET. Findings are copied to fuzz/crashes/TARGET (commit them: the
# FuzzRegressionTests replay that folder) and make the script fail. Prints executions, paths
# (afl's corpus count) and crashes per target for docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-60}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(intake certificate proof record)
command -v afl-fuzz >/dev/null || { echo "afl-fuzz is missing (Debian package afl++)"; exit 2; }

work="${FUZZ_WORK:-$(mktemp -d /tmp/originality-fuzz.XXXXXX)}"
out="$work/bin"
dotnet tool restore >/dev/null
dotnet publish fuzz/Originality.Fuzz -c Release --nologo -v q -o "$out" >/dev/null
# Instrument our assemblies and the metadata reader; SkiaSharp's codecs are native and run uninstrumented.
for dll in Originality.Engine.dll Originality.Evidence.dll MetadataExtractor.dll; do
  dotnet tool run sharpfuzz "$out/$dll" >/dev/null
done

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
failed=0
for t in "${targets[@]}"; do
  # -t: a decode of a seed takes milliseconds; 2 s flags a hang. -m none: .NET reserves far more address space than it uses.
  afl-fuzz -i "fuzz/corpus/$t" -o "$work/$t" -V "$seconds" -t 2000 -m none -- dotnet "$out/Originality.Fuzz.dll" "$t" >"$work/$t.log" 2>&1 || {
    echo "afl-fuzz failed for $t; last lines of $work/$t.log:"; tail -20 "$work/$t.log"; failed=1; continue; }
  stats="$work/$t/default/fuzzer_stats"
  get() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
  crashes=$(get saved_crashes); hangs=$(get saved_hangs)
  echo "$t: $(get execs_done) executions in $(get run_time) s ($(get execs_per_sec)/s), $(get corpus_count) paths, $crashes crashes, $hangs hangs"
  if [ "${crashes:-0}" != 0 ] || [ "${hangs:-0}" != 0 ]; then
    mkdir -p "fuzz/crashes/$t"
    find "$work/$t/default/crashes" "$work/$t/default/hangs" -type f -name 'id:*' -exec sh -c 'cp "$1" "fuzz/crashes/'"$t"'/$(sha256sum "$1" | cut -c1-16)"' _ {} \;
    echo "  inputs copied to fuzz/crashes/$t; replay: dotnet $out/Originality.Fuzz.dll $t --replay fuzz/crashes/$t"
    failed=1
  fi
done
[ -n "${FUZZ_WORK:-}" ] || rm -rf "$work"
exit "$failed"
