/* argv and the environment as the program sees them; exits with argc. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        printf("argv[%d] = [%s]\n", i, argv[i]);
    const char *path = getenv("PATH");
    printf("PATH=%s\n", path ? path : "(unset)");
    return argc;
}
