/* vDSO placement for restore: same-image test, proxy patching and the proxy record. */
#ifndef CR_VDSO_H
#define CR_VDSO_H

#include <stdint.h>
#include "cr_image.h"

#define CR_PROXY_MAGIC		"cr-vdso-proxy-1"
#define CR_PROXY_MAX_ENTRIES	48
#define CR_PROXY_MAX_JUMP	40

/*
 * Kept in the first page of the anonymous placeholder that sits where the
 * old vvar was: the ELF image at the proxy stays intact, and a later
 * checkpoint finds here the bytes each jump replaced and the old vvar layout.
 */
struct cr_proxy_record {
	char magic[16];
	uint64_t proxy_start, proxy_size;
	uint32_t nr_vvars, nr_entries;
	struct {
		uint64_t start, end;
		char name[24];
	} vvars[CR_MAX_VVARS];
	struct {
		uint64_t offset;
		uint32_t len, pad;
		unsigned char orig[CR_PROXY_MAX_JUMP];
	} entries[CR_PROXY_MAX_ENTRIES];
};

/*
 * True if the runtime vDSO at rt (rt_size bytes, data VMAs rt_vvars relative
 * to rt_start) can stand in for the image's: same size, same vvar layout,
 * and the same bytes or the same symbol offsets. why says what differs.
 */
bool cr_vdso_same(const struct cr_image *img, const void *rt, unsigned long rt_size,
		  unsigned long rt_start, const struct cr_range *rt_vvars, int nr_rt_vvars,
		  char *why, unsigned long why_len);

/*
 * Patches buf (a copy of the old image that will live at at) so that every
 * exported entry jumps to the same-named export of the runtime image parsed
 * from rt, which will live at rt_at: a short PC-relative jump where it reaches
 * (unless long_only), else the long one. Fills rec. Fails with CR_E_VDSO
 * naming the first export that has no counterpart or no room for a jump.
 */
int cr_proxy_patch(unsigned char *buf, unsigned long size, unsigned long at, const void *rt,
		   unsigned long rt_size, unsigned long rt_at, bool long_only,
		   struct cr_proxy_record *rec, unsigned int *nr_patched, struct cr_result *res);

/* Puts back the bytes rec says the jumps replaced; -EINVAL if rec does not fit buf. */
int cr_proxy_unpatch(unsigned char *buf, unsigned long size, const struct cr_proxy_record *rec);

#endif
