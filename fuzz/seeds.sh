#!/usr/bin/env bash
# Write the starting corpus (fuzz/corpus/TARGET/seed-*): real inputs of
# each kind, which the fuzzer then mutates. Needs GNU as/ld for RISC-V
# (as the ISA tests do); run once, the results are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p $out/{elf,cpu,mmu,cpio,dtb,virtio,gdb}

# elf and cpu: the ISA test programs, linked (ELF files, a stripped copy
# too) and as raw code pages (their first 4 KiB of .text).
for s in tests/isa/*.S; do
  n=$(basename "$s" .S)
  riscv64-unknown-elf-as -march=rv64gc -mabi=lp64d -I tests -o "$tmp/$n.o" "$s"
  riscv64-unknown-elf-ld -z max-page-size=16 -T tests/support/link.ld -o "$tmp/$n.elf" "$tmp/$n.o" 2>/dev/null
  [ "$(stat -c %s "$tmp/$n.elf")" -le 8192 ] && cp "$tmp/$n.elf" "$out/elf/seed-$n"
  riscv64-unknown-elf-strip -o "$tmp/$n.s.elf" "$tmp/$n.elf"
  [ "$(stat -c %s "$tmp/$n.s.elf")" -le 8192 ] && cp "$tmp/$n.s.elf" "$out/elf/seed-$n-stripped"
  riscv64-unknown-elf-objcopy -O binary -j .text "$tmp/$n.elf" "$tmp/$n.bin"
  { printf '\0'; head -c 4096 "$tmp/$n.bin"; } > "$out/cpu/seed-$n"
done

python3 - "$out" <<'PY'
import struct, sys, os
out = sys.argv[1]
def put(t, name, data):
    open(os.path.join(out, t, "seed-" + name), "wb").write(data)

# cpio: newc archives as the kernel reads them, one and two concatenated.
def newc(entries):
    b = b""
    for ino, (path, mode, data) in enumerate(entries + [("TRAILER!!!", 0, b"")]):
        name = path.encode() + b"\0"
        f = [ino + 1, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name), 0]
        b += b"070701" + b"".join(b"%08x" % x for x in f) + name
        b += b"\0" * (-len(b) % 4) + data
        b += b"\0" * (-len(b) % 4)
    return b
a = newc([("bin", 0o40755, b""), ("bin/sh", 0o100755, b"\x7fELF shell"), ("etc/motd", 0o100644, b"hello\n")])
put("cpio", "one", a)
put("cpio", "two", a + b"\0" * 8 + newc([("bin/sh", 0o100755, b"replaced"), ("./root/a.out", 0o100755, b"x")]))
put("cpio", "link", newc([("bin/ls", 0o120777, b"busybox")]))

# mmu: op bytes (see fuzz/src/mmu.rs): geometry, multi, then ops.
def pte(slot, flags, sel):     # op 0: slot u16, flags u8, rsw u8, sel u8
    return bytes([0]) + struct.pack("<HBBB", slot, flags, 0, sel)
def tr(kind, va_bytes, access, f):   # op 2
    return bytes([2, kind]) + va_bytes + bytes([access, f])
V, R, W, X, U, G, A, D = 1, 2, 4, 8, 16, 32, 64, 128
# root (page 0) slot 0 -> page 1; page 1 slot 0 -> page 2; page 2 leaves.
ops = pte(0, V, 1) + pte(512, V, 2) + pte(1024, V|R|W|X|U, 3) + pte(1025, V|R|X, 4)
ops += pte(1, V|R|W|X|A|D, 192)  # a 1 GiB superpage at 0x40000000
ops += tr(2, bytes([0]) + struct.pack("<HHH", 0, 0, 0x123), 1, 1)
ops += tr(2, bytes([0]) + struct.pack("<HHH", 0, 1, 0x10), 0, 0)
ops += tr(2, bytes([1]) + struct.pack("<HHH", 3, 7, 0x888), 2, 2)
ops += bytes([6, 1]) + struct.pack("<Q", 0x1000) + bytes([0]) + bytes([7, 2])
put("mmu", "three-level", bytes([4, 0]) + ops)
put("mmu", "spaces", bytes([2, 1]) + ops + bytes([7, 1]) + ops)

# dtb: structured configurations (fuzz/src/dtb.rs), and raw blobs below.
put("dtb", "default", bytes([0, 1, 0, 0, 0, 1]) + b"quiet -- -c 'ls /bin'")
put("dtb", "initrd", bytes([0, 1, 1]) + struct.pack("<II", 0x800000, 0x900000) + bytes([1]) + struct.pack("<I", 1000000) + bytes([0, 0]) + b"init=/bin/sh")

# virtio: num 8, modern layout desc 0x1000, avail 0x2000, used 0x3000.
ram = bytearray(0x4000)
def desc(i, addr, ln, flags, nxt):
    struct.pack_into("<QIHH", ram, 0x1000 + 16 * i, addr, ln, flags, nxt)
desc(0, 0x800, 16, 1, 1); desc(1, 0x900, 512, 3, 2); desc(2, 0xb00, 1, 2, 0)
desc(3, 0xc00, 48, 4, 0)      # indirect: 3 descriptors at 0xc00
struct.pack_into("<QIHH", ram, 0xc00, 0x800, 16, 1, 1)
struct.pack_into("<QIHH", ram, 0xc10, 0x900, 512, 3, 2)
struct.pack_into("<QIHH", ram, 0xc20, 0xb00, 1, 2, 0)
struct.pack_into("<HHHH", ram, 0x2000, 0, 2, 0, 3)
hdr = bytes([3, 1, 2]) + struct.pack("<H", 0x1000) + bytes([2]) + struct.pack("<H", 0x2000) + bytes([2]) + struct.pack("<H", 0x3000) + struct.pack("<HH", 0, 0)
put("virtio", "chains", hdr + bytes(ram))

# gdb: line-per-packet sessions (framed by the target) and a raw one.
def session(*pkts): return b"\x01" + b"\n".join(pkts)
put("gdb", "inspect", session(b"qSupported:multiprocess+;swbreak+;hwbreak+", b"?", b"g", b"m80000000,10", b"p20", b"qXfer:features:read:target.xml:0,fff", b"D"))
put("gdb", "run", session(b"?", b"Z0,80000004,4", b"c", b"z0,80000004,4", b"s", b"Z2,80000100,8", b"c", b"bs", b"bc", b"vCont;s", b"vCont;c", b"k"))
put("gdb", "write", session(b"M80000100,4:deadbeef", b"Pa=0100000000000000", b"G" + b"00" * 8 * 33, b"X80000200,2:ab", b"qRcmd," + b"tlb".hex().encode(), b"qRcmd," + b"pt 0x80000000".hex().encode(), b"D"))
put("gdb", "raw", b"\0+$?#3f+$g#67+$D#44")
PY


for t in $out/*; do echo "$(basename "$t"): $(ls "$t" | wc -l) seeds"; done
