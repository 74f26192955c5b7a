# Sv39 virtual memory, in S-mode (and U-mode) with page faults delegated
# to S: 4 KiB pages, 2 MiB and 1 GiB superpages, misaligned superpages,
# invalid / reserved / non-leaf-at-level-0 PTEs, non-canonical addresses,
# R/W/X permissions (stval = the faulting address, sepc for fetches), MXR,
# SUM and U pages, U-mode access to S pages, accesses and instructions
# that cross into a faulting page, misaligned accesses over two pages,
# hardware A/D updates, each sfence.vma form after a PTE change, ASIDs,
# and M-mode loads and stores through MPRV.
#
# Page tables are built at run time in M-mode. S-mode runs on an identity
# mapping of RAM (1 GiB page at 0x8000_0000) and of the devices (1 GiB page
# at 0), so the test framework's code, data and UART work unchanged.

        .include "isa/test_macros.inc"

# PTE bits
        .equ PTE_V, 1 << 0
        .equ PTE_R, 1 << 1
        .equ PTE_W, 1 << 2
        .equ PTE_X, 1 << 3
        .equ PTE_U, 1 << 4
        .equ PTE_A, 1 << 6
        .equ PTE_D, 1 << 7
        .equ PTE_RWAD, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D

        .equ SATP_SV39, 8 << 60
        .equ ASID_A, 1
        .equ ASID_B, 2
        # exceptions handled by S-mode
        .equ PAGE_FAULTS, (1 << CAUSE_FETCH_PAGE_FAULT) | (1 << CAUSE_LOAD_PAGE_FAULT) | (1 << CAUSE_STORE_PAGE_FAULT)
        .equ DELEGATED, PAGE_FAULTS | (1 << CAUSE_USER_ECALL)

# Virtual addresses
        .equ VA_4K,       0x100000000          # L2[4] -> L1[0] -> L0: 4 KiB pages
        .equ VA_2M,       0x100200000          # L1[1]: 2 MiB page -> PA 0x8000_0000
        .equ VA_2M_BAD,   0x100400000          # L1[2]: 2 MiB page at a misaligned PA
        .equ VA_1G,       0x140000000          # L2[5]: 1 GiB page -> PA 0x8000_0000
        .equ VA_1G_BAD,   0x180000000          # L2[6]: 1 GiB page at a misaligned PA
        .equ VA_UNMAPPED, 0x1c0000000          # L2[7]: invalid
        .equ VA_NONCANON, 0x0000008000000000   # bit 39 set, bit 38 clear
        .equ U_ALIAS,     0x40000000           # L2[3]: VA 0xc000_0000 = PA 0x8000_0000, U
        .equ PAGE,        0x1000

# VA of 4 KiB test page n
.macro VA_PAGE reg, n
        li      \reg, VA_4K + \n * PAGE
.endm

# table[index] = PTE(physical address in register `pa`, flags); t0-t2
.macro SET_PTE table, index, pa, flags
        srli    t0, \pa, 12
        slli    t0, t0, 10
        li      t1, \flags
        or      t0, t0, t1
        la      t1, \table
        li      t2, 8 * \index
        add     t1, t1, t2
        sd      t0, 0(t1)
.endm
# The same for a symbol's address, or a constant PA.
.macro SET_PTE_SYM table, index, sym, flags
        la      t3, \sym
        SET_PTE \table, \index, t3, \flags
.endm
.macro SET_PTE_PA table, index, pa, flags
        li      t3, \pa
        SET_PTE \table, \index, t3, \flags
.endm

# a0 = the PTE table[index] (works in M-mode and, identity-mapped, in S-mode)
.macro GET_PTE table, index
        la      a0, \table
        li      t0, 8 * \index
        add     a0, a0, t0
        ld      a0, 0(a0)
.endm

.macro SATP_FOR reg, root, asid
        la      \reg, \root
        srli    \reg, \reg, 12
        li      t0, SATP_SV39 | (\asid << 44)
        or      \reg, \reg, t0
.endm

        TEST_BEGIN

# ---- set-up (M-mode): data pages, page tables ----------------------------------------------------
        la      t0, pt_start                    # zero all page tables
        la      t1, pt_end
1:      sd      zero, 0(t0)
        addi    t0, t0, 8
        bltu    t0, t1, 1b
        la      t0, data_pages                  # page n holds 0x1000 + n in its first dword
        li      t1, 0x1000
        li      t2, 0x1000 + 16
1:      sd      t1, 0(t0)
        sd      zero, 8(t0)
        li      t3, PAGE
        add     t0, t0, t3
        addi    t1, t1, 1
        bltu    t1, t2, 1b
        # page 7 holds code: li a0, 42; ret
        la      t0, page7
        li      t1, 0x02a00513
        sw      t1, 0(t0)
        li      t1, 0x00008067
        sw      t1, 4(t0)
        # page 11 ends with c.nop and the first half of addi a0, a0, 1
        la      t0, page11
        li      t1, 0xffc
        add     t0, t0, t1
        li      t1, 0x05130001
        sw      t1, 0(t0)
        la      t0, page3                       # page 3 ends with 0xdeadbeef
        li      t1, 0xffc
        add     t0, t0, t1
        li      t1, 0xdeadbeef
        sw      t1, 0(t0)
        fence.i

        # root (L2) table
        SET_PTE_PA  pt_root, 0, 0x00000000, PTE_RWAD                 # devices
        SET_PTE_PA  pt_root, 2, 0x80000000, PTE_RWAD | PTE_X         # RAM, identity
        SET_PTE_PA  pt_root, 3, 0x80000000, PTE_RWAD | PTE_X | PTE_U # RAM for U-mode at 0xc000_0000
        SET_PTE_SYM pt_root, 4, pt_l1, PTE_V                         # -> L1
        SET_PTE_PA  pt_root, 5, 0x80000000, PTE_RWAD                 # 1 GiB page
        SET_PTE_PA  pt_root, 6, 0x80200000, PTE_RWAD                 # misaligned 1 GiB page
        # L1 table
        SET_PTE_SYM pt_l1, 0, pt_l0, PTE_V                           # -> L0
        SET_PTE_PA  pt_l1, 1, 0x80000000, PTE_RWAD                   # 2 MiB page
        SET_PTE_PA  pt_l1, 2, 0x80001000, PTE_RWAD                   # misaligned 2 MiB page
        # L0 table: 4 KiB pages
        SET_PTE_SYM pt_l0, 0, page0, PTE_RWAD                        # read/write
        SET_PTE_SYM pt_l0, 1, page1, PTE_V | PTE_R | PTE_A           # read-only
        # (L0[2] stays invalid)
        SET_PTE_SYM pt_l0, 3, page3, PTE_V | PTE_R | PTE_W           # A = D = 0
        SET_PTE_SYM pt_l0, 4, page4, PTE_V | PTE_X | PTE_A           # execute-only
        SET_PTE_SYM pt_l0, 5, page5, PTE_RWAD | PTE_U                # user page
        SET_PTE_SYM pt_l0, 6, page6, PTE_V | PTE_W | PTE_A | PTE_D   # W without R: reserved
        SET_PTE_SYM pt_l0, 7, page7, PTE_V | PTE_R | PTE_X | PTE_A   # code
        SET_PTE_SYM pt_l0, 8, page8, PTE_RWAD | (1 << 60)            # reserved bit 60 set
        SET_PTE_SYM pt_l0, 9, page9, PTE_V | PTE_R | PTE_W | PTE_A   # A = 1, D = 0
        SET_PTE_SYM pt_l0, 10, page0, PTE_RWAD                       # remapped by the sfence tests
        SET_PTE_SYM pt_l0, 11, page11, PTE_V | PTE_R | PTE_X | PTE_A # code; L0[12] stays invalid
        SET_PTE_SYM pt_l0, 13, page3, PTE_RWAD                       # adjacent virtual pages,
        SET_PTE_SYM pt_l0, 14, page10, PTE_RWAD                      # distant physical ones
        SET_PTE_SYM pt_l0, 15, pt_l0, PTE_V                          # a pointer at level 0
        # a second address space: the same, except that page 0 maps page1
        la      t0, pt_root
        la      t1, pt_root_b
        li      t2, 512
1:      ld      t3, 0(t0)
        sd      t3, 0(t1)
        addi    t0, t0, 8
        addi    t1, t1, 8
        addi    t2, t2, -1
        bnez    t2, 1b
        SET_PTE_SYM pt_root_b, 4, pt_l1_b, PTE_V
        SET_PTE_SYM pt_l1_b, 0, pt_l0_b, PTE_V
        SET_PTE_SYM pt_l0_b, 0, page1, PTE_RWAD

        li      t0, DELEGATED
        csrw    medeleg, t0
        SATP_FOR a0, pt_root, ASID_A
        csrw    satp, a0
        sfence.vma
        ENTER_S

# ---- translation: 4 KiB page, 2 MiB and 1 GiB superpages -----------------------------------------
        TEST_NUM 2
        VA_PAGE a1, 0
        ld      a0, 0(a1)
        CHECK   a0, 0x1000
        li      a2, 0x5a5a
        sd      a2, 8(a1)                       # a store through the mapping ...
        la      a3, page0
        ld      a0, 8(a3)                       # ... reaches the physical page
        CHECK   a0, 0x5a5a
        TEST_NUM 3                              # 2 MiB page: VA_2M + x -> 0x8000_0000 + x
        la      a1, page0
        li      t0, 0x80000000
        sub     a1, a1, t0
        li      t0, VA_2M
        add     a1, a1, t0
        ld      a0, 0(a1)
        CHECK   a0, 0x1000
        TEST_NUM 4                              # 1 GiB page: VA_1G + x -> 0x8000_0000 + x
        la      a1, page5
        li      t0, 0x80000000
        sub     a1, a1, t0
        li      t0, VA_1G
        add     a1, a1, t0
        ld      a0, 0(a1)
        CHECK   a0, 0x1005
        li      a2, 0x6b6b
        sd      a2, 8(a1)
        la      a3, page5
        ld      a0, 8(a3)
        CHECK   a0, 0x6b6b

# ---- page faults on bad translations: stval = the address ----------------------------------------
        li      a1, VA_1G_BAD + 0x18
        EXPECT_STRAP 5, CAUSE_LOAD_PAGE_FAULT, ld a0, 0(a1)     # misaligned superpages
        CHECK_CSR_REG stval, a1
        li      a1, VA_2M_BAD + 0x20
        EXPECT_STRAP 6, CAUSE_STORE_PAGE_FAULT, sd a0, 0(a1)
        CHECK_CSR_REG stval, a1
        li      a1, VA_UNMAPPED + 0x123
        EXPECT_STRAP 7, CAUSE_LOAD_PAGE_FAULT, lbu a0, 0(a1)   # invalid entries
        CHECK_CSR_REG stval, a1
        VA_PAGE a1, 2
        EXPECT_STRAP 8, CAUSE_LOAD_PAGE_FAULT, lw a0, 4(a1)
        addi    a2, a1, 4
        CHECK_CSR_REG stval, a2
        EXPECT_STRAP 9, CAUSE_STORE_PAGE_FAULT, sw a0, 8(a1)
        addi    a2, a1, 8
        CHECK_CSR_REG stval, a2
        TRAP_BEGIN 10                           # AMOs raise store faults (QEMU 7.2: load)
        amoswap.d a0, a0, (a1)
        STRAP_END
        CHECK_CSR_SPEC scause, CAUSE_STORE_PAGE_FAULT, CAUSE_LOAD_PAGE_FAULT
        CHECK_CSR_REG stval, a1
        VA_PAGE a1, 15
        EXPECT_STRAP 11, CAUSE_LOAD_PAGE_FAULT, ld a0, 0(a1)  # no leaf at level 0
        VA_PAGE a1, 8
        EXPECT_STRAP 12, CAUSE_LOAD_PAGE_FAULT, ld a0, 0(a1)  # reserved PTE bits
        li      a1, VA_NONCANON
        EXPECT_STRAP 13, CAUSE_LOAD_PAGE_FAULT, ld a0, 0(a1)  # bits 63:39 != bit 38
        CHECK_CSR_REG stval, a1
        TRAP_BEGIN 14                           # fetch: sepc = stval = the target
        li      a1, VA_UNMAPPED
        jalr    a1
        STRAP_END CAUSE_FETCH_PAGE_FAULT
        CHECK_CSR_REG stval, a1
        CHECK_CSR_REG sepc, a1

# ---- permissions ---------------------------------------------------------------------------------
        TEST_NUM 15                             # read-only page
        VA_PAGE a1, 1
        ld      a0, 0(a1)
        CHECK   a0, 0x1001
        EXPECT_STRAP 16, CAUSE_STORE_PAGE_FAULT, sd a0, 16(a1)
        addi    a2, a1, 16
        CHECK_CSR_REG stval, a2
        EXPECT_STRAP 17, CAUSE_STORE_PAGE_FAULT, amoadd.w a0, a0, (a1)
        TEST_NUM 18                             # an LR needs only read permission
        lr.d    a0, (a1)
        CHECK   a0, 0x1001
        VA_PAGE a1, 4                           # execute-only page
        EXPECT_STRAP 19, CAUSE_LOAD_PAGE_FAULT, ld a0, 0(a1)
        CHECK_CSR_REG stval, a1
        TEST_NUM 20                             # MXR: executable pages become readable
        li      t0, MSTATUS_MXR
        csrs    sstatus, t0
        ld      a0, 0(a1)
        CHECK   a0, 0x1004
        EXPECT_STRAP 21, CAUSE_STORE_PAGE_FAULT, sd a0, 0(a1)   # ... not writable
        li      t0, MSTATUS_MXR
        csrc    sstatus, t0
        EXPECT_STRAP 22, CAUSE_LOAD_PAGE_FAULT, ld a0, 0(a1)
        VA_PAGE a1, 6                           # W without R is reserved
        EXPECT_STRAP 23, CAUSE_LOAD_PAGE_FAULT, ld a0, 0(a1)
        EXPECT_STRAP 24, CAUSE_STORE_PAGE_FAULT, sd a0, 0(a1)
        TEST_NUM 25                             # fetch from an executable 4 KiB page
        li      a0, 0
        VA_PAGE a1, 7
        jalr    a1                              # li a0, 42; ret
        CHECK   a0, 42
        TRAP_BEGIN 26                           # no X: fetch page fault
        VA_PAGE a1, 0
        jalr    a1
        STRAP_END CAUSE_FETCH_PAGE_FAULT
        CHECK_CSR_REG stval, a1

# ---- accesses that cross into a page that faults: stval = the start of the faulting part -----
        TRAP_BEGIN 27                           # a 32-bit instruction across the page end
        VA_PAGE a1, 11
        li      t0, 0xffc
        add     a1, a1, t0
        jalr    a1                              # c.nop, then the straddling addi
        STRAP_END CAUSE_FETCH_PAGE_FAULT
        addi    a2, a1, 2
        CHECK_CSR_REG sepc, a2                  # sepc: the instruction
        VA_PAGE a2, 12
        CHECK_CSR_REG stval, a2                 # stval: its second half, on page 12
        VA_PAGE a1, 2
        EXPECT_STRAP 28, CAUSE_LOAD_PAGE_FAULT, ld a0, -4(a1)   # misaligned, into invalid page 2
        CHECK_CSR_REG stval, a1
        VA_PAGE a1, 1
        EXPECT_STRAP 29, CAUSE_STORE_PAGE_FAULT, sd a0, -4(a1)  # from page 0 into read-only page 1
        CHECK_CSR_REG stval, a1
        TRAP_BEGIN 30                           # SC to a read-only page, with a reservation
        lr.d    a0, (a1)
        sc.d    a0, a0, (a1)
        STRAP_END CAUSE_STORE_PAGE_FAULT

# ---- a misaligned access across two pages is translated page by page ------------------------------
        TEST_NUM 31                             # VA pages 13, 14 -> page3, page10
        VA_PAGE a1, 14
        ld      a0, -4(a1)
        CHECK   a0, 0x0000100adeadbeef          # page3's last word, page10's first
        TEST_NUM 32
        li      a2, 0x1122334455667788
        sd      a2, -4(a1)
        la      a3, page10
        lwu     a0, 0(a3)
        CHECK   a0, 0x11223344
        la      a3, page3
        li      t0, 0xffc
        add     a3, a3, t0
        lwu     a0, 0(a3)
        CHECK   a0, 0x55667788

# ---- U pages from S-mode: only with SUM, and never executable ------------------------------------
        VA_PAGE a1, 5
        EXPECT_STRAP 33, CAUSE_LOAD_PAGE_FAULT, ld a0, 0(a1)
        CHECK_CSR_REG stval, a1
        EXPECT_STRAP 34, CAUSE_STORE_PAGE_FAULT, sd a0, 0(a1)
        TEST_NUM 35
        li      t0, MSTATUS_SUM
        csrs    sstatus, t0
        ld      a0, 0(a1)
        CHECK   a0, 0x1005
        sd      a0, 16(a1)
        TRAP_BEGIN 36
        jalr    a1
        STRAP_END CAUSE_FETCH_PAGE_FAULT
        CHECK_CSR_REG stval, a1
        li      t0, MSTATUS_SUM
        csrc    sstatus, t0

# ---- U-mode: its own pages yes, S pages no -------------------------------------------------------
# U-mode code runs from the U alias of RAM (VA = PA + U_ALIAS); its traps
# go to S-mode, which continues at tp (an S-mode address).
        TEST_NUM 37
        la      tp, 2f
        la      t0, 1f
        li      t1, U_ALIAS
        add     t0, t0, t1
        csrw    sepc, t0
        li      t0, MSTATUS_SPP
        csrc    sstatus, t0
        VA_PAGE a1, 5
        li      a0, 0
        sret
1:      ld      a0, 0(a1)                       # U-mode: a U page
        ecall                                   # (delegated to S)
2:      li      tp, 0
        CHECK_CSR scause, CAUSE_USER_ECALL
        CHECK   a0, 0x1005
        TEST_NUM 38
        la      tp, 2f
        la      t0, 1f
        li      t1, U_ALIAS
        add     t0, t0, t1
        csrw    sepc, t0
        VA_PAGE a1, 0
        li      t0, MSTATUS_SUM                 # (SUM does not matter to U-mode)
        csrs    sstatus, t0
        sret
1:      ld      a0, 0(a1)                       # U-mode: an S page
        ecall
2:      li      tp, 0
        CHECK_CSR scause, CAUSE_LOAD_PAGE_FAULT
        CHECK_CSR_REG stval, a1
        csrr    a0, sstatus
        CHECK_MASKED a0, MSTATUS_SPP, 0
        TEST_NUM 39                             # fetch from an S page in U-mode
        la      tp, 2f
        la      a1, 1f                          # identity mapping: not U
        csrw    sepc, a1
        li      t0, MSTATUS_SPP
        csrc    sstatus, t0
        sret
1:      nop
2:      li      tp, 0
        CHECK_CSR scause, CAUSE_FETCH_PAGE_FAULT
        CHECK_CSR_REG stval, a1
        CHECK_CSR_REG sepc, a1
        li      t0, MSTATUS_SUM
        csrc    sstatus, t0

# ---- hardware A/D updates (QEMU sets them; the spec also allows a page fault instead) ------------
        TEST_NUM 40
        GET_PTE pt_l0, 3
        CHECK_MASKED a0, PTE_A | PTE_D, 0
        VA_PAGE a1, 3
        ld      a2, 0(a1)                       # a load sets A
        CHECK   a2, 0x1003
        GET_PTE pt_l0, 3
        CHECK_MASKED a0, PTE_A | PTE_D, PTE_A
        TEST_NUM 41
        sd      a2, 8(a1)                       # a store sets D
        GET_PTE pt_l0, 3
        CHECK_MASKED a0, PTE_A | PTE_D, PTE_A | PTE_D
        TEST_NUM 42
        VA_PAGE a1, 9
        sd      zero, 8(a1)                     # A already set: a store sets D
        GET_PTE pt_l0, 9
        CHECK_MASKED a0, PTE_A | PTE_D, PTE_A | PTE_D
        TEST_NUM 43                             # a faulting access sets neither
        SET_PTE_SYM pt_l0, 1, page1, PTE_V | PTE_R      # read-only, A = 0
        sfence.vma
        VA_PAGE a1, 1
        EXPECT_STRAP 44, CAUSE_STORE_PAGE_FAULT, sd zero, 0(a1)
        GET_PTE pt_l0, 1
        CHECK_MASKED a0, PTE_A | PTE_D, 0

# ---- sfence.vma after changing a PTE: the new mapping is used (page 10) --------------------------
# (whether the stale translation would have been used is not observable
# reliably, and not tested)
        TEST_NUM 45
        VA_PAGE a1, 10
        ld      a0, 0(a1)                       # page0 via page 10, now cached
        CHECK   a0, 0x1000
        SET_PTE_SYM pt_l0, 10, page1, PTE_RWAD
        sfence.vma zero, zero                   # everything
        ld      a0, 0(a1)
        CHECK   a0, 0x1001
        TEST_NUM 46
        SET_PTE_SYM pt_l0, 10, page3, PTE_RWAD
        sfence.vma a1, zero                     # this address, all ASIDs
        ld      a0, 0(a1)
        CHECK   a0, 0x1003
        TEST_NUM 47
        SET_PTE_SYM pt_l0, 10, page4, PTE_RWAD
        li      a2, ASID_A
        sfence.vma zero, a2                     # this ASID, all addresses
        ld      a0, 0(a1)
        CHECK   a0, 0x1004
        TEST_NUM 48
        SET_PTE_SYM pt_l0, 10, page5, PTE_RWAD
        sfence.vma a1, a2                       # this address in this ASID
        ld      a0, 0(a1)
        CHECK   a0, 0x1005
        TEST_NUM 49                             # an address inside the page, not its base
        SET_PTE_SYM pt_l0, 10, page6, PTE_RWAD
        addi    a3, a1, 0x7f8
        sfence.vma a3, zero
        ld      a0, 0(a1)
        CHECK   a0, 0x1006
        TEST_NUM 50                             # a permission change
        SET_PTE_SYM pt_l0, 10, page6, PTE_V | PTE_R | PTE_A
        sfence.vma a1, zero
        EXPECT_STRAP 51, CAUSE_STORE_PAGE_FAULT, sd zero, 0(a1)
        SET_PTE_SYM pt_l0, 10, page6, 0
        sfence.vma
        EXPECT_STRAP 52, CAUSE_LOAD_PAGE_FAULT, ld a0, 0(a1)

# ---- ASIDs: switching satp to another address space ----------------------------------------------
        TEST_NUM 53
        VA_PAGE a1, 0
        ld      a0, 0(a1)                       # ASID A: page 0 -> page0
        CHECK   a0, 0x1000
        SATP_FOR a3, pt_root_b, ASID_B          # a never-used ASID: no sfence needed
        csrw    satp, a3
        ld      a0, 0(a1)                       # ASID B: page 0 -> page1
        CHECK   a0, 0x1001
        TEST_NUM 54
        SATP_FOR a3, pt_root, ASID_A            # back: unchanged tables, no sfence needed
        csrw    satp, a3
        ld      a0, 0(a1)
        CHECK   a0, 0x1000
        csrr    a0, satp
        CHECK_EQ a0, a3

# ---- M-mode: translation only through MPRV (with MPP's privilege) --------------------------------
        ENTER_M
        TEST_NUM 55                             # M-mode itself is not translated
        la      a1, page0
        ld      a0, 0(a1)
        CHECK   a0, 0x1000
        TEST_NUM 56
        li      t0, MSTATUS_MPP
        csrc    mstatus, t0
        li      t0, MSTATUS_MPP_S | MSTATUS_MPRV
        csrs    mstatus, t0
        VA_PAGE a1, 1
        ld      a0, 0(a1)                       # loads are translated as for S
        CHECK   a0, 0x1001
        VA_PAGE a1, 5
        EXPECT_TRAP 57, CAUSE_LOAD_PAGE_FAULT, ld a0, 0(a1)     # U page, SUM = 0: to M
        CHECK_CSR_REG mtval, a1
        li      t0, MSTATUS_MPP                 # (the trap set MPP = M: MPRV has no effect)
        csrc    mstatus, t0
        li      t0, MSTATUS_MPP_S
        csrs    mstatus, t0
        VA_PAGE a1, 1
        EXPECT_TRAP 58, CAUSE_STORE_PAGE_FAULT, sd a0, 0(a1)
        li      t0, MSTATUS_MPRV
        csrc    mstatus, t0
        csrw    satp, zero
        sfence.vma
        csrw    medeleg, zero

        TEST_PASS

        .bss
        .balign 4096
pt_start:
pt_root:   .skip 4096
pt_l1:     .skip 4096
pt_l0:     .skip 4096
pt_root_b: .skip 4096
pt_l1_b:   .skip 4096
pt_l0_b:   .skip 4096
pt_end:
data_pages:
page0:  .skip 4096
page1:  .skip 4096
page2:  .skip 4096
page3:  .skip 4096
page4:  .skip 4096
page5:  .skip 4096
page6:  .skip 4096
page7:  .skip 4096
page8:  .skip 4096
page9:  .skip 4096
page10: .skip 4096
page11: .skip 4096
        .skip 4096 * 4

        TEST_END
