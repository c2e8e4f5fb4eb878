/* Unit tests for csv.c: dialects, quoting, positions, every error with its
 * line and column, encodings, a large file, a round trip against a generator
 * that knows where every field starts, and a deterministic fuzz loop. */
#include "csv.h"
#include "actionplan/i18n.h"
#include "actionplan/util.h"
#include "test.h"

#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* =========================================================================
 * Helpers
 * ========================================================================= */

static ap_error last_err;

/* Parse a NUL-terminated string as "t.csv"; NULL (and last_err) on failure. */
static ap_csv *parse(const char *s)
{
    ap_csv *csv = NULL;
    ap_error_clear(&last_err);
    ap_csv_parse(s, strlen(s), "t.csv", &csv, &last_err);
    return csv;
}

/* Parse bytes that must fail; the message, or "(parsed)" when they did not. */
static const char *parse_fail_n(const char *s, size_t n)
{
    ap_csv *csv = NULL;
    ap_error_clear(&last_err);
    ap_rc rc = ap_csv_parse(s, n, "t.csv", &csv, &last_err);
    if (rc == AP_OK) {
        ap_csv_free(csv);
        return "(parsed)";
    }
    CHECK_INT(rc, AP_E_INPUT);
    CHECK(csv == NULL);
    return last_err.msg;
}

static const char *parse_fail(const char *s)
{
    return parse_fail_n(s, strlen(s));
}

/* "line:column" of a field, for compact position checks. */
static const char *pos(const ap_csv *csv, size_t rec, int col)
{
    static char buf[32];
    unsigned line, column;
    ap_csv_field_pos(csv, rec, col, &line, &column);
    snprintf(buf, sizeof buf, "%u:%u", line, column);
    return buf;
}

static ap_csv *parse_file(const char *name)
{
    char path[1024], *data;
    size_t len;
    ap_error err;
    snprintf(path, sizeof path, "%s/csv/%s", AP_TEST_DATA, name);
    if (ap_read_file(path, &data, &len, &err) != AP_OK) {
        fprintf(stderr, "%s\n", err.msg);
        CHECK(!"test file readable");
        return NULL;
    }
    ap_csv *csv = NULL;
    ap_error_clear(&last_err);
    ap_csv_parse(data, len, name, &csv, &last_err);
    free(data);
    return csv;
}

/* =========================================================================
 * Dialects
 * ========================================================================= */

TEST(comma_file)
{
    ap_csv *csv = parse(" code , Date,status\n1.1.1,2016-05-01,grön\n1.1.2,2016-05-02,gul\n");
    CHECK(csv != NULL);
    if (!csv)
        return;
    CHECK_INT(ap_csv_separator(csv), ',');
    CHECK_INT(ap_csv_ncolumns(csv), 3);
    CHECK_INT(ap_csv_nrecords(csv), 2);
    CHECK_STR(ap_csv_column_name(csv, 0), "code");
    CHECK_STR(ap_csv_column_name(csv, 1), "Date");
    CHECK(ap_csv_column_name(csv, 3) == NULL);
    CHECK_INT(ap_csv_column(csv, "CODE"), 0);
    CHECK_INT(ap_csv_column(csv, "date"), 1);
    CHECK_INT(ap_csv_column(csv, "Status"), 2);
    CHECK_INT(ap_csv_column(csv, "by"), -1);
    CHECK_STR(ap_csv_field(csv, 0, 0), "1.1.1");
    CHECK_STR(ap_csv_field(csv, 1, 2), "gul");
    CHECK_STR(ap_csv_field(csv, AP_CSV_HEADER, 0), " code ");
    CHECK(ap_csv_field(csv, 2, 0) == NULL);
    CHECK(ap_csv_field(csv, 0, 3) == NULL);
    CHECK(ap_csv_field(csv, 0, -1) == NULL);
    CHECK_INT(ap_csv_record_line(csv, 1), 3);
    CHECK_STR(pos(csv, 1, 2), "3:18");
    CHECK_STR(ap_csv_filename(csv), "t.csv");
    ap_csv_free(csv);
}

TEST(semicolon_bom_crlf)
{
    ap_csv *csv = parse("\xEF\xBB\xBF"
                        "kod;datum\r\nå;2016-01-01\r\nö;2016-01-02\r\n");
    CHECK(csv != NULL);
    if (!csv)
        return;
    CHECK_INT(ap_csv_separator(csv), ';');
    CHECK_STR(ap_csv_column_name(csv, 0), "kod"); /* the BOM is not part of the name */
    CHECK_INT(ap_csv_nrecords(csv), 2);
    CHECK_STR(ap_csv_field(csv, 1, 0), "ö");
    CHECK_STR(ap_csv_field(csv, 1, 1), "2016-01-02"); /* no CR left */
    CHECK_STR(pos(csv, AP_CSV_HEADER, 0), "1:1");     /* the BOM takes no column */
    CHECK_STR(pos(csv, 1, 1), "3:3");
    ap_csv_free(csv);
}

TEST(tab_and_detection)
{
    ap_csv *csv = parse("a\tb\tc\n1\t2,5\t3;4\n");
    CHECK(csv && ap_csv_separator(csv) == '\t');
    if (csv)
        CHECK_STR(ap_csv_field(csv, 0, 1), "2,5");
    ap_csv_free(csv);
    /* both occur: the one that gives more fields */
    csv = parse("a;b,c;d\n1;2,5;3\n");
    CHECK(csv && ap_csv_separator(csv) == ';');
    ap_csv_free(csv);
    csv = parse("a,b;c,d\n1,2;5,3\n");
    CHECK(csv && ap_csv_separator(csv) == ',');
    ap_csv_free(csv);
    /* a tie goes to ';' */
    csv = parse("a,b;c\n");
    CHECK(csv && ap_csv_separator(csv) == ';');
    ap_csv_free(csv);
    /* separators inside quotes do not count */
    csv = parse("\"a,b,c\";d\n1;2\n");
    CHECK(csv && ap_csv_separator(csv) == ';');
    if (csv)
        CHECK_STR(ap_csv_column_name(csv, 0), "a,b,c");
    ap_csv_free(csv);
    /* one column: ',' */
    csv = parse("code\n1.1\n");
    CHECK(csv && ap_csv_separator(csv) == ',' && ap_csv_ncolumns(csv) == 1);
    ap_csv_free(csv);
    /* detection starts at the header, after leading empty lines */
    csv = parse("\r\n\na;b\n1;2\n");
    CHECK(csv && ap_csv_separator(csv) == ';');
    if (csv)
        CHECK_INT(ap_csv_record_line(csv, 0), 4);
    ap_csv_free(csv);
}

TEST(excel_sep_hint)
{
    ap_csv *csv = parse("sep=;\r\na,b;c\r\n1,5;2\r\n");
    CHECK(csv != NULL);
    if (!csv)
        return;
    CHECK_INT(ap_csv_separator(csv), ';');
    CHECK_INT(ap_csv_ncolumns(csv), 2);
    CHECK_STR(ap_csv_column_name(csv, 0), "a,b");
    CHECK_STR(ap_csv_field(csv, 0, 0), "1,5");
    CHECK_INT(ap_csv_record_line(csv, 0), 3);
    ap_csv_free(csv);
}

/* =========================================================================
 * Quoting
 * ========================================================================= */

TEST(quoted_fields)
{
    ap_csv *csv = parse("a;b;c\n"
                        "\"x;y\";\"p,q\";\"he said \"\"hej\"\"\"\n"
                        "\"rad 1\nrad 2\r\nrad 3\";\"\";\"\"\"\"\n"
                        "1;\"\r\";3\n");
    CHECK(csv != NULL);
    if (!csv)
        return;
    CHECK_INT(ap_csv_nrecords(csv), 3);
    CHECK_STR(ap_csv_field(csv, 0, 0), "x;y");
    CHECK_STR(ap_csv_field(csv, 0, 1), "p,q");
    CHECK_STR(ap_csv_field(csv, 0, 2), "he said \"hej\"");
    CHECK_STR(ap_csv_field(csv, 1, 0), "rad 1\nrad 2\nrad 3"); /* line breaks become \n */
    CHECK_STR(ap_csv_field(csv, 1, 1), "");
    CHECK_STR(ap_csv_field(csv, 1, 2), "\"");
    CHECK_INT(ap_csv_record_nfields(csv, 1), 3);
    CHECK_STR(pos(csv, 1, 0), "3:1");
    CHECK_STR(pos(csv, 1, 1), "5:8"); /* after the field that spans lines 3-5 */
    CHECK_STR(pos(csv, 1, 2), "5:11");
    CHECK_STR(ap_csv_field(csv, 2, 1), "\n"); /* a lone CR inside quotes */
    CHECK_INT(ap_csv_record_line(csv, 2), 6);
    CHECK_STR(pos(csv, 2, 2), "7:3");
    ap_csv_free(csv);
}

TEST(swedish_text_columns)
{
    ap_csv *csv = parse("område;ansvarig;kommentar\n"
                        "Södertälje;Åsa Öberg;\"Mötesplats för företag\"\n");
    CHECK(csv != NULL);
    if (!csv)
        return;
    CHECK_INT(ap_csv_column(csv, "OMRÅDE"), 0); /* case-insensitive for å ä ö too */
    CHECK_STR(ap_csv_field(csv, 0, 1), "Åsa Öberg");
    CHECK_STR(pos(csv, AP_CSV_HEADER, 1), "1:8");
    CHECK_STR(pos(csv, 0, 1), "2:12");
    CHECK_STR(pos(csv, 0, 2), "2:22"); /* characters, not bytes */
    ap_csv_free(csv);
}

/* =========================================================================
 * Short, long and blank records
 * ========================================================================= */

TEST(short_rows_padded)
{
    ap_csv *csv = parse("a;b;c\n1\n1;2\n\"x\";;\n");
    CHECK(csv != NULL);
    if (!csv)
        return;
    CHECK_INT(ap_csv_nrecords(csv), 3);
    CHECK_INT(ap_csv_record_nfields(csv, 0), 1);
    CHECK_STR(ap_csv_field(csv, 0, 1), "");
    CHECK_STR(ap_csv_field(csv, 0, 2), "");
    CHECK_STR(pos(csv, 0, 2), "2:2"); /* just past the record */
    CHECK_INT(ap_csv_record_nfields(csv, 1), 2);
    CHECK_STR(pos(csv, 1, 2), "3:4");
    CHECK_INT(ap_csv_record_nfields(csv, 2), 3);
    CHECK_STR(ap_csv_field(csv, 2, 0), "x");
    CHECK_STR(pos(csv, 2, 2), "4:6");
    CHECK_STR(pos(csv, 2, -1), "4:1");
    CHECK_STR(pos(csv, 2, 3), "0:0");
    CHECK_STR(pos(csv, 3, 0), "0:0");
    CHECK(!ap_csv_record_blank(csv, 2));
    CHECK(!ap_csv_record_blank(csv, 3)); /* out of range */
    ap_csv_free(csv);
}

TEST(blank_records_and_lines)
{
    ap_csv *csv = parse("a;b;c\r\n\r\n1;2;3\r\n;;\r\n \t;;\r\n\n4;5;6\r\n;;\r\n\r\n\r\n");
    CHECK(csv != NULL);
    if (!csv)
        return;
    CHECK_INT(ap_csv_nrecords(csv), 5); /* empty lines are not records */
    CHECK(!ap_csv_record_blank(csv, 0));
    CHECK(ap_csv_record_blank(csv, 1)); /* Excel's ;; row */
    CHECK(ap_csv_record_blank(csv, 2)); /* whitespace only */
    CHECK_STR(ap_csv_field(csv, 2, 0), " \t");
    CHECK_STR(ap_csv_field(csv, 3, 0), "4");
    CHECK_INT(ap_csv_record_line(csv, 0), 3);
    CHECK_INT(ap_csv_record_line(csv, 3), 7);
    CHECK(ap_csv_record_blank(csv, 4));
    CHECK_INT(ap_csv_record_line(csv, 4), 8);
    ap_csv_free(csv);
}

TEST(line_endings)
{
    const char *variants[] = {"a,b\n1,2\n3,4\n", "a,b\r\n1,2\r\n3,4\r\n", "a,b\r1,2\r3,4\r",
                              "a,b\n1,2\r\n3,4", "a,b\r\n1,2\r3,4\n\n\n", "a,b\n1,2\n3,4\r\n\r\n"};
    for (size_t k = 0; k < sizeof variants / sizeof *variants; k++) {
        ap_csv *csv = parse(variants[k]);
        CHECK(csv != NULL);
        if (!csv)
            continue;
        CHECK_INT(ap_csv_nrecords(csv), 2);
        CHECK_STR(ap_csv_field(csv, 1, 0), "3");
        CHECK_STR(ap_csv_field(csv, 1, 1), "4");
        CHECK_STR(pos(csv, 1, 1), "3:3");
        ap_csv_free(csv);
    }
}

TEST(extra_empty_fields_allowed)
{
    /* Excel's used range: trailing empty cells in the header and the rows */
    ap_csv *csv = parse("a;b;;\n1;2;;\n3;4;\n5;6\n");
    CHECK(csv != NULL);
    if (!csv)
        return;
    CHECK_INT(ap_csv_ncolumns(csv), 2);
    CHECK_INT(ap_csv_nrecords(csv), 3);
    CHECK_INT(ap_csv_record_nfields(csv, 0), 2);
    CHECK_STR(ap_csv_field(csv, 1, 1), "4");
    ap_csv_free(csv);
    csv = parse("a;b; \n1;2\n");
    CHECK(csv && ap_csv_ncolumns(csv) == 2);
    ap_csv_free(csv);
}

TEST(empty_and_header_only)
{
    const char *inputs[] = {"", "\xEF\xBB\xBF", "\n\r\n", "sep=;"};
    for (size_t k = 0; k < sizeof inputs / sizeof *inputs; k++) {
        ap_csv *csv = parse(inputs[k]);
        CHECK(csv != NULL);
        if (!csv)
            continue;
        CHECK_INT(ap_csv_ncolumns(csv), 0);
        CHECK_INT(ap_csv_nrecords(csv), 0);
        CHECK(ap_csv_field(csv, AP_CSV_HEADER, 0) == NULL);
        CHECK_INT(ap_csv_column(csv, "code"), -1);
        ap_csv_free(csv);
    }
    ap_csv *csv = parse("code;date\r\n");
    CHECK(csv && ap_csv_ncolumns(csv) == 2 && ap_csv_nrecords(csv) == 0);
    ap_csv_free(csv);
    csv = NULL;
    CHECK_INT(ap_csv_parse(NULL, 0, NULL, &csv, NULL), AP_OK);
    CHECK(csv && ap_csv_nrecords(csv) == 0 && strcmp(ap_csv_filename(csv), "CSV") == 0);
    ap_csv_free(csv);
    ap_csv_free(NULL);
}

/* =========================================================================
 * Errors: every one with its line and column
 * ========================================================================= */

TEST(error_unterminated_quote)
{
    CHECK_STR(parse_fail("a;b\n1;\"abc\n2;3\n"),
              "t.csv:2:3: citattecknet som inleder fältet avslutas aldrig (ett '\"' saknas)");
    CHECK_CONTAINS(parse_fail("a;b\nåäö;\"x\"\"\n"), "t.csv:2:5: ");
    CHECK_CONTAINS(parse_fail("\"a;b\n"), "t.csv:1:1: ");
}

TEST(error_quote_in_unquoted_field)
{
    CHECK_CONTAINS(parse_fail("a;b\n1;ab\"c\"\n"), "t.csv:2:5: '\"' i ett fält utan citattecken");
    CHECK_CONTAINS(parse_fail("a;b\n\"x\ny\";Öö\"\n"), "t.csv:3:6: ");
    CHECK_CONTAINS(parse_fail("a;b\"\n"), "t.csv:1:4: ");
}

TEST(error_after_closing_quote)
{
    CHECK_STR(parse_fail("a;b\n1;\"ab\"c\n"),
              "t.csv:2:7: oväntat tecken 'c' efter det avslutande citattecknet (väntade ';' eller "
              "radslut)");
    CHECK_CONTAINS(parse_fail("a;b\nåä;\"ö\"x\n"), "t.csv:2:7: oväntat tecken 'x'");
    CHECK_CONTAINS(parse_fail("a;b\nåä;\"ö\"é\n"), "t.csv:2:7: oväntat tecken 'é'");
    CHECK_CONTAINS(parse_fail("a;b\n1;\"x\" \n"), "t.csv:2:6: oväntat tecken U+0020");
    CHECK_CONTAINS(parse_fail("a,b\n1,\"x\";\n"), "(väntade ',' eller radslut)");
}

TEST(error_too_many_fields)
{
    CHECK_STR(parse_fail("a;b\n1;2;3\n"),
              "t.csv:2:5: raden har 3 fält men rubrikraden bara 2 (ett värde som innehåller ';' "
              "ska omges av citattecken)");
    /* the first extra field that holds something, after a multi-line field */
    CHECK_CONTAINS(parse_fail("a;b\n\"x\ny\";2;;Öl;\n"), "t.csv:3:7: raden har 5 fält");
    CHECK_CONTAINS(parse_fail("a\tb\n1\t2\t3\n"),
                   "rubrikraden bara 2 (ett värde som innehåller tabb");
}

TEST(error_header)
{
    CHECK_STR(parse_fail("code;Date;CODE\n"),
              "t.csv:1:11: kolumnen 'CODE' finns två gånger i rubrikraden (även kolumn 1, A)");
    CHECK_CONTAINS(parse_fail("a;b;c;Åsa;b;åsa\n"), "t.csv:1:11: kolumnen 'b'"); /* the first */
    CHECK_CONTAINS(parse_fail("a; b ;\" B\"\n"), "t.csv:1:7: kolumnen 'B'");
    CHECK_STR(parse_fail("a;;c\n1;2;3\n"), "t.csv:1:3: kolumn 2 (B) i rubrikraden saknar namn");
    CHECK_CONTAINS(parse_fail("a; ;c\n"), "t.csv:1:3: kolumn 2 (B)");
    CHECK_STR(parse_fail("\n;;;\n1;2\n"), "t.csv:2:1: rubrikraden saknar kolumnnamn");
    CHECK_CONTAINS(parse_fail("\"\"\n"), "t.csv:1:1: rubrikraden saknar kolumnnamn");
    /* wide headers: column letters past Z */
    char wide[200] = "";
    for (int k = 0; k < 27; k++)
        strcat(wide, "x;");
    strcat(wide, "y\n");
    CHECK_CONTAINS(parse_fail(wide),
                   "kolumnen 'x' finns två gånger i rubrikraden (även kolumn 1, A)");
    strcpy(wide, "");
    for (int k = 0; k < 27; k++)
        sprintf(wide + strlen(wide), "c%d;", k);
    strcat(wide, ";z\n");
    CHECK_CONTAINS(parse_fail(wide), "kolumn 28 (AB) i rubrikraden saknar namn");
}

TEST(error_invalid_utf8)
{
    CHECK_STR(parse_fail("a;b\nx;\xE5"
                         "ngen\n"),
              "t.csv:2:3: ogiltig UTF-8 (byte 0xE5, som är 'å' i Windows-1252); spara filen som "
              "\"CSV UTF-8\" i Excel");
    CHECK_CONTAINS(parse_fail("a;b\r\n\r\nåä\xFF\n"), "t.csv:3:3: ogiltig UTF-8 (byte 0xFF)");
    CHECK_CONTAINS(parse_fail("a;b\r1;\xC3\n"), "t.csv:2:3: ogiltig UTF-8 (byte 0xC3)");
    CHECK_CONTAINS(parse_fail("a;b\n\"x\ny\xED\xA0\x80\""), "t.csv:3:2: ogiltig UTF-8");
}

TEST(error_utf16_and_binary)
{
    const char le[] = "\xFF\xFE"
                      "c\0o\0d\0e\0";
    const char be[] = "\xFE\xFF\0c\0o\0d\0e";
    const char nobom[] = "c\0o\0d\0e\0;\0";
    const char *want = "t.csv: filen är sparad som UTF-16; spara den som \"CSV UTF-8\" i Excel";
    CHECK_STR(parse_fail_n(le, sizeof le - 1), want);
    CHECK_STR(parse_fail_n(be, sizeof be - 1), want);
    CHECK_STR(parse_fail_n(nobom, sizeof nobom - 1), want);
    CHECK_STR(parse_fail_n("a;b\nåx\0y", 9),
              "t.csv:2:3: filen innehåller en NUL-byte och är inte en textfil (CSV)");
    CHECK_CONTAINS(parse_fail_n("PK\x03\x04\x14\0\x06\0", 8), "t.csv: filen är en Excel-arbetsbok");
    CHECK_CONTAINS(parse_fail_n("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0", 9), "Excel-arbetsbok");
}

TEST(error_too_large)
{
    ap_csv *csv = NULL;
    ap_error err;
    /* the size is checked before a byte is read */
    CHECK_INT(ap_csv_parse("", AP_CSV_MAX_BYTES + 1, "big.csv", &csv, &err), AP_E_INPUT);
    CHECK_CONTAINS(err.msg, "big.csv: filen är för stor");
    CHECK(csv == NULL);
}

TEST(errors_in_english)
{
    ap_set_language(AP_LANG_EN);
    CHECK_STR(parse_fail("a;b\n1;\"abc\n"),
              "t.csv:2:3: unterminated quoted field (the closing '\"' is missing)");
    CHECK_CONTAINS(parse_fail("a,b\n1,2,3\n"),
                   "t.csv:2:5: the record has 3 fields but the header has only 2");
    CHECK_CONTAINS(parse_fail("a;A\n"), "t.csv:1:3: column 'A' occurs twice in the header");
    CHECK_CONTAINS(parse_fail("a;b\n1;\"x\"y\n"),
                   "unexpected character 'y' after the closing quote");
    CHECK_CONTAINS(parse_fail("a;b\n1;x\"y\n"), "'\"' inside an unquoted field");
    CHECK_CONTAINS(parse_fail("x;\xF6"), "t.csv:1:3: invalid UTF-8 (byte 0xF6, which is 'ö'");
    CHECK_CONTAINS(parse_fail_n("\xFF\xFE", 2), "save it as \"CSV UTF-8\"");
    ap_set_language(AP_LANG_SV);
}

TEST(error_at_helper)
{
    ap_csv *csv = parse("code;date;status\n1.1.1;2016-02-30;grön\n\"1.1.2\nx\";;\n1.1.3\n");
    CHECK(csv != NULL);
    if (!csv)
        return;
    ap_error err;
    int date = ap_csv_column(csv, "date");
    CHECK_INT(ap_csv_error_at(&err, csv, 0, date, "invalid date '%s' in column '%s'",
                              ap_csv_field(csv, 0, date), ap_csv_column_name(csv, date)),
              AP_E_INPUT);
    CHECK_STR(err.msg, "t.csv:2:7: invalid date '2016-02-30' in column 'date'");
    CHECK_INT(err.code, AP_E_INPUT);
    ap_csv_error_at(&err, csv, 1, 2, "x");
    CHECK_STR(err.msg, "t.csv:4:5: x");
    ap_csv_error_at(&err, csv, 2, 1, "missing date");
    CHECK_STR(err.msg, "t.csv:5:6: missing date");
    ap_csv_error_at(&err, csv, AP_CSV_HEADER, 2, "unknown column '%s'", "status");
    CHECK_STR(err.msg, "t.csv:1:11: unknown column 'status'");
    ap_csv_error_at(&err, csv, 1, -1, "duplicate record");
    CHECK_STR(err.msg, "t.csv:3:1: duplicate record");
    ap_csv_error_at(&err, csv, 9, 0, "no place");
    CHECK_STR(err.msg, "t.csv: no place");
    CHECK_INT(ap_csv_error_at(NULL, csv, 0, 0, "ignored"), AP_E_INPUT);
    ap_csv_free(csv);
}

/* =========================================================================
 * Sample files
 * ========================================================================= */

TEST(sample_excel_swedish)
{
    ap_csv *csv = parse_file("updates_excel_sv.csv");
    CHECK(csv != NULL);
    if (!csv)
        return;
    CHECK_INT(ap_csv_separator(csv), ';');
    CHECK_INT(ap_csv_ncolumns(csv), 8);
    CHECK_INT(ap_csv_column(csv, "code"), 0);
    CHECK_INT(ap_csv_column(csv, "by"), 7);
    CHECK_INT(ap_csv_nrecords(csv), 6);
    CHECK_STR(ap_csv_field(csv, 1, 4),
              "Mötesplatsen \"Företagarfrukost\" har startat; färre deltagare än väntat");
    CHECK_STR(ap_csv_field(csv, 1, 6), "Flytta till stadshuset.\nNy inbjudan i maj.");
    CHECK_STR(ap_csv_field(csv, 1, 7), "Erik Lind");
    CHECK_STR(pos(csv, 1, 7), "4:21");
    CHECK_STR(ap_csv_field(csv, 2, 3), "");
    CHECK_INT(ap_csv_record_line(csv, 2), 5);
    CHECK_STR(ap_csv_field(csv, 3, 7), "Maria Öberg");
    CHECK(!ap_csv_record_blank(csv, 3));
    CHECK(ap_csv_record_blank(csv, 4));
    CHECK(ap_csv_record_blank(csv, 5));
    CHECK_INT(ap_csv_record_line(csv, 5), 8);
    ap_csv_free(csv);
}

TEST(sample_measures_comma)
{
    ap_csv *csv = parse_file("measures_comma.csv");
    CHECK(csv != NULL);
    if (!csv)
        return;
    CHECK_INT(ap_csv_separator(csv), ',');
    CHECK_INT(ap_csv_nrecords(csv), 3);
    CHECK_STR(ap_csv_field(csv, 0, 3), "SCB, registerbaserad arbetsmarknadsstatistik");
    CHECK_STR(ap_csv_field(csv, 1, 2), "3,5");
    CHECK_INT(ap_csv_record_nfields(csv, 2), 4); /* no final newline, "by" missing */
    CHECK_STR(ap_csv_field(csv, 2, 3), "SCB");
    CHECK_STR(ap_csv_field(csv, 2, 4), "");
    CHECK_STR(pos(csv, 2, 4), "4:24");
    ap_csv_free(csv);
}

TEST(sample_refused_encodings)
{
    CHECK(parse_file("updates_utf16.csv") == NULL);
    CHECK_STR(last_err.msg,
              "updates_utf16.csv: filen är sparad som UTF-16; spara den som \"CSV UTF-8\" i Excel");
    CHECK(parse_file("updates_ansi.csv") == NULL);
    CHECK_STR(last_err.msg, "updates_ansi.csv:2:20: ogiltig UTF-8 (byte 0xF6, som är 'ö' i "
                            "Windows-1252); spara filen som \"CSV UTF-8\" i Excel");
}

/* =========================================================================
 * Size
 * ========================================================================= */

static const char *status_word(size_t i)
{
    static const char *words[] = {"grön", "gul", "röd"};
    return words[i % 3];
}

TEST(large_generated_file)
{
    enum { ROWS = 200000 };
    ap_buf b = {0};
    ap_buf_puts(&b, "\xEF\xBB\xBF"
                    "code;date;status;progress;comment;cause;action;by\r\n");
    for (size_t i = 0; i < ROWS; i++) {
        ap_buf_printf(&b, "%zu.%zu.%zu;2016-%02zu-%02zu;%s;%zu;", i / 10000 + 1, i / 100 % 100,
                      i % 100, i % 12 + 1, i % 28 + 1, status_word(i), i % 101);
        if (i % 1000 == 7)
            ap_buf_printf(&b, "\"rad %zu; \"\"citat\"\"\r\nandra raden\"", i);
        else
            ap_buf_printf(&b, "Kommentar för rad %zu", i);
        ap_buf_puts(&b, i % 2 ? ";;;Åsa Öberg\r\n" : ";orsak;åtgärd;Per\r\n");
    }
    clock_t t0 = clock();
    ap_csv *csv = NULL;
    ap_error err;
    ap_rc rc = ap_csv_parse(b.p, b.len, "big.csv", &csv, &err);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    fprintf(stderr, "large_generated_file: %d rows, %zu bytes parsed in %.3f s\n", ROWS, b.len,
            secs);
    ap_buf_free(&b);
    CHECK_INT(rc, AP_OK);
    if (!csv)
        return;
    CHECK_INT(ap_csv_nrecords(csv), ROWS);
    CHECK_STR(ap_csv_field(csv, 0, 0), "1.0.0");
    CHECK_STR(ap_csv_field(csv, 7, 4), "rad 7; \"citat\"\nandra raden");
    CHECK_INT(ap_csv_record_line(csv, 7), 9);
    CHECK_INT(ap_csv_record_line(csv, 8), 11);
    CHECK_STR(ap_csv_field(csv, 123457, 0), "13.34.57");
    CHECK_STR(ap_csv_field(csv, 123457, 2), "gul");
    CHECK_STR(ap_csv_field(csv, 123457, 7), "Åsa Öberg");
    /* 124 multi-line comments before record 123457 (i % 1000 == 7) */
    CHECK_INT(ap_csv_record_line(csv, 123457), 123457 + 2 + 124);
    CHECK_STR(ap_csv_field(csv, ROWS - 1, 0), "20.99.99");
    CHECK_STR(ap_csv_field(csv, ROWS - 1, 3), "19"); /* 199999 % 101 */
    CHECK_STR(ap_csv_field(csv, ROWS - 1, 6), "");
    CHECK_STR(pos(csv, ROWS - 1, 7), "200201:55");
    ap_csv_free(csv);
}

/* =========================================================================
 * Round trip: random tables written in random dialects, parsed back. The
 * writer knows where each field starts, so positions are checked too.
 * ========================================================================= */

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

enum { RT_MAXC = 6, RT_MAXR = 12 };

typedef struct table {
    int ncols, nrows;
    char cell[RT_MAXR + 1][RT_MAXC][24]; /* row 0 is the header */
    unsigned line[RT_MAXR + 1][RT_MAXC], col[RT_MAXR + 1][RT_MAXC];
} table;

static void random_cell(char *out, int header, int k)
{
    static const char *pieces[] = {"a", "Ö", "å", " ", ";", ",", "\t", "\"", "\n", "x", "é", "1"};
    if (header) {
        sprintf(out, "h%d%s", k, rnd(2) ? "Å" : "b");
        return;
    }
    out[0] = '\0';
    int n = (int)rnd(6);
    for (int j = 0; j < n; j++)
        strcat(out, pieces[rnd(12)]);
}

/* Write one cell, quoting when it needs it (and sometimes when not), and
 * track the line and column the way the parser counts them. */
static void write_cell(ap_buf *b, const char *s, bool alone, unsigned *line, unsigned *col)
{
    bool quote = strpbrk(s, ";,\t\"\n") != NULL || rnd(4) == 0 || (alone && !*s);
    const char *nl = rnd(2) ? "\n" : "\r\n";
    if (quote) {
        ap_buf_putc(b, '"');
        ++*col;
    }
    for (const char *p = s; *p;) {
        if (*p == '\n') {
            ap_buf_puts(b, nl);
            ++*line;
            *col = 1;
            p++;
            continue;
        }
        if (*p == '"' && quote) {
            ap_buf_putc(b, '"');
            ++*col;
        }
        const char *q = p;
        ap_utf8_next(&q);
        ap_buf_append(b, p, (size_t)(q - p));
        ++*col;
        p = q;
    }
    if (quote) {
        ap_buf_putc(b, '"');
        ++*col;
    }
}

static void write_table(ap_buf *b, table *t)
{
    static const char seps[] = {';', ',', '\t'};
    static const char *eols[] = {"\n", "\r\n", "\r"};
    char sep = seps[rnd(3)];
    const char *eol = eols[rnd(3)];
    unsigned line = 1, col = 1;
    if (rnd(2))
        ap_buf_puts(b, "\xEF\xBB\xBF");
    for (int r = 0; r <= t->nrows; r++) {
        for (int k = 0; k < t->ncols; k++) {
            if (k > 0) {
                ap_buf_putc(b, sep);
                col++;
            }
            t->line[r][k] = line;
            t->col[r][k] = col;
            write_cell(b, t->cell[r][k], t->ncols == 1, &line, &col);
        }
        if (r < t->nrows || rnd(2))
            ap_buf_puts(b, eol);
        line++;
        col = 1;
    }
}

static void check_table(const table *t, const ap_csv *csv)
{
    CHECK_INT(ap_csv_ncolumns(csv), t->ncols);
    CHECK_INT(ap_csv_nrecords(csv), t->nrows);
    if (ap_csv_ncolumns(csv) != t->ncols || (int)ap_csv_nrecords(csv) != t->nrows)
        return;
    for (int r = 0; r <= t->nrows; r++)
        for (int k = 0; k < t->ncols; k++) {
            size_t rec = r == 0 ? AP_CSV_HEADER : (size_t)r - 1;
            unsigned line, col;
            ap_csv_field_pos(csv, rec, k, &line, &col);
            CHECK_STR(r == 0 ? ap_csv_column_name(csv, k) : ap_csv_field(csv, rec, k),
                      t->cell[r][k]);
            CHECK_INT(line, t->line[r][k]);
            CHECK_INT(col, t->col[r][k]);
        }
}

TEST(round_trip_random_tables)
{
    rng_state = 0x9E3779B97F4A7C15ull;
    static table t;
    for (int iter = 0; iter < 3000; iter++) {
        memset(&t, 0, sizeof t);
        t.ncols = 1 + (int)rnd(RT_MAXC);
        t.nrows = (int)rnd(RT_MAXR + 1);
        for (int r = 0; r <= t.nrows; r++)
            for (int k = 0; k < t.ncols; k++)
                random_cell(t.cell[r][k], r == 0, k);
        ap_buf b = {0};
        write_table(&b, &t);
        ap_csv *csv = NULL;
        ap_error err;
        if (ap_csv_parse(b.p, b.len, "rt.csv", &csv, &err) != AP_OK) {
            fprintf(stderr, "round trip %d: %s\n---\n%s\n---\n", iter, err.msg, b.p);
            CHECK(!"round trip parses");
        } else {
            check_table(&t, csv);
        }
        ap_csv_free(csv);
        ap_buf_free(&b);
    }
}

/* =========================================================================
 * Fuzz: random and mutated inputs must never crash, and what parses must
 * keep the documented invariants. Run under ASan/UBSan for leaks and UB.
 * ========================================================================= */

static const char *fuzz_seeds[] = {
    "\xEF\xBB\xBF"
    "code;date;status\r\n1.1.1;2016-01-01;grön\r\n\"a;b\";\"x\"\"y\";\r\n;;\r\n",
    "goal,date,value\n\"M1\",\"2016-12-31\",\"3,5\"\n\"multi\nline\",,\n",
    "a\tb\n\"\"\"\"\t\"\r\"\n",
    "sep=;\na,b;c\n1;2\n",
};

static void fuzz_input(ap_buf *b)
{
    static const char alphabet[] = "\"\";;,,\t\r\n\nab ";
    ap_buf_reset(b);
    if (rnd(3) == 0) {
        int n = (int)rnd(120);
        for (int j = 0; j < n; j++) {
            uint32_t r = rnd(40);
            if (r < 30)
                ap_buf_putc(b, alphabet[rnd(sizeof alphabet - 1)]);
            else if (r < 35)
                ap_buf_puts(b, "ä");
            else
                ap_buf_putc(b, (char)rnd(256));
        }
        return;
    }
    ap_buf_puts(b, fuzz_seeds[rnd(4)]);
    for (int m = (int)rnd(4) + 1; m > 0 && b->len > 0; m--) {
        size_t at = rnd((uint32_t)b->len);
        switch (rnd(4)) {
        case 0:
            b->p[at] = alphabet[rnd(sizeof alphabet - 1)];
            break;
        case 1:
            b->p[at] = (char)rnd(256);
            break;
        case 2:
            memmove(b->p + at, b->p + at + 1, b->len - at);
            b->len--;
            break;
        default:
            b->len = at;
            b->p[at] = '\0';
            break;
        }
    }
}

/* What every successful parse promises. */
static void check_invariants(const ap_csv *csv, size_t input_len)
{
    int ncols = ap_csv_ncolumns(csv);
    unsigned prev_line = ap_csv_record_line(csv, AP_CSV_HEADER);
    for (int k = 0; k < ncols; k++) {
        const char *name = ap_csv_column_name(csv, k);
        CHECK(name && *name && ap_csv_column(csv, name) == k);
    }
    for (size_t r = 0; r < ap_csv_nrecords(csv); r++) {
        unsigned line = ap_csv_record_line(csv, r);
        CHECK(line > prev_line && line <= input_len + 1);
        prev_line = line;
        CHECK(ap_csv_record_nfields(csv, r) >= 1 && ap_csv_record_nfields(csv, r) <= ncols);
        for (int k = 0; k < ncols; k++) {
            const char *f = ap_csv_field(csv, r, k);
            unsigned fl, fc;
            ap_csv_field_pos(csv, r, k, &fl, &fc);
            CHECK(f && ap_utf8_valid(f, strlen(f), NULL) && !strchr(f, '\r'));
            CHECK(fl >= line && fc >= 1 && fc <= input_len + 1);
        }
    }
}

TEST(fuzz_never_crashes)
{
    rng_state = 0x2545F4914F6CDD1Dull;
    ap_buf b = {0};
    int ok = 0, refused = 0;
    for (int iter = 0; iter < 20000; iter++) {
        fuzz_input(&b);
        ap_csv *csv = NULL;
        ap_error err;
        ap_rc rc = ap_csv_parse(b.p, b.len, "fuzz.csv", &csv, &err);
        if (rc == AP_OK) {
            ok++;
            check_invariants(csv, b.len);
            ap_csv_error_at(&err, csv, 0, 0, "%s", "x");
            CHECK(strncmp(err.msg, "fuzz.csv:", 9) == 0);
            ap_csv_free(csv);
        } else {
            refused++;
            CHECK(csv == NULL && rc == AP_E_INPUT && strncmp(err.msg, "fuzz.csv:", 9) == 0);
        }
    }
    ap_buf_free(&b);
    fprintf(stderr, "fuzz_never_crashes: %d parsed, %d refused\n", ok, refused);
    CHECK(ok > 2000 && refused > 2000); /* both paths were exercised */
}

/* =========================================================================
 * Streaming (ap_csv_open) against the whole-input parse (ap_csv_parse)
 * ========================================================================= */

static char stream_dir[64];

/* One record as the reader shows it: every field and position, its line. */
static void record_text(const ap_csv *csv, size_t rec, ap_buf *out)
{
    unsigned line, col;
    ap_buf_printf(out, "line %u nf %d blank %d |", ap_csv_record_line(csv, rec),
                  ap_csv_record_nfields(csv, rec), (int)ap_csv_record_blank(csv, rec));
    for (int k = -1; k < ap_csv_ncolumns(csv); k++) {
        ap_csv_field_pos(csv, rec, k, &line, &col);
        const char *f = ap_csv_field(csv, rec, k);
        ap_buf_printf(out, "%u:%u=%s|", line, col, f ? f : "(null)");
    }
    ap_buf_putc(out, '\n');
}

static void header_text(const ap_csv *csv, ap_buf *out)
{
    ap_buf_printf(out, "sep %d ncols %d |", ap_csv_separator(csv), ap_csv_ncolumns(csv));
    for (int k = 0; k < ap_csv_ncolumns(csv); k++)
        ap_buf_printf(out, "%s=%s|", ap_csv_column_name(csv, k),
                      ap_csv_field(csv, AP_CSV_HEADER, k));
    ap_buf_putc(out, '\n');
}

/* Parse data both ways, the file through a window of window bytes: the same
 * verdict, message, header and records; then every record read again by
 * its offset, last first, is the same again. */
static void check_stream_same(const char *data, size_t n, size_t window)
{
    char path[128];
    snprintf(path, sizeof path, "%s/s.csv", stream_dir);
    FILE *fp = fopen(path, "wb");
    REQUIRE(fp && fwrite(data, 1, n, fp) == n && fclose(fp) == 0);
    ap_buf want = {0}, got = {0}, again = {0};
    ap_error werr, gerr;
    ap_error_clear(&werr);
    ap_error_clear(&gerr);
    ap_csv *whole = NULL, *st = NULL;
    ap_rc wrc = ap_csv_parse(data, n, path, &whole, &werr);
    if (wrc == AP_OK) {
        header_text(whole, &want);
        for (size_t r = 0; r < ap_csv_nrecords(whole); r++)
            record_text(whole, r, &want);
    }
    uint64_t *offs = NULL;
    unsigned *lines = NULL;
    size_t nrec = 0, cap = 0, cap2 = 0;
    ap_rc grc = ap_csv_open_window(path, window, &st, &gerr);
    if (grc == AP_OK) {
        header_text(st, &got);
        bool more;
        while ((grc = ap_csv_next(st, &more, &gerr)) == AP_OK && more) {
            CHECK_INT(ap_csv_nrecords(st), 1);
            record_text(st, 0, &got);
            ap_grow(&offs, &cap, nrec + 1, sizeof *offs);
            ap_grow(&lines, &cap2, nrec + 1, sizeof *lines);
            offs[nrec] = ap_csv_record_offset(st);
            lines[nrec++] = ap_csv_record_line(st, 0);
        }
    }
    CHECK_INT(grc, wrc);
    if (grc != AP_OK || wrc != AP_OK) {
        CHECK_STR(gerr.msg, werr.msg);
    } else {
        CHECK_STR(ap_buf_str(&got), ap_buf_str(&want));
        /* read again, backwards, and compare with the whole parse's record */
        for (size_t r = nrec; r-- > 0;) {
            ap_buf_reset(&got);
            ap_buf_reset(&again);
            REQUIRE(ap_csv_read_at(st, offs[r], lines[r], &gerr) == AP_OK);
            record_text(st, 0, &got);
            record_text(whole, r, &again);
            CHECK_STR(ap_buf_str(&got), ap_buf_str(&again));
        }
    }
    free(offs);
    free(lines);
    ap_csv_free(whole);
    ap_csv_free(st);
    ap_buf_free(&want);
    ap_buf_free(&got);
    ap_buf_free(&again);
}

TEST(stream_same_as_whole)
{
    static const char *const cases[] = {
        "code,date,status\n1.1,2016-01-01,grön\n",
        "\xEF\xBB\xBF" "code;date\r\n\r\n1;\"a\r\nb\"\r\n\r\n2;\"\"\"x\"\"\"\r\n",
        "sep=;\r\ncode;date\r1;2\r\r3;4",
        "sep=\t\na\tb\n\"x\ny\"\tz\n",
        "a,b\nåäö,\"ÅÄÖ\n€\"\n\xF0\x9F\x98\x80,x",
        "a,b\n1,2\n\"3\n",          /* unterminated quote at the end */
        "a,b\n1,2\"\n3,\xE5\n",    /* a parse error, then invalid UTF-8: that wins */
        "a,b\n1,\xE5\n3,4\n\0\n",  /* invalid UTF-8, then a NUL: that wins */
        "a,b\n1,2,3\n",
        "\n\n\r\n",
        "",
        "a,,\n1\n",
        "a,a\n",
        "\xFF\xFE" "a\0",
        "a,b\n\"x\"y,2\n",
        "a;b\n1;2\r",
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        size_t n = strlen(cases[c]);
        if (c == 7)
            n = 15; /* through the NUL */
        if (c == 13)
            n = 5;
        for (size_t w = 1; w <= 9; w++)
            check_stream_same(cases[c], n, w);
        check_stream_same(cases[c], n, 1 << 20);
    }
}

TEST(stream_large_file_small_windows)
{
    ap_buf b = {0};
    ap_buf_puts(&b, "\xEF\xBB\xBF" "code;date;status;comment\r\n");
    for (size_t i = 0; i < 3000; i++) {
        ap_buf_printf(&b, "%zu.%zu;2016-%02zu-01;grön;", i / 100 + 1, i % 100, i % 12 + 1);
        if (i % 97 == 5) { /* a record longer than the windows below */
            ap_buf_putc(&b, '"');
            for (size_t k = 0; k < 5000; k++)
                ap_buf_puts(&b, k % 50 == 49 ? "\r\n" : k % 3 ? "å" : "\"\"");
            ap_buf_putc(&b, '"');
        } else {
            ap_buf_printf(&b, "Kommentar %zu med ä", i);
        }
        ap_buf_puts(&b, i % 5 == 0 ? "\n" : i % 5 == 1 ? "\r" : "\r\n");
    }
    size_t windows[] = {1, 7, 4096, 65536, 1 << 20};
    for (size_t w = 0; w < sizeof windows / sizeof *windows; w++)
        check_stream_same(b.p, b.len, windows[w]);
    /* the same with an invalid byte, and then a NUL, near the end */
    b.p[b.len - 100] = (char)0xE5;
    check_stream_same(b.p, b.len, 4096);
    b.p[b.len - 10] = '\0';
    check_stream_same(b.p, b.len, 4096);
    ap_buf_free(&b);
}

TEST(stream_random_inputs)
{
    rng_state = 0x5DEECE66Dull;
    ap_buf b = {0};
    for (int iter = 0; iter < 1500; iter++) {
        fuzz_input(&b);
        check_stream_same(b.p, b.len, 1 + rnd(12));
    }
    ap_buf_free(&b);
}

/* A file changed between the passes is noticed before anything is kept. */
TEST(stream_file_changed)
{
    char path[128];
    snprintf(path, sizeof path, "%s/s.csv", stream_dir);
    FILE *fp = fopen(path, "wb");
    REQUIRE(fp && fputs("code,date\n1,2\n", fp) >= 0 && fclose(fp) == 0);
    ap_csv *csv = NULL;
    ap_error err;
    bool more;
    REQUIRE(ap_csv_open(path, &csv, &err) == AP_OK);
    REQUIRE(ap_csv_next(csv, &more, &err) == AP_OK && more);
    CHECK_INT(ap_csv_check_unchanged(csv, &err), AP_OK);
    fp = fopen(path, "ab");
    REQUIRE(fp && fputs("3,4\n", fp) >= 0 && fclose(fp) == 0);
    CHECK_INT(ap_csv_check_unchanged(csv, &err), AP_E_INPUT);
    CHECK_CONTAINS(err.msg, "filen ändrades medan den lästes");
    ap_csv_free(csv);
}

/* A pipe is read to its end into a temporary file, and then like a file. */
TEST(stream_from_pipe)
{
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    const char *data = "code,date\n1,\"a\nb\"\n2,c\n";
    REQUIRE(write(fds[1], data, strlen(data)) == (ssize_t)strlen(data));
    close(fds[1]);
    char path[64];
    snprintf(path, sizeof path, "/dev/fd/%d", fds[0]);
    ap_csv *csv = NULL;
    ap_error err;
    REQUIRE(ap_csv_open(path, &csv, &err) == AP_OK);
    close(fds[0]);
    bool more;
    uint64_t off = 0;
    REQUIRE(ap_csv_next(csv, &more, &err) == AP_OK && more);
    CHECK_STR(ap_csv_field(csv, 0, 1), "a\nb");
    off = ap_csv_record_offset(csv);
    REQUIRE(ap_csv_next(csv, &more, &err) == AP_OK && more);
    CHECK_STR(ap_csv_field(csv, 0, 1), "c");
    CHECK_INT(ap_csv_record_line(csv, 0), 4);
    REQUIRE(ap_csv_next(csv, &more, &err) == AP_OK && !more);
    REQUIRE(ap_csv_read_at(csv, off, 2, &err) == AP_OK);
    CHECK_STR(ap_csv_field(csv, 0, 1), "a\nb");
    ap_csv_free(csv);
}

int main(void)
{
    RUN(comma_file);
    RUN(semicolon_bom_crlf);
    RUN(tab_and_detection);
    RUN(excel_sep_hint);
    RUN(quoted_fields);
    RUN(swedish_text_columns);
    RUN(short_rows_padded);
    RUN(blank_records_and_lines);
    RUN(line_endings);
    RUN(extra_empty_fields_allowed);
    RUN(empty_and_header_only);
    RUN(error_unterminated_quote);
    RUN(error_quote_in_unquoted_field);
    RUN(error_after_closing_quote);
    RUN(error_too_many_fields);
    RUN(error_header);
    RUN(error_invalid_utf8);
    RUN(error_utf16_and_binary);
    RUN(error_too_large);
    RUN(errors_in_english);
    RUN(error_at_helper);
    RUN(sample_excel_swedish);
    RUN(sample_measures_comma);
    RUN(sample_refused_encodings);
    RUN(large_generated_file);
    RUN(round_trip_random_tables);
    RUN(fuzz_never_crashes);
    strcpy(stream_dir, "/tmp/test_csv.XXXXXX");
    if (!mkdtemp(stream_dir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(stream_same_as_whole);
    RUN(stream_large_file_small_windows);
    RUN(stream_random_inputs);
    RUN(stream_from_pipe);
    RUN(stream_file_changed);
    char path[128];
    snprintf(path, sizeof path, "%s/s.csv", stream_dir);
    unlink(path);
    rmdir(stream_dir);
    return test_summary();
}
