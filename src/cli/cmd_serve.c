/* cmd_serve.c - `actionplan serve`: the public plans in the browser and the
 * JSON API (the README, "actionplan serve"); the server is web.h's. */
#include "actionplan/web.h"
#include "cli.h"

const ap_cmd_spec cmd_serve_spec = {
    .name = "serve",
    .max_args = 0,
    .summary_sv = "visa de publika planerna på webben (sidor och JSON-API), bara läsning",
    .summary_en = "serve the public plans on the web (pages and a JSON API), read-only",
    .details_sv = "Stoppas med SIGTERM eller Ctrl-C; pågående förfrågningar besvaras först.",
    .details_en = "Stops on SIGTERM or Ctrl-C; requests in flight are answered first.",
    .opts = (const ap_opt[]){
        {"listen", OPT_TEXT, "ADRESS:PORT",
         "adress och port (standard: [web] listen, annars 127.0.0.1:8080)",
         "address and port (default: [web] listen, else 127.0.0.1:8080)", false},
        {"cache-mb", OPT_INT, "MB",
         "högst så här många MB färdiga sidor i minnet tills databasen ändras (standard 64; 0: "
         "ingen sidcache)",
         "at most this many MB of rendered pages kept in memory until the database changes "
         "(default 64; 0: no page cache)",
         false},
        {NULL, OPT_FLAG, NULL, NULL, NULL, false}},
};

ap_rc cmd_serve(ap_ctx *ctx, const ap_args *args)
{
    const char *listen = ap_args_text(args, "listen");
    long long mb = ap_args_int(args, "cache-mb", 64);
    if (mb < 0 || mb > 65536)
        return ap_error_set(&ctx->err, AP_E_USAGE,
                            TR("--cache-mb ska vara 0-65536, inte %lld",
                               "--cache-mb must be 0-65536, not %lld"),
                            mb);
    return ap_web_serve(ctx->db_path, &ctx->cfg, listen ? listen : ctx->cfg.listen,
                        (size_t)mb << 20, &ctx->err);
}
