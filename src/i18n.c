/* i18n.c - the interface language; see i18n.h. */
#include "actionplan/i18n.h"
#include "lang_thread.h"

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

static void *lang_thread_main(void *arg)
{
    ap_lang_thread *t = arg;
    ap_set_language(t->language);
    t->fn(t->arg);
    return NULL;
}

bool ap_lang_thread_start(ap_lang_thread *t, void (*fn)(void *arg), void *arg)
{
    *t = (ap_lang_thread){.fn = fn, .arg = arg, .language = ap_language()};
    t->started = pthread_create(&t->thread, NULL, lang_thread_main, t) == 0;
    return t->started;
}

void ap_lang_thread_join(ap_lang_thread *t)
{
    if (t->started)
        pthread_join(t->thread, NULL);
    t->started = false;
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
