# Shared by guest-os/build.sh (the kernel) and guest-os/user/build.sh (user
# space): pick the toolchain, and build a guest crate reproducibly.
# Source it after defining say() and die(). It sets
#   TARGET, LD, AS          riscv64gc-unknown-none-elf and GNU binutils
#   RUSTC_BIN, CARGO_BIN    the compiler and cargo
#   BUILD_STD               the -Zbuild-std flags (empty with rustup's target)
#   TOOLCHAIN_ID            one line naming compiler and linker (recorded
#                           next to the prebuilt kernel)
# and defines guest_cargo_build WORKSPACE_DIR TARGET_DIR.
#
# Toolchain, in this order:
#   1. rustup, if `rustup target list --installed` has riscv64gc-unknown-none-elf:
#      the target's precompiled core/alloc;
#   2. otherwise Debian's rustc-web/cargo-web (+ rust-web-src), with -Zbuild-std
#      compiling core/alloc from source (installed with apt-get when run as root).
# Linking is always GNU ld (binutils-riscv64-unknown-elf).

TARGET=riscv64gc-unknown-none-elf
LD=riscv64-unknown-elf-ld
AS=riscv64-unknown-elf-as
DEBIAN_PKGS=(rustc-web cargo-web rust-web-src)

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

command -v "$LD" >/dev/null && command -v "$AS" >/dev/null || apt_install binutils-riscv64-unknown-elf

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
  # The compiler must be the one the library source (build-std) belongs to.
  v_rustc=$(dpkg-query -W -f='${Version}' rustc-web)
  v_src=$(dpkg-query -W -f='${Version}' rust-web-src)
  [ "$v_rustc" = "$v_src" ] || die "rustc-web $v_rustc and rust-web-src $v_src differ; upgrade both"
  release=$("$RUSTC_BIN" -vV | sed -n 's/^release: //p')
  case "$v_rustc" in "$release"+*) ;; *) die "/usr/bin/rustc says $release, package rustc-web is $v_rustc" ;; esac
  # core/alloc from source; compiler-builtins-mem provides memcpy and friends.
  BUILD_STD=(-Zbuild-std=core,alloc -Zbuild-std-features=compiler-builtins-mem)
  export RUSTC_BOOTSTRAP=1 # -Z flags on a stable compiler
fi
[ -x "$RUSTC_BIN" ] && [ -x "$CARGO_BIN" ] || die "no rustc/cargo at $RUSTC_BIN, $CARGO_BIN"

SYSROOT=$("$RUSTC_BIN" --print sysroot)
COMMIT=$("$RUSTC_BIN" -vV | sed -n 's/^commit-hash: //p')
CARGO_HOME_DIR=${CARGO_HOME:-$HOME/.cargo}
TOOLCHAIN_ID="$("$RUSTC_BIN" -V) [$toolchain]; $("$LD" --version | head -n1)"

# Rust flags (one per line, as CARGO_ENCODED_RUSTFLAGS wants them, \x1f
# apart; they replace .cargo/config.toml's rustflags): GNU ld as the linker;
# the absolute paths of the crates.io cache and of the library sources
# mapped to fixed names, so that panic messages carry no machine-specific
# path. (A workspace's own paths are already relative: cargo runs rustc in
# it; the kernel's share of ../mmu comes in by #[path], relative too.)
guest_flags=(
  -Clinker="$LD"
  -Clinker-flavor=ld
  --remap-path-prefix="$CARGO_HOME_DIR=/cargo"
  --remap-path-prefix="$SYSROOT/lib/rustlib/src/rust=/rustc/$COMMIT"
)
GUEST_RUSTFLAGS=$(IFS=$'\x1f'; echo "${guest_flags[*]}")

guest_cargo_build() { # guest_cargo_build WORKSPACE_DIR TARGET_DIR: cargo build --release
  (
    cd "$1"
    # Nothing from the caller's environment may change the bytes.
    for v in $(compgen -e); do
      case $v in
        RUSTFLAGS|RUSTC_WRAPPER|RUSTC_WORKSPACE_WRAPPER|CARGO_INCREMENTAL|CARGO_PROFILE_*|CARGO_BUILD_*|CARGO_TARGET_*|CARGO_UNSTABLE_*|CARGO_ENCODED_RUSTFLAGS) unset "$v" ;;
      esac
    done
    env CARGO_TARGET_DIR="$2" \
        CARGO_ENCODED_RUSTFLAGS="$GUEST_RUSTFLAGS" \
        RUSTC="$RUSTC_BIN" \
        SOURCE_DATE_EPOCH=0 \
        "$CARGO_BIN" build --locked --release --quiet --target "$TARGET" "${BUILD_STD[@]}" >&2
  )
}
