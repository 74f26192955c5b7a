/* Waiting on several descriptors: poll, ppoll, select and pselect on
 * pipes, with timeouts, a writer in another process waking the waiter,
 * POLLHUP when the last writer closes, POLLNVAL and EBADF for closed
 * descriptors, and a signal mask held during ppoll; with "stdin", poll
 * on standard input (the console in Vitrine). */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

static volatile int got_usr1;
static void on_usr1(int s) { (void)s; got_usr1 = 1; }

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "stdin") == 0) {
        /* Standard input: the console inside Vitrine, a pipe under qemu. */
        struct pollfd in = {0, POLLIN, 0};
        int r = poll(&in, 1, 5000);
        char buf[64];
        ssize_t n = read(0, buf, sizeof buf - 1);
        buf[n > 0 ? n : 0] = 0;
        printf("poll stdin: %d revents %x, read %zd: %s", r, in.revents & POLLIN, n, buf);
        return 0;
    }
    (void)argv;
    int a[2], b[2];
    pipe(a);
    pipe(b);
    struct pollfd fds[3] = {{a[0], POLLIN, 0}, {b[0], POLLIN, 0}, {b[1], POLLOUT, 0}};
    int r = poll(fds, 3, 0);
    printf("poll, nothing to read: %d revents %x %x %x\n", r, fds[0].revents, fds[1].revents,
           fds[2].revents);
    long long t0 = now_ms();
    r = poll(fds, 2, 200);
    long long dt = now_ms() - t0;
    printf("poll timeout 200ms: %d, waited enough: %s\n", r, dt >= 200 && dt < 600 ? "yes" : "no");

    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        usleep(150000);
        write(b[1], "hello", 5);
        _exit(0);
    }
    t0 = now_ms();
    r = poll(fds, 2, 5000);
    dt = now_ms() - t0;
    printf("poll woken by a writer: %d revents %x %x, after the write: %s\n", r, fds[0].revents,
           fds[1].revents, dt >= 150 && dt < 1000 ? "yes" : "no");
    waitpid(c, NULL, 0);
    char buf[16];
    read(b[0], buf, sizeof buf);

    close(a[1]);
    r = poll(fds, 1, -1);
    printf("poll after the last writer closed: %d revents %x\n", r, fds[0].revents);
    struct pollfd bad[2] = {{99, POLLIN, 0}, {-1, POLLIN, 0}};
    r = poll(bad, 2, 0);
    printf("poll closed fd and negative fd: %d revents %x %x\n", r, bad[0].revents, bad[1].revents);

    /* ppoll: timeout written back? glibc keeps its own copy; time it. */
    struct timespec ts = {0, 100000000};
    t0 = now_ms();
    r = ppoll(&fds[1], 1, &ts, NULL);
    dt = now_ms() - t0;
    printf("ppoll timeout 100ms: %d, waited enough: %s\n", r, dt >= 100 && dt < 500 ? "yes" : "no");

    /* ppoll with SIGUSR1 blocked outside but allowed inside. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t block, during;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, NULL);
    sigemptyset(&during);
    pid_t parent = getpid();
    fflush(stdout);
    c = fork();
    if (c == 0) {
        usleep(100000);
        kill(parent, SIGUSR1);
        _exit(0);
    }
    errno = 0;
    r = ppoll(&fds[1], 1, NULL, &during);
    printf("ppoll interrupted by an allowed signal: %d %s handler ran %d\n", r, strerror(errno),
           got_usr1);
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("mask restored after ppoll: %d\n", sigismember(&now, SIGUSR1));
    waitpid(c, NULL, 0);

    /* select and pselect. */
    fd_set rd, wr;
    FD_ZERO(&rd);
    FD_ZERO(&wr);
    FD_SET(b[0], &rd);
    FD_SET(b[1], &wr);
    struct timeval tv = {0, 0};
    r = select(b[1] + 1, &rd, &wr, NULL, &tv);
    printf("select: %d readable %d writable %d\n", r, FD_ISSET(b[0], &rd), FD_ISSET(b[1], &wr));
    FD_ZERO(&rd);
    FD_SET(b[0], &rd);
    tv.tv_sec = 0;
    tv.tv_usec = 120000;
    t0 = now_ms();
    r = select(b[0] + 1, &rd, NULL, NULL, &tv);
    dt = now_ms() - t0;
    printf("select timeout: %d waited enough: %s, timeval left %ld.%06ld\n", r,
           dt >= 120 && dt < 600 ? "yes" : "no", (long)tv.tv_sec, (long)tv.tv_usec);
    write(b[1], "x", 1);
    FD_ZERO(&rd);
    FD_SET(b[0], &rd);
    struct timespec pts = {1, 0};
    r = pselect(b[0] + 1, &rd, NULL, NULL, &pts, NULL);
    printf("pselect with data: %d readable %d\n", r, FD_ISSET(b[0], &rd));
    FD_ZERO(&rd);
    FD_SET(a[1], &rd); /* closed above */
    errno = 0;
    r = select(a[1] + 1, &rd, NULL, NULL, &tv);
    printf("select on a closed fd: %d %s\n", r, strerror(errno));
    return 0;
}
