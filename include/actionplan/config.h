/*
 * config.h - config.ini: database path, language, status rules, roll-up,
 * goal rule and report folder. No file at all means every default; an
 * unknown section or key is an error (a typo must not change a rule
 * silently).
 */
#ifndef AP_CONFIG_H
#define AP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "actionplan/error.h"
#include "actionplan/i18n.h"

typedef enum { AP_OVERDUE_RED, AP_OVERDUE_YELLOW, AP_OVERDUE_OFF } ap_overdue_mode;
typedef enum { AP_STALE_FLAG, AP_STALE_YELLOW } ap_stale_mode;
typedef enum { AP_ROLLUP_AVERAGE, AP_ROLLUP_WORST } ap_rollup_method;

/* The settings the status rules read (docs/rules.md). Plain data: the
 * rules module takes it by pointer and never sees a file. */
typedef struct ap_rules_config {
    ap_overdue_mode overdue;  /* [rules] overdue = red | yellow | off */
    int stale_days;           /* [rules] stale_days, default 90 */
    ap_stale_mode stale;      /* [rules] stale = flag | yellow */
    ap_rollup_method method;  /* [rollup] method = average | worst */
    int green_min;            /* [rollup] green_min, default 80 */
    int yellow_min;           /* [rollup] yellow_min, default 50 */
    int goal_green_min;       /* [goals] green_min: % of expected progress, default 90 */
    int goal_yellow_min;      /* [goals] yellow_min, default 60 */
} ap_rules_config;

typedef struct ap_config {
    ap_rules_config rules;
    ap_lang language;         /* [report] language = sv | en */
    char recipient[256];      /* [report] recipient, "" for the default (ap_config_recipient) */
    char output_dir[1024];    /* [report] output_dir, default "reports" */
    int pdf_list_max;         /* [report] pdf_list_max: above this many activities the PDFs
                               * list only those that need attention (default 1000) */
    char db_path[1024];       /* [database] path, default "actionplan.db" */
    char listen[64];          /* [web] listen, default "127.0.0.1:8080" */
    bool show_people;         /* [public] show_people: names on public pages, default no */
    char contact[512];        /* [public] contact: an e-mail address or a web address for
                               * reporting accessibility problems, "" when not set */
    char source[1024];        /* the file read, or "" when defaults only */
} ap_config;

/* Every default of docs/rules.md and the README. */
void ap_config_defaults(ap_config *cfg);
void ap_rules_config_defaults(ap_rules_config *rules);

/* Whom the annual report is for: [report] recipient, by default
 * "kommunstyrelsen" ("the municipal executive board"). The one name every
 * report and its workbook use. */
const char *ap_config_recipient(const ap_config *cfg);

/* Read path into cfg (starting from the defaults). When required is false
 * and the file does not exist, cfg keeps the defaults and AP_OK is returned.
 * Relative paths in the file are taken relative to the working directory. */
ap_rc ap_config_load(const char *path, int required, ap_config *cfg, ap_error *err);

/* "ADDRESS:PORT" with an IPv4 address and a port 1-65535 ("127.0.0.1:8080").
 * The address goes to addr (when not NULL), the port to *port (when not
 * NULL). False when text is not such a pair. */
bool ap_listen_parse(const char *text, char *addr, size_t addr_size, int *port);

/* Whether text is a contact for [public] contact: an e-mail address
 * (name@domain.tld) or an http(s) address, without spaces or quotes. */
bool ap_contact_valid(const char *text);

/* Parse config text (for tests and for ap_config_load). */
ap_rc ap_config_parse(const char *data, size_t len, const char *filename, ap_config *cfg,
                      ap_error *err);

#endif
