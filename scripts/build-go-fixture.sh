#!/usr/bin/env bash
# Builds a REAL Go toolchain tarball in the official go.dev layout (a top-level go/ with bin/, pkg/, src/, VERSION…)
# from Debian's golang-1.19-go + golang-1.19-src packages, for tests that install Go without internet.
#
#   scripts/build-go-fixture.sh [OUT_DIR]     (default: <repo>/.cache/fixtures)
#
# Writes OUT_DIR/go<version>.linux-amd64.tar.gz and OUT_DIR/go<version>.linux-amd64.tar.gz.sha256 (the bare digest,
# like dl.google.com's .sha256 files), then prints the tarball path. Idempotent and safe to run concurrently:
# a lock serialises builders and the tarball appears by atomic rename only when complete. The archive is
# reproducible (sorted names, fixed mtime and owner, gzip -n), so its digest is the same on every rebuild.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out_dir=${1:-"$repo_root/.cache/fixtures"}
mkdir -p "$out_dir"

exec 9>"$out_dir/.build.lock"
flock 9

existing=$(find "$out_dir" -maxdepth 1 -name 'go*.linux-amd64.tar.gz' -print -quit)
if [[ -n "$existing" && -s "$existing.sha256" ]]; then
  printf '%s\n' "$existing"
  exit 0
fi

work=$(mktemp -d "$out_dir/build.XXXXXX")
trap 'rm -rf "$work"' EXIT

cd "$work"
if ! apt-get download golang-1.19-go golang-1.19-src >apt.log 2>&1; then
  # A fresh container may have empty package lists.
  apt-get update >>apt.log 2>&1
  apt-get download golang-1.19-go golang-1.19-src >>apt.log 2>&1 || { cat apt.log >&2; exit 1; }
fi
mkdir debroot
for deb in golang-1.19-go_*.deb golang-1.19-src_*.deb; do dpkg-deb -x "$deb" debroot; done

goroot_deb=debroot/usr/lib/go-1.19
version=$(head -n1 "$goroot_deb/VERSION")
[[ "$version" =~ ^go1\.[0-9]+(\.[0-9]+)?$ ]] || { echo "unexpected VERSION: $version" >&2; exit 1; }

# Debian splits the tree: /usr/lib/go-1.19/{src,api,misc,test,pkg/include} are symlinks into /usr/share/go-1.19.
# cp -L resolves them into real files, giving the self-contained tree the official tarball has.
mkdir staging
cp -rL "$goroot_deb" staging/go
# Debian also ships precompiled cmd/ packages; the official tarball has only the standard library there.
rm -rf staging/go/pkg/linux_amd64/cmd
printf '%s\n' "$version" >staging/go/VERSION

tarball="$version.linux-amd64.tar.gz"
tar --sort=name --mtime='2023-04-04 00:00:00Z' --owner=0 --group=0 --numeric-owner \
  -C staging -cf - go | gzip -n -1 >"$tarball"
sha256sum "$tarball" | cut -d' ' -f1 >"$tarball.sha256"

mv "$tarball.sha256" "$out_dir/$tarball.sha256.tmp"
mv "$tarball" "$out_dir/$tarball"
mv "$out_dir/$tarball.sha256.tmp" "$out_dir/$tarball.sha256"
printf '%s\n' "$out_dir/$tarball"
