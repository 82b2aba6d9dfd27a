#include <stdio.h>
#include <histedit.h>
#include <editline/readline.h>

/* libedit's settings are C globals; setting them here, once, before libedit initializes itself, keeps
   the one write to process-wide state in one place (Swift 6 forbids touching such globals directly). */
static inline void soma_editline_configure(int (*read_key)(FILE *)) {
    rl_catch_signals = 0;
    rl_getc_function = read_key;
}
