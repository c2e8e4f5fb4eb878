/*
 * model.h - the words of the model: life-cycle states, traffic-light colours,
 * effective statuses, goal kinds; their names in JSON, Swedish and English,
 * and the parsers that accept what users type ("Grön", "GUL", "röd").
 */
#ifndef AP_MODEL_H
#define AP_MODEL_H

#include "actionplan/i18n.h"

#include <stdbool.h>
#include <stdint.h>

/* The vocabulary: the words a user reads for the model's things, one table
 * per language. Every label, heading and column that names one of these
 * things - on the command line, in the PDFs, the workbooks, the forms and on
 * the web - uses these words and no synonym ("Ansvarig enhet" is the owner
 * everywhere, never "Ägare"; "Förbrukat" is the amount spent, never
 * "Utfall"). Macros, so that static column tables can use them too:
 * AP_SV_OWNER " (kr)"; AP_WORD(OWNER) at run time. */
#define AP_SV_OWNER "Ansvarig enhet"
#define AP_SV_RESPONSIBLE "Ansvarig person"
#define AP_SV_PARTICIPANTS "Deltagare"
#define AP_SV_LEAD "Fokusområdesansvarig"
#define AP_SV_SPENT "Förbrukat"
#define AP_SV_BUDGET "Budget"
#define AP_SV_COST "Kostnad"
#define AP_SV_START "Startdatum"
#define AP_SV_DUE "Slutdatum"
#define AP_SV_PROGRESS "Framsteg"
#define AP_SV_STATUS "Status"
#define AP_SV_STATE "Läge"
#define AP_SV_FOCUS "Fokusområde"
#define AP_SV_INITIATIVE "Insatsområde"
#define AP_SV_ACTIVITY "Aktivitet"
#define AP_SV_GOAL "Mål"
#define AP_SV_ASSESSMENT "Bedömning"

#define AP_EN_OWNER "Owner"
#define AP_EN_RESPONSIBLE "Responsible"
#define AP_EN_PARTICIPANTS "Participants"
#define AP_EN_LEAD "Focus-area lead"
#define AP_EN_SPENT "Spent"
#define AP_EN_BUDGET "Budget"
#define AP_EN_COST "Cost"
#define AP_EN_START "Start date"
#define AP_EN_DUE "Due date"
#define AP_EN_PROGRESS "Progress"
#define AP_EN_STATUS "Status"
#define AP_EN_STATE "State"
#define AP_EN_FOCUS "Focus area"
#define AP_EN_INITIATIVE "Initiative area"
#define AP_EN_ACTIVITY "Activity"
#define AP_EN_GOAL "Goal"
#define AP_EN_ASSESSMENT "Assessment"

/* A word of the vocabulary in the current language: AP_WORD(OWNER). */
#define AP_WORD(w) TR(AP_SV_##w, AP_EN_##w)

/* Life cycle of an activity (docs/rules.md, "Life cycle"). */
typedef enum {
    AP_STATE_PROPOSED,
    AP_STATE_DECIDED,
    AP_STATE_ONGOING,
    AP_STATE_COMPLETED,
    AP_STATE_PAUSED,
    AP_STATE_CANCELLED,
    AP_STATE_COUNT
} ap_state;

/* A reported colour: what a status update says. */
typedef enum { AP_COLOR_NONE, AP_COLOR_GREEN, AP_COLOR_YELLOW, AP_COLOR_RED } ap_color;

/* An effective or rolled-up status (docs/rules.md), and a goal's status. */
typedef enum {
    AP_ST_GREEN,
    AP_ST_YELLOW,
    AP_ST_RED,
    AP_ST_COMPLETED,
    AP_ST_UNREPORTED,
    AP_ST_EXCLUDED,
    AP_ST_NONE,       /* a node with nothing to roll up */
    AP_ST_UNMEASURED, /* a goal without a measurement */
    AP_ST_COUNT
} ap_status;

typedef enum { AP_GOAL_RESULT, AP_GOAL_PROCESS, AP_GOAL_EFFECT, AP_GOAL_KIND_COUNT } ap_goal_kind;

/* Machine names (JSON, database): "proposed", "green", "unreported", "effect". */
const char *ap_state_name(ap_state s);
const char *ap_color_name(ap_color c);
const char *ap_status_name(ap_status s);
const char *ap_goal_kind_name(ap_goal_kind k);

/* Labels for people in the current language: "Pågående", "Grön", "Ej rapporterad". */
const char *ap_state_label(ap_state s);
const char *ap_color_label(ap_color c);
const char *ap_status_label(ap_status s);
const char *ap_goal_kind_label(ap_goal_kind k);
/* A state as the heading of a count of many: "Pågående", "Genomförda". */
const char *ap_state_plural_label(ap_state s);
/* A state inside a sentence, in the current language: "pausad", "paused";
 * a word `state` accepts, so it may stand in a command line it suggests. */
const char *ap_state_word(ap_state s);

/* Parsers accept English and Swedish words in any case ("Grön", "GUL",
 * "red", "pågående", "Completed"). Return false on anything else. */
bool ap_state_parse(const char *s, ap_state *out);
bool ap_color_parse(const char *s, ap_color *out);
bool ap_goal_kind_parse(const char *s, ap_goal_kind *out);

/* A status for a reported colour. */
ap_status ap_status_from_color(ap_color c);

/* The UN Sustainable Development Goal n (1-17) by its short name in the
 * current language ("Anständiga arbetsvillkor och ekonomisk tillväxt");
 * "?" outside 1-17. */
const char *ap_sdg_name(int n);
/* The UN's official colour of SDG n as 0xRRGGBB; grey outside 1-17. Always
 * shown beside the goal's number and name, never alone. */
uint32_t ap_sdg_color(int n);

/* The states in the current language for messages ("föreslagen, beslutad,
 * …"; in English "proposed, decided, …"): words `state` accepts. */
const char *ap_state_choices(void);

#endif
