package synth

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// GoldFile is the name of the gold file in the output directory, and
// ReportsDir the directory of the reports beside it: 'claimgraph ingest'
// would read a gold file among the reports as documents.
const (
	GoldFile   = "gold.jsonl"
	ReportsDir = "reports"
)

// ErrNotEmpty is returned when the output directory holds files and
// Options.Force is not set.
var ErrNotEmpty = errors.New("directory is not empty")

// Options says what corpus to write.
type Options struct {
	Reports int
	Seed    uint64
	// Force writes into a directory that is not empty, replacing the
	// reports and gold file of an earlier run there.
	Force bool
	// OnReport, when set, is called after each report is written.
	OnReport func(done, total int)
}

// Summary counts what Write wrote.
type Summary struct {
	Reports int
	Bytes   int64
	// Claims counts the gold lines; Distinct the distinct claims among
	// them (subject, predicate, object, polarity, event).
	Claims, Distinct int
	Elapsed          time.Duration
}

var ours = regexp.MustCompile(`^synth_\d{6,}\.txt$`)

// Write writes the reports into dir/reports and the gold file into dir,
// creating them. Each
// file is written to a temporary file and renamed into place, so an
// interrupted run leaves whole reports only; the gold file comes last.
func (g *Generator) Write(ctx context.Context, dir string, o Options) (Summary, error) {
	start := time.Now()
	var sum Summary
	if o.Reports < 0 {
		return sum, fmt.Errorf("reports must be 0 or more, not %d", o.Reports)
	}
	if err := prepare(dir, o.Force); err != nil {
		return sum, err
	}
	rdir := filepath.Join(dir, ReportsDir)
	if err := os.MkdirAll(rdir, 0o755); err != nil {
		return sum, fmt.Errorf("create %s: %w", rdir, err)
	}
	gf, err := os.CreateTemp(dir, "."+GoldFile+".*.tmp")
	if err != nil {
		return sum, fmt.Errorf("create gold file: %w", err)
	}
	defer os.Remove(gf.Name()) // after the rename this removes nothing
	defer gf.Close()
	gw := bufio.NewWriter(gf)
	enc := json.NewEncoder(gw)
	enc.SetEscapeHTML(false)
	distinct := map[string]bool{}
	for i := 0; i < o.Reports; i++ {
		if err := ctx.Err(); err != nil {
			sum.Elapsed = time.Since(start)
			return sum, err
		}
		rep := g.Report(o.Seed, i)
		if err := writeFile(rdir, rep.Name, []byte(rep.Text)); err != nil {
			return sum, err
		}
		for _, l := range rep.Gold {
			if err := enc.Encode(l); err != nil {
				return sum, fmt.Errorf("write gold: %w", err)
			}
			ev, _, _ := strings.Cut(l.Event, "|")
			distinct[strings.Join([]string{l.Subject, l.Predicate, l.Object, l.Polarity, ev}, "\x00")] = true
		}
		sum.Reports++
		sum.Claims += len(rep.Gold)
		sum.Bytes += int64(len(rep.Text))
		if o.OnReport != nil {
			o.OnReport(i+1, o.Reports)
		}
	}
	if err := gw.Flush(); err != nil {
		return sum, fmt.Errorf("write gold: %w", err)
	}
	if err := gf.Chmod(0o644); err != nil {
		return sum, fmt.Errorf("write gold: %w", err)
	}
	if err := gf.Close(); err != nil {
		return sum, fmt.Errorf("write gold: %w", err)
	}
	if err := os.Rename(gf.Name(), filepath.Join(dir, GoldFile)); err != nil {
		return sum, fmt.Errorf("write gold: %w", err)
	}
	sum.Distinct = len(distinct)
	sum.Elapsed = time.Since(start)
	return sum, nil
}

// prepare creates dir, or checks that it is empty; with force it removes
// the reports and gold file an earlier run left there (and nothing else:
// other files stay, and reports of this run replace those of the same
// name).
func prepare(dir string, force bool) error {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("create %s: %w", dir, err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", dir, err)
	}
	if len(ents) == 0 {
		return nil
	}
	if !force {
		return fmt.Errorf("%s: %w (%d entries); choose a new directory, or pass --force to replace an earlier corpus there", dir, ErrNotEmpty, len(ents))
	}
	if err := os.Remove(filepath.Join(dir, GoldFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove earlier gold file: %w", err)
	}
	rdir := filepath.Join(dir, ReportsDir)
	reps, err := os.ReadDir(rdir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("read %s: %w", rdir, err)
	}
	for _, e := range reps {
		if !e.IsDir() && ours.MatchString(e.Name()) {
			if err := os.Remove(filepath.Join(rdir, e.Name())); err != nil {
				return fmt.Errorf("remove earlier report: %w", err)
			}
		}
	}
	return nil
}

// writeFile writes a file whole or not at all: a temporary file in the
// same directory, renamed into place.
func writeFile(dir, name string, b []byte) error {
	f, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(dir, name))
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}
