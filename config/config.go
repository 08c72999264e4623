// Package config holds claimgraph's typed configuration: defaults, loading
// from flags, CLAIMGRAPH_* environment variables and a YAML file (in that
// order of precedence), validation, and where each value came from.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
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
	var c Config
	if err := v.Unmarshal(&c); err != nil {
		return nil, fmt.Errorf("configuration: %v", err)
	}
	// a comma-separated list from the environment
	if len(c.Lexicon) == 1 && strings.Contains(c.Lexicon[0], ",") {
		c.Lexicon = strings.Split(c.Lexicon[0], ",")
	}
	l := &Loaded{Config: c, File: read, Origin: origin}
	return l, l.Validate()
}

// Validate checks the values.
func (c *Config) Validate() error {
	var errs []string
	switch c.Store {
	case "bolt", "memstore", "postgres", "cockroach":
	default:
		errs = append(errs, fmt.Sprintf("store %q is not one of bolt, memstore, postgres, cockroach", c.Store))
	}
	if c.Store != "memstore" && c.DB == "" {
		errs = append(errs, "db is empty: give a directory (bolt) or a connection string")
	}
	if c.Workers < 1 {
		errs = append(errs, "workers must be at least 1")
	}
	if c.BatchSize < 1 {
		errs = append(errs, "batch_size must be at least 1")
	}
	if c.MaxBytes < 1 {
		errs = append(errs, "max_bytes must be positive")
	}
	if c.Limit < 0 || c.Timeout < 0 || c.Wait < 0 {
		errs = append(errs, "limit, timeout and wait cannot be negative")
	}
	if len(errs) > 0 {
		sort.Strings(errs)
		return errors.New(strings.Join(errs, "; "))
	}
	return nil
}
