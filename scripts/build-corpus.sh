#!/usr/bin/env bash
# Builds the robustness corpus: real photographs shipped by Debian packages, deduplicated, with a
# manifest (file, sha256, size, package, source path). Run on demand, never in CI:
#   scripts/build-corpus.sh [DEST] [MAX]      (DEST defaults to ./corpus, which git ignores)
# Then: originality bench robustness --corpus DEST
# Deterministic for the same package versions: packages are fetched with `apt-get download`
# (nothing is installed), unpacked with dpkg-deb, and scripts/corpus/select-photos.cs picks the
# photographs in a fixed order. Needs apt (run as root, or after `apt-get update`) and dotnet.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$(realpath -m "${1:-$repo/corpus}")"
max="${2:-1000}"

# Packages that ship photographs (wallpapers, demo albums, astrophotography, drawing templates).
packages=(
  kphotoalbum
  mate-backgrounds
  plasma-workspace-wallpapers
  stellarium-data
  tuxpaint-data
  ukui-wallpapers
  desktop-base
)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/debs" "$work/tree"

if ! apt-cache show "${packages[0]}" >/dev/null 2>&1; then
  apt-get update
fi
# apt's sandbox user must be able to write the download folder.
chmod 755 "$work"; chmod 777 "$work/debs"
(cd "$work/debs" && apt-get download "${packages[@]}")

for deb in "$work"/debs/*.deb; do
  name="$(basename "$deb")"
  name="${name%%_*}"
  mkdir -p "$work/tree/$name"
  dpkg-deb -x "$deb" "$work/tree/$name"
done

mkdir -p "$dest"
rm -f "$dest"/*.jpg "$dest"/*.png "$dest"/manifest.tsv
dotnet run "$repo/scripts/corpus/select-photos.cs" -- "$work/tree" "$dest" "$max"
(cd "$work/debs" && ls -1 ./*.deb) > "$dest/packages.txt"
echo "corpus: $(($(wc -l < "$dest/manifest.tsv") - 1)) photos in $dest" >&2
