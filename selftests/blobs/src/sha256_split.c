/* The purgatory sha256 split: a hash routine that saves and restores its state by struct copy. */
struct sha256_state {
	unsigned int h[8];
	unsigned long long count;
	unsigned char buf[64];
	unsigned char pad[1024];	/* bigger state, as split-out implementations carry */
};

static void mix(struct sha256_state *s, const unsigned char *p)
{
	int i;

	for (i = 0; i < 64; i++)
		s->h[i & 7] = (s->h[i & 7] << 5 | s->h[i & 7] >> 27) ^ p[i] ^ s->buf[i];
}

void sha256_update(struct sha256_state *sctx, const unsigned char *data, unsigned long len)
{
	struct sha256_state tmp = *sctx;	/* work on a copy, publish at the end */

	while (len >= 64) {
		mix(&tmp, data);
		data += 64;
		len -= 64;
		tmp.count += 64;
	}
	*sctx = tmp;
}
