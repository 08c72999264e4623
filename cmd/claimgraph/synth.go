package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/claimgraph/claimgraph/ingest/lexicon"
	"github.com/claimgraph/claimgraph/ingest/synth"
)

type synthOptions struct {
	Reports int
	Seed    uint64
	Out     string
	Force   bool
}

func (a *app) newSynth() *cobra.Command {
	o := &synthOptions{}
	cmd := &cobra.Command{
		Use:   "synth --reports N --seed S -o DIR",
		Short: "Write a synthetic corpus of Arabic reports with its gold claims",
		Long: `Writes N synthetic Arabic news reports about the two Biden–Putin calls of
December 2021 into DIR/reports (one .txt file each, a title line first), and
DIR/gold.jsonl with the claims each sentence states, in the format 'eval
--gold' reads. Use them to benchmark ingest on a corpus of any size and to
score extraction on it.

Reports are built from the lexicon (its actors, predicate verbs, topics,
conditions, event phrases, dates and event facts, with your --lexicon files),
in several word orders and frames: verb first and subject first, speech and
"according to" attributions, relays, negation, conditions, the events' dates,
weekdays and phrases, how long the talks lasted, by what medium and in
what tone, and
sentences that state nothing.

The same N and seed always give byte-identical files, and a larger N the
same first reports; another seed gives another corpus. Each file is written
whole or not at all (a temporary file renamed into place) and the gold file
comes last, so an interrupted run leaves whole reports and no gold file. DIR
must be new or empty; --force writes into it anyway, replacing the reports
and gold file of an earlier corpus there.`,
		Example: `  claimgraph synth --reports 100 --seed 1 -o corpus
  claimgraph --db corpus.db ingest corpus/reports
  claimgraph --db corpus.db eval --gold corpus/gold.jsonl
  claimgraph synth --reports 20000 --seed 7 -o big --force`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.Out == "" {
				return usagef("synth needs -o DIR, the directory to write the corpus into")
			}
			if o.Reports < 0 {
				return usagef("--reports must be 0 or more, not %d", o.Reports)
			}
			return a.runSynth(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.Reports, "reports", 100, "number of reports to write")
	f.Uint64Var(&o.Seed, "seed", 1, "seed of the corpus: the same seed and number give the same files")
	f.StringVarP(&o.Out, "output", "o", "", "directory to write the corpus into (new or empty)")
	f.BoolVar(&o.Force, "force", false, "write into a directory that is not empty, replacing an earlier corpus there")
	return cmd
}

func (a *app) runSynth(ctx context.Context, o *synthOptions) error {
	if err := checkLexiconFiles(a.cfg.Lexicon); err != nil {
		return err
	}
	set, err := lexicon.LoadAll(a.cfg.Lexicon...)
	if err != nil {
		return err
	}
	voc, err := lexicon.LoadVocabulary()
	if err != nil {
		return err
	}
	g, err := synth.New(set.For("ar"), voc)
	if err != nil {
		return err
	}
	var bar *progressbar.ProgressBar
	opts := synth.Options{Reports: o.Reports, Seed: o.Seed, Force: o.Force}
	if a.stderrTerminal && o.Reports >= 100 {
		bar = progressbar.NewOptions(o.Reports,
			progressbar.OptionSetWriter(a.errOut),
			progressbar.OptionSetDescription(fmt.Sprintf("synth %d reports", o.Reports)),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionShowCount(),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		opts.OnReport = func(done, _ int) { bar.Set(done) }
	}
	sum, err := g.Write(ctx, o.Out, opts)
	if bar != nil {
		bar.Finish()
	}
	rate := float64(sum.Reports) / max(sum.Elapsed.Seconds(), 1e-9)
	switch {
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(a.errOut, "interrupted: wrote %d of %d reports to %s and no gold file; run synth again with --force\n",
			sum.Reports, o.Reports, filepath.Join(o.Out, synth.ReportsDir))
		return codeError{exitInterrupted, errors.New("")}
	case err != nil:
		return err
	}
	fmt.Fprintf(a.errOut, "wrote %d reports (%d bytes) to %s and %d gold claims (%d distinct) to %s in %.2fs (%.0f reports/s)\n",
		sum.Reports, sum.Bytes, filepath.Join(o.Out, synth.ReportsDir), sum.Claims, sum.Distinct,
		filepath.Join(o.Out, synth.GoldFile), sum.Elapsed.Seconds(), rate)
	return nil
}
