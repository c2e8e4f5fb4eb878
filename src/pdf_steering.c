/* pdf_steering.c - placeholder until the renderer lands. */
#include "actionplan/report.h"

ap_rc ap_pdf_steering_write(const ap_steering *x, const char *path, ap_error *err)
{
    (void)x;
    return ap_error_set(err, AP_E_INTERNAL, "%s: renderer not built yet", path);
}
