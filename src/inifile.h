/*
 * inifile.h - inih, made safe: every line is seen before inih sees it.
 *
 * Debian's inih (r55) silently splits lines of 200 bytes or more, cuts values
 * at " ;", cuts section names at 49 bytes and treats ':' as '='. This wrapper
 * feeds inih through ini_parse_stream with its own reader, which counts lines
 * and refuses any line inih would mangle, with the line number and a hint on
 * how to write it. No text is ever lost silently.
 */
#ifndef AP_INIFILE_H
#define AP_INIFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "actionplan/error.h"

/* Called once per "key = value" line and once per continuation line
 * (an indented line that continues the previous key; continuation is true
 * and key is that previous key). line is the 1-based physical line.
 * Return AP_OK to go on; any other code stops the parse (set err). */
typedef ap_rc (*ap_ini_handler)(void *user, const char *section, const char *key,
                                const char *value, int line, bool continuation, ap_error *err);

/* Called once per "[section]" line, before its keys. May be NULL. */
typedef ap_rc (*ap_ini_section_handler)(void *user, const char *section, int line,
                                        ap_error *err);

/* Parse data[0..len) (the whole file). filename is used in messages only:
 * every error is "filename:line: message". */
ap_rc ap_ini_parse(const char *data, size_t len, const char *filename,
                   ap_ini_section_handler on_section, ap_ini_handler on_key, void *user,
                   ap_error *err);

#endif
