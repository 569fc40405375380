/*
 * stamp.h - cheap "has this changed?" reads for response caching: one
 * indexed lookup instead of loading a whole record.
 */
#ifndef DANVAN_STAMP_H
#define DANVAN_STAMP_H

#include <stdint.h>

struct db;

/* A stamp's low STAMP_TIME_BITS bits are a time (UTC seconds, until the
 * year 2514); the bits above them a version that changes with every write. */
#define STAMP_TIME_BITS 34
#define STAMP_TIME(stamp) ((stamp) & (((int64_t)1 << STAMP_TIME_BITS) - 1))

/*
 * The version stamp of the feedback item with this code: its updated_at
 * (every change to an item sets it) with, above it, the low bits of the id
 * of its latest event (every workflow change and rating writes one). The
 * event id tells apart two changes stamped with the same second, such as a
 * change whose request began in the second of the previous one but that
 * waited for the write lock (another server's transaction) before it
 * committed. Never negative. DB_NOTFOUND when there is no such item.
 */
int stamp_feedback(struct db *db, const char *code, int64_t *stamp);

/*
 * The version stamp of a kind's public lists ("feedback": every list and
 * search of public, published or closed items): the time of the last
 * change to a record the public can see in them, with above it the low
 * bits of a counter that every such change increments, in the same
 * transaction (triggers, migrations/{sqlite,postgresql}/0024_public_versions.sql). Never negative.
 * DB_NOTFOUND for an unknown kind.
 */
int stamp_public(struct db *db, const char *kind, int64_t *stamp);

/*
 * The version stamp of every kind's public lists at once (the home page, the
 * search across kinds): the latest change of any kind, with above it the
 * sum of the kinds' counters, which grows with every change to any of them.
 * Kinds: "feedback" (0024), "meeting", "consultation", "model" (0027),
 * "unit" (0044: units and successions), "category" (0047); news has its
 * own stamp (store/article.h article_stamp).
 */
int stamp_public_all(struct db *db, int64_t *stamp);

/*
 * The stamp of a kind (as stamp_public()) to key what a process keeps of
 * the database (the organisation tree, the categories): 1 with *stamp set;
 * 0 when there is none to trust, inside a transaction (the stamp in memory
 * cannot tell the transaction's own changes) or for a kind the schema does
 * not have yet; a negative db_rc on failure.
 */
int stamp_for_cache(struct db *db, const char *kind, int64_t *stamp);

/*
 * `a` with the later of the two stamps' times: for an entry whose key holds
 * the whole of `b` (so that a change of b misses), while the entry's time
 * still keeps it out of the cache until both changes are two seconds old
 * (web/cache.h).
 */
static inline int64_t stamp_later(int64_t a, int64_t b)
{
	return STAMP_TIME(b) > STAMP_TIME(a) ? (a & ~(((int64_t)1 << STAMP_TIME_BITS) - 1)) | STAMP_TIME(b) : a;
}

#endif
