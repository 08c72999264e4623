package graph

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/cayleygraph/cayley/query"
	_ "github.com/cayleygraph/cayley/query/gizmo"   // Gizmo
	_ "github.com/cayleygraph/cayley/query/graphql" // GraphQL
	_ "github.com/cayleygraph/cayley/query/mql"     // MQL
)

// Languages lists the query languages.
func Languages() []string {
	ls := query.Languages()
	sort.Strings(ls)
	return ls
}

// ErrLimit says a query produced more results than its limit allowed.
var ErrLimit = errors.New("result limit reached")

// ErrTimeout says a query ran out of its time; the caller names the
// control that raises it.
var ErrTimeout = errors.New("stopped at its timeout")

// Query runs a query in lang (gizmo, graphql, mql) and returns up to limit
// JSON-ready results (0: no limit). It stops when ctx ends; the returned
// results are those read until then. truncated reports that the limit cut
// the results.
func (s *Store) Query(ctx context.Context, lang, text string, limit int) (results []any, truncated bool, err error) {
	l := query.GetLanguage(lang)
	if l == nil {
		return nil, false, fmt.Errorf("unknown query language %q (choose one of %s)", lang, strings.Join(Languages(), ", "))
	}
	sess := l.Session(s.qs)
	opt := query.Options{Collation: query.JSON}
	if limit > 0 {
		opt.Limit = limit + 1
	}
	it, err := sess.Execute(ctx, text, opt)
	if err != nil {
		return nil, false, err
	}
	defer it.Close()
	results = []any{}
	for it.Next(ctx) {
		r := it.Result()
		if r == nil {
			continue
		}
		if limit > 0 && len(results) >= limit {
			return results, true, nil
		}
		results = append(results, r)
	}
	if err := it.Err(); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return results, false, ErrTimeout
		}
		return results, false, err
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return results, false, ErrTimeout
	}
	return results, false, ctx.Err()
}
