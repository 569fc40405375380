/*
 * cache.c - sharded, set-associative response cache with version stamps
 * and a time to live (see cache.h for the rules that keep it correct).
 */
#include "cache.h"
#include "core/arena.h"
#include "core/timefmt.h"
#include "core/xalloc.h"
#include "store/stamp.h"
#include "http/request.h"
#include "http/response.h"

#include <pthread.h>
#include <stdatomic.h>

static atomic_uint_fast64_t hits, misses;

void cache_counts(uint64_t *h, uint64_t *m)
{
	*h = atomic_load(&hits);
	*m = atomic_load(&misses);
}

struct entry {
	char *key;
	uint64_t hash;
	int64_t stamp;
	int64_t stored;     /* monotonic seconds */
	char *data;
	size_t len;
	uint64_t used;      /* the shard's tick of its last use: the least recent goes first */
	int ttl;            /* seconds */
};

struct shard {
	pthread_mutex_t lock;
	uint64_t tick;
	struct entry slots[CACHE_SLOTS];
};

_Static_assert(CACHE_SLOTS % CACHE_WAYS == 0, "a shard holds whole sets");

/* The first entry of the set of a key's hash. */
static struct entry *set_of(struct shard *sh, uint64_t h)
{
	return &sh->slots[((h / CACHE_SHARDS) % (CACHE_SLOTS / CACHE_WAYS)) * CACHE_WAYS];
}

static struct shard shards[CACHE_SHARDS] = {
#define S { .lock = PTHREAD_MUTEX_INITIALIZER }
	S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
#undef S
};

_Static_assert(CACHE_SHARDS == 16, "update the shard initialisers");

static uint64_t hash_key(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* seconds of the monotonic clock */
static int64_t mono_now(void)
{
	return mono_ns() / 1000000000;
}

int cache_get(const char *key, int64_t stamp, struct arena *a, const void **data, size_t *len)
{
	uint64_t h = hash_key(key);
	struct shard *sh = &shards[h % CACHE_SHARDS];
	struct entry *set = set_of(sh, h), *e = NULL;
	int hit = 0;
	pthread_mutex_lock(&sh->lock);
	for (size_t i = 0; i < CACHE_WAYS && !e; i++)
		if (set[i].key && set[i].hash == h && !strcmp(set[i].key, key))
			e = &set[i];
	if (e && e->stamp == stamp && mono_now() - e->stored < e->ttl) {
		e->used = ++sh->tick;
		char *copy = arena_alloc(a, e->len ? e->len : 1);
		if (copy) {
			memcpy(copy, e->data, e->len);
			*data = copy;
			*len = e->len;
			hit = 1;
		}
	}
	pthread_mutex_unlock(&sh->lock);
	atomic_fetch_add(hit ? &hits : &misses, 1);
	return hit;
}

static void put(const char *key, int64_t stamp, const void *data, size_t len, int ttl)
{
	if (len > CACHE_MAX_BYTES || STAMP_TIME(stamp) > (int64_t)time(NULL) - 2)
		return;
	uint64_t h = hash_key(key);
	struct shard *sh = &shards[h % CACHE_SHARDS];
	struct entry *set = set_of(sh, h), *e = NULL;
	char *k = xstrdup(key);
	char *d = xmalloc(len ? len : 1);
	memcpy(d, data, len);
	pthread_mutex_lock(&sh->lock);
	/* the key's own entry, else a free one, else the least recently used */
	for (size_t i = 0; i < CACHE_WAYS && !e; i++)
		if (set[i].key && set[i].hash == h && !strcmp(set[i].key, key))
			e = &set[i];
	for (size_t i = 0; i < CACHE_WAYS && !e; i++)
		if (!set[i].key)
			e = &set[i];
	if (!e) {
		e = &set[0];
		for (size_t i = 1; i < CACHE_WAYS; i++)
			if (set[i].used < e->used)
				e = &set[i];
	}
	e->used = ++sh->tick;
	char *old_k = e->key, *old_d = e->data;
	e->key = k;
	e->hash = h;
	e->stamp = stamp;
	e->stored = mono_now();
	e->data = d;
	e->len = len;
	e->ttl = ttl;
	pthread_mutex_unlock(&sh->lock);
	free(old_k);
	free(old_d);
}

void cache_put(const char *key, int64_t stamp, const void *data, size_t len)
{
	put(key, stamp, data, len, CACHE_TTL);
}

int cache_respond(struct request *req, const char *key, int64_t stamp, const char *ctype,
		  int (*build)(struct request *req), int ttl)
{
	if (!key || strlen(key) > CACHE_KEY_MAX)
		return build(req);
	const void *data;
	size_t len;
	if (cache_get(key, stamp, req->arena, &data, &len))
		return http_bytes(req, 200, ctype, data, len);
	int rc = build(req);
	if (http_status(req) == 200)
		put(key, stamp, req->out->buf, req->out->len, ttl > 0 ? ttl : CACHE_TTL);
	return rc;
}

void cache_clear(void)
{
	for (size_t i = 0; i < CACHE_SHARDS; i++) {
		pthread_mutex_lock(&shards[i].lock);
		for (size_t j = 0; j < CACHE_SLOTS; j++) {
			struct entry *e = &shards[i].slots[j];
			free(e->key);
			free(e->data);
			memset(e, 0, sizeof(*e));
		}
		pthread_mutex_unlock(&shards[i].lock);
	}
}
