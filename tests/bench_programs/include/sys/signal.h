/* riscv-tests' syscalls.c includes <sys/signal.h> (newlib's spelling, for
 * SIGABRT). Older picolibc (1.8) has it too, and its <signal.h> includes it:
 * then this file passes on to picolibc's own; newer picolibc has only
 * <signal.h>. */
#if __has_include_next(<sys/signal.h>)
#include_next <sys/signal.h>
#else
#include <signal.h>
#endif
