/* model.c - names, labels and parsers of the model's words; see model.h. */
#include "actionplan/model.h"
#include "actionplan/i18n.h"
#include "actionplan/util.h"

#include <stddef.h>

static const char *const state_names[AP_STATE_COUNT] = {
    "proposed", "decided", "ongoing", "completed", "paused", "cancelled"};
static const char *const state_sv[AP_STATE_COUNT] = {
    "Föreslagen", "Beslutad", "Pågående", "Genomförd", "Pausad", "Avbruten"};
static const char *const state_en[AP_STATE_COUNT] = {
    "Proposed", "Decided", "Ongoing", "Completed", "Paused", "Cancelled"};
/* the same inside a sentence: "aktivitet 1.1.3 är redan pausad" */
static const char *const state_sv_word[AP_STATE_COUNT] = {
    "föreslagen", "beslutad", "pågående", "genomförd", "pausad", "avbruten"};

static const char *const status_names[AP_ST_COUNT] = {
    "green", "yellow", "red", "completed", "unreported", "excluded", "none", "unmeasured"};
static const char *const status_sv[AP_ST_COUNT] = {
    "Grön", "Gul", "Röd", "Genomförd", "Ej rapporterad", "Ej aktiv", "Ingen", "Ej mätt"};
static const char *const status_en[AP_ST_COUNT] = {
    "Green", "Yellow", "Red", "Completed", "Unreported", "Not active", "None", "Unmeasured"};

static const char *const kind_names[AP_GOAL_KIND_COUNT] = {"result", "process", "effect"};
static const char *const kind_sv[AP_GOAL_KIND_COUNT] = {"Resultatmål", "Processmål", "Effektmål"};
static const char *const kind_en[AP_GOAL_KIND_COUNT] = {"Result goal", "Process goal",
                                                        "Effect goal"};

const char *ap_state_name(ap_state s)
{
    return (unsigned)s < AP_STATE_COUNT ? state_names[s] : "?";
}

const char *ap_state_label(ap_state s)
{
    if ((unsigned)s >= AP_STATE_COUNT)
        return "?";
    return TR(state_sv[s], state_en[s]);
}

const char *ap_state_plural_label(ap_state s)
{
    static const char *const sv[AP_STATE_COUNT] = {"Föreslagna", "Beslutade", "Pågående",
                                                   "Genomförda", "Pausade",   "Avbrutna"};
    static const char *const en[AP_STATE_COUNT] = {"Proposed",  "Decided", "Ongoing",
                                                   "Completed", "Paused",  "Cancelled"};
    if ((unsigned)s >= AP_STATE_COUNT)
        return "?";
    return TR(sv[s], en[s]);
}

const char *ap_state_word(ap_state s)
{
    if ((unsigned)s >= AP_STATE_COUNT)
        return "?";
    return TR(state_sv_word[s], state_names[s]);
}

const char *ap_status_name(ap_status s)
{
    return (unsigned)s < AP_ST_COUNT ? status_names[s] : "?";
}

const char *ap_status_label(ap_status s)
{
    if ((unsigned)s >= AP_ST_COUNT)
        return "?";
    return TR(status_sv[s], status_en[s]);
}

const char *ap_color_name(ap_color c)
{
    return c == AP_COLOR_NONE ? "none" : ap_status_name(ap_status_from_color(c));
}

const char *ap_color_label(ap_color c)
{
    return c == AP_COLOR_NONE ? ap_status_label(AP_ST_UNREPORTED)
                              : ap_status_label(ap_status_from_color(c));
}

const char *ap_goal_kind_name(ap_goal_kind k)
{
    return (unsigned)k < AP_GOAL_KIND_COUNT ? kind_names[k] : "?";
}

const char *ap_goal_kind_label(ap_goal_kind k)
{
    if ((unsigned)k >= AP_GOAL_KIND_COUNT)
        return "?";
    return TR(kind_sv[k], kind_en[k]);
}

/* Match s against the words of a table (any case), returning the index. */
static int match_word(const char *s, const char *const *words, int n)
{
    for (int i = 0; i < n; i++)
        if (ap_casecmp_utf8(s, words[i]) == 0)
            return i;
    return -1;
}

bool ap_state_parse(const char *s, ap_state *out)
{
    static const char *const extra_sv[AP_STATE_COUNT] = {"föreslagen", "beslutad", "pågår",
                                                         "klar", "vilande", "stoppad"};
    if (!s)
        return false;
    int i = match_word(s, state_names, AP_STATE_COUNT);
    if (i < 0)
        i = match_word(s, state_sv, AP_STATE_COUNT);
    if (i < 0)
        i = match_word(s, extra_sv, AP_STATE_COUNT);
    if (i < 0)
        return false;
    *out = (ap_state)i;
    return true;
}

bool ap_color_parse(const char *s, ap_color *out)
{
    static const char *const words[] = {"green", "grön", "gron", "yellow", "gul",
                                        "red",   "röd",  "rod"};
    static const ap_color colors[] = {AP_COLOR_GREEN,  AP_COLOR_GREEN, AP_COLOR_GREEN,
                                      AP_COLOR_YELLOW, AP_COLOR_YELLOW, AP_COLOR_RED,
                                      AP_COLOR_RED,    AP_COLOR_RED};
    if (!s)
        return false;
    int i = match_word(s, words, (int)(sizeof words / sizeof words[0]));
    if (i < 0)
        return false;
    *out = colors[i];
    return true;
}

bool ap_goal_kind_parse(const char *s, ap_goal_kind *out)
{
    static const char *const extra_sv[AP_GOAL_KIND_COUNT] = {"resultat", "process", "effekt"};
    if (!s)
        return false;
    int i = match_word(s, kind_names, AP_GOAL_KIND_COUNT);
    if (i < 0)
        i = match_word(s, extra_sv, AP_GOAL_KIND_COUNT);
    if (i < 0)
        i = match_word(s, kind_sv, AP_GOAL_KIND_COUNT);
    if (i < 0)
        return false;
    *out = (ap_goal_kind)i;
    return true;
}

ap_status ap_status_from_color(ap_color c)
{
    switch (c) {
    case AP_COLOR_GREEN:
        return AP_ST_GREEN;
    case AP_COLOR_YELLOW:
        return AP_ST_YELLOW;
    case AP_COLOR_RED:
        return AP_ST_RED;
    default:
        return AP_ST_UNREPORTED;
    }
}

const char *ap_state_choices(void)
{
    return TR("föreslagen, beslutad, pågående, genomförd, pausad, avbruten",
              "proposed, decided, ongoing, completed, paused, cancelled");
}

const char *ap_sdg_name(int n)
{
    static const char *const sv[17] = {
        "Ingen fattigdom", "Ingen hunger", "Hälsa och välbefinnande", "God utbildning för alla",
        "Jämställdhet", "Rent vatten och sanitet för alla", "Hållbar energi för alla",
        "Anständiga arbetsvillkor och ekonomisk tillväxt",
        "Hållbar industri, innovationer och infrastruktur", "Minskad ojämlikhet",
        "Hållbara städer och samhällen", "Hållbar konsumtion och produktion",
        "Bekämpa klimatförändringarna", "Hav och marina resurser",
        "Ekosystem och biologisk mångfald", "Fredliga och inkluderande samhällen",
        "Genomförande och globalt partnerskap"};
    static const char *const en[17] = {
        "No poverty", "Zero hunger", "Good health and well-being", "Quality education",
        "Gender equality", "Clean water and sanitation", "Affordable and clean energy",
        "Decent work and economic growth", "Industry, innovation and infrastructure",
        "Reduced inequalities", "Sustainable cities and communities",
        "Responsible consumption and production", "Climate action", "Life below water",
        "Life on land", "Peace, justice and strong institutions", "Partnerships for the goals"};
    if (n < 1 || n > 17)
        return "?";
    return TR(sv[n - 1], en[n - 1]);
}

uint32_t ap_sdg_color(int n)
{
    /* The UN's colour codes of the SDG icons (Sustainable Development Goals
     * guidelines for the use of the SDG logo). */
    static const uint32_t rgb[17] = {0xE5243B, 0xDDA63A, 0x4C9F38, 0xC5192D, 0xFF3A21, 0x26BDE2,
                                     0xFCC30B, 0xA21942, 0xFD6925, 0xDD1367, 0xFD9D24, 0xBF8B2E,
                                     0x3F7E44, 0x0A97D9, 0x56C02B, 0x00689D, 0x19486A};
    return n >= 1 && n <= 17 ? rgb[n - 1] : 0x808080;
}
