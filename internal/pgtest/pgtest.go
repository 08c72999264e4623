// Package pgtest gives tests a PostgreSQL database of their own: the DSN
// of the test database, and schemas in it that are dropped when the test
// ends, so that tests of several packages share one server.
package pgtest

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/lib/pq" // the driver Cayley's PostgreSQL backend uses
)

// DSN returns the test database's DSN (CLAIMGRAPH_TEST_POSTGRES). Without
// one the test is skipped, unless CLAIMGRAPH_REQUIRE_POSTGRES is set (as
// in CI): then it fails.
func DSN(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv("CLAIMGRAPH_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("CLAIMGRAPH_REQUIRE_POSTGRES") != "" {
			tb.Fatal("CLAIMGRAPH_REQUIRE_POSTGRES is set but CLAIMGRAPH_TEST_POSTGRES is empty")
		}
		tb.Skip("CLAIMGRAPH_TEST_POSTGRES is not set")
	}
	return dsn
}

// Schema makes an empty schema named after name in the database of dsn
// and returns a DSN whose tables live in it (its search_path) and a
// connection to it. The schema is dropped at the end of the test.
func Schema(tb testing.TB, dsn, name string) (string, *sql.DB) {
	tb.Helper()
	admin, err := sql.Open("postgres", dsn)
	if err != nil {
		tb.Fatal(err)
	}
	name = fmt.Sprintf("cg_%s_%d_%d", name, os.Getpid(), time.Now().UnixNano()%1e9)
	if _, err := admin.Exec(`CREATE SCHEMA ` + name); err != nil {
		admin.Close()
		tb.Fatalf("create schema %s: %v", name, err)
	}
	tb.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + name + ` CASCADE`); err != nil {
			tb.Errorf("drop schema %s: %v", name, err)
		}
		admin.Close()
	})
	out := dsn + " search_path=" + name
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		q := u.Query()
		q.Set("search_path", name)
		u.RawQuery = q.Encode()
		out = u.String()
	}
	db, err := sql.Open("postgres", out)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return out, db
}
