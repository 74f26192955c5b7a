/* mmap with the flag combinations glibc uses, and its neighbours
 * (munmap, mremap, madvise, msync, brk): results and errno only, no
 * addresses, so Vitrine's output can be compared with qemu-riscv64's.
 * argv[1]: a directory to create a scratch file in. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PG 4096
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

static void res(const char *what, void *p) {
    if (p == MAP_FAILED)
        printf("%-28s failed: %s\n", what, strerrorname_np(errno));
    else
        printf("%-28s ok\n", what);
}
static void ret(const char *what, int r) {
    if (r == -1)
        printf("%-28s failed: %s\n", what, strerrorname_np(errno));
    else
        printf("%-28s %d\n", what, r);
}
/* One byte of the file through read(2) (lseek + read: no pread). */
static char byte_at(int fd, off_t at) {
    char c = '?';
    lseek(fd, at, SEEK_SET);
    read(fd, &c, 1);
    return c;
}
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define RW (PROT_READ | PROT_WRITE)

int main(int argc, char **argv) {
    char path[256];
    snprintf(path, sizeof path, "%s/mmap-test-file", argc > 1 ? argv[1] : "/tmp");
    /* errors */
    res("len 0", mmap(0, 0, RW, ANON, -1, 0));
    res("offset unaligned", mmap(0, PG, RW, ANON, -1, 1));
    res("neither private nor shared", mmap(0, PG, RW, MAP_ANONYMOUS, -1, 0));
    res("bad fd", mmap(0, PG, RW, MAP_PRIVATE, 99, 0));
    res("fixed unaligned", mmap((void *)0x12345001, PG, RW, ANON | MAP_FIXED, -1, 0));
    res("validate unknown flag", mmap(0, PG, RW, MAP_SHARED_VALIDATE | MAP_ANONYMOUS | 0x200000, -1, 0));
    int pfd[2];
    pipe(pfd);
    res("pipe", mmap(0, PG, PROT_READ, MAP_PRIVATE, pfd[0], 0));
    ret("munmap unaligned", munmap((void *)0x10001, PG));
    ret("munmap len 0", munmap((void *)0x10000, 0));

    /* glibc's thread stack: MAP_STACK, then a PROT_NONE guard page */
    char *st = mmap(0, 16 * PG, RW, ANON | MAP_STACK, -1, 0);
    res("MAP_STACK", st);
    ret("guard page", mprotect(st, PG, PROT_NONE));
    st[16 * PG - 1] = 5;
    printf("stack top byte %d\n", st[16 * PG - 1]);

    /* malloc's arena: 64 MiB reserved PROT_NONE, parts made usable */
    char *ar = mmap(0, 64 << 20, PROT_NONE, ANON | MAP_NORESERVE, -1, 0);
    res("reserve 64 MiB PROT_NONE", ar);
    ret("mprotect 1 MiB RW", mprotect(ar, 1 << 20, RW));
    memset(ar, 1, 1 << 20);
    printf("arena sum %ld\n", (long)ar[0] + ar[(1 << 20) - 1]);
    ret("munmap arena", munmap(ar, 64 << 20));

    /* MAP_FIXED replaces, MAP_FIXED_NOREPLACE refuses */
    char *a = mmap(0, 4 * PG, RW, ANON, -1, 0);
    memset(a, 3, 4 * PG);
    char *f = mmap(a + PG, PG, RW, ANON | MAP_FIXED, -1, 0);
    printf("fixed at the address asked: %d, new page %d, neighbour %d\n", f == a + PG, f[0], a[0]);
    res("fixed noreplace over a map", mmap(a, PG, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0));
    munmap(a + 2 * PG, PG);
    f = mmap(a + 2 * PG, PG, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0);
    printf("noreplace in a hole: %d\n", f == a + 2 * PG);
    munmap(a + 2 * PG, PG);
    f = mmap(a + 2 * PG, PG, RW, ANON, -1, 0);
    printf("free hint taken: %d\n", f == a + 2 * PG);
    res("MAP_POPULATE", mmap(0, 8 * PG, RW, ANON | MAP_POPULATE, -1, 0));
    res("MAP_GROWSDOWN", mmap(0, 8 * PG, RW, ANON | MAP_GROWSDOWN, -1, 0));
    char *w = mmap(0, PG, PROT_WRITE, ANON, -1, 0);
    w[0] = 4;
    printf("PROT_WRITE page reads %d\n", w[0]);

    /* partial munmap: the middle of a region */
    char *m = mmap(0, 3 * PG, RW, ANON, -1, 0);
    m[0] = 1, m[2 * PG] = 2;
    ret("munmap middle", munmap(m + PG, PG));
    printf("ends kept %d %d\n", m[0], m[2 * PG]);

    /* files */
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    char buf[3 * PG];
    for (int i = 0; i < 3 * PG; i++)
        buf[i] = 'a' + i / PG;
    write(fd, buf, sizeof buf);
    char *fp = mmap(0, 3 * PG, PROT_READ, MAP_PRIVATE, fd, 0);
    res("file private", fp);
    printf("file bytes %c %c %c\n", fp[0], fp[PG], fp[2 * PG]);
    char *fo = mmap(0, PG, PROT_READ, MAP_PRIVATE, fd, PG);
    printf("offset page %c\n", fo[0]);
    char *fw = mmap(0, 2 * PG, RW, MAP_PRIVATE, fd, 0);
    fw[0] = 'X';
    char c;
    c = byte_at(fd, 0);
    printf("private write: map %c file %c\n", fw[0], c);
    ret("madvise dontneed (file)", madvise(fw, PG, MADV_DONTNEED));
    printf("after dontneed: %c\n", fw[0]);
    char *fs = mmap(0, 2 * PG, RW, MAP_SHARED, fd, 0);
    res("file shared", fs);
    fs[PG + 1] = 'Y';
    ret("msync", msync(fs, 2 * PG, MS_SYNC));
    c = byte_at(fd, PG + 1);
    printf("shared write reaches the file: %c\n", c);
    fs[1] = 'Z';
    ret("munmap shared", munmap(fs, 2 * PG));
    c = byte_at(fd, 1);
    printf("after munmap: %c\n", c);
    close(fd);
    int ro = open(path, O_RDONLY);
    res("shared write on O_RDONLY", mmap(0, PG, RW, MAP_SHARED, ro, 0));
    char *sr = mmap(0, PG, PROT_READ, MAP_SHARED, ro, 0);
    res("shared read on O_RDONLY", sr);
    ret("mprotect it writable", mprotect(sr, PG, RW));
    int wo = open(path, O_WRONLY);
    res("private on O_WRONLY", mmap(0, PG, PROT_READ, MAP_PRIVATE, wo, 0));
    int dir = open("/", O_RDONLY);
    res("directory", mmap(0, PG, PROT_READ, MAP_PRIVATE, dir, 0));
    unlink(path);

    /* shared anonymous memory across fork */
    int *sh = mmap(0, PG, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    fflush(stdout);
    if (fork() == 0) {
        *sh = 77;
        _exit(0);
    }
    wait(0);
    printf("child wrote to shared anon: %d\n", *sh);

    /* mremap */
    char *r = mmap(0, 2 * PG, RW, ANON, -1, 0);
    memset(r, 9, 2 * PG);
    mmap(r + 2 * PG, PG, RW, ANON | MAP_FIXED, -1, 0); /* block growth in place */
    res("mremap grow, no move", mremap(r, 2 * PG, 8 * PG, 0));
    char *r2 = mremap(r, 2 * PG, 8 * PG, MREMAP_MAYMOVE);
    res("mremap grow, may move", r2);
    printf("moved %d, contents %d %d, new page %d\n", r2 != r, r2[0], r2[2 * PG - 1], r2[7 * PG]);
    res("mremap shrink", mremap(r2, 8 * PG, PG, 0));
    res("mremap unaligned", mremap(r2 + 1, PG, 2 * PG, MREMAP_MAYMOVE));
    res("mremap unmapped", mremap(r2 + 4 * PG, PG, 2 * PG, MREMAP_MAYMOVE));
    /* realloc of a big block */
    char *big = malloc(1 << 20);
    memset(big, 6, 1 << 20);
    big = realloc(big, 8 << 20);
    printf("realloc kept %d %d\n", big[0], big[(1 << 20) - 1]);
    free(big);

    /* madvise */
    char *d = mmap(0, 2 * PG, RW, ANON, -1, 0);
    d[0] = 8, d[PG] = 8;
    ret("madvise dontneed", madvise(d, PG, MADV_DONTNEED));
    printf("after dontneed: %d %d\n", d[0], d[PG]);
    ret("madvise unaligned", madvise(d + 1, PG, MADV_DONTNEED));
    ret("madvise bad advice", madvise(d, PG, 12345));
    munmap(d, 2 * PG);
    ret("madvise unmapped", madvise(d, PG, MADV_WILLNEED));

    /* brk */
    char *b0 = sbrk(0);
    printf("brk below start refused: %d\n", brk(b0 - (64 << 20)) == -1 && sbrk(0) == b0);
    char *b1 = sbrk(3 * PG);
    b1[3 * PG - 1] = 1;
    printf("sbrk grew: %d\n", sbrk(0) == b1 + 3 * PG);
    brk(b0);
    printf("brk shrank: %d\n", sbrk(0) == b0);
    return 0;
}
