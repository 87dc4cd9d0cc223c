/* The one /proc/<pid>/maps and smaps parser; libc-free (raw syscalls only). */
#ifndef MAPS_H
#define MAPS_H

#include <stdbool.h>

struct map_entry {
	unsigned long start, end, offset;
	int prot;		/* PROT_READ | PROT_WRITE | PROT_EXEC bits */
	bool shared;		/* 's' rather than 'p' */
	unsigned long inode;
	char name[128];		/* "" for anonymous; truncated, always NUL-terminated */
};

/* Calls cb for every mapping of pid (0 = self); a nonzero cb return stops and is returned. */
int maps_scan(int pid, int (*cb)(const struct map_entry *e, void *arg), void *arg);

/* Reads every mapping of pid into out; returns the count, -ENOSPC if more than max, or -errno. */
int maps_read(int pid, struct map_entry *out, int max);

/* Index of the first entry whose name equals name, or -1. */
int maps_find(const struct map_entry *m, int n, const char *name);

/* Index of the entry containing addr, or -1. */
int maps_find_addr(const struct map_entry *m, int n, unsigned long addr);

/* 1 if the mapping starting at start has VmFlags "sl" (mseal), 0 if not, -errno. */
int maps_sealed(int pid, unsigned long start);

#endif
