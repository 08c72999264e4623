package main

import (
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"github.com/spf13/cobra"

	"github.com/claimgraph/claimgraph/config"
)

func (a *app) newConfig() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Print the effective configuration and where each value came from",
		Long: `Prints every setting with its value and origin: flag, env CLAIMGRAPH_*,
file (the config file) or default. The config file is YAML with the same keys:

  store: bolt
  db: /data/claims
  workers: 4
  lexicon: [my-lexicon.yaml]`,
		Example: "  claimgraph config\n  CLAIMGRAPH_WORKERS=2 claimgraph config --format json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := a.resolveFormat(format)
			if err != nil {
				return err
			}
			type entry struct {
				Key    string `json:"key"`
				Value  any    `json:"value"`
				Origin string `json:"origin"`
			}
			var entries []entry
			v := reflect.ValueOf(a.cfg.Config)
			t := v.Type()
			byKey := map[string]any{}
			for i := 0; i < t.NumField(); i++ {
				byKey[t.Field(i).Tag.Get("mapstructure")] = v.Field(i).Interface()
			}
			for _, k := range config.Keys {
				v := byKey[k]
				if d, ok := v.(time.Duration); ok {
					v = d.String() // "30s", as in the config file
				}
				entries = append(entries, entry{k, v, a.cfg.Origin[k]})
			}
			switch f {
			case "json", "jsonl":
				return writeObject(a.out, f, map[string]any{"file": a.cfg.File, "settings": entries})
			}
			rows := make([][]string, len(entries))
			for i, e := range entries {
				b, _ := json.Marshal(e.Value)
				val := string(b)
				if s, ok := e.Value.(string); ok {
					val = s
				}
				if d, ok := e.Value.(fmt.Stringer); ok {
					val = d.String()
				}
				rows[i] = []string{e.Key, val, e.Origin}
			}
			if f == "csv" {
				// the config file is a row of its own, so the output is all CSV
				origin := "default"
				if a.configFile != "" {
					origin = "flag"
				}
				return writeCSV(a.out, []string{"key", "value", "origin"}, append([][]string{{"file", a.cfg.File, origin}}, rows...))
			}
			file := a.cfg.File
			if file == "" {
				file = "(none; default location " + config.DefaultFile() + ")"
			}
			fmt.Fprintln(a.out, "config file:", file)
			return table(a.out, []string{"KEY", "VALUE", "ORIGIN"}, rows)
		},
	}
	addFormatFlag(cmd, &format)
	return cmd
}
