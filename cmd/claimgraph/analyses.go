package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/claimgraph/claimgraph/graph"
	"github.com/claimgraph/claimgraph/schema"
)

var contradictionKinds = []string{"polarity", "opposing", "implied", "value"}

func (a *app) newContradictions() *cobra.Command {
	var f graph.ContradictionFilter
	var format string
	cmd := &cobra.Command{
		Use:   "contradictions [flags]",
		Short: "Find where sources disagree",
		Long: `Kinds:
  polarity  the same claim asserted by one source and denied by another
  opposing  opposite predicates (agree/reject, affirm/deny, support/oppose,
            want/oppose) for the same subject, object and event
  implied   participants "did not discuss X" in an event while a source
            reports a participant's positive claim about X in it
  value     different values of a single-valued event fact (duration,
            medium, initiator, date), with the difference and a severity:
            minor within the tolerance of approximate values, else major
Results come strongest first: major before minor, then more independent
sources on each side. Each shows both sides with sources, documents and
evidence: the first --evidence mentions of each side (3 unless given) and
how many more there are; --evidence 0 shows them all (in json, jsonl and
csv too). The first --limit contradictions are shown (100 unless given;
--limit 0 shows them all), and how many more there are is said on stderr.`,
		Example: `  claimgraph contradictions
  claimgraph contradictions --event call_2021_12_07 --kind implied
  claimgraph contradictions --format json --evidence 0 | jq '.[0].sides'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fm, err := a.resolveFormat(format)
			if err != nil {
				return err
			}
			if f.Evidence < 0 {
				return usagef("--evidence must be 0 (all) or more")
			}
			if f.Limit < 0 {
				return usagef("--limit must be 0 (all) or more")
			}
			if f.Kind != "" && !contains(contradictionKinds, f.Kind) {
				return usagef("unknown --kind %q (choose one of %s)", f.Kind, strings.Join(contradictionKinds, ", "))
			}
			return a.withStore(cmd.Context(), func(store *graph.Store) error {
				if err := a.resolveFlags(cmd.Context(), store,
					nameFlag{"--event", &f.Event, eventField, []string{kEvent}},
					nameFlag{"--topic", &f.Topic, objectField, []string{kTopic, kPredicate}}); err != nil {
					return err
				}
				cs, total, err := store.ContradictionsTotal(cmd.Context(), f)
				if err != nil {
					return err
				}
				if err := writeContradictions(a, fm, cs); err != nil {
					return err
				}
				if more := total - len(cs); more > 0 {
					fmt.Fprintf(a.errOut, "and %d more (--limit 0 shows all)\n", more)
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&f.Event, "event", "", "only this event")
	cmd.Flags().StringVar(&f.Kind, "kind", "", "only this kind: polarity, opposing, implied, value")
	cmd.Flags().StringVar(&f.Topic, "topic", "", "only this topic (or fact, for value conflicts)")
	addEvidenceFlag(cmd, &f.Evidence, "side")
	cmd.Flags().IntVar(&f.Limit, "limit", graph.DefaultContradictionLimit, "show the first N contradictions, strongest first (0: all)")
	addFormatFlag(cmd, &format)
	return cmd
}

// addEvidenceFlag adds --evidence, the mentions shown per side (what a
// side is: per).
func addEvidenceFlag(cmd *cobra.Command, n *int, per string) {
	cmd.Flags().IntVar(n, "evidence", graph.DefaultEvidence, "mentions shown per "+per+", with how many more there are (0: all)")
}

// moreText says how many mentions an evidence cap left out.
func moreText(n int) string {
	if n <= 0 {
		return ""
	}
	return fmt.Sprintf("(+%d more)", n)
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func writeContradictions(a *app, format string, cs []schema.Contradiction) error {
	if cs == nil {
		cs = []schema.Contradiction{}
	}
	switch format {
	case "json":
		return writeJSON(a.out, cs)
	case "jsonl":
		return writeJSONL(a.out, cs)
	case "csv":
		return writeCSV(a.out, contradictionColumns, contradictionRows(cs))
	}
	for i, c := range cs {
		sev := ""
		switch {
		case c.Severity != "" && c.DifferenceUnit != "":
			sev = fmt.Sprintf(" [%s, difference %g %s]", c.Severity, c.Difference, c.DifferenceUnit)
		case c.Severity != "":
			sev = fmt.Sprintf(" [%s]", c.Severity)
		}
		fmt.Fprintf(a.out, "%d. %s  %s  %s%s\n   %s\n", i+1, strings.ToUpper(c.Kind), c.Event, c.Topic, sev, c.Summary)
		for side, ms := range c.Sides {
			for _, m := range ms {
				head := fmt.Sprintf("   %s %-8s %s %s %s  (%s, %s)  ", []string{"A", "B"}[side], polarityWord(m.Polarity), m.Subject, m.Predicate, m.Object, m.Source, m.Doc)
				room := 70
				if tw := termWidth(a.out); tw > 0 {
					room = max(20, tw-cells(head)-1)
				}
				fmt.Fprintln(a.out, head+trim(m.Evidence, room))
			}
			if side < len(c.More) && c.More[side] > 0 {
				fmt.Fprintf(a.out, "   %s %d more\n", []string{"A", "B"}[side], c.More[side])
			}
		}
		fmt.Fprintln(a.out)
	}
	fmt.Fprintln(a.out, count(len(cs), "contradiction", "contradictions"))
	return nil
}

// contradictionColumns head the contradictions CSV: the contradiction's
// own fields, then each mention's (whose event is the mention's own).
var contradictionColumns = append([]string{"contradiction", "kind", "contradiction_event", "topic", "severity", "difference", "difference_unit", "side"}, mentionColumns...)

// contradictionRows gives one row per mention, with the number of its
// contradiction and side; difference is empty where it does not apply.
func contradictionRows(cs []schema.Contradiction) [][]string {
	var rows [][]string
	for i, c := range cs {
		diff := ""
		if c.DifferenceUnit != "" {
			diff = strconv.FormatFloat(c.Difference, 'f', -1, 64)
		}
		for side, ms := range c.Sides {
			for _, m := range ms {
				rows = append(rows, append([]string{fmt.Sprint(i + 1), c.Kind, c.Event, c.Topic, c.Severity, diff, c.DifferenceUnit, fmt.Sprint(side + 1)}, mentionRow(m)...))
			}
		}
	}
	return rows
}

func polarityWord(p string) string {
	if p == schema.Negative {
		return "denies"
	}
	return "asserts"
}

func (a *app) newShifts() *cobra.Command {
	var from, to, actor, format string
	var evidence, limit int
	cmd := &cobra.Command{
		Use:   "shifts --from EVENT --to EVENT [flags]",
		Short: "How each actor's positions moved between two events",
		Long: `For every actor, predicate, object and polarity seen in either event:
  stable    in both events
  new       in the second only
  dropped   in the first only
  reversed  the same subject and object with the opposite polarity, or an
            opposing predicate, in the second event
  contested asserted by some sources and denied by others in the second
            event (polarity "mixed"; WAS gives the first event's stance)
FROM and TO give the sources of the first --evidence mentions in each
event (3 unless given) and how many more there are; --evidence 0 gives all.
The --limit shifts that changed most are shown (100 unless given; --limit 0
shows all): reversed, contested, new, dropped, then stable, those with more
mentions first, in the order above; how many more there are is said on
stderr.`,
		Example: `  claimgraph shifts --from call_2021_12_07 --to call_2021_12_30
  claimgraph shifts --from call_2021_12_07 --to call_2021_12_30 --actor putin --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if from == "" || to == "" {
				return usagef("shifts needs --from and --to (event IDs such as call_2021_12_07)")
			}
			if evidence < 0 {
				return usagef("--evidence must be 0 (all) or more")
			}
			if limit < 0 {
				return usagef("--limit must be 0 (all) or more")
			}
			fm, err := a.resolveFormat(format)
			if err != nil {
				return err
			}
			return a.withStore(cmd.Context(), func(store *graph.Store) error {
				if err := a.resolveFlags(cmd.Context(), store,
					nameFlag{"--from", &from, eventField, []string{kEvent}},
					nameFlag{"--to", &to, eventField, []string{kEvent}},
					nameFlag{"--actor", &actor, subjectField, []string{kActor}}); err != nil {
					return err
				}
				ss, total, err := store.ShiftsTotal(cmd.Context(), from, to, actor, evidence, limit)
				if err != nil {
					return err
				}
				if err := writeShifts(a, fm, ss); err != nil {
					return err
				}
				if more := total - len(ss); more > 0 {
					fmt.Fprintf(a.errOut, "and %d more (--limit 0 shows all)\n", more)
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "first event ID")
	cmd.Flags().StringVar(&to, "to", "", "second event ID")
	cmd.Flags().StringVar(&actor, "actor", "", "only this actor")
	addEvidenceFlag(cmd, &evidence, "event of a shift")
	cmd.Flags().IntVar(&limit, "limit", graph.DefaultShiftLimit, "show the N shifts that changed most (0: all)")
	addFormatFlag(cmd, &format)
	return cmd
}

func writeShifts(a *app, format string, ss []schema.Shift) error {
	if ss == nil {
		ss = []schema.Shift{}
	}
	switch format {
	case "json":
		return writeJSON(a.out, ss)
	case "jsonl":
		return writeJSONL(a.out, ss)
	}
	rows := make([][]string, len(ss))
	for i, s := range ss {
		rows[i] = []string{s.Actor, s.Status, strings.TrimSpace(polaritySign(s.Polarity) + " " + s.Predicate), s.Object, s.Was, docsMore(s.From, s.FromMore), docsMore(s.To, s.ToMore)}
	}
	header := []string{"ACTOR", "STATUS", "PREDICATE", "OBJECT", "WAS", "FROM", "TO"}
	if format == "csv" {
		return writeCSV(a.out, []string{"actor", "status", "predicate", "object", "polarity", "was", "from_docs", "to_docs"}, shiftCSV(ss))
	}
	return table(a.out, header, rows)
}

func shiftCSV(ss []schema.Shift) [][]string {
	rows := make([][]string, len(ss))
	for i, s := range ss {
		rows[i] = []string{s.Actor, s.Status, s.Predicate, s.Object, s.Polarity, s.Was, docsMore(s.From, s.FromMore), docsMore(s.To, s.ToMore)}
	}
	return rows
}

// docsMore is docsOf, then how many mentions an evidence cap left out.
func docsMore(ms []schema.Mention, more int) string {
	return strings.TrimSpace(docsOf(ms) + " " + moreText(more))
}

// docsOf summarizes where mentions come from: "source@doc" pairs.
func docsOf(ms []schema.Mention) string {
	seen := map[string]bool{}
	var out []string
	for _, m := range ms {
		k := m.Source + "@" + strings.SplitN(m.Doc, "_", 2)[0]
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

func (a *app) newPositions() *cobra.Command {
	var topic, event, format string
	var evidence int
	cmd := &cobra.Command{
		Use:   "positions --topic TOPIC [--event EVENT]",
		Short: "Which actors took which stance on a topic, per event",
		Long: `Lists each actor's stances on a topic per event, with the direction of the
stance (for: affirm, demand, express_concern…; against: deny, reject, oppose,
or any stance negated) and the condition it depends on (IF), and says which
actors stand on each side when they disagree. warn has two roles: the threat
of its object as a consequence ("warned of sanctions if…") is for it, a
warning against its object as an action ("warned of the consequences of
imposing sanctions") is against it. SOURCES gives the sources of the
first --evidence mentions of each stance (3 unless given) and how many
more there are; --evidence 0 gives all.`,
		Example: "  claimgraph positions --topic invasion_threat\n  claimgraph positions --topic sanctions --event call_2021_12_30 --format json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if topic == "" {
				return usagef("positions needs --topic (a topic ID such as invasion_threat)")
			}
			if evidence < 0 {
				return usagef("--evidence must be 0 (all) or more")
			}
			fm, err := a.resolveFormat(format)
			if err != nil {
				return err
			}
			var ps []schema.Position
			if err := a.withStore(cmd.Context(), func(store *graph.Store) (err error) {
				if err := a.resolveFlags(cmd.Context(), store,
					nameFlag{"--topic", &topic, objectField, []string{kTopic}},
					nameFlag{"--event", &event, eventField, []string{kEvent}}); err != nil {
					return err
				}
				ps, err = store.Positions(cmd.Context(), topic, event, evidence)
				return err
			}); err != nil {
				return err
			}
			if done, err := writeRecords(a.out, fm, ps, positionColumns, positionRow); done {
				return err
			}
			rows := make([][]string, len(ps))
			actorsBy := map[string]map[string]bool{} // direction → actors
			for i, p := range ps {
				if actorsBy[p.Stance] == nil {
					actorsBy[p.Stance] = map[string]bool{}
				}
				actorsBy[p.Stance][p.Actor] = true
				rows[i] = []string{p.Event, p.Actor, strings.TrimSpace(polaritySign(p.Polarity) + " " + p.Predicate), p.Stance, p.Condition, docsMore(p.Mentions, p.More)}
			}
			if err := table(a.out, []string{"EVENT", "ACTOR", "STANCE", "DIRECTION", "IF", "SOURCES"}, rows); err != nil {
				return err
			}
			if len(actorsBy["for"]) > 0 && len(actorsBy["against"]) > 0 {
				fmt.Fprintf(a.out, "actors disagree on %s: for %s; against %s\n", topic,
					strings.Join(keys(actorsBy["for"]), ", "), strings.Join(keys(actorsBy["against"]), ", "))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&topic, "topic", "", "topic ID")
	cmd.Flags().StringVar(&event, "event", "", "only this event")
	addEvidenceFlag(cmd, &evidence, "stance")
	addFormatFlag(cmd, &format)
	return cmd
}

var positionColumns = []string{"event", "actor", "predicate", "polarity", "stance", "condition", "sources"}

func positionRow(p schema.Position) []string {
	return []string{p.Event, p.Actor, p.Predicate, p.Polarity, p.Stance, p.Condition, docsMore(p.Mentions, p.More)}
}
