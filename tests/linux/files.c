/* Files and descriptors: stdio on a file and on a pipe, fcntl (F_DUPFD,
 * F_DUPFD_CLOEXEC, F_GETFD/F_SETFD, F_GETFL/F_SETFL with O_NONBLOCK on a
 * pipe), FD_CLOEXEC honoured by execve, umask, access/faccessat, statx,
 * and ioctl on files and pipes (ENOTTY). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static void show(const char *what, int r) {
    printf("%s: %d%s%s\n", what, r, r < 0 ? " " : "", r < 0 ? strerror(errno) : "");
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "child") == 0) {
        /* After execve: the close-on-exec descriptor is gone, the other stays. */
        int cloexec_fd = atoi(argv[2]);
        errno = 0;
        int r = fcntl(cloexec_fd, F_GETFD);
        printf("after exec: cloexec fd: %d %s; kept fd: %d\n", r, strerror(errno),
               fcntl(cloexec_fd + 1, F_GETFD));
        return 0;
    }
    char path[64];
    snprintf(path, sizeof path, "/tmp/linux-files-%d.txt", (int)getpid());
    unlink(path);
    mode_t old = umask(027);
    printf("umask: old %03o\n", old);
    FILE *f = fopen(path, "w");
    for (int i = 1; i <= 3; i++) fprintf(f, "line %d of %s\n", i, "the file");
    fclose(f);
    struct stat st;
    stat(path, &st);
    printf("stat: mode %o size %lld\n", st.st_mode & 07777, (long long)st.st_size);
    umask(022);

    f = fopen(path, "r");
    char line[64];
    while (fgets(line, sizeof line, f)) printf("read: %s", line);
    fseek(f, 5, SEEK_SET);
    printf("after fseek: %c, ftell %ld\n", fgetc(f), ftell(f));
    fclose(f);
    f = fopen(path, "a");
    fputs("appended\n", f);
    fclose(f);
    f = fopen(path, "r");
    fseek(f, -9, SEEK_END);
    fgets(line, sizeof line, f);
    printf("last line: %s", line);
    fclose(f);

    /* stdio over a pipe. */
    int p[2];
    pipe(p);
    FILE *w = fdopen(p[1], "w"), *r = fdopen(p[0], "r");
    fprintf(w, "through a pipe %d\n", 42);
    fclose(w);
    int n;
    if (fscanf(r, "through a pipe %d", &n) == 1) printf("fscanf from pipe: %d\n", n);
    printf("then EOF: %d\n", fgetc(r) == '\n' && fgetc(r) == EOF);
    fclose(r);

    /* fcntl. */
    int fd = open(path, O_RDONLY);
    show("F_GETFD fresh", fcntl(fd, F_GETFD));
    show("F_SETFD FD_CLOEXEC", fcntl(fd, F_SETFD, FD_CLOEXEC));
    show("F_GETFD", fcntl(fd, F_GETFD));
    int d = fcntl(fd, F_DUPFD, 30);
    show("F_DUPFD 30", d);
    show("F_GETFD of the dup", fcntl(d, F_GETFD));
    int dc = fcntl(fd, F_DUPFD_CLOEXEC, 30);
    show("F_DUPFD_CLOEXEC 30", dc);
    show("F_GETFD of it", fcntl(dc, F_GETFD));
    show("F_GETFL O_RDONLY (accmode)", fcntl(fd, F_GETFL) & O_ACCMODE);
    int wfd = open(path, O_WRONLY | O_APPEND);
    int fl = fcntl(wfd, F_GETFL);
    printf("F_GETFL O_WRONLY|O_APPEND: accmode %d append %d\n", fl & O_ACCMODE, !!(fl & O_APPEND));
    show("fcntl on a closed fd", fcntl(99, F_GETFD));
    show("F_DUPFD past the limit", fcntl(fd, F_DUPFD, 1 << 20));
    show("unknown command", fcntl(fd, 9999));
    close(d);

    pipe(p);
    show("pipe read end F_SETFL O_NONBLOCK", fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK));
    printf("pipe F_GETFL nonblock: %d\n", !!(fcntl(p[0], F_GETFL) & O_NONBLOCK));
    char c;
    show("read empty nonblocking pipe", (int)read(p[0], &c, 1));
    write(p[1], "x", 1);
    show("read after a write", (int)read(p[0], &c, 1));
    fcntl(p[1], F_SETFL, O_NONBLOCK);
    char big[1024];
    memset(big, 'y', sizeof big);
    long total = 0;
    for (;;) {
        ssize_t k = write(p[1], big, sizeof big);
        if (k < 0) break;
        total += k;
    }
    printf("nonblocking writes filled the pipe (%s), then: %s\n", total > 0 ? "some bytes" : "nothing",
           strerror(errno));
    close(p[0]);
    close(p[1]);
    int p2[2];
    show("pipe2 O_NONBLOCK|O_CLOEXEC", pipe2(p2, O_NONBLOCK | O_CLOEXEC));
    printf("  flags: nonblock %d cloexec %d\n", !!(fcntl(p2[0], F_GETFL) & O_NONBLOCK),
           fcntl(p2[1], F_GETFD));

    /* ioctl: not terminals. */
    struct winsize ws;
    show("TIOCGWINSZ on a file", ioctl(fd, TIOCGWINSZ, &ws));
    show("TIOCGWINSZ on a pipe", ioctl(p2[0], TIOCGWINSZ, &ws));
    printf("isatty(file) %d errno %s\n", isatty(fd), strerror(errno));

    /* access / faccessat / statx. */
    show("access F_OK", access(path, F_OK));
    show("access R_OK|W_OK", access(path, R_OK | W_OK));
    show("access X_OK on a 0644 file", access(path, X_OK));
    show("access missing", access("/tmp/no-such-file", F_OK));
    show("access bad mode", access(path, 0x40));
    show("faccessat AT_EACCESS", faccessat(AT_FDCWD, path, R_OK, AT_EACCESS));
    show("faccessat bad flag", faccessat(AT_FDCWD, path, R_OK, 0x1));
    show("access /bin/sh X_OK", access("/bin/sh", X_OK));
    show("access /tmp X_OK", access("/tmp", X_OK));
    int dirfd = open("/tmp", O_RDONLY | O_DIRECTORY);
    show("faccessat relative to a directory fd", faccessat(dirfd, path + 5, F_OK, 0));
    struct statx sx;
    int rr = statx(AT_FDCWD, path, 0, STATX_BASIC_STATS, &sx);
    printf("statx: %d size %llu mode %o type-reg %d nlink %u mask-has-size %d\n", rr,
           (unsigned long long)sx.stx_size, sx.stx_mode & 07777, S_ISREG(sx.stx_mode), sx.stx_nlink,
           !!(sx.stx_mask & STATX_SIZE));
    rr = statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &sx);
    printf("statx AT_EMPTY_PATH: %d size %llu\n", rr, (unsigned long long)sx.stx_size);
    rr = statx(AT_FDCWD, "/tmp", 0, STATX_BASIC_STATS, &sx);
    printf("statx dir: %d is-dir %d\n", rr, S_ISDIR(sx.stx_mode));
    show("statx missing", statx(AT_FDCWD, "/tmp/missing", 0, STATX_BASIC_STATS, &sx));
    show("statx bad flags", statx(AT_FDCWD, path, 0x6000, STATX_BASIC_STATS, &sx));

    /* FD_CLOEXEC honoured by execve. */
    int keep = dup2(fd, 21);
    int gone = dup2(fd, 20);
    fcntl(gone, F_SETFD, FD_CLOEXEC);
    (void)keep;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char arg[8];
        snprintf(arg, sizeof arg, "%d", gone);
        execl(argv[0], argv[0], "child", arg, (char *)NULL);
        _exit(99);
    }
    int status;
    waitpid(pid, &status, 0);
    printf("child status %d\n", WEXITSTATUS(status));
    unlink(path);
    return 0;
}
