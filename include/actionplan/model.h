/*
 * model.h - the words of the model: life-cycle states, traffic-light colours,
 * effective statuses, goal kinds; their names in JSON, Swedish and English,
 * and the parsers that accept what users type ("Grön", "GUL", "röd").
 */
#ifndef AP_MODEL_H
#define AP_MODEL_H

#include <stdbool.h>
#include <stdint.h>

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
/* A state inside a sentence, in the current language: "pausad", "paused";
 * a word `state` accepts, so it may stand in a command line it suggests. */
const char *ap_state_word(ap_state s);

/* Parsers accept English and Swedish words in any case ("Grön", "GUL",
 * "red", "pågående", "Completed"). Return false on anything else. */
bool ap_state_parse(const char *s, ap_state *out);
bool ap_color_parse(const char *s, ap_color *out);
bool ap_status_parse(const char *s, ap_status *out); /* machine names only */
bool ap_goal_kind_parse(const char *s, ap_goal_kind *out);

/* The colour a status shows as (completed shows green; others none). */
ap_color ap_status_color(ap_status s);
/* A status for a reported colour. */
ap_status ap_status_from_color(ap_color c);

/* The UN Sustainable Development Goal n (1-17) by its short name in the
 * current language ("Anständiga arbetsvillkor och ekonomisk tillväxt");
 * "?" outside 1-17. */
const char *ap_sdg_name(int n);
/* The UN's official colour of SDG n as 0xRRGGBB; grey outside 1-17. Always
 * shown beside the goal's number and name, never alone. */
uint32_t ap_sdg_color(int n);

struct ap_buf;
struct ap_counts;
/* "46 gröna, 5 gula, 1 röd, 5 genomförda, 2 ej rapporterade, 0 ej aktiva;
 * 1 försenad, 7 inaktuella" - all eight counts in words, singular and plural
 * right, in the current language. Appends to b. */
void ap_counts_words(struct ap_buf *b, const struct ap_counts *c);

/* The states in the current language for messages ("föreslagen, beslutad,
 * …"; in English "proposed, decided, …"): words `state` accepts. */
const char *ap_state_choices(void);

#endif
