#!/usr/bin/env bash
# Build Vitrine's user space (guest-os/user) for riscv64gc-unknown-none-elf:
# static Linux riscv64 executables, one per program.
#
#   guest-os/user/build.sh                  build; copy the programs to
#                                           guest-os/user/target/rootfs/bin/
#   guest-os/user/build.sh --out DIR        ... and also to DIR (e.g. an initrd tree)
#   guest-os/user/build.sh --check          build, then build again from a copy
#                                           of the sources at another path, in a
#                                           fresh target dir, and fail unless
#                                           every program is byte-identical
#
# Toolchain: as guest-os/toolchain.sh picks it (shared with the kernel's
# build.sh); linking is GNU ld with ulib/user.ld.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOTFS_BIN=$HERE/target/rootfs/bin

die() { echo "guest-os/user/build.sh: $*" >&2; exit 1; }
say() { echo "guest-os/user/build.sh: $*" >&2; }

mode=build
out=
while [ $# -gt 0 ]; do
  case "$1" in
    --check) mode=check ;;
    --out) [ $# -ge 2 ] || die "--out needs a directory"; out=$2; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (use --check, --out DIR or nothing)" ;;
  esac
  shift
done

# --- toolchain ---------------------------------------------------------------
source "$HERE/../toolchain.sh"

# The programs: every src/bin entry of the programs crate.
programs() {
  local src=$1/programs/src/bin f
  for f in "$src"/*; do
    f=$(basename "$f")
    echo "${f%.rs}"
  done | sort
}

build() { # build SOURCE_DIR TARGET_DIR: compile every program
  local src=$1 target_dir=$2 start=$SECONDS
  say "building $(programs "$src" | wc -l) programs with $TOOLCHAIN_ID"
  guest_cargo_build "$src" "$target_dir"
  say "built in $((SECONDS - start)) s"
}

elf_dir() { echo "$1/$TARGET/release"; }

install_programs() { # install FROM_DIR TO_DIR
  mkdir -p "$2"
  local p
  for p in $(programs "$HERE"); do
    install -m 0755 "$1/$p" "$2/$p"
  done
}

build "$HERE" "$HERE/target"
install_programs "$(elf_dir "$HERE/target")" "$ROOTFS_BIN"
[ -n "$out" ] && install_programs "$(elf_dir "$HERE/target")" "$out"
{
  total=0
  for p in $(programs "$HERE"); do
    size=$(stat -c %s "$ROOTFS_BIN/$p")
    total=$((total + size))
    printf '  %-8s %6d bytes\n' "$p" "$size"
  done
  printf '  %-8s %6d bytes in %s\n' total "$total" "${ROOTFS_BIN#"$HERE"/}"
} >&2

[ "$mode" = check ] || exit 0

# --check: the same sources at another path, a fresh target dir, same bytes?
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vitrine-user-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/elsewhere/user"
(cd "$HERE" && tar --exclude=./target -cf - .) | (cd "$tmp/elsewhere/user" && tar -xf -)
build "$tmp/elsewhere/user" "$tmp/target"
bad=0
for p in $(programs "$HERE"); do
  if ! cmp -s "$ROOTFS_BIN/$p" "$(elf_dir "$tmp/target")/$p"; then
    say "NOT reproducible: $p differs"
    bad=1
  fi
done
[ $bad -eq 0 ] || die "the rebuild from $tmp/elsewhere/user differs"
say "OK: all $(programs "$HERE" | wc -l) programs are byte-identical when rebuilt elsewhere ($(cat "$ROOTFS_BIN"/* | sha256sum | cut -c1-16))"
