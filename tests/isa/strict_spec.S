# Linked into every ISA test program run on vitrine (not on QEMU): selects
# the specification's behaviour in checks where QEMU 7.2 deviates from it
# (see CHECK_CSR_SPEC in test_macros.inc).
        .globl  isa_strict_spec
        .set    isa_strict_spec, 1
