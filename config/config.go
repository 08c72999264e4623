// Package config holds claimgraph's typed configuration: defaults, loading
// from flags, CLAIMGRAPH_* environment variables and a YAML file (in that
// order of precedence), validation, and where each value came from.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"
)

// Config is the effective configuration.
type Config struct {
	Store     string        `mapstructure:"store" json:"store"`
	DB        string        `mapstructure:"db" json:"db"`
	Workers   int           `mapstructure:"workers" json:"workers"`
	BatchSize int           `mapstructure:"batch_size" json:"batch_size"`
	MaxBytes  int64         `mapstructure:"max_bytes" json:"max_bytes"`
	Lexicon   []string      `mapstructure:"lexicon" json:"lexicon"`
	Wait      time.Duration `mapstructure:"wait" json:"wait"`
	Timeout   time.Duration `mapstructure:"timeout" json:"timeout"`
	Limit     int           `mapstructure:"limit" json:"limit"`
	History   string        `mapstructure:"history" json:"history"`
}

// Keys lists the configuration keys in display order.
var Keys = []string{"store", "db", "workers", "batch_size", "max_bytes", "lexicon", "wait", "timeout", "limit", "history"}

// EnvPrefix is the prefix of environment variables (CLAIMGRAPH_DB, …).
const EnvPrefix = "CLAIMGRAPH"

// DataDir is where claimgraph keeps its data by default:
// $XDG_DATA_HOME/claimgraph, else ~/.local/share/claimgraph.
func DataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "claimgraph")
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".local", "share", "claimgraph")
	}
	return ".claimgraph"
}

// DefaultFile is the config file read when --config is not given:
// $XDG_CONFIG_HOME/claimgraph/config.yaml, else
// ~/.config/claimgraph/config.yaml.
func DefaultFile() string {
	if d, err := os.UserConfigDir(); err == nil {
		return filepath.Join(d, "claimgraph", "config.yaml")
	}
	return ""
}

// Defaults returns the built-in defaults.
func Defaults() map[string]any {
	return map[string]any{
		"store":      "bolt",
		"db":         filepath.Join(DataDir(), "db"),
		"workers":    runtime.NumCPU(),
		"batch_size": 64,
		"max_bytes":  int64(16 << 20),
		"lexicon":    []string{},
		"wait":       time.Duration(0),
		"timeout":    30 * time.Second,
		"limit":      1000,
		"history":    filepath.Join(DataDir(), "history"),
	}
}

// Loaded is a configuration with the origin of each value.
type Loaded struct {
	Config
	File   string            // the config file read ("" if none)
	Origin map[string]string // key → flag | env | file | default
}

// Load builds the configuration. flags may hold any of the keys as flags
// (named with dashes: --batch-size); file is the --config value ("" for
// the default location, which may be absent).
func Load(flags *pflag.FlagSet, file string) (*Loaded, error) {
	v := viper.New()
	for k, d := range Defaults() {
		v.SetDefault(k, d)
	}
	v.SetEnvPrefix(EnvPrefix)
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_"))
	v.AutomaticEnv()
	explicit := file != ""
	if file == "" {
		file = DefaultFile()
	}
	read := ""
	if file != "" {
		if _, err := os.Stat(file); err == nil || explicit {
			v.SetConfigFile(file)
			v.SetConfigType("yaml")
			if err := v.ReadInConfig(); err != nil {
				var nf viper.ConfigFileNotFoundError
				if errors.As(err, &nf) || os.IsNotExist(err) {
					return nil, fmt.Errorf("config file %s not found (create it or drop --config)", file)
				}
				return nil, fmt.Errorf("config file %s: %v (fix the YAML)", file, err)
			}
			read = file
		}
	}
	origin := map[string]string{}
	for _, k := range Keys {
		flag := strings.ReplaceAll(k, "_", "-")
		if flags != nil {
			if f := flags.Lookup(flag); f != nil {
				if err := v.BindPFlag(k, f); err != nil {
					return nil, err
				}
				if f.Changed {
					origin[k] = "flag"
					continue
				}
			}
		}
		if _, ok := os.LookupEnv(EnvPrefix + "_" + strings.ToUpper(k)); ok {
			origin[k] = "env " + EnvPrefix + "_" + strings.ToUpper(k)
		} else if read != "" && v.InConfig(k) {
			origin[k] = "file"
		} else {
			origin[k] = "default"
		}
	}
	if read != "" {
		if err := checkKeys(read); err != nil {
			return nil, err
		}
	}
	// decode key by key, so that an error names the key and its source
	var c Config
	rv := reflect.ValueOf(&c).Elem()
	for i := 0; i < rv.NumField(); i++ {
		k := rv.Type().Field(i).Tag.Get("mapstructure")
		if err := v.UnmarshalKey(k, rv.Field(i).Addr().Interface()); err != nil {
			return nil, fmt.Errorf("%s: %q is not %s", source(k, origin[k], read), fmt.Sprint(v.Get(k)), expected[k])
		}
	}
	switch {
	case c.Store == "memstore" && origin["db"] == "default":
		c.DB = "" // memstore keeps nothing on disk
	case c.Store == "memstore" && c.DB != "":
		return nil, fmt.Errorf("%s: memstore keeps nothing on disk and takes no db; drop it or choose --store bolt", source("db", origin["db"], read))
	case (c.Store == "postgres" || c.Store == "cockroach") && origin["db"] == "default":
		return nil, fmt.Errorf("store %s needs a connection string: --db 'postgresql://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=disable', CLAIMGRAPH_DB or db: in the config file", c.Store)
	}
	// a comma-separated list from the environment
	if len(c.Lexicon) == 1 && strings.Contains(c.Lexicon[0], ",") {
		c.Lexicon = strings.Split(c.Lexicon[0], ",")
	}
	l := &Loaded{Config: c, File: read, Origin: origin}
	return l, l.Validate()
}

// expected describes the form of each key's value.
var expected = map[string]string{
	"store":      "one of bolt, memstore, postgres, cockroach",
	"db":         "a directory (bolt) or a connection string (postgres, cockroach)",
	"workers":    "a whole number of at least 1",
	"batch_size": "a whole number of at least 1",
	"max_bytes":  "a positive whole number of bytes",
	"lexicon":    "a list of lexicon files (comma-separated in the environment)",
	"wait":       "a duration such as 0s, 10s or 2m",
	"timeout":    "a duration such as 30s or 2m (0 for none)",
	"limit":      "a whole number, 0 or more",
	"history":    "a file path",
}

// source names where a key's value came from, for messages: the flag,
// the environment variable or the config file.
func source(key, origin, file string) string {
	switch {
	case origin == "flag":
		return "--" + strings.ReplaceAll(key, "_", "-")
	case strings.HasPrefix(origin, "env "):
		return strings.TrimPrefix(origin, "env ")
	case origin == "file":
		return fmt.Sprintf("%s in config file %s", key, file)
	}
	return key
}

// checkKeys reports keys of the config file that are not settings, with
// the file and line.
func checkKeys(file string) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("config file %s: %v", file, err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil || len(doc.Content) == 0 {
		return nil // viper reported YAML errors already; an empty file is fine
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return fmt.Errorf("%s:%d: the config file must be a mapping of settings (%s)", file, root.Line, strings.Join(Keys, ", "))
	}
	var errs []string
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := root.Content[i]
		if !slices.Contains(Keys, strings.ToLower(k.Value)) {
			errs = append(errs, fmt.Sprintf("%s:%d: unknown key %q (settings: %s)", file, k.Line, k.Value, strings.Join(Keys, ", ")))
		}
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "\n"))
	}
	return nil
}

// Validate checks the values.
func (c *Config) Validate() error {
	return c.validate(func(k string) string { return k })
}

// Validate checks the values; errors name the source of each value.
func (l *Loaded) Validate() error {
	return l.Config.validate(func(k string) string { return source(k, l.Origin[k], l.File) })
}

func (c *Config) validate(name func(key string) string) error {
	var errs []string
	bad := func(key string, value any) {
		errs = append(errs, fmt.Sprintf("%s is %v; it must be %s", name(key), value, expected[key]))
	}
	switch c.Store {
	case "bolt", "memstore", "postgres", "cockroach":
	default:
		bad("store", fmt.Sprintf("%q", c.Store))
	}
	if c.Store != "memstore" && c.DB == "" {
		bad("db", "empty")
	}
	if c.Workers < 1 {
		bad("workers", c.Workers)
	}
	if c.BatchSize < 1 {
		bad("batch_size", c.BatchSize)
	}
	if c.MaxBytes < 1 {
		bad("max_bytes", c.MaxBytes)
	}
	if c.Limit < 0 {
		bad("limit", c.Limit)
	}
	if c.Timeout < 0 {
		bad("timeout", c.Timeout)
	}
	if c.Wait < 0 {
		bad("wait", c.Wait)
	}
	if len(errs) > 0 {
		sort.Strings(errs)
		return errors.New(strings.Join(errs, "; "))
	}
	return nil
}
