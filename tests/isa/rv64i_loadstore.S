# RV64I loads and stores: lb lh lw ld lbu lhu lwu sb sh sw sd.
# Sign/zero extension, little-endian byte order, positive/negative and
# extreme 12-bit offsets, partial stores leaving neighbouring bytes alone,
# rd == rs1, x0 as destination/source, and misaligned accesses (including
# ones crossing a dword and a page boundary).
#
# Misaligned plain loads/stores: the ISA allows them to be performed or to
# trap (cause 4/6). QEMU (the reference) performs them in hardware; so
# must vitrine, as Linux user code and compilers may rely on it.

        .include "isa/test_macros.inc"

# a0 = inst offset(a1) with a1 = the base symbol
.macro TEST_LD num, inst, result, base, offset
        TEST_NUM \num
        la      a1, \base
        \inst   a0, \offset(a1)
        CHECK   a0, \result
.endm

        TEST_BEGIN

# ---- loads: extension and byte order (tdat = ef cd ab 89 67 45 23 01 | 10 32 54 76 98 ba dc fe)
        TEST_LD  2, lb,  0xffffffffffffffef, tdat, 0
        TEST_LD  3, lbu, 0x00000000000000ef, tdat, 0
        TEST_LD  4, lb,  0x0000000000000001, tdat, 7
        TEST_LD  5, lbu, 0x0000000000000001, tdat, 7
        TEST_LD  6, lh,  0xffffffffffffcdef, tdat, 0
        TEST_LD  7, lhu, 0x000000000000cdef, tdat, 0
        TEST_LD  8, lh,  0x0000000000000123, tdat, 6
        TEST_LD  9, lw,  0xffffffff89abcdef, tdat, 0
        TEST_LD 10, lwu, 0x0000000089abcdef, tdat, 0
        TEST_LD 11, lw,  0x0000000001234567, tdat, 4
        TEST_LD 12, lwu, 0x0000000001234567, tdat, 4
        TEST_LD 13, ld,  0x0123456789abcdef, tdat, 0
        TEST_LD 14, ld,  0xfedcba9876543210, tdat, 8
        TEST_LD 15, lw,  0xfffffffffedcba98, tdat, 12
        TEST_LD 16, lwu, 0x00000000fedcba98, tdat, 12
        TEST_LD 17, lhu, 0x000000000000fedc, tdat, 14
        TEST_LD 18, lh,  0xfffffffffffffedc, tdat, 14

# ---- negative and extreme offsets ----------------------------------------------------------------
        TEST_LD 19, lb,  0x0000000000000001, tdat + 8, -1
        TEST_LD 20, ld,  0x0123456789abcdef, tdat + 8, -8
        TEST_LD 21, lbu, 0x00000000000000a5, big + 2048, 2047     # big[4095]
        TEST_LD 22, lbu, 0x000000000000005a, big + 2048, -2048    # big[0]

# ---- misaligned loads (performed, no trap) -------------------------------------------------------
        TEST_LD 23, lh,  0xffffffffffffabcd, tdat, 1
        TEST_LD 24, lhu, 0x0000000000001001, tdat, 7              # crosses the dword boundary
        TEST_LD 25, lw,  0x000000006789abcd, tdat, 1
        TEST_LD 26, lw,  0x0000000023456789, tdat, 3
        TEST_LD 27, lwu, 0x0000000032100123, tdat, 6
        TEST_LD 28, lw,  0xffffffffdcba9876, tdat, 11
        TEST_LD 29, ld,  0x100123456789abcd, tdat, 1
        TEST_LD 30, ld,  0xdcba987654321001, tdat, 7
        TEST_LD 31, ld,  0x9876543210012345, tdat, 5

# ---- stores: only the addressed bytes change -----------------------------------------------------
        TEST_NUM 32
        la      a1, buf
        li      a2, -1
        sd      a2, 0(a1)
        sd      a2, 8(a1)
        li      a3, 0x0123456789abcd5a
        sb      a3, 3(a1)                       # low byte only
        ld      a0, 0(a1)
        CHECK   a0, 0xffffffff5affffff
        TEST_NUM 33
        sh      a3, 6(a1)
        ld      a0, 0(a1)
        CHECK   a0, 0xcd5affff5affffff
        TEST_NUM 34
        sw      a3, 8(a1)
        ld      a0, 8(a1)
        CHECK   a0, 0xffffffff89abcd5a
        TEST_NUM 35
        sd      a3, 0(a1)
        ld      a0, 0(a1)
        CHECK   a0, 0x0123456789abcd5a
        lbu     a0, 7(a1)                       # little-endian
        CHECK   a0, 0x01
        TEST_NUM 36                             # negative offset
        addi    a4, a1, 16
        sh      zero, -14(a4)                   # buf[2..3] = 0 (x0 as source)
        ld      a0, 0(a1)
        CHECK   a0, 0x012345670000cd5a
        TEST_NUM 37                             # extreme offsets
        la      a4, big + 2048
        li      a2, 0x77
        sb      a2, 2047(a4)
        sb      a2, -2048(a4)
        la      a4, big + 4095
        lbu     a0, 0(a4)
        CHECK   a0, 0x77
        la      a4, big
        lbu     a0, 0(a4)
        CHECK   a0, 0x77

# ---- misaligned stores ---------------------------------------------------------------------------
        TEST_NUM 38
        la      a1, buf
        sd      zero, 0(a1)
        sd      zero, 8(a1)
        li      a3, 0x1122334455667788
        sh      a3, 1(a1)
        ld      a0, 0(a1)
        CHECK   a0, 0x0000000000778800
        TEST_NUM 39
        sw      a3, 5(a1)                       # crosses the dword boundary
        ld      a0, 0(a1)
        CHECK   a0, 0x6677880000778800
        ld      a0, 8(a1)
        CHECK   a0, 0x0000000000000055
        TEST_NUM 40
        sd      a3, 3(a1)
        ld      a0, 0(a1)
        CHECK   a0, 0x4455667788778800
        ld      a0, 8(a1)
        CHECK   a0, 0x0000000000112233
        ld      a0, 3(a1)
        CHECK   a0, 0x1122334455667788

# ---- misaligned accesses across a page boundary --------------------------------------------------
        TEST_NUM 41
        la      a1, pages + 4096 - 3            # bytes 4093..4100 of `pages`
        li      a3, 0x8877665544332211
        sd      a3, 0(a1)
        ld      a0, 0(a1)
        CHECK   a0, 0x8877665544332211
        la      a4, pages + 4096
        lwu     a0, 0(a4)                       # second page got the upper 5 bytes
        CHECK   a0, 0x77665544
        lbu     a0, -1(a4)
        CHECK   a0, 0x33
        TEST_NUM 42
        lw      a0, -2(a4)
        CHECK   a0, 0x0000000055443322
        lh      a0, -1(a4)
        CHECK   a0, 0x0000000000004433
        TEST_NUM 43
        li      a3, 0xa1b2c3d4
        sw      a3, -1(a4)
        lbu     a0, -1(a4)
        CHECK   a0, 0xd4
        lwu     a0, 0(a4)
        CHECK   a0, 0x77a1b2c3

# ---- rd == rs1; x0 as destination ----------------------------------------------------------------
        TEST_NUM 44
        la      a1, tdat
        ld      a1, 8(a1)
        CHECK   a1, 0xfedcba9876543210
        TEST_NUM 45
        la      a1, tdat
        lw      zero, 0(a1)
        lbu     zero, 0(a1)
        CHECK   zero, 0
        TEST_NUM 46                              # store the base register itself
        la      a1, buf
        sd      a1, 0(a1)
        ld      a0, 0(a1)
        CHECK_EQ a0, a1

        TEST_PASS

        .data
        .balign 16
tdat:   .dword  0x0123456789abcdef
        .dword  0xfedcba9876543210
buf:    .skip   16
        .balign 16
big:    .byte   0x5a
        .skip   4094
        .byte   0xa5
        .balign 4096
pages:  .skip   8192

        TEST_END
