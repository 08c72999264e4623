package main

import (
	"fmt"
	"io"
	"sort"
	"time"
)

func readAllString(r io.Reader) (string, error) {
	b, err := io.ReadAll(r)
	return string(b), err
}

func parseDuration(s string) (time.Duration, error) { return time.ParseDuration(s) }

func sortStrings(s []string) { sort.Strings(s) }

// count writes n with the singular or plural of a noun: "1 document",
// "2 documents".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
