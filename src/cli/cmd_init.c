/* cmd_init.c - `actionplan init`: create or migrate the database. */
#include "cli.h"

const ap_cmd_spec cmd_init_spec = {
    .name = "init",
    .max_args = 0,
    .summary_sv = "skapa eller uppgradera databasen (kan köras flera gånger)",
    .summary_en = "create or migrate the database (safe to run again)",
    .opts = (const ap_opt[]){{NULL, OPT_FLAG, NULL, NULL, NULL, false}},
};

ap_rc cmd_init(ap_ctx *ctx, const ap_args *args)
{
    (void)args;
    int found = ap_store_version_found(ctx->store);
    if (found == 0)
        printf(TR("Skapade databasen %s (schema %d).\n", "Created the database %s (schema %d).\n"),
               ctx->db_path, AP_SCHEMA_VERSION);
    else if (found < AP_SCHEMA_VERSION)
        printf(TR("Uppgraderade databasen %s från schema %d till %d.\n",
                  "Migrated the database %s from schema %d to %d.\n"),
               ctx->db_path, found, AP_SCHEMA_VERSION);
    else
        printf(TR("Databasen %s är redan aktuell (schema %d).\n",
                  "The database %s is up to date (schema %d).\n"),
               ctx->db_path, AP_SCHEMA_VERSION);
    return AP_OK;
}
