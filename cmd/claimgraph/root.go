package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/claimgraph/claimgraph/config"
	"github.com/claimgraph/claimgraph/graph"
	"github.com/claimgraph/claimgraph/ingest"
	"github.com/claimgraph/claimgraph/ingest/extract"
	"github.com/claimgraph/claimgraph/ingest/lexicon"
	"github.com/claimgraph/claimgraph/schema"
)

// Exit codes.
const (
	exitOK          = 0
	exitError       = 1
	exitUsage       = 2
	exitSkipped     = 3
	exitInterrupted = 130
)

// usageError marks an error in how the command was called (exit 2).
type usageError struct{ error }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// exitError carries a specific exit code with its message.
type codeError struct {
	code int
	err  error
}

func (e codeError) Error() string { return e.err.Error() }
func (e codeError) Unwrap() error { return e.err }

// app holds what every command shares: streams, the config file flag and
// the loaded configuration.
type app struct {
	in             io.Reader
	out, errOut    io.Writer
	configFile     string
	cfg            *config.Loaded
	root           *cobra.Command
	stdoutTerminal bool
	stderrTerminal bool
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func newApp(in io.Reader, out, errOut io.Writer) *app {
	return &app{in: in, out: out, errOut: errOut, stdoutTerminal: isTerminal(out), stderrTerminal: isTerminal(errOut)}
}

func run(ctx context.Context, args []string, in io.Reader, out, errOut io.Writer) int {
	a := newApp(in, out, errOut)
	root := a.newRoot()
	root.SetArgs(args)
	root.SetIn(in)
	root.SetOut(out)
	root.SetErr(errOut)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ce codeError
	var ue usageError
	switch {
	case errors.As(err, &ce):
		if ce.err != nil && ce.err.Error() != "" {
			fmt.Fprintln(errOut, "claimgraph:", ce.err)
		}
		return ce.code
	case errors.As(err, &ue) || isFlagError(err):
		fmt.Fprintf(errOut, "claimgraph: %v\nRun 'claimgraph --help' or 'claimgraph COMMAND --help' for usage.\n", err)
		return exitUsage
	case errors.Is(err, context.Canceled) && ctx.Err() != nil:
		fmt.Fprintln(errOut, "claimgraph: interrupted")
		return exitInterrupted
	}
	fmt.Fprintln(errOut, "claimgraph:", err)
	return exitError
}

func isFlagError(err error) bool {
	s := err.Error()
	for _, p := range []string{"unknown flag", "unknown shorthand", "unknown command", "flag needs an argument", "invalid argument", "accepts ", "requires at least", "requires exactly", "bad flag syntax", "required flag"} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

func (a *app) newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "claimgraph",
		Short: "A claim graph of news reports: who claimed what, contradictions, shifts",
		Long: `claimgraph reads news reports (Arabic first), extracts subject–predicate–object
claims with their provenance (document, sentence, source, polarity, condition,
event), stores them in a Cayley graph, and answers the questions researchers
ask of coverage.

Configuration: flag > CLAIMGRAPH_* environment > config file > default.
The embedded bolt store lives in ` + config.DataDir() + `/db unless --db says otherwise.`,
		Example: `  claimgraph ingest examples/seeds
  claimgraph claims --subject putin --predicate warn
  claimgraph contradictions --event call_2021_12_07
  claimgraph shifts --from call_2021_12_07 --to call_2021_12_30
  claimgraph query 'g.V("<cg:biden>").Out("<cg:commit>").All()'`,
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := config.Load(cmd.Flags(), a.configFile)
			if err != nil {
				return usageError{err}
			}
			a.cfg = cfg
			return nil
		},
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	pf := root.PersistentFlags()
	pf.StringVar(&a.configFile, "config", "", "config file (default "+config.DefaultFile()+")")
	pf.String("store", "bolt", "store backend: bolt, memstore, postgres, cockroach (env CLAIMGRAPH_STORE)")
	pf.String("db", config.Defaults()["db"].(string), "store directory (bolt) or connection string (env CLAIMGRAPH_DB)")
	pf.Duration("wait", 0, "wait this long for a bolt store another process holds: writers (ingest, import, reextract) wait for readers and writers, readers only for a writer (env CLAIMGRAPH_WAIT)")
	pf.StringSlice("lexicon", nil, "extra lexicon files extending the embedded one (env CLAIMGRAPH_LEXICON)")
	a.root = root
	root.AddCommand(a.newIngest(), a.newClaims(), a.newQuery(), a.newShell(), a.newStats(), a.newEval(),
		a.newConfig(), a.newExtract(), a.newContradictions(), a.newShifts(), a.newPositions(),
		a.newExport(), a.newImport(), a.newLexicon(), a.newDocs(), a.newReextract(), a.newServe(), a.newSynth())
	a.registerCompletions(root)
	return root
}

// version is the module version and, for a build from a checkout, the
// commit it was built from.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = ", modified"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev != "" {
		v += " (commit " + rev + dirty + ")"
	}
	return v + " " + bi.GoVersion
}

// openStore opens the configured store. A read-only store shares the
// store with other readers; a writer holds it alone.
func (a *app) openStore(ctx context.Context, readOnly bool) (*graph.Store, error) {
	s, err := graph.Open(ctx, graph.Options{Backend: a.cfg.Store, Address: a.cfg.DB, Wait: a.cfg.Wait, ReadOnly: readOnly})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// freshStore reports whether the configured bolt store does not exist
// yet, so that a command that writes nothing can remove what opening it
// created.
func (a *app) freshStore() bool {
	if a.cfg.Store != "bolt" {
		return false
	}
	_, err := os.Stat(a.cfg.DB)
	return errors.Is(err, fs.ErrNotExist)
}

// dropStore closes a store that a command created and removes it.
func (a *app) dropStore(store *graph.Store) {
	store.Close()
	os.RemoveAll(a.cfg.DB)
}

// extractor builds the extractor from the embedded lexicon and the
// configured extra files.
func (a *app) extractor() (*extract.Extractor, *lexicon.Vocabulary, *lexicon.Lexicon, error) {
	if err := checkLexiconFiles(a.cfg.Lexicon); err != nil {
		return nil, nil, nil, err
	}
	set, err := lexicon.LoadAll(a.cfg.Lexicon...)
	if err != nil {
		return nil, nil, nil, err
	}
	voc, err := lexicon.LoadVocabulary()
	if err != nil {
		return nil, nil, nil, err
	}
	return extract.NewSet(set, voc), voc, set.For(lexicon.DefaultLang), nil
}

// readWithExtractor builds the extractor and reads the inputs as ingest
// would, reporting what it skips; used by the commands that extract
// without storing.
func (a *app) readWithExtractor(args []string) (*extract.Extractor, []schema.Document, []ingest.Skip, error) {
	x, _, _, err := a.extractor()
	if err != nil {
		return nil, nil, nil, err
	}
	docs, all := ingest.Read(args, ingest.Options{MaxBytes: a.cfg.MaxBytes, Stdin: a.in})
	var skips []ingest.Skip
	for _, s := range all {
		if s.Ignored {
			fmt.Fprintln(a.errOut, "ignored", s.Error())
			continue
		}
		fmt.Fprintln(a.errOut, "skipped", s.Error())
		skips = append(skips, s)
	}
	return x, docs, skips, nil
}

// withStore opens the store for reading, runs fn and closes it.
func (a *app) withStore(ctx context.Context, fn func(*graph.Store) error) error {
	store, err := a.openStore(ctx, true)
	if err != nil {
		return err
	}
	defer store.Close()
	return fn(store)
}

// terms converts the vocabulary into labeled graph terms.
func terms(v *lexicon.Vocabulary) []schema.Term {
	var out []schema.Term
	add := func(kind string, m map[string]lexicon.Term) {
		for id, t := range m {
			ar := ""
			if len(t.Cues) > 0 {
				ar = t.Cues[0]
			}
			out = append(out, schema.Term{ID: id, Kind: kind, Type: t.Type, En: t.En, Ar: ar})
		}
	}
	add("actor", v.Actors)
	add("predicate", v.Predicates)
	add("topic", v.Topics)
	add("event", v.Events)
	return out
}
