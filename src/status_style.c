/*
 * status_style.c - colour, tint, text colour and shape per status; see
 * status_style.h.
 */
#include "actionplan/status_style.h"

const ap_status_style *ap_status_style_of(ap_status s)
{
    /* Colours chosen to stay apart for the common colour-vision deficiencies
     * and in greyscale (with the shapes), and dark enough for white text. */
    static const ap_status_style styles[AP_ST_COUNT] = {
        [AP_ST_GREEN] = {0x2E7D32, 0xC8E6C9, 0x1B5E20, AP_SHAPE_CIRCLE},
        [AP_ST_YELLOW] = {0xF2B705, 0xFFF0B3, 0x6B4E00, AP_SHAPE_TRIANGLE},
        [AP_ST_RED] = {0xC62828, 0xF8C9C9, 0x8E0000, AP_SHAPE_SQUARE},
        [AP_ST_COMPLETED] = {0x1565C0, 0xCFE2F8, 0x0D3C78, AP_SHAPE_DIAMOND},
        [AP_ST_UNREPORTED] = {0x9E9E9E, 0xEEEEEE, 0x424242, AP_SHAPE_RING},
        [AP_ST_EXCLUDED] = {0xBDBDBD, 0xF5F5F5, 0x616161, AP_SHAPE_DASH},
        [AP_ST_NONE] = {0xBDBDBD, 0xF5F5F5, 0x616161, AP_SHAPE_DASH},
        [AP_ST_UNMEASURED] = {0x9E9E9E, 0xEEEEEE, 0x424242, AP_SHAPE_RING},
    };
    return &styles[(unsigned)s < AP_ST_COUNT ? s : AP_ST_NONE];
}

const char *ap_shape_glyph(ap_shape shape)
{
    switch (shape) {
    case AP_SHAPE_CIRCLE: return "●";
    case AP_SHAPE_TRIANGLE: return "▲";
    case AP_SHAPE_SQUARE: return "■";
    case AP_SHAPE_DIAMOND: return "◆";
    case AP_SHAPE_RING: return "○";
    default: return "–";
    }
}
