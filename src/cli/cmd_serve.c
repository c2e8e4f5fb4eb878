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
        {NULL, OPT_FLAG, NULL, NULL, NULL, false}},
};

ap_rc cmd_serve(ap_ctx *ctx, const ap_args *args)
{
    const char *listen = ap_args_text(args, "listen");
    return ap_web_serve(ctx->db_path, &ctx->cfg, listen ? listen : ctx->cfg.listen, &ctx->err);
}
