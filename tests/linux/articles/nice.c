/* nice and CFS: three CPU-bound children at nice 0, -5 and 10, pinned to
 * CPU 0, spin for 300 ms of the parent's time; each measures its own CPU
 * time over the window (CLOCK_PROCESS_CPUTIME_ID) into a MAP_SHARED page.
 * CFS gives each a share in proportion to its weight (1024, 3121, 110:
 * 24.1 %, 73.3 %, 2.6 %), as the Rust cfsdemo measures. A negative nice
 * needs privilege; the program says so if it is refused. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const int nices[3] = {0, -5, 10};

struct shared {
    volatile int ready, start, stop, done;
    volatile long cpu_ns[3];
    volatile int err[3];
};

static long ns(clockid_t c) {
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

static void ms_sleep(long ms) {
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000};
    nanosleep(&t, NULL);
}

int main(void) {
    struct shared *sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(0, &one);
    pid_t pids[3];
    for (int i = 0; i < 3; i++) {
        fflush(stdout);
        pids[i] = fork();
        if (pids[i] == 0) {
            sched_setaffinity(0, sizeof one, &one);
            if (setpriority(PRIO_PROCESS, 0, nices[i]) != 0) sh->err[i] = errno;
            __sync_fetch_and_add(&sh->ready, 1);
            while (!sh->start) ms_sleep(1);
            long t0 = ns(CLOCK_PROCESS_CPUTIME_ID);
            while (!sh->stop) {
            }
            sh->cpu_ns[i] = ns(CLOCK_PROCESS_CPUTIME_ID) - t0;
            __sync_fetch_and_add(&sh->done, 1);
            _exit(0);
        }
    }
    while (sh->ready < 3) ms_sleep(1);
    for (int i = 0; i < 3; i++)
        if (sh->err[i]) printf("nice: nice %d: %s (needs CAP_SYS_NICE)\n", nices[i], strerror(sh->err[i]));
    sh->start = 1;
    ms_sleep(300);
    sh->stop = 1;
    for (int i = 0; i < 3; i++) waitpid(pids[i], NULL, 0);
    long sum = sh->cpu_ns[0] + sh->cpu_ns[1] + sh->cpu_ns[2];
    printf("nice: CPU time in the window: %ld ms\n", sum / 1000000);
    printf("nice: shares nice0=%.1f nice-5=%.1f nice10=%.1f (expected 24.1 73.3 2.6)\n",
           100.0 * sh->cpu_ns[0] / sum, 100.0 * sh->cpu_ns[1] / sum, 100.0 * sh->cpu_ns[2] / sum);
    return 0;
}
