#!/usr/bin/env bash
# Build the Vitrine teaching kernel (guest-os/kernel) for riscv64gc-unknown-none-elf.
#
#   guest-os/build.sh           build; copy the ELF to guest-os/prebuilt/kernel.elf,
#                               the test initramfs to prebuilt/initrd-test.cpio and
#                               the root file system (user/ programs in /bin,
#                               /etc/motd, /etc/passwd, /etc/group, /root, /tmp,
#                               /dev) to prebuilt/initramfs.cpio, and the same
#                               tree as an ext2 disk image to prebuilt/rootfs.ext2
#                               (`vitrine --disk guest-os/prebuilt/rootfs.ext2`)
#   guest-os/build.sh --check   rebuild from scratch in a temporary directory and
#                               fail unless all are byte-identical to the ones
#                               in guest-os/prebuilt/ (what CI runs)
#
# The disk image needs e2fsprogs (mke2fs -d, debugfs). It is made
# reproducible: fixed UUID and hash seed, E2FSPROGS_FAKE_TIME for the file
# system's own times, and every inode's ctime, uid and gid set to 0 by
# debugfs afterwards (mke2fs -d copies them from the build tree).
#
# The test initramfs holds the kernel's own test programs (kernel/tests-user/,
# assembly: /bin/init, /bin/child, /bin/readline) as a newc cpio archive, written by
# mkcpio below with fixed metadata so that it is byte-reproducible.
#
# Toolchain: as guest-os/toolchain.sh picks it (shared with user/build.sh);
# linking is GNU ld with kernel/linker.ld.
# The image is reproducible: same source and toolchain -> same bytes, wherever
# the tree is checked out. The toolchain that made prebuilt/kernel.elf is
# recorded next to it, in prebuilt/kernel.elf.toolchain.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PREBUILT=$HERE/prebuilt/kernel.elf
PREBUILT_INITRD=$HERE/prebuilt/initrd-test.cpio
PREBUILT_ROOTFS=$HERE/prebuilt/initramfs.cpio
PREBUILT_DISK=$HERE/prebuilt/rootfs.ext2

die() { echo "guest-os/build.sh: $*" >&2; exit 1; }
say() { echo "guest-os/build.sh: $*" >&2; }

mode=build
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) die "unknown argument '$1' (use --check or nothing)" ;;
esac

# --- toolchain ---------------------------------------------------------------
source "$HERE/toolchain.sh"
for tool in mke2fs debugfs; do
  command -v "$tool" >/dev/null || [ -x "/sbin/$tool" ] || [ -x "/usr/sbin/$tool" ] ||
    die "$tool not found: install e2fsprogs (apt-get install e2fsprogs)"
done
export PATH="$PATH:/sbin:/usr/sbin"

# --- build -------------------------------------------------------------------
build() { # build TARGET_DIR: compile; echo the ELF's path
  local target_dir=$1
  local start=$SECONDS
  say "building with $TOOLCHAIN_ID"
  guest_cargo_build "$HERE" "$target_dir" || return 1
  say "built in $((SECONDS - start)) s"
  echo "$target_dir/$TARGET/release/vitrine-kernel"
}

# newc cpio (Linux initramfs format) of the tree under DIR, to OUT. Entries in
# byte order of their paths (directories before what they hold), inode =
# index, uid = gid = 0, mtime = 0, mode 0755 for directories and executables
# and 0644 otherwise: the bytes depend on the names and contents only.
mkcpio() { # mkcpio DIR OUT
  local dir=$1 out=$2 ino=1 path mode size nlink
  : > "$out"
  entry() { # entry NAME MODE NLINK SIZE [FILE]
    local name=$1 namesize=$(( ${#1} + 1 ))
    printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
      "$ino" "$2" 0 0 "$3" 0 "$4" 0 0 0 0 "$namesize" 0 >> "$out"
    printf '%s\0' "$name" >> "$out"
    head -c $(( (4 - (110 + namesize) % 4) % 4 )) /dev/zero >> "$out"
    if [ -n "${5:-}" ]; then
      cat "$5" >> "$out"
      head -c $(( (4 - $4 % 4) % 4 )) /dev/zero >> "$out"
    fi
    ino=$((ino + 1))
  }
  while IFS= read -r path; do
    if [ -d "$dir/$path" ]; then
      entry "$path" $((0040755)) 2 0
    else
      [ -x "$dir/$path" ] && mode=$((0100755)) || mode=$((0100644))
      size=$(stat -c %s "$dir/$path")
      entry "$path" "$mode" 1 "$size" "$dir/$path"
    fi
  done < <(cd "$dir" && find . -mindepth 1 | sed 's|^\./||' | LC_ALL=C sort)
  ino=0
  entry "TRAILER!!!" 0 1 0
}

# ext2 image (revision 1, 1 KiB blocks, 8 MiB) of the tree under DIR, to OUT,
# byte-reproducible (see the top of this file).
DISK_UUID=5f1a2b3c-4d5e-4f60-8172-8394a5b6c7d8
mkext2() { # mkext2 DIR OUT
  local dir=$1 out=$2
  rm -f "$out"
  find "$dir" -exec touch -h -d @0 {} +
  E2FSPROGS_FAKE_TIME=1 mke2fs -q -F -t ext2 -b 1024 -I 128 -m 0 -L vitrine \
    -O ^dir_index,^resize_inode,^ext_attr -U "$DISK_UUID" \
    -E "hash_seed=$DISK_UUID,root_owner=0:0" -d "$dir" "$out" 8M >"$out.log" 2>&1 ||
    { cat "$out.log" >&2; say "mke2fs failed"; return 1; }
  rm -f "$out.log"
  (cd "$dir" && find . | sed 's|^\.||; s|^$|/|' | LC_ALL=C sort | while IFS= read -r p; do
    printf 'sif "%s" ctime 0\nsif "%s" uid 0\nsif "%s" gid 0\n' "$p" "$p" "$p"
  done) > "$out.debugfs"
  E2FSPROGS_FAKE_TIME=1 debugfs -w -f "$out.debugfs" "$out" >/dev/null 2>&1 ||
    { say "debugfs failed"; return 1; }
  rm -f "$out.debugfs"
}

build_initrd() { # build_initrd TARGET_DIR: assemble the test programs; echo the cpio's path
  local out=$1/tests-user src=$HERE/kernel/tests-user prog
  rm -rf "$out" && mkdir -p "$out/root/bin"
  # Relative source names: they are what the .symtab FILE symbols record.
  (cd "$src" && "$AS" -march=rv64gc -o "$out/lib.o" lib.S)
  for prog in init child readline; do
    (cd "$src" && "$AS" -march=rv64gc -o "$out/$prog.o" "$prog.S")
    "$LD" -T "$src/user.ld" -o "$out/root/bin/$prog" "$out/$prog.o" "$out/lib.o"
    chmod 755 "$out/root/bin/$prog"
  done
  mkcpio "$out/root" "$out/initrd-test.cpio"
  echo "$out/initrd-test.cpio"
}

build_rootfs() { # build_rootfs TARGET_DIR: the root file system; echo the cpio's path
  local out=$1/rootfs
  rm -rf "$out" && mkdir -p "$out/root/bin" "$out/root/etc" "$out/root/tmp" "$out/root/dev"
  "$HERE/user/build.sh" --out "$out/root/bin" >&2 || return 1
  echo "Welcome to Vitrine, a RISC-V teaching kernel. Type 'exit' or ^D to power off." > "$out/root/etc/motd"
  # Users and groups, as programs look them up (ps, ls -l, busybox).
  printf 'root:x:0:0:root:/root:/bin/sh\n' > "$out/root/etc/passwd"
  printf 'root:x:0:\n' > "$out/root/etc/group"
  chmod 644 "$out/root/etc/motd" "$out/root/etc/passwd" "$out/root/etc/group"
  mkdir -p "$out/root/root"
  mkcpio "$out/root" "$out/initramfs.cpio"
  mkext2 "$out/root" "$out/rootfs.ext2" >&2 || return 1
  echo "$out/initramfs.cpio"
}

describe() { # describe ELF: one line with size and hash
  local size
  size=$(stat -c %s "$1")
  echo "$size bytes, sha256 $(sha256sum "$1" | cut -d' ' -f1)"
}

if [ "$mode" = build ]; then
  elf=$(build "$HERE/target") || die "the kernel did not build"
  mkdir -p "$HERE/prebuilt"
  cp "$elf" "$PREBUILT"
  printf '%s\n' "$TOOLCHAIN_ID" > "$PREBUILT.toolchain"
  say "prebuilt/kernel.elf: $(describe "$PREBUILT")"
  initrd=$(build_initrd "$HERE/target") || die "the test initramfs did not build"
  cp "$initrd" "$PREBUILT_INITRD"
  say "prebuilt/initrd-test.cpio: $(describe "$PREBUILT_INITRD")"
  rootfs=$(build_rootfs "$HERE/target") || die "the root file system did not build"
  cp "$rootfs" "$PREBUILT_ROOTFS"
  say "prebuilt/initramfs.cpio: $(describe "$PREBUILT_ROOTFS")"
  cp "$(dirname "$rootfs")/rootfs.ext2" "$PREBUILT_DISK"
  say "prebuilt/rootfs.ext2: $(describe "$PREBUILT_DISK")"
  exit 0
fi

# --check: a from-scratch build in a temporary directory.
[ -f "$PREBUILT" ] || die "no $PREBUILT to check against: run guest-os/build.sh first"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vitrine-guest-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
elf=$(build "$tmp/target") || die "the kernel did not build"
initrd=$(build_initrd "$tmp/target") || die "the test initramfs did not build"
if ! cmp -s "$initrd" "$PREBUILT_INITRD"; then
  {
    echo "guest-os/build.sh --check: FAILED: guest-os/prebuilt/initrd-test.cpio is not what the source builds to."
    echo "  committed: $( [ -f "$PREBUILT_INITRD" ] && describe "$PREBUILT_INITRD" || echo missing)"
    echo "  rebuilt:   $(describe "$initrd")"
    echo "  Fix: run guest-os/build.sh and commit guest-os/prebuilt/ with the source change."
  } >&2
  exit 1
fi
rootfs=$(build_rootfs "$tmp/target") || die "the root file system did not build"
if ! cmp -s "$rootfs" "$PREBUILT_ROOTFS"; then
  {
    echo "guest-os/build.sh --check: FAILED: guest-os/prebuilt/initramfs.cpio is not what the source builds to."
    echo "  committed: $( [ -f "$PREBUILT_ROOTFS" ] && describe "$PREBUILT_ROOTFS" || echo missing)"
    echo "  rebuilt:   $(describe "$rootfs")"
    echo "  Fix: run guest-os/build.sh and commit guest-os/prebuilt/ with the source change."
  } >&2
  exit 1
fi
if ! cmp -s "$(dirname "$rootfs")/rootfs.ext2" "$PREBUILT_DISK"; then
  {
    echo "guest-os/build.sh --check: FAILED: guest-os/prebuilt/rootfs.ext2 is not what the source builds to."
    echo "  committed: $( [ -f "$PREBUILT_DISK" ] && describe "$PREBUILT_DISK" || echo missing)"
    echo "  rebuilt:   $(describe "$(dirname "$rootfs")/rootfs.ext2")"
    echo "  Fix: run guest-os/build.sh and commit guest-os/prebuilt/ with the source change."
  } >&2
  exit 1
fi
if cmp -s "$elf" "$PREBUILT"; then
  say "OK: prebuilt/kernel.elf is reproducible ($(describe "$PREBUILT"))"
  say "OK: prebuilt/initrd-test.cpio is reproducible ($(describe "$PREBUILT_INITRD"))"
  say "OK: prebuilt/initramfs.cpio is reproducible ($(describe "$PREBUILT_ROOTFS"))"
  say "OK: prebuilt/rootfs.ext2 is reproducible ($(describe "$PREBUILT_DISK"))"
  exit 0
fi
{
  echo "guest-os/build.sh --check: FAILED: guest-os/prebuilt/kernel.elf is not what the source builds to."
  echo "  committed: $(describe "$PREBUILT")"
  echo "  rebuilt:   $(describe "$elf")"
  recorded=$(cat "$PREBUILT.toolchain" 2>/dev/null || echo "(not recorded)")
  if [ "$recorded" != "$TOOLCHAIN_ID" ]; then
    echo "  The toolchains differ, which alone changes the bytes:"
    echo "    committed image made with: $recorded"
    echo "    this machine has:          $TOOLCHAIN_ID"
  fi
  echo "  Fix: run guest-os/build.sh and commit guest-os/prebuilt/ with the source change."
} >&2
exit 1
