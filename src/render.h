/*
 * render.h - the renderers, one file each: a report's data (report.h) drawn
 * as a workbook (libxlsxwriter) or a PDF (libharu). Each writes one file
 * atomically (a temporary file, then rename) and knows nothing of the store.
 */
#ifndef AP_RENDER_H
#define AP_RENDER_H

#include "actionplan/report.h"

ap_rc ap_xlsx_steering_write(const ap_steering *st, const char *path, ap_error *err);
ap_rc ap_pdf_steering_write(const ap_steering *st, const char *path, ap_error *err);
ap_rc ap_xlsx_annual_write(const ap_annual *an, const char *path, ap_error *err);
ap_rc ap_pdf_annual_write(const ap_annual *an, const char *path, ap_error *err);

#endif
