.include "isa/test_macros.inc"
TEST_BEGIN
TEST_NUM 7
ld a0, 0(zero)
TEST_PASS
TEST_END
