/* riscv-tests' syscalls.c includes <sys/signal.h> (newlib's spelling, for
 * SIGABRT); picolibc has <signal.h>. */
#include <signal.h>
