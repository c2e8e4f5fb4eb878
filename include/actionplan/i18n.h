/*
 * i18n.h - Swedish by default, English on request.
 *
 * Every text a user reads (messages, labels, report headings) is written at
 * its call site as a pair: TR("Swedish", "English"). Keeping the pair in one
 * place means a label and its translation cannot drift apart, and printf
 * format checking sees both (gcc checks both arms of the conditional).
 * The language is chosen at start-up from config.ini ([report] language);
 * it is kept per thread, so that the web server's workers can each answer
 * in the language a request asks for.
 */
#ifndef AP_I18N_H
#define AP_I18N_H

typedef enum { AP_LANG_SV = 0, AP_LANG_EN = 1 } ap_lang;

/* The current thread's language (default AP_LANG_SV). */
ap_lang ap_language(void);
void ap_set_language(ap_lang lang);

/* Parse "sv" / "en" (any case). Returns 0 on success, -1 otherwise. */
int ap_lang_parse(const char *s, ap_lang *out);
/* "sv" or "en" */
const char *ap_lang_code(ap_lang lang);

#define TR(sv, en) (ap_language() == AP_LANG_EN ? (en) : (sv))

/* The noun for n things in the current language: the singular for exactly
 * one, else the plural - "1 aktivitet", "2 aktiviteter", "0 gula".
 *   ap_plural(n, "aktivitet", "aktiviteter", "activity", "activities") */
const char *ap_plural(long long n, const char *sv_one, const char *sv_many, const char *en_one,
                      const char *en_many);

#endif
