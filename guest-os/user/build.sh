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
# Toolchain, as guest-os/build.sh picks it:
#   1. rustup, if `rustup target list --installed` has riscv64gc-unknown-none-elf;
#   2. otherwise Debian's rustc-web/cargo-web (+ rust-web-src), with -Zbuild-std
#      compiling core/alloc from source (installed with apt-get when run as root).
# Linking is GNU ld (binutils-riscv64-unknown-elf) with ulib/user.ld.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TARGET=riscv64gc-unknown-none-elf
LD=riscv64-unknown-elf-ld
DEBIAN_PKGS=(rustc-web cargo-web rust-web-src)
ROOTFS_BIN=$HERE/target/rootfs/bin

die() { echo "guest-os/user/build.sh: $*" >&2; exit 1; }
say() { echo "guest-os/user/build.sh: $*" >&2; }

mode=build
out=
while [ $# -gt 0 ]; do
  case "$1" in
    --check) mode=check ;;
    --out) [ $# -ge 2 ] || die "--out needs a directory"; out=$2; shift ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (use --check, --out DIR or nothing)" ;;
  esac
  shift
done

# Install Debian packages that are missing (only possible as root).
apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing Debian packages: ${missing[*]}; run: sudo apt-get install -y ${missing[*]}"
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; } \
    || die "apt-get install ${missing[*]} failed"
}

# --- toolchain ---------------------------------------------------------------
command -v "$LD" >/dev/null || apt_install binutils-riscv64-unknown-elf

if command -v rustup >/dev/null && rustup target list --installed 2>/dev/null | grep -qx "$TARGET"; then
  toolchain=rustup
  RUSTC_BIN=$(rustup which rustc)
  CARGO_BIN=$(rustup which cargo)
  BUILD_STD=()
else
  toolchain=debian
  apt_install "${DEBIAN_PKGS[@]}"
  RUSTC_BIN=/usr/bin/rustc
  CARGO_BIN=/usr/bin/cargo
  v_rustc=$(dpkg-query -W -f='${Version}' rustc-web)
  v_src=$(dpkg-query -W -f='${Version}' rust-web-src)
  [ "$v_rustc" = "$v_src" ] || die "rustc-web $v_rustc and rust-web-src $v_src differ; upgrade both"
  BUILD_STD=(-Zbuild-std=core,alloc -Zbuild-std-features=compiler-builtins-mem)
  export RUSTC_BOOTSTRAP=1 # -Z flags on a stable compiler
fi
[ -x "$RUSTC_BIN" ] && [ -x "$CARGO_BIN" ] || die "no rustc/cargo at $RUSTC_BIN, $CARGO_BIN"

SYSROOT=$("$RUSTC_BIN" --print sysroot)
COMMIT=$("$RUSTC_BIN" -vV | sed -n 's/^commit-hash: //p')
CARGO_HOME_DIR=${CARGO_HOME:-$HOME/.cargo}
TOOLCHAIN_ID="$("$RUSTC_BIN" -V) [$toolchain]; $("$LD" --version | head -n1)"

# The programs: every src/bin entry of the programs crate.
programs() {
  local src=$1/programs/src/bin f
  for f in "$src"/*; do
    f=$(basename "$f")
    echo "${f%.rs}"
  done | sort
}

# Rust flags (\x1f apart, as CARGO_ENCODED_RUSTFLAGS wants them). They replace
# .cargo/config.toml's rustflags, so they repeat -Clinker-flavor. The remaps
# turn the machine-specific absolute paths of the crates.io cache and of the
# library sources into fixed names; the workspace's own paths are already
# relative (cargo runs rustc in the workspace root).
flags=(
  -Clinker="$LD"
  -Clinker-flavor=ld
  --remap-path-prefix="$CARGO_HOME_DIR=/cargo"
  --remap-path-prefix="$SYSROOT/lib/rustlib/src/rust=/rustc/$COMMIT"
)
encoded=$(IFS=$'\x1f'; echo "${flags[*]}")

build() { # build SOURCE_DIR TARGET_DIR: compile every program
  local src=$1 target_dir=$2 start=$SECONDS
  say "building $(programs "$src" | wc -l) programs with $TOOLCHAIN_ID"
  (
    cd "$src"
    # Nothing from the caller's environment may change the bytes.
    for v in $(compgen -e); do
      case $v in
        RUSTFLAGS|RUSTC_WRAPPER|RUSTC_WORKSPACE_WRAPPER|CARGO_INCREMENTAL|CARGO_PROFILE_*|CARGO_BUILD_*|CARGO_TARGET_*|CARGO_UNSTABLE_*|CARGO_ENCODED_RUSTFLAGS) unset "$v" ;;
      esac
    done
    env CARGO_TARGET_DIR="$target_dir" \
        CARGO_ENCODED_RUSTFLAGS="$encoded" \
        RUSTC="$RUSTC_BIN" \
        SOURCE_DATE_EPOCH=0 \
        "$CARGO_BIN" build --locked --release --quiet --target "$TARGET" "${BUILD_STD[@]}" >&2
  )
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
