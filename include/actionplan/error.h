/*
 * error.h - the one error type of actionplan.
 *
 * Every fallible function returns an ap_rc and, when it fails, fills an
 * ap_error with a one-line message that names what and where
 * ("plans/x.ini:14: unknown key 'titel' in [activity 1.1.2] ...").
 * Helpers never exit(); the command line turns the code into an exit status.
 */
#ifndef AP_ERROR_H
#define AP_ERROR_H

#include <stddef.h>

/* X-macro: code, exit status, English and Swedish description. Codes and descriptions
 * cannot drift apart because both are generated from this list. */
#define AP_RC_LIST(X)                                                                              \
    X(AP_OK, 0, "success", "klart")                                                                \
    /* a bad plan file, CSV, value, code, date */                                                  \
    X(AP_E_INPUT, 1, "invalid input", "ogiltig indata")                                            \
    /* an unknown plan, code or goal */                                                            \
    X(AP_E_NOTFOUND, 1, "not found", "finns inte")                                                 \
    /* e.g. a form older than a later update */                                                    \
    X(AP_E_CONFLICT, 1, "conflict", "konflikt")                                                    \
    /* a file could not be read or written */                                                      \
    X(AP_E_IO, 1, "file error", "filfel")                                                          \
    /* SQLite failed or the file is not ours */                                                    \
    X(AP_E_DB, 1, "database error", "databasfel")                                                  \
    X(AP_E_NOMEM, 1, "out of memory", "minnet räcker inte")                                        \
    /* bad command-line syntax */                                                                  \
    X(AP_E_USAGE, 2, "usage error", "fel i kommandoraden")                                         \
    /* a bug: please report it */                                                                  \
    X(AP_E_INTERNAL, 1, "internal error", "internt fel")

typedef enum {
#define AP_RC_ENUM(code, exit_status, text, text_sv) code,
    AP_RC_LIST(AP_RC_ENUM)
#undef AP_RC_ENUM
} ap_rc;

/* The message buffer. msg is always NUL-terminated; empty when code is AP_OK. */
typedef struct ap_error {
    ap_rc code;
    char msg[2048];
} ap_error;

/* Set code and message (printf-style) and return code, so that callers can
 * write `return ap_error_set(err, AP_E_INPUT, "...", ...)`. err may be NULL. */
ap_rc ap_error_set(ap_error *err, ap_rc code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));


/* Append text to the existing message (what followed from the failure). */
void ap_error_suffix(ap_error *err, const char *text);

/* Reset to AP_OK with an empty message. */
void ap_error_clear(ap_error *err);

/* The process exit status for a code (0, 1 or 2). */
int ap_rc_exit_status(ap_rc rc);

/* A short description of a code in the current language ("ogiltig indata",
 * "invalid input"). */
const char *ap_rc_name(ap_rc rc);

#endif
