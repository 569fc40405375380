/*
 * cache.c - sharded, direct-mapped response cache with version stamps and
 * a time to live (see cache.h for the rules that keep it correct).
 */
#include "cache.h"
#include "core/arena.h"
#include "core/timefmt.h"
#include "core/xalloc.h"
#include "store/stamp.h"

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
};

struct shard {
	pthread_mutex_t lock;
	struct entry slots[CACHE_SLOTS];
};

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
	struct entry *e = &sh->slots[(h / CACHE_SHARDS) % CACHE_SLOTS];
	int hit = 0;
	pthread_mutex_lock(&sh->lock);
	if (e->key && e->hash == h && e->stamp == stamp && !strcmp(e->key, key) &&
	    mono_now() - e->stored < CACHE_TTL) {
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

void cache_put(const char *key, int64_t stamp, const void *data, size_t len)
{
	if (len > CACHE_MAX_BYTES || STAMP_TIME(stamp) > (int64_t)time(NULL) - 2)
		return;
	uint64_t h = hash_key(key);
	struct shard *sh = &shards[h % CACHE_SHARDS];
	struct entry *e = &sh->slots[(h / CACHE_SHARDS) % CACHE_SLOTS];
	char *k = xstrdup(key);
	char *d = xmalloc(len ? len : 1);
	memcpy(d, data, len);
	pthread_mutex_lock(&sh->lock);
	char *old_k = e->key, *old_d = e->data;
	e->key = k;
	e->hash = h;
	e->stamp = stamp;
	e->stored = mono_now();
	e->data = d;
	e->len = len;
	pthread_mutex_unlock(&sh->lock);
	free(old_k);
	free(old_d);
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
