#!/usr/bin/env bash
# Runs every test of the solution against real parts: a PostgreSQL server, Chromium and tesseract.
# As root on Debian it installs what is missing and starts PostgreSQL; otherwise it uses what is
# there (ORIGINALITY_TEST_POSTGRES may point at any server) and the tests that need a missing part
# say so. On CI (CI=true) a missing part is a failure, never a silent skip.
set -euo pipefail
cd "$(dirname "$0")/.."

# libgtk-3-0: the native part of OpenCV (OpenCvSharp4.official.runtime.linux-x64) links against it.
packages=(postgresql chromium tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim fonts-noto-cjk fonts-dejavu-core afl++ libgtk-3-0)
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  missing=()
  for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

if [ -z "${ORIGINALITY_TEST_POSTGRES:-}" ] && command -v pg_lsclusters >/dev/null; then
  cluster=$(pg_lsclusters -h | head -n1 || true)
  if [ -z "$cluster" ] && [ "$(id -u)" = 0 ]; then
    pg_createcluster 15 main >/dev/null
    cluster=$(pg_lsclusters -h | head -n1)
  fi
  if [ -n "$cluster" ]; then
    read -r ver name port status _ <<<"$cluster"
    if [ "$status" != online ] && [ "$(id -u)" = 0 ]; then pg_ctlcluster "$ver" "$name" start; fi
    if [ "$(id -u)" = 0 ]; then
      su postgres -c "psql -q -p $port -c \"ALTER USER postgres PASSWORD 'originality-test'\"" >/dev/null
    fi
    export ORIGINALITY_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Password=originality-test;Database=postgres"
  fi
fi

export ORIGINALITY_CHROMIUM="${ORIGINALITY_CHROMIUM:-$(command -v chromium || true)}"
export ORIGINALITY_TESSERACT="${ORIGINALITY_TESSERACT:-$(command -v tesseract || true)}"

log=$(mktemp)
set +e
dotnet test Originality.slnx -c Release --nologo "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
# On CI the fuzz harness runs too, bounded: FUZZ_SECONDS per target (4 targets), any crash fails the run.
if [ "${CI:-}" = true ]; then
  if FUZZ_SECONDS="${FUZZ_SECONDS:-45}" bash scripts/fuzz.sh; then echo "fuzz: no crashes"; else echo "fuzz: FAILED"; rc=1; fi
fi
# One closing line for the whole run, summed over the test projects.
awk '/(Passed|Failed)! +- +Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$rc"
