/* Calls a system call the teaching kernel lacks (membarrier, 283) and
 * one no kernel has (1000): both must fail with ENOSYS, not kill it. */
#include <errno.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
    errno = 0;
    long r = syscall(1000);
    printf("syscall(1000) = %ld, errno %d\n", r, errno);
    return r == -1 && errno == ENOSYS ? 0 : 1;
}
