package main

import (
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
