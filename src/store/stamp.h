/*
 * stamp.h - cheap "has this changed?" reads for response caching: one
 * indexed lookup instead of loading a whole record.
 */
#ifndef DANVAN_STAMP_H
#define DANVAN_STAMP_H

#include <stdint.h>

struct db;

/* The updated_at of the feedback item with this code (UTC seconds); every
 * change to an item sets it. DB_NOTFOUND when there is no such item. */
int stamp_feedback(struct db *db, const char *code, int64_t *updated_at);

#endif
