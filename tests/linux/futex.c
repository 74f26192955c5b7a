/* futex(2) directly, between processes sharing a MAP_SHARED page (shared
 * futexes: keyed by the physical page): three children wait with
 * FUTEX_WAIT_BITSET, each with its own bit; the parent moves them to a
 * second word with FUTEX_CMP_REQUEUE (polling until all three have been
 * moved: no timing involved), wakes the one whose bit it names with
 * FUTEX_WAKE_BITSET, then the rest with FUTEX_WAKE. And the errors:
 * EAGAIN (word changed, CMP_REQUEUE's val3), ETIMEDOUT (relative and
 * absolute CLOCK_REALTIME timeouts), EINVAL (misaligned, zero bitset),
 * ENOSYS (CLOCK_REALTIME with FUTEX_WAIT, unknown operations). */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long futex(uint32_t *uaddr, int op, uint32_t val, const void *timeout_or_val2,
                  uint32_t *uaddr2, uint32_t val3) {
    return syscall(SYS_futex, uaddr, op, val, timeout_or_val2, uaddr2, val3);
}

static void show(const char *what, long r) {
    printf("%s: %ld%s%s\n", what, r, r < 0 ? " " : "", r < 0 ? strerror(errno) : "");
}

struct shared {
    uint32_t a, b;
    uint32_t woken;
};

int main(void) {
    struct shared *sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    pid_t kids[3];
    for (int i = 0; i < 3; i++) {
        fflush(stdout);
        kids[i] = fork();
        if (kids[i] == 0) {
            long r = futex(&sh->a, FUTEX_WAIT_BITSET, 0, NULL, NULL, 1u << i);
            if (r == 0) __sync_fetch_and_or(&sh->woken, 1u << i);
            _exit(r == 0 ? 0 : 1);
        }
    }
    long moved = 0;
    while (moved < 3) {
        long r = futex(&sh->a, FUTEX_CMP_REQUEUE, 0, (void *)3L, &sh->b, 0);
        if (r < 0) {
            show("FUTEX_CMP_REQUEUE", r);
            return 1;
        }
        moved += r;
        if (moved < 3) usleep(1000);
    }
    printf("requeued %ld waiters from a to b\n", moved);
    show("FUTEX_WAKE on a (nobody left)", futex(&sh->a, FUTEX_WAKE, 10, NULL, NULL, 0));
    show("FUTEX_WAKE_BITSET on b, bit 1", futex(&sh->b, FUTEX_WAKE_BITSET, 10, NULL, NULL, 2));
    int status;
    waitpid(kids[1], &status, 0);
    printf("child 1 exited %d, woken mask %x\n", WEXITSTATUS(status), sh->woken);
    show("FUTEX_WAKE_BITSET on b, bit 7 (no such waiter)", futex(&sh->b, FUTEX_WAKE_BITSET, 10, NULL, NULL, 0x80));
    show("FUTEX_WAKE on b", futex(&sh->b, FUTEX_WAKE, 10, NULL, NULL, 0));
    waitpid(kids[0], NULL, 0);
    waitpid(kids[2], NULL, 0);
    printf("woken mask %x\n", sh->woken);

    show("FUTEX_WAIT, word changed", futex(&sh->a, FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0));
    struct timespec rel = {0, 50000000};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    show("FUTEX_WAIT 50 ms", futex(&sh->a, FUTEX_WAIT_PRIVATE, 0, &rel, NULL, 0));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    printf("  waited at least 50 ms: %s\n", ms >= 50 ? "yes" : "no");
    struct timespec abs;
    clock_gettime(CLOCK_REALTIME, &abs);
    abs.tv_nsec += 50000000;
    if (abs.tv_nsec >= 1000000000) { abs.tv_sec++; abs.tv_nsec -= 1000000000; }
    show("FUTEX_WAIT_BITSET|CLOCK_REALTIME absolute",
         futex(&sh->a, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0, &abs, NULL, ~0u));
    clock_gettime(CLOCK_REALTIME, &t1);
    printf("  not before the deadline: %s\n",
           t1.tv_sec > abs.tv_sec || (t1.tv_sec == abs.tv_sec && t1.tv_nsec >= abs.tv_nsec) ? "yes" : "no");
    struct timespec bad = {0, 2000000000L};
    show("FUTEX_WAIT bad timeout", futex(&sh->a, FUTEX_WAIT_PRIVATE, 0, &bad, NULL, 0));
    show("FUTEX_WAIT misaligned", futex((uint32_t *)((char *)&sh->a + 1), FUTEX_WAIT, 0, NULL, NULL, 0));
    show("FUTEX_WAIT_BITSET zero bitset", futex(&sh->a, FUTEX_WAIT_BITSET, 0, NULL, NULL, 0));
    show("FUTEX_WAIT with CLOCK_REALTIME", futex(&sh->a, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 0, &rel, NULL, 0));
    show("FUTEX_CMP_REQUEUE, val3 differs", futex(&sh->a, FUTEX_CMP_REQUEUE, 1, (void *)1L, &sh->b, 5));
    show("FUTEX_REQUEUE, nobody waits", futex(&sh->a, FUTEX_REQUEUE, 1, (void *)1L, &sh->b, 0));
    show("unknown futex operation", futex(&sh->a, 99, 0, NULL, NULL, 0));
    show("FUTEX_WAKE on an unmapped address", futex((uint32_t *)16, FUTEX_WAKE, 1, NULL, NULL, 0));
    return 0;
}
