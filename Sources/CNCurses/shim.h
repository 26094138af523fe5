// The parts of ncurses that Swift cannot import as they are (macros, and C globals that are
// not concurrency-safe in Swift 6), as inline functions. See shared/ncurses-notes.md.
#ifndef AUTOGRAD_TUI_CNCURSES_SHIM_H
#define AUTOGRAD_TUI_CNCURSES_SHIM_H

#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <ncurses.h>
#include <stdio.h>
#include <wchar.h>

static inline attr_t ag_attr_normal(void) { return A_NORMAL; }
static inline attr_t ag_attr_bold(void) { return A_BOLD; }
static inline attr_t ag_attr_dim(void) { return A_DIM; }
static inline attr_t ag_attr_reverse(void) { return A_REVERSE; }
static inline attr_t ag_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t ag_color_pair(short pair) { return COLOR_PAIR(pair); }

static inline WINDOW *ag_stdscr(void) { return stdscr; }
static inline FILE *ag_stdin(void) { return stdin; }
static inline FILE *ag_stdout(void) { return stdout; }
static inline int ag_lines(void) { return LINES; }
static inline int ag_cols(void) { return COLS; }

static inline int ag_attrset(attr_t attributes) { return attrset(attributes); }
static inline int ag_mvaddstr(int row, int column, const char *text) {
    return mvaddstr(row, column, text);
}
static inline int ag_get_wch(wint_t *character) { return get_wch(character); }
static inline void ag_timeout(int delay) { timeout(delay); }
static inline int ag_keypad(bool enable) { return keypad(stdscr, enable); }
static inline int ag_key_code_yes(void) { return KEY_CODE_YES; }

static inline mmask_t ag_left_button_events(void) { return BUTTON1_PRESSED | BUTTON1_CLICKED; }

#endif
