/* cmd_backup.c - `actionplan backup FILE`: a copy of the database, safe while
 * others write, checked before the command says it is done. */
#include "actionplan/maintenance.h"
#include "cli.h"

#include <stdio.h>

#include <string.h>

const ap_cmd_spec cmd_backup_spec = {
    .name = "backup",
    .args = "FILE",
    .min_args = 1,
    .max_args = 1,
    .summary_sv = "säkerhetskopiera databasen till en fil (går bra medan andra skriver)",
    .summary_en = "back the database up into a file (safe while others write)",
    .details_sv =
        "Kopian tas med SQLites backup-API, skrivs färdig under ett tillfälligt namn\n"
        "och kontrolleras (integrity_check, foreign_key_check) innan kommandot är klart.\n"
        "Den är en fristående fil: återställ genom att kopiera den på databasens plats\n"
        "när ingen använder programmet, eller använd den direkt med --db FILE.\n"
        "En befintlig fil skrivs bara över med --force.",
    .details_en = "The copy is taken with SQLite's backup API, written under a temporary name and\n"
                  "checked (integrity_check, foreign_key_check) before the command is done. It is\n"
                  "a standalone file: restore by copying it over the database while nobody uses\n"
                  "the program, or use it directly with --db FILE.\n"
                  "An existing file is overwritten only with --force.",
    .opts = (const ap_opt[]){{"force", OPT_FLAG, NULL, "skriv över en befintlig fil",
                              "overwrite an existing file", false},
                             {NULL, OPT_FLAG, NULL, NULL, NULL, false}},
};

ap_rc cmd_backup(ap_ctx *ctx, const ap_args *args)
{
    const char *target = args->pos[0];
    ap_buf summary = {0};
    ap_rc rc = ap_backup_make(ctx->db_path, target, ap_args_has(args, "force"), &summary,
                              &ctx->err);
    if (rc == AP_OK)
        printf(TR("Säkerhetskopierade %s till %s: %s.\n"
                  "Kopian är kontrollerad (integrity_check, foreign_key_check): OK\n",
                  "Backed up %s into %s: %s.\n"
                  "The copy is checked (integrity_check, foreign_key_check): OK\n"),
               ctx->db_path, target, ap_buf_str(&summary));
    ap_buf_free(&summary);
    return rc;
}
