/* mprotect as glibc programs use it: errors, PROT_NONE, read-only pages,
 * a split area, and a program patching its own text. Run on Vitrine and on
 * qemu-riscv64: the output must be the same. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PG 4096

/* Two instructions on a page of their own: addi a0, zero, 1; ret. */
__asm__(".text\n.balign 4096\n.globl patchme\npatchme:\n.option push\n.option norvc\n"
        "addi a0, zero, 1\nret\n.option pop\n.balign 4096\n");
int patchme(void);

static void check(const char *what, int ret, int want_errno) {
    if (want_errno == 0)
        printf("%s: %s\n", what, ret == 0 ? "ok" : strerror(errno));
    else
        printf("%s: %d %s\n", what, ret, ret == -1 && errno == want_errno ? "right errno" : strerror(errno));
}

/* Run f in a child: how it ended. */
static void in_child(const char *what, void (*f)(char *), char *arg) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        f(arg);
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    if (WIFSIGNALED(st))
        printf("%s: killed by signal %d\n", what, WTERMSIG(st));
    else
        printf("%s: exited %d\n", what, WEXITSTATUS(st));
}

static void do_read(char *p) { printf("read %d\n", *(volatile char *)p); fflush(stdout); }
static void do_write(char *p) { *(volatile char *)p = 1; }

int main(int argc, char **argv) {
    if (argc > 1) { /* faults, each in a run of its own: the status tells */
        char *b = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        b[PG] = 1;
        if (!strcmp(argv[1], "none")) {
            mprotect(b + PG, PG, PROT_NONE);
            do_read(b + PG);
        } else if (!strcmp(argv[1], "ro")) {
            mprotect(b, PG, PROT_READ);
            do_write(b);
        } else if (!strcmp(argv[1], "text")) {
            do_write((char *)patchme);
        }
        return 0;
    }
    char *a = mmap(0, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(a, 7, 4 * PG);
    check("unaligned", mprotect(a + 1, PG, PROT_READ), EINVAL);
    check("bad prot", mprotect(a, PG, 0x100), EINVAL);
    munmap(a + 2 * PG, PG); /* a hole */
    check("over a hole", mprotect(a, 4 * PG, PROT_READ), ENOMEM);
    check("middle page none", mprotect(a + PG, PG, PROT_NONE), 0);
    check("back to read", mprotect(a + PG, PG, PROT_READ), 0);
    printf("contents kept: %d\n", a[PG + 5]);
    check("writable again", mprotect(a + PG, PG, PROT_READ | PROT_WRITE), 0);
    a[PG] = 9;
    printf("written: %d\n", a[PG]);
    check("last page read-only", mprotect(a + 3 * PG, PG, PROT_READ), 0);
    in_child("read neighbour", do_read, a);

    /* Copy-on-write after fork, then read-only, then writable again:
     * the child's write must not reach the parent. */
    a[0] = 1;
    check("read-only before fork", mprotect(a, PG, PROT_READ), 0);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        mprotect(a, PG, PROT_READ | PROT_WRITE);
        a[0] = 2;
        _exit(a[0]);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("child wrote %d, parent sees %d\n", WEXITSTATUS(st), a[0]);

    /* Patch our own text, while a child forked before waits: its text
     * must stay the original. */
    int go[2];
    pipe(go);
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        char c;
        read(go[0], &c, 1);
        printf("forked before the patch: patchme() = %d\n", patchme());
        _exit(0);
    }
    printf("patchme() = %d\n", patchme());
    char *page = (char *)patchme;
    check("text writable", mprotect(page, PG, PROT_READ | PROT_WRITE | PROT_EXEC), 0);
    unsigned insn = 0x02a00513; /* addi a0, zero, 42 */
    memcpy(page, &insn, 4);
    __builtin___clear_cache(page, page + 8);
    printf("patched patchme() = %d\n", patchme());
    check("text read-only", mprotect(page, PG, PROT_READ | PROT_EXEC), 0);
    printf("still patched = %d\n", patchme());
    fflush(stdout);
    write(go[1], "x", 1);
    waitpid(pid, &st, 0);
    return 0;
}
