/*
 * lang_thread.h - a thread that starts in its creator's language.
 *
 * The interface language is per thread (i18n.c): a new thread's would be
 * Swedish whatever the command or the visitor asked for. Work handed to a
 * thread of its own (a report's workbook, the previous pack's snapshot)
 * starts through this, so that its words are the caller's.
 */
#ifndef AP_LANG_THREAD_H
#define AP_LANG_THREAD_H

#include <pthread.h>
#include <stdbool.h>

#include "actionplan/i18n.h"

typedef struct ap_lang_thread {
    pthread_t thread;
    bool started;
    void (*fn)(void *arg);
    void *arg;
    ap_lang language;
} ap_lang_thread;

/* Run fn(arg) on a new thread in this thread's language; t must live until
 * ap_lang_thread_join. False, and nothing run, when no thread could be made. */
bool ap_lang_thread_start(ap_lang_thread *t, void (*fn)(void *arg), void *arg);

/* Wait for the thread, if one was started. */
void ap_lang_thread_join(ap_lang_thread *t);

#endif
