#!/usr/bin/env bash
# Runs RollingUpgradeTests (docs/operations.md, "Rolling upgrades"): builds the server of an older
# revision from git into a temporary folder and upgrades three processes of it to this build.
#   scripts/rolling-upgrade-test.sh REV        # e.g. the last release tag
# Needs ORIGINALITY_TEST_POSTGRES, like the other PostgreSQL tests.
set -euo pipefail
rev="${1:?usage: $0 REV (the revision to upgrade from)}"
root="$(cd "$(dirname "$0")/.." && pwd)"
old="$(mktemp -d)"
trap 'rm -rf "$old"' EXIT
git -C "$root" archive "$rev" | tar -x -C "$old"
dotnet build -c Release "$old/src/Originality.Server" >/dev/null
dotnet build -c Release "$root/tests/Originality.Server.Tests" >/dev/null
ORIGINALITY_OLD_SERVER="$old/src/Originality.Server/bin/Release/net10.0/Originality.Server.dll" \
  dotnet test -c Release --no-build "$root/tests/Originality.Server.Tests" --filter "FullyQualifiedName~RollingUpgradeTests"
