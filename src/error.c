/* error.c - the one error type; see error.h. */
#include "actionplan/error.h"
#include "actionplan/i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

ap_rc ap_error_set(ap_error *err, ap_rc code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}

void ap_error_suffix(ap_error *err, const char *text)
{
    if (!err)
        return;
    size_t len = strlen(err->msg), room = sizeof err->msg - 1 - len;
    /* A message too long for the buffer keeps its start: what failed. */
    strncat(err->msg, text, room);
}

void ap_error_clear(ap_error *err)
{
    if (err) {
        err->code = AP_OK;
        err->msg[0] = '\0';
    }
}

int ap_rc_exit_status(ap_rc rc)
{
    switch (rc) {
#define AP_RC_EXIT(code, exit_status, text, text_sv)                                              \
    case code:                                                                                    \
        return exit_status;
        AP_RC_LIST(AP_RC_EXIT)
#undef AP_RC_EXIT
    }
    return 1;
}

const char *ap_rc_name(ap_rc rc)
{
    switch (rc) {
#define AP_RC_TEXT(code, exit_status, text, text_sv)                                              \
    case code:                                                                                    \
        return TR(text_sv, text);
        AP_RC_LIST(AP_RC_TEXT)
#undef AP_RC_TEXT
    }
    return TR("okänt fel", "unknown error");
}
