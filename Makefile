# danvan - GNU Makefile (no autotools).
#   make          build ./danvan (optimised)
#   make run      install missing packages, build, create ./data with demo data, serve
#   make check    install test needs, build (release, and ASan+UBSan), run every suite
#   make bench    load figures against nginx (writes bench/RESULTS.md);
#                 make bench DB=postgresql: the same on a local PostgreSQL
#   make fuzz     run each libFuzzer target for FUZZ_SECONDS
.DELETE_ON_ERROR:
.SUFFIXES:

CC      ?= cc
PKGS    := libmicrohttpd sqlite3 libpq jansson libsodium libutf8proc libqrencode xlsxwriter libcmark libical
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
WARN    := -Wall -Wextra -Werror -Wformat=2 -Wshadow -Wvla -Wpointer-arith \
           -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
BASE    := -std=c17 -D_GNU_SOURCE -Isrc -include src/core/prelude.h $(PKG_CFLAGS) $(WARN) -MMD -MP
REL_CFLAGS  := $(BASE) -O2 -g -fstack-protector-strong -D_FORTIFY_SOURCE=2
ASAN_CFLAGS := $(BASE) -O1 -g -fno-omit-frame-pointer \
               -fsanitize=address,undefined -fno-sanitize-recover=undefined -DDANVAN_TESTING=1
LIBS    := $(PKG_LIBS) -lpthread -lm

SRC      := $(wildcard src/*/*.c)
MAIN     := src/main.c
ASSETS   := $(sort $(wildcard templates/*.html templates/*/*.html static/* migrations/*/*.sql demo/*.csv))
REL_OBJ  := $(SRC:src/%.c=build/rel/%.o) build/rel/gen/assets.o
ASAN_OBJ := $(SRC:src/%.c=build/asan/%.o) build/asan/gen/assets.o
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=build/asan/tests/%)

DATA   ?= ./data
LISTEN ?= 127.0.0.1:8080

.PHONY: all run check test bench fuzz clean deps
all: danvan

danvan: $(REL_OBJ) build/rel/main.o
	$(CC) $(REL_CFLAGS) -o $@ $^ $(LIBS)

build/asan/danvan: $(ASAN_OBJ) build/asan/main.o
	$(CC) $(ASAN_CFLAGS) -o $@ $^ $(LIBS)

build/embed: tools/embed.c
	@mkdir -p build
	$(CC) -O1 -o $@ $<

build/gen/assets.c: build/embed $(ASSETS) Makefile
	@mkdir -p build/gen
	build/embed $@ $(ASSETS)

build/rel/gen/assets.o: build/gen/assets.c
	@mkdir -p $(dir $@)
	$(CC) $(REL_CFLAGS) -Wno-missing-prototypes -c -o $@ $<

build/asan/gen/assets.o: build/gen/assets.c
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_CFLAGS) -Wno-missing-prototypes -c -o $@ $<

build/rel/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"; $(CC) $(REL_CFLAGS) -c -o $@ $<

build/asan/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"; $(CC) $(ASAN_CFLAGS) -c -o $@ $<

build/asan/tests/%: tests/unit/%.c $(ASAN_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_CFLAGS) -Itests -o $@ $< $(ASAN_OBJ) $(LIBS) -lcmocka

deps:
	scripts/deps

run: deps
	$(MAKE) danvan
	./danvan init --data $(DATA)
	./danvan demo --data $(DATA)
	./danvan serve --data $(DATA) --listen $(LISTEN)

check:
	scripts/deps --test
	$(MAKE) danvan build/asan/danvan $(UNIT_BIN)
	scripts/run-tests

test: check

bench: deps
	scripts/deps --bench
	case "$(DB)" in postgres*) scripts/deps --test ;; esac
	$(MAKE) danvan
	bench/run

fuzz:
	scripts/deps --test
	scripts/fuzz $${FUZZ_SECONDS:-60}

clean:
	rm -rf build danvan

-include $(shell find build -name '*.d' 2>/dev/null)
