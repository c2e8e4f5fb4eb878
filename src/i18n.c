/* i18n.c - the interface language; see i18n.h. */
#include "actionplan/i18n.h"

#include <strings.h>

/* One per thread: `serve` answers each request in the visitor's language
 * on its worker thread (Accept-Language) while the others answer theirs.
 * The command line has one thread, so it is the process's language there. */
static _Thread_local ap_lang current_language = AP_LANG_SV;

ap_lang ap_language(void)
{
    return current_language;
}

void ap_set_language(ap_lang lang)
{
    current_language = lang;
}

int ap_lang_parse(const char *s, ap_lang *out)
{
    if (!s)
        return -1;
    if (strcasecmp(s, "sv") == 0) {
        *out = AP_LANG_SV;
        return 0;
    }
    if (strcasecmp(s, "en") == 0) {
        *out = AP_LANG_EN;
        return 0;
    }
    return -1;
}

const char *ap_lang_code(ap_lang lang)
{
    return lang == AP_LANG_EN ? "en" : "sv";
}

const char *ap_plural(long long n, const char *sv_one, const char *sv_many, const char *en_one,
                      const char *en_many)
{
    return n == 1 ? TR(sv_one, en_one) : TR(sv_many, en_many);
}
