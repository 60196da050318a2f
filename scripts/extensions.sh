#!/usr/bin/env bash
# Puts the DuckDB extensions the DuckLake tests load (ducklake, sqlite_scanner, postgres_scanner) into DIR, laid
# out as DuckDB's extension_directory (DIR/v<version>/<platform>/<name>.duckdb_extension), and prints DIR.
# They come from DuckDB's own PyPI wheels, not from DuckDB's INSTALL: CI reaches PyPI but not
# extensions.duckdb.org. The wheels hold the same signed files INSTALL would fetch, so nothing needs
# allow_unsigned_extensions. Skips the download when the three files are already there.
# usage: scripts/extensions.sh [DIR]   (DIR defaults to .duckdb-extensions in the checkout, gitignored)
set -euo pipefail
# Must be the DuckDB of @duckdb/node-api in package-lock.json: DuckDB refuses an extension built for another version.
DUCKDB_VERSION=1.5.5
NAMES=(ducklake sqlite_scanner postgres_scanner)

root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${1:-$root/.duckdb-extensions}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"

# DuckDB's platform names; pip picks the wheel of the machine it runs on, so the two agree.
case "$(uname -s)/$(uname -m)" in
  Linux/x86_64) platform=linux_amd64 ;;
  Linux/aarch64) platform=linux_arm64 ;;
  Darwin/x86_64) platform=osx_amd64 ;;
  Darwin/arm64) platform=osx_arm64 ;;
  *) echo "extensions.sh: no DuckDB platform for $(uname -s)/$(uname -m)" >&2; exit 1 ;;
esac
target="$dir/v$DUCKDB_VERSION/$platform"

missing=()
for name in "${NAMES[@]}"; do
  [ -f "$target/$name.duckdb_extension" ] || missing+=("$name")
done
if [ ${#missing[@]} -gt 0 ]; then
  wheels="$(mktemp -d)"
  trap 'rm -rf "$wheels"' EXIT
  python3 -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: -d "$wheels" \
    $(for name in "${missing[@]}"; do echo "duckdb-extension-${name//_/-}==$DUCKDB_VERSION"; done)
  mkdir -p "$target"
  for name in "${missing[@]}"; do
    # Only the one file from each wheel, written beside its final name and renamed, so an interrupted run
    # never leaves a truncated extension that the existence check above would take for a good one.
    python3 - "$wheels" "$name" "$DUCKDB_VERSION" "$target/$name.duckdb_extension" <<'PY'
import glob, os, shutil, sys, zipfile
wheels, name, version, out = sys.argv[1:]
(wheel,) = glob.glob(os.path.join(wheels, f"duckdb_extension_{name}-{version}-*.whl"))
member = f"duckdb_extension_{name}/extensions/v{version}/{name}.duckdb_extension"
with zipfile.ZipFile(wheel) as z, z.open(member) as src, open(out + ".part", "wb") as dst:
    shutil.copyfileobj(src, dst)
os.replace(out + ".part", out)
PY
  done
fi
echo "$dir"
