/* test_feedback.c on PostgreSQL (tests/unit/testdb.h): the same tests, each on
 * a fresh schema of DANVAN_TEST_PG_URL (tests/pg_test.sh). */
#define TESTDB_PG 1
#include "test_feedback.c"
