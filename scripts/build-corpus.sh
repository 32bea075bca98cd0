#!/usr/bin/env bash
# Builds the robustness corpus (v2): real pictures shipped by Debian packages, deduplicated, plus
# object-on-white product pictures composited from Debian's cut-outs, with a manifest (file,
# sha256, size, package, source path, stats, kind, group); and DEST/negatives, the hard-negative
# pool, with its own manifest (docs/measurements/robustness.md, "Corpus v2"). On demand, never in CI:
#   scripts/build-corpus.sh [DEST] [MAX]      (DEST defaults to ./corpus, which git ignores)
# Then: originality bench robustness --corpus DEST
# Deterministic for the same package versions: packages are fetched with `apt-get download`
# (nothing is installed), unpacked with dpkg-deb, and scripts/corpus/select-photos.cs picks the
# photographs in a fixed order. Needs apt (run as root, or after `apt-get update`) and dotnet.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$(realpath -m "${1:-$repo/corpus}")"
max="${2:-5000}"

# Packages that ship photographs (wallpapers, demo albums, astrophotography, drawing templates,
# game landscapes and textures, puzzle and teaching pictures). Left out on purpose: hugin-data and
# gimp-help-en (one photo in many projections or filters: copies of each other, not distinct
# pictures), extremetuxracer-data (each sky in several renditions), gnome-backgrounds (WebP/JXL),
# gcompris-qt-data (Qt .rcc archives).
packages=(
  kphotoalbum
  mate-backgrounds
  plasma-workspace-wallpapers
  stellarium-data
  tuxpaint-data
  ukui-wallpapers
  desktop-base
  endless-sky-data
  lomiri-wallpapers
  lomiri-wallpapers-16.04
  lomiri-wallpapers-20.04
  sway-backgrounds
  palapeli-data
  python3-skimage
  tuxtype-data
  pysiogame
  kanagram
  khangman
  jigzo-data
  kstars-data
  supertuxkart-data
)
# Cut-outs with alpha, composited onto studio backgrounds by compose.cs (object-on-white).
stamps_package=tuxpaint-stamps-default

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/debs" "$work/tree"

if ! apt-cache show "${packages[0]}" >/dev/null 2>&1; then
  apt-get update
fi
# apt's sandbox user must be able to write the download folder.
chmod 755 "$work"; chmod 777 "$work/debs"
(cd "$work/debs" && apt-get download "${packages[@]}" "$stamps_package")

for deb in "$work"/debs/*.deb; do
  name="$(basename "$deb")"
  name="${name%%_*}"
  mkdir -p "$work/tree/$name"
  dpkg-deb -x "$deb" "$work/tree/$name"
done

mkdir -p "$dest"
rm -f "$dest"/*.jpg "$dest"/*.png "$dest"/manifest.tsv
rm -rf "$dest/negatives"
# The stamps are cut-outs (transparent), so select-photos would refuse them: they go to compose.cs.
mv "$work/tree/$stamps_package" "$work/stamps"
dotnet run "$repo/scripts/corpus/select-photos.cs" -- "$work/tree" "$dest" "$max"
dotnet run "$repo/scripts/corpus/compose.cs" -- "$work/stamps/usr/share/tuxpaint/stamps" "$dest"
(cd "$work/debs" && ls -1 ./*.deb) > "$dest/packages.txt"
echo "corpus: $(($(wc -l < "$dest/manifest.tsv") - 1)) originals in $dest," \
  "$(($(wc -l < "$dest/negatives/manifest.tsv") - 1)) hard negatives in $dest/negatives" >&2
