/* CoreMark port for Vitrine and QEMU's `spike` board: see core_portme.h. */
#include "coremark.h"
#include "core_portme.h"

#if VALIDATION_RUN
volatile ee_s32 seed1_volatile = 0x3415;
volatile ee_s32 seed2_volatile = 0x3415;
volatile ee_s32 seed3_volatile = 0x66;
#endif
#if PERFORMANCE_RUN
volatile ee_s32 seed1_volatile = 0x0;
volatile ee_s32 seed2_volatile = 0x0;
volatile ee_s32 seed3_volatile = 0x66;
#endif
#if PROFILE_RUN
volatile ee_s32 seed1_volatile = 0x8;
volatile ee_s32 seed2_volatile = 0x8;
volatile ee_s32 seed3_volatile = 0x8;
#endif
volatile ee_s32 seed4_volatile = ITERATIONS;
volatile ee_s32 seed5_volatile = 0;

/* mtime ticks per second (the device tree's timebase-frequency). */
#define EE_TICKS_PER_SEC 10000000UL

/* The CLINT's mtime register, at the same address on QEMU's spike and virt
 * boards and on Vitrine. (Not the `time` CSR: QEMU's spike board does not
 * provide it, and reading it there is an illegal instruction.) */
#define CLINT_MTIME ((volatile unsigned long *)0x0200bff8UL)

static CORETIMETYPE start_time_val, stop_time_val;

static CORETIMETYPE read_time(void) { return *CLINT_MTIME; }

void start_time(void) { start_time_val = read_time(); }

void stop_time(void) { stop_time_val = read_time(); }

CORE_TICKS get_time(void) { return stop_time_val - start_time_val; }

secs_ret time_in_secs(CORE_TICKS ticks)
{
    return (secs_ret)(ticks / EE_TICKS_PER_SEC);
}

ee_u32 default_num_contexts = 1;

void portable_init(core_portable *p, int *argc, char *argv[])
{
    (void)argc;
    (void)argv;
    if (sizeof(ee_ptr_int) != sizeof(ee_u8 *))
        ee_printf("ERROR! Please define ee_ptr_int to a type that holds a pointer!\n");
    if (sizeof(ee_u32) != 4)
        ee_printf("ERROR! Please define ee_u32 to a 32b unsigned type!\n");
    p->portable_id = 1;
}

void portable_fini(core_portable *p) { p->portable_id = 0; }
