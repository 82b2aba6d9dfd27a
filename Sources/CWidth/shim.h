// The C library's character widths (wcwidth) and per-thread locales, which Swift's Glibc module leaves
// out: <wchar.h> declares wcwidth only for X/Open.
#define _GNU_SOURCE 1
#include <locale.h>
#include <wchar.h>
