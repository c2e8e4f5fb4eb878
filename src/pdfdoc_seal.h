/*
 * pdfdoc_seal.h - compressing a PDF page's drawing as soon as the page is
 * done, on a thread of its own, instead of keeping every page as text until
 * the document is saved. The lowest layer of the layout engine: it knows
 * libharu's pages and streams, nothing of the engine's document.
 *
 * libharu holds every page's content stream uncompressed in memory until
 * HPDF_SaveToFile deflates them all, one after the other: a pack of 7,800
 * pages held about 280 MB that way, and the deflating ran on the thread
 * that lays out the pages. Here a finished page's stream is copied out and
 * emptied at once; a worker thread deflates the copy while the next pages
 * are laid out; the compressed bytes go back into the page's stream before
 * the save (pd_sealer_settle), marked so that libharu writes them as they
 * are (the stream's filter is "none") and the stream dictionary's write
 * hook adds the /Filter /FlateDecode that says what they are.
 *
 * Drawing on a page after it was sealed (running heads, the contents) must
 * go into a new content stream of the page (HPDF_Page_New_Content_Stream):
 * PDF reads a page's streams as one. pdfdoc_page.c does that.
 *
 * This reaches into libharu 2.3's structures (hpdf_pages.h, hpdf_objects.h
 * and hpdf_streams.h are public headers of libhpdf-dev): a page's contents
 * dictionary, its stream and its write hook.
 */
#ifndef AP_PDFDOC_SEAL_H
#define AP_PDFDOC_SEAL_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct pd_sealer pd_sealer;

/* A sealer; threaded unless threads is false (then pages are compressed
 * on the caller's thread, at pd_seal). NULL when out of memory. */
pd_sealer *pd_sealer_new(bool threads);

/* Seal the page's current content stream: returns true when it was taken
 * (the page must get a new content stream before anything more is drawn on
 * it), false when it was left as it is, to be compressed by libharu at the
 * save: an open text or path object, a saved graphics state, a stream that
 * is not to be compressed. */
bool pd_seal(pd_sealer *s, HPDF_Page page);

/* Put every compressed stream back into its page, waiting for the worker;
 * false (and the document must not be saved) when memory ran out or zlib
 * failed. Pages may be sealed again afterwards. */
bool pd_sealer_settle(pd_sealer *s);

/* Stop the worker and let go of what is still held; pages sealed but not
 * settled keep an empty stream. NULL is fine. */
void pd_sealer_free(pd_sealer *s);

/* Bytes handed over and bytes they were compressed to so far. */
void pd_sealer_counts(pd_sealer *s, size_t *in, size_t *out);

#endif
