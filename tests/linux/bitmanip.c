/* Bit manipulation as a compiler for a modern target emits it: built with
 * -march=rv64gc_zba_zbb_zbc_zbs (tests/linux_programs.rs), so the counts,
 * rotations, byte swaps, min/max, single-bit operations and scaled
 * indexing below become Zba/Zbb/Zbs instructions; carry-less multiplication
 * and orc.b (which C cannot express) are inline assembly. Prints one line
 * per pair of inputs and a checksum; the status is the checksum's low byte. */
#include <stdint.h>
#include <stdio.h>

#define ASM2(name, insn)                                                 \
  static uint64_t name(uint64_t a, uint64_t b) {                         \
    uint64_t r;                                                          \
    __asm__(insn " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));              \
    return r;                                                            \
  }
ASM2(clmul, "clmul")
ASM2(clmulh, "clmulh")
ASM2(clmulr, "clmulr")

static uint64_t orc_b(uint64_t a) {
  uint64_t r;
  __asm__("orc.b %0, %1" : "=r"(r) : "r"(a));
  return r;
}

static int clz64(uint64_t a) { return a ? __builtin_clzll(a) : 64; }
static int ctz64(uint64_t a) { return a ? __builtin_ctzll(a) : 64; }
static int clz32(uint32_t a) { return a ? __builtin_clz(a) : 32; }
static int ctz32(uint32_t a) { return a ? __builtin_ctz(a) : 32; }
static uint64_t rotl(uint64_t a, unsigned s) { s &= 63; return (a << s) | (a >> ((64 - s) & 63)); }
static uint32_t rotr32(uint32_t a, unsigned s) { s &= 31; return (a >> s) | (a << ((32 - s) & 31)); }

__attribute__((noinline)) static uint64_t scaled(const uint64_t *t, uint32_t i, const uint32_t *u, uint64_t j) {
  /* add.uw / sh3add.uw / sh2add / slli.uw */
  return t[i & 7] + u[j & 7] + ((uint64_t)i << 5);
}

int main(void) {
  static const uint64_t v[] = {
      0, 1, 0x80, 0x7fff, 0x8000, 0xff00ff00ff00ff00ull, 0x8000000000000000ull,
      0x0123456789abcdefull, 0xffffffffffffffffull, 0x000000007fffffffull,
      0xfffffffff0000000ull, 0x0000000100000001ull,
  };
  const int n = sizeof v / sizeof v[0];
  uint32_t u[8];
  for (int k = 0; k < 8; k++) u[k] = (uint32_t)(v[k] * 2654435761u);
  uint64_t sum = 0;
  for (int x = 0; x < n; x++) {
    uint64_t a = v[x];
    int64_t sa = (int64_t)a;
    printf("%016lx pop %2d clz %2d ctz %2d popw %2d clzw %2d ctzw %2d rev8 %016lx orc %016lx "
           "sextb %016lx sexth %016lx zexth %04lx\n",
           (unsigned long)a, __builtin_popcountll(a), clz64(a), ctz64(a),
           __builtin_popcount((uint32_t)a), clz32((uint32_t)a), ctz32((uint32_t)a),
           (unsigned long)__builtin_bswap64(a), (unsigned long)orc_b(a),
           (unsigned long)(int64_t)(int8_t)a, (unsigned long)(int64_t)(int16_t)a,
           (unsigned long)(uint16_t)a);
    for (int y = 0; y < n; y++) {
      uint64_t b = v[y];
      int64_t sb = (int64_t)b;
      unsigned s = (unsigned)(b & 63);
      uint64_t r[] = {
          rotl(a, s), rotl(a, 64 - s), (uint64_t)(int64_t)(int32_t)rotr32((uint32_t)a, s),
          (uint64_t)(sa < sb ? sa : sb), (uint64_t)(sa > sb ? sa : sb), a < b ? a : b, a > b ? a : b,
          a & ~b, a | ~b, ~(a ^ b), a | (1ull << s), a & ~(1ull << s), a ^ (1ull << s), (a >> s) & 1,
          clmul(a, b), clmulh(a, b), clmulr(a, b), scaled(v, (uint32_t)a, u, b),
          b + ((uint64_t)(uint32_t)a << 1), b + (a << 2), b + (a << 3),
      };
      for (unsigned k = 0; k < sizeof r / sizeof r[0]; k++) sum = rotl(sum, 7) ^ r[k];
      printf("%016lx %016lx %016lx %016lx %016lx\n", (unsigned long)r[0], (unsigned long)r[3],
             (unsigned long)r[7], (unsigned long)r[14], (unsigned long)r[15]);
    }
  }
  printf("checksum %016lx\n", (unsigned long)sum);
  return (int)(sum & 0xff);
}
