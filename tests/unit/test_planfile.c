/* Unit tests for the plan-file reader: good files, and every refusal with
 * its line number and message. No database. */
#include "actionplan/i18n.h"
#include "actionplan/planfile.h"
#include "test.h"

#include <stdlib.h>

static const char *good =
    "; a comment\n"
    "[strategy]\n"
    "id           = demo-2016\n"
    "title        = Utvecklingskraft i Södertälje\n"
    "organisation = Södertälje kommun\n"
    "period       = 2016-2022\n"
    "adopted      = 2016-03-10\n"
    "\n"
    "[goal M1]\n"
    "title     = Fler arbetstillfällen\n"
    "kind      = effect\n"
    "baseline  = 41000\n"
    "baseline_date = 2015-12-31\n"
    "target    = 44000\n"
    "target_date   = 2022-12-31\n"
    "[focus 1]\n"
    "title = Ett företagsklimat\n"
    "lead  = Näringslivschef\n"
    "[initiative 1.1]\n"
    "title    = erbjuder mötesplatser och möjlighet till dialog, till företag och\n"
    "  andra aktörer för ökad kunskap\n"
    "approach = Genom att finnas hos företagen\n"
    "[activity 1.1.1]\n"
    "title       = Företagsbesök politiker\n"
    "owner       = Kommunstyrelsens kontor\n"
    "participant = Destination Södertälje\n"
    "participant = Näringslivsrådet\n"
    "  och fler\n"
    "start       = 2016-01-01\n"
    "due         = 2016-12-31\n"
    "goals       = M1\n"
    "budget      = 50 000\n"
    "weight      = 2\n"
    "state       = Pågående\n"
    "sdg         = 8, 9\n";

static ap_plan_def *parse(const char *text, ap_error *err)
{
    ap_plan_def *d = NULL;
    ap_error_clear(err);
    ap_plan_parse(text, strlen(text), "plan.ini", &d, err);
    return d;
}

TEST(parses_a_good_file)
{
    ap_error err;
    ap_plan_def *d = parse(good, &err);
    CHECK(d != NULL);
    if (!d) {
        fprintf(stderr, "%s\n", err.msg);
        return;
    }
    CHECK_STR(d->id, "demo-2016");
    CHECK_STR(d->title, "Utvecklingskraft i Södertälje");
    CHECK_INT(d->n_goals, 1);
    CHECK_INT(d->n_focus, 1);
    CHECK_INT(d->n_initiatives, 1);
    CHECK_STR(d->initiatives[0].title,
              "erbjuder mötesplatser och möjlighet till dialog, till företag och andra aktörer "
              "för ökad kunskap");
    CHECK_INT(d->n_activities, 1);
    const ap_def_activity *a = &d->activities[0];
    CHECK_STR(a->initiative_code, "1.1");
    CHECK_INT(a->n_participants, 2);
    CHECK_STR(a->participants[1], "Näringslivsrådet och fler");
    CHECK_INT(a->budget, 50000);
    CHECK_INT(a->weight, 2);
    CHECK_INT(a->state, AP_STATE_ONGOING);
    CHECK_INT(a->n_sdgs, 2);
    CHECK_INT(a->sdgs[1], 9);
    CHECK_INT(a->n_goals, 1);
    CHECK_STR(a->goals[0], "M1");
    ap_plan_def_free(d);
}

/* A case: the text with one line replaced, and what the message must say. */
typedef struct refusal {
    const char *find;
    const char *replace;
    const char *expect; /* substring of the message */
} refusal;

static char *replace(const char *text, const char *find, const char *with)
{
    const char *at = strstr(text, find);
    if (!at)
        return NULL;
    size_t n = strlen(text) - strlen(find) + strlen(with) + 1;
    char *out = malloc(n);
    snprintf(out, n, "%.*s%s%s", (int)(at - text), text, with, at + strlen(find));
    return out;
}

TEST(refusals_name_line_and_expectation)
{
    char longline[400];
    memset(longline, 0, sizeof longline);
    strcpy(longline, "title       = ");
    while (strlen(longline) < 230)
        strcat(longline, "ö");
    strcat(longline, "\n");
    const refusal cases[] = {
        {"title       = Företagsbesök politiker\n", "titel = Företagsbesök\n",
         "plan.ini:24: unknown key 'titel' in [activity 1.1.1] (expected title, owner"},
        {"title       = Företagsbesök politiker\n", "titel = x\n", "did you mean 'title'?"},
        {"owner       = Kommunstyrelsens kontor\n", "", "plan.ini:23: [activity 1.1.1] lacks 'owner'"},
        {"owner       = Kommunstyrelsens kontor\n", "owner = Kontor A ; Kontor B\n",
         "plan.ini:25: a ';' after a space would cut the text here"},
        {"title       = Företagsbesök politiker\n", longline, "plan.ini:24: the line is"},
        {"due         = 2016-12-31\n", "due = 2016-02-30\n",
         "plan.ini:30: invalid value '2016-02-30' for due in [activity 1.1.1] (expected a date YYYY-MM-DD)"},
        {"due         = 2016-12-31\n", "due = 2015-12-31\n", "expected a date on or after start"},
        {"[focus 1]\n", "[fokus 1]\n", "plan.ini:16: unknown section [fokus 1]"},
        {"[activity 1.1.1]\n", "[activity 1.1]\n", "plan.ini:23: invalid section [activity 1.1]"},
        {"[activity 1.1.1]\n", "[activity 1.2.1]\n",
         "plan.ini:23: [activity 1.2.1] belongs to initiative area 1.2, but [initiative 1.2] is not in the file"},
        {"goals       = M1\n", "goals       = M1, M9\n", "links to goal 'M9', which does not exist"},
        {"sdg         = 8, 9\n", "sdg = 8, 18\n", "UN Sustainable Development Goals 1-17"},
        {"state       = Pågående\n", "state = klar?\n", "expected proposed, decided"},
        {"weight      = 2\n", "weight = 0\n", "a whole number 1-1000"},
        {"weight      = 2\n", "weight: 2\n", "plan.ini:33: ':' before '='"},
        {"weight      = 2\n", "weight 2\n", "plan.ini:33: expected 'key = value'"},
        {"weight      = 2\n", "weight = 2\nweight = 3\n", "plan.ini:34: 'weight' is given twice in [activity 1.1.1] (first on line 33)"},
        {"[focus 1]\n", "[focus 1] extra\n", "plan.ini:16: text after ']'"},
        {"kind      = effect\n", "kind = effekter\n", "expected result | process | effect"},
        {"target    = 44000\n", "target = 41000\n", "a target different from the baseline"},
        {"[strategy]\n", "[strategy]\n[strategy]\n", "already appears on line 2"},
        {"budget      = 50 000\n", "budget = -5\n", "whole SEK"},
        {"period       = 2016-2022\n", "period = 2022-2016\n", "two years"},
        {"; a comment\n", "orphan = 1\n", "plan.ini:1: 'orphan' comes before the first section"},
        {"Södertälje kommun", "S\xf6" "dert\xe4" "lje", "plan.ini:5:17: invalid UTF-8"},
    };
    ap_set_language(AP_LANG_EN);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = replace(good, cases[i].find, cases[i].replace);
        CHECK(text != NULL);
        if (!text)
            continue;
        ap_error err;
        ap_plan_def *d = parse(text, &err);
        CHECK(d == NULL);
        CHECK_INT(err.code, AP_E_INPUT);
        CHECK_CONTAINS(err.msg, cases[i].expect);
        ap_plan_def_free(d);
        free(text);
    }
    ap_set_language(AP_LANG_SV);
}

TEST(swedish_messages_by_default)
{
    char *text = replace(good, "title       = Företagsbesök politiker\n", "titel = x\n");
    ap_error err;
    ap_plan_def *d = parse(text, &err);
    CHECK(d == NULL);
    CHECK_CONTAINS(err.msg, "plan.ini:24: okänd nyckel 'titel' i [activity 1.1.1]");
    CHECK_CONTAINS(err.msg, "menade du 'title'?");
    free(text);
}

TEST(long_text_on_continuation_lines_is_kept_whole)
{
    /* 600 bytes of Swedish spread over several indented lines */
    ap_buf b = {0};
    ap_buf_puts(&b, good);
    ap_buf_puts(&b, "[activity 1.1.2]\nowner = Kontoret\ntitle = början\n");
    for (int i = 0; i < 10; i++)
        ap_buf_puts(&b, "    åäö åäö åäö åäö åäö åäö åäö åäö åäö åäö slut\n");
    ap_error err;
    ap_plan_def *d = parse(ap_buf_str(&b), &err);
    CHECK(d != NULL);
    if (d) {
        const ap_def_activity *a = ap_plan_def_activity(d, "1.1.2");
        CHECK(a != NULL);
        CHECK_INT(strlen(a->title), strlen("början") + 10 * strlen(" åäö åäö åäö åäö åäö åäö åäö åäö åäö åäö slut"));
    }
    ap_plan_def_free(d);
    ap_buf_free(&b);
}

TEST(a_198_byte_line_is_read_whole_and_199_is_refused)
{
    for (int len = 196; len <= 200; len++) {
        ap_buf b = {0};
        ap_buf_puts(&b, "[strategy]\nid = x\n");
        ap_buf_puts(&b, "title = ");
        while (b.len - strlen("[strategy]\nid = x\n") < (size_t)len)
            ap_buf_putc(&b, 'a');
        ap_buf_putc(&b, '\n');
        ap_error err;
        ap_plan_def *d = parse(ap_buf_str(&b), &err);
        if (len <= 198) {
            CHECK(d != NULL);
            if (d)
                CHECK_INT(strlen(d->title), len - strlen("title = "));
        } else {
            CHECK(d == NULL);
            CHECK_CONTAINS(err.msg, "plan.ini:3:");
        }
        ap_plan_def_free(d);
        ap_buf_free(&b);
    }
}

TEST(empty_and_binary_files)
{
    ap_error err;
    ap_plan_def *d = parse("", &err);
    CHECK(d == NULL);
    CHECK_CONTAINS(err.msg, "[strategy]");
    d = NULL;
    ap_error_clear(&err);
    ap_plan_parse("[strategy]\0\x01", 13, "bin.ini", &d, &err);
    CHECK(d == NULL);
    CHECK_CONTAINS(err.msg, "NUL");
}

int main(void)
{
    RUN(parses_a_good_file);
    RUN(refusals_name_line_and_expectation);
    RUN(swedish_messages_by_default);
    RUN(long_text_on_continuation_lines_is_kept_whole);
    RUN(a_198_byte_line_is_read_whole_and_199_is_refused);
    RUN(empty_and_binary_files);
    return test_summary();
}
