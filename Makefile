# Stokkel: PostgreSQL extension built with PGXS.
#
#   make demo    install what is needed (Debian), build, install, start a private
#                throw-away cluster, load sample data and show what Stokkel does
#   make test    the same set-up, then pg_regress, pgTAP and the C unit tests
#   make psql    a shell on the private cluster;  make stop  stops it

EXTENSION  = stokkel
EXTVERSION = 0.1.0

MODULE_big = stokkel
CORE_SRCS  = $(sort $(wildcard src/core/*.c))
GLUE_SRCS  = $(sort $(wildcard src/*.c))
OBJS       = $(GLUE_SRCS:.c=.o) $(CORE_SRCS:.c=.o)

# The install script is assembled from the SQL beside the C it declares;
# order matters (types before functions that use them).
SQL_SRCS   = src/stokkel.sql src/series.sql src/retail_schema.sql src/batch_fk.sql src/sample_data.sql \
             src/forecast.sql src/backtest.sql src/analytics.sql src/inventory.sql \
             src/reorder.sql src/alerts.sql src/io.sql src/api_support.sql src/api.sql \
             src/api_features.sql src/report.sql
DATA_built = $(EXTENSION)--$(EXTVERSION).sql
DATA       = $(wildcard src/updates/$(EXTENSION)--*--*.sql)
EXTRA_CLEAN = test/unit/bin test/unit/obj results regression.diffs regression.out output_iso

# pg_regress: inputs sql/*.sql, outputs expected/*.out (its default layout).
REGRESS      = $(patsubst sql/%.sql,%,$(sort $(wildcard sql/*.sql)))
REGRESS_OPTS = --dbname=stokkel_regress

# Isolation specs (pg_isolation_regress): specs/*.spec vs expected/*.out,
# in their own database with the extension loaded.
ISOLATION      = $(patsubst specs/%.spec,%,$(sort $(wildcard specs/*.spec)))
ISOLATION_OPTS = --dbname=stokkel_isolation --load-extension=stokkel

GSL_CFLAGS := $(shell pkg-config --cflags gsl 2>/dev/null)
GSL_LIBS   := $(shell pkg-config --libs gsl 2>/dev/null || echo -lgsl -lgslcblas -lm)
# PG_CPPFLAGS reaches both the native and the LLVM bitcode compiles; no FMA
# contraction so results do not depend on the compiler's choices.
PG_CPPFLAGS = -I$(srcdir)/src $(GSL_CFLAGS) -ffp-contract=off
SHLIB_LINK  = $(GSL_LIBS) -lxlsxwriter -lhpdf -lz

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)
# Before 'make deps' has installed the server headers there is no PGXS; the
# targets below still work (they run deps first, then make again).
ifneq ($(wildcard $(PGXS)),)
include $(PGXS)
else
all:
	@echo "PostgreSQL server headers are missing: run 'make deps' (as root) first." >&2; exit 1
endif

# PGXS tracks no header dependencies (Debian's build has no autodepend):
# rebuild every object when any header changes, so a changed struct is never
# read through a stale object.
$(OBJS): $(wildcard src/*.h src/core/*.h)

$(EXTENSION)--$(EXTVERSION).sql: $(SQL_SRCS)
	cat $^ > $@

CLUSTER = $(CURDIR)/test/cluster.sh
UNIT_SRCS = $(sort $(wildcard test/unit/test_*.c))
UNIT_BINS = $(patsubst test/unit/%.c,test/unit/bin/%,$(UNIT_SRCS))
UNIT_OBJS = $(patsubst src/core/%.c,test/unit/obj/%.o,$(CORE_SRCS))
UNIT_CFLAGS = -O2 -g -Wall -Wextra -ffp-contract=off -Isrc -Isrc/core -Itest/unit

.PHONY: deps build-install start stop psql demo test unit installcheck-all

# Debian packages needed to build, test and benchmark (idempotent; needs root
# only when something is missing).
DEPS = postgresql-15 postgresql-server-dev-15 postgresql-15-pgtap \
       libtap-parser-sourcehandler-pgtap-perl libgsl-dev pkg-config gcc make \
       libxlsxwriter-dev libhpdf-dev zlib1g-dev unzip python3 chromium \
       poppler-utils
deps:
	@missing=$$(for p in $(DEPS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	fi

build-install: deps
	$(MAKE) all
	$(MAKE) install

start: build-install
	$(CLUSTER) start

stop:
	$(CLUSTER) stop

psql:
	$(CLUSTER) psql

demo: start
	@mkdir -p $(CURDIR)/results
	$(CLUSTER) psql -X -v ON_ERROR_STOP=1 -v out=$(CURDIR)/results -q -f $(CURDIR)/test/demo.sql

# The core compiled once for all the unit tests (not with the server's flags)
test/unit/obj/%.o: src/core/%.c $(wildcard src/core/*.h)
	@mkdir -p test/unit/obj
	$(CC) $(UNIT_CFLAGS) $(GSL_CFLAGS) -c -o $@ $<

test/unit/bin/%: test/unit/%.c $(UNIT_OBJS) $(wildcard test/unit/*.h)
	@mkdir -p test/unit/bin
	$(CC) $(UNIT_CFLAGS) $(GSL_CFLAGS) -o $@ $< $(UNIT_OBJS) $(GSL_LIBS) -lhpdf

unit: $(UNIT_BINS)

test: start
	$(MAKE) unit
	$(CURDIR)/test/run_tests.sh
