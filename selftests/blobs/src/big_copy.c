/* A 64 KiB-and-a-header aggregate copy: gcc calls memcpy for it on all five ABIs, -ffreestanding or not. */
struct image {
	unsigned int header[8];
	unsigned char bytes[65536];	/* s390x gcc copies exact multiples of 256 with mvc loops */
};

void save_image(struct image *dst, const struct image *src)
{
	*dst = *src;
}
