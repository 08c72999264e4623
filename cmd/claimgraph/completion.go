package main

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/claimgraph/claimgraph/config"
	"github.com/claimgraph/claimgraph/graph"
)

// registerCompletions gives shell completion the values of the flags
// that take a fixed set or a vocabulary name (formats, events, actors,
// topics, predicates…).
func (a *app) registerCompletions(root *cobra.Command) {
	fixed := func(vals ...string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return func(_ *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
			return withPrefix(vals, prefix), cobra.ShellCompDirectiveNoFileComp
		}
	}
	named := func(kinds ...string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return func(cmd *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
			if a.cfg == nil {
				cfg, err := config.Load(cmd.Flags(), a.configFile)
				if err != nil {
					return nil, cobra.ShellCompDirectiveError
				}
				a.cfg = cfg
			}
			n, err := a.loadNames()
			if err != nil {
				return nil, cobra.ShellCompDirectiveError
			}
			var ids []string
			for _, k := range kinds {
				ids = append(ids, n.ids[k]...)
			}
			return withPrefix(ids, prefix), cobra.ShellCompDirectiveNoFileComp
		}
	}
	byFlag := map[string]func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective){
		"event":     named(kEvent),
		"from":      named(kEvent),
		"to":        named(kEvent),
		"subject":   named(kActor, kEvent),
		"actor":     named(kActor),
		"source":    named(kActor),
		"object":    named(kTopic, kActor),
		"topic":     named(kTopic),
		"predicate": named(kPredicate),
		"kind":      fixed(contradictionKinds...),
		"lang":      fixed(graph.Languages()...),
		"table":     fixed("claims", "mentions", "contradictions"),
		"polarity":  fixed("positive", "negative"),
	}
	root.RegisterFlagCompletionFunc("store", fixed(graph.Backends()...))
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.LocalNonPersistentFlags().VisitAll(func(f *pflag.Flag) {
			fn := byFlag[f.Name]
			if f.Name == "format" {
				switch c.Name() {
				case "export":
					fn = fixed(exportFormats...)
				case "import":
					fn = fixed("nquads", "jsonld")
				case "query":
					fn = fixed("json", "jsonl")
				default:
					fn = fixed(formats...)
				}
			}
			if fn != nil {
				c.RegisterFlagCompletionFunc(f.Name, fn)
			}
		})
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
}

func withPrefix(vals []string, prefix string) []string {
	var out []string
	for _, v := range vals {
		if strings.HasPrefix(v, prefix) {
			out = append(out, v)
		}
	}
	return out
}
