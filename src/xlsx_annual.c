/* xlsx_annual.c - placeholder until the renderer lands. */
#include "actionplan/report.h"

ap_rc ap_xlsx_annual_write(const ap_annual *x, const char *path, ap_error *err)
{
    (void)x;
    return ap_error_set(err, AP_E_INTERNAL, "%s: renderer not built yet", path);
}
