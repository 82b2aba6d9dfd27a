#include <stdio.h>
#include <histedit.h>
#include <editline/readline.h>

/* libedit's settings are C globals; setting them here, once, before libedit initializes itself, keeps
   the one write to process-wide state in one place (Swift 6 forbids touching such globals directly). */
static inline void soma_editline_configure(int (*read_key)(FILE *)) {
    rl_catch_signals = 0;
    rl_getc_function = read_key;
}

/* Tab completion through libedit's readline interface: `completer` gets the whole line before the
   cursor (no word breaks, so the caller decides what a word is) and returns a malloc'd, NULL-ended
   array whose first item replaces that text. Nothing is appended after a completion, and libedit's
   own file-name completion never takes over. */
typedef char **(*soma_completer)(const char *text, int start, int end);
static char soma_no_word_breaks[1] = "";
static inline void soma_editline_complete_with(soma_completer completer) {
    rl_attempted_completion_function = completer;
    rl_completion_append_character = '\0';
    rl_basic_word_break_characters = soma_no_word_breaks;
    rl_completer_word_break_characters = soma_no_word_breaks;
}
/* Called from inside `completer`: there is no other completion to try. */
static inline void soma_editline_completion_over(void) {
    rl_attempted_completion_over = 1;
}
/* Redraws the prompt and line below text printed while editing (a completion's list). */
static inline void soma_editline_redisplay(void) {
    rl_forced_update_display();
}
