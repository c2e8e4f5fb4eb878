/* config.c - config.ini read through the safe inih wrapper; see config.h. */
#include "actionplan/config.h"
#include "inifile.h"
#include "actionplan/util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void ap_rules_config_defaults(ap_rules_config *r)
{
    r->overdue = AP_OVERDUE_RED;
    r->stale_days = 90;
    r->stale = AP_STALE_FLAG;
    r->method = AP_ROLLUP_AVERAGE;
    r->green_min = 80;
    r->yellow_min = 50;
    r->goal_green_min = 90;
    r->goal_yellow_min = 60;
}

void ap_config_defaults(ap_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    ap_rules_config_defaults(&cfg->rules);
    cfg->language = AP_LANG_SV;
    snprintf(cfg->output_dir, sizeof cfg->output_dir, "reports");
    cfg->pdf_list_max = 1000;
    snprintf(cfg->db_path, sizeof cfg->db_path, "actionplan.db");
    snprintf(cfg->listen, sizeof cfg->listen, "127.0.0.1:8080");
    cfg->show_people = false;
}

bool ap_listen_parse(const char *text, char *addr, size_t addr_size, int *port)
{
    const char *colon = strrchr(text, ':');
    char host[INET_ADDRSTRLEN];
    long long p;
    if (!colon || (size_t)(colon - text) >= sizeof host || !ap_parse_int(colon + 1, 1, 65535, &p))
        return false;
    memcpy(host, text, (size_t)(colon - text));
    host[colon - text] = '\0';
    struct in_addr in;
    if (inet_pton(AF_INET, host, &in) != 1)
        return false;
    if (addr && snprintf(addr, addr_size, "%s", host) >= (int)addr_size)
        return false;
    if (port)
        *port = (int)p;
    return true;
}

const char *ap_config_recipient(const ap_config *cfg)
{
    if (cfg && cfg->recipient[0])
        return cfg->recipient;
    return TR("kommunstyrelsen", "the municipal executive board");
}

typedef struct config_parse {
    ap_config *cfg;
    const char *filename;
    bool seen[16]; /* indexed like known_keys: a key given twice is refused */
} config_parse;

/* The keys, named: apply() switches on these. */
enum key_id {
    K_OVERDUE, K_STALE_DAYS, K_STALE, K_METHOD, K_GREEN_MIN, K_YELLOW_MIN, K_GOAL_GREEN_MIN,
    K_GOAL_YELLOW_MIN, K_LANGUAGE, K_OUTPUT_DIR, K_RECIPIENT, K_DB_PATH, K_PDF_LIST_MAX,
    K_LISTEN, K_SHOW_PEOPLE, K_CONTACT, NKEYS
};

/* One entry per key: section, key, what it accepts (for messages). */
static const char *const known_keys[NKEYS][3] = {
    [K_OVERDUE] = {"rules", "overdue", "red | yellow | off"},
    [K_STALE_DAYS] = {"rules", "stale_days", "1-3650"},
    [K_STALE] = {"rules", "stale", "flag | yellow"},
    [K_METHOD] = {"rollup", "method", "average | worst"},
    [K_GREEN_MIN] = {"rollup", "green_min", "0-100"},
    [K_YELLOW_MIN] = {"rollup", "yellow_min", "0-100"},
    [K_GOAL_GREEN_MIN] = {"goals", "green_min", "0-100"},
    [K_GOAL_YELLOW_MIN] = {"goals", "yellow_min", "0-100"},
    [K_LANGUAGE] = {"report", "language", "sv | en"},
    [K_OUTPUT_DIR] = {"report", "output_dir", "a folder"},
    [K_RECIPIENT] = {"report", "recipient", "a name, e.g. kommunstyrelsen"},
    [K_DB_PATH] = {"database", "path", "a file"},
    [K_PDF_LIST_MAX] = {"report", "pdf_list_max", "1-10000000"},
    [K_LISTEN] = {"web", "listen", "ADDRESS:PORT, e.g. 127.0.0.1:8080"},
    [K_SHOW_PEOPLE] = {"public", "show_people", "yes | no"},
    [K_CONTACT] = {"public", "contact", "namn@kommun.se | https://kommun.se/kontakt"},
};
_Static_assert(NKEYS <= 16, "config_parse.seen is too small");

static int find_key(const char *section, const char *key)
{
    for (int i = 0; i < NKEYS; i++)
        if (strcmp(known_keys[i][0], section) == 0 && strcmp(known_keys[i][1], key) == 0)
            return i;
    return -1;
}

static bool known_section(const char *section)
{
    for (int i = 0; i < NKEYS; i++)
        if (strcmp(known_keys[i][0], section) == 0)
            return true;
    return false;
}

static ap_rc on_section(void *user, const char *section, int line, ap_error *err)
{
    config_parse *p = user;
    if (known_section(section))
        return AP_OK;
    return ap_error_set(err, AP_E_INPUT,
                        TR("%s:%d: okänd sektion [%s] (väntade [rules], [rollup], [goals], "
                           "[report], [database], [web] eller [public])",
                           "%s:%d: unknown section [%s] (expected [rules], [rollup], [goals], "
                           "[report], [database], [web] or [public])"),
                        p->filename, line, section);
}

static ap_rc bad_value(config_parse *p, int line, const char *section, const char *key,
                       const char *value, int k, ap_error *err)
{
    return ap_error_set(err, AP_E_INPUT,
                        TR("%s:%d: ogiltigt värde '%s' för %s i [%s] (väntade %s)",
                           "%s:%d: invalid value '%s' for %s in [%s] (expected %s)"),
                        p->filename, line, value, key, section, known_keys[k][2]);
}

static bool parse_percent(const char *v, int *out)
{
    long long n;
    if (!ap_parse_int(v, 0, 100, &n))
        return false;
    *out = (int)n;
    return true;
}

bool ap_contact_valid(const char *v)
{
    if (!v || !*v)
        return false;
    for (const char *p = v; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' || *p == '>' || *p == '\\')
            return false;
    if (strncmp(v, "https://", 8) == 0 || strncmp(v, "http://", 7) == 0) {
        const char *host = strchr(v, ':') + 3;
        return *host && *host != '/';
    }
    /* an e-mail address: one @ with text before it and a dotted domain after */
    const char *at = strchr(v, '@');
    if (!at || at == v || strchr(at + 1, '@'))
        return false;
    const char *dot = strrchr(at + 1, '.');
    return dot && dot > at + 1 && dot[1] != '\0';
}

/* Apply one known key; returns false when the value is not acceptable. */
static bool apply(ap_config *cfg, int k, const char *v)
{
    ap_rules_config *r = &cfg->rules;
    long long n;
    switch (k) {
    case K_OVERDUE:
        if (strcmp(v, "red") == 0)
            r->overdue = AP_OVERDUE_RED;
        else if (strcmp(v, "yellow") == 0)
            r->overdue = AP_OVERDUE_YELLOW;
        else if (strcmp(v, "off") == 0)
            r->overdue = AP_OVERDUE_OFF;
        else
            return false;
        return true;
    case K_STALE_DAYS:
        if (!ap_parse_int(v, 1, 3650, &n))
            return false;
        r->stale_days = (int)n;
        return true;
    case K_STALE:
        if (strcmp(v, "flag") == 0)
            r->stale = AP_STALE_FLAG;
        else if (strcmp(v, "yellow") == 0)
            r->stale = AP_STALE_YELLOW;
        else
            return false;
        return true;
    case K_METHOD:
        if (strcmp(v, "average") == 0)
            r->method = AP_ROLLUP_AVERAGE;
        else if (strcmp(v, "worst") == 0)
            r->method = AP_ROLLUP_WORST;
        else
            return false;
        return true;
    case K_GREEN_MIN: return parse_percent(v, &r->green_min);
    case K_YELLOW_MIN: return parse_percent(v, &r->yellow_min);
    case K_GOAL_GREEN_MIN: return parse_percent(v, &r->goal_green_min);
    case K_GOAL_YELLOW_MIN: return parse_percent(v, &r->goal_yellow_min);
    case K_LANGUAGE: return ap_lang_parse(v, &cfg->language) == 0;
    case K_OUTPUT_DIR:
        return *v && snprintf(cfg->output_dir, sizeof cfg->output_dir, "%s", v) <
                         (int)sizeof cfg->output_dir;
    case K_RECIPIENT:
        return *v && snprintf(cfg->recipient, sizeof cfg->recipient, "%s", v) <
                         (int)sizeof cfg->recipient;
    case K_DB_PATH:
        return *v && snprintf(cfg->db_path, sizeof cfg->db_path, "%s", v) <
                         (int)sizeof cfg->db_path;
    case K_PDF_LIST_MAX:
        if (!ap_parse_int(v, 1, 10000000, &n))
            return false;
        cfg->pdf_list_max = (int)n;
        return true;
    case K_LISTEN:
        return ap_listen_parse(v, NULL, 0, NULL) &&
               snprintf(cfg->listen, sizeof cfg->listen, "%s", v) < (int)sizeof cfg->listen;
    case K_SHOW_PEOPLE:
        if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
            return false;
        cfg->show_people = strcmp(v, "yes") == 0;
        return true;
    case K_CONTACT:
        return ap_contact_valid(v) &&
               snprintf(cfg->contact, sizeof cfg->contact, "%s", v) < (int)sizeof cfg->contact;
    default:
        return false;
    }
}

static ap_rc on_key(void *user, const char *section, const char *key, const char *value,
                    int line, bool continuation, ap_error *err)
{
    config_parse *p = user;
    int k = find_key(section, key);
    if (continuation)
        return ap_error_set(err, AP_E_INPUT,
                            TR("%s:%d: en indragen rad fortsätter '%s', men inställningar är "
                               "enradiga: ta bort indraget",
                               "%s:%d: an indented line continues '%s', but settings take one "
                               "line: remove the indentation"),
                            p->filename, line, key);
    if (k < 0) {
        ap_buf expected = {0};
        for (int i = 0; i < NKEYS; i++)
            if (strcmp(known_keys[i][0], section) == 0)
                ap_buf_printf(&expected, "%s%s", expected.len ? ", " : "", known_keys[i][1]);
        ap_rc rc = ap_error_set(err, AP_E_INPUT,
                                TR("%s:%d: okänd nyckel '%s' i [%s] (väntade %s)",
                                   "%s:%d: unknown key '%s' in [%s] (expected %s)"),
                                p->filename, line, key, section,
                                expected.len ? ap_buf_str(&expected) : "[rules], [rollup], …");
        ap_buf_free(&expected);
        return rc;
    }
    if (p->seen[k])
        return ap_error_set(err, AP_E_INPUT,
                            TR("%s:%d: '%s' i [%s] står två gånger",
                               "%s:%d: '%s' in [%s] is given twice"),
                            p->filename, line, key, section);
    p->seen[k] = true;
    if (!apply(p->cfg, k, value))
        return bad_value(p, line, section, key, value, k, err);
    return AP_OK;
}

ap_rc ap_config_parse(const char *data, size_t len, const char *filename, ap_config *cfg,
                      ap_error *err)
{
    config_parse p = {.cfg = cfg, .filename = filename};
    ap_rc rc = ap_ini_parse(data, len, filename, on_section, on_key, &p, err);
    if (rc != AP_OK)
        return rc;
    if (cfg->rules.yellow_min > cfg->rules.green_min)
        return ap_error_set(err, AP_E_INPUT,
                            TR("%s: [rollup] yellow_min (%d) är större än green_min (%d)",
                               "%s: [rollup] yellow_min (%d) is greater than green_min (%d)"),
                            filename, cfg->rules.yellow_min, cfg->rules.green_min);
    if (cfg->rules.goal_yellow_min > cfg->rules.goal_green_min)
        return ap_error_set(err, AP_E_INPUT,
                            TR("%s: [goals] yellow_min (%d) är större än green_min (%d)",
                               "%s: [goals] yellow_min (%d) is greater than green_min (%d)"),
                            filename, cfg->rules.goal_yellow_min, cfg->rules.goal_green_min);
    return AP_OK;
}

ap_rc ap_config_load(const char *path, int required, ap_config *cfg, ap_error *err)
{
    ap_config_defaults(cfg);
    struct stat st;
    if (!required && stat(path, &st) != 0 && errno == ENOENT)
        return AP_OK;
    char *data = NULL;
    size_t len = 0;
    ap_rc rc = ap_read_file(path, &data, &len, err);
    if (rc == AP_OK)
        rc = ap_config_parse(data, len, path, cfg, err);
    free(data);
    if (rc == AP_OK)
        snprintf(cfg->source, sizeof cfg->source, "%s", path);
    return rc;
}
