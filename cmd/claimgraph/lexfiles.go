package main

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/claimgraph/claimgraph/ingest/lexicon"
)

// checkLexiconFiles reports keys of the user's lexicon files that the
// lexicon format does not have, with the file and line, instead of
// letting the lexicon ignore them.
func checkLexiconFiles(paths []string) error {
	var errs []string
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("read lexicon %s: %v", p, cause(err))
		}
		var doc yaml.Node
		if yaml.Unmarshal(b, &doc) != nil || len(doc.Content) == 0 {
			continue // the lexicon reports malformed YAML itself
		}
		unknownKeys(doc.Content[0], reflect.TypeOf(lexicon.File{}), func(line int, key string) {
			errs = append(errs, fmt.Sprintf("%s:%d: unknown key %q in a lexicon file", p, line, key))
		})
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "\n"))
	}
	return nil
}

// unknownKeys walks a YAML node along the Go type it decodes into and
// reports the mapping keys that no field of a struct takes.
func unknownKeys(n *yaml.Node, t reflect.Type, report func(line int, key string)) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	switch t.Kind() {
	case reflect.Pointer:
		unknownKeys(n, t.Elem(), report)
	case reflect.Slice:
		if n.Kind == yaml.SequenceNode {
			for _, c := range n.Content {
				unknownKeys(c, t.Elem(), report)
			}
		}
	case reflect.Map:
		if n.Kind == yaml.MappingNode {
			for i := 1; i < len(n.Content); i += 2 {
				unknownKeys(n.Content[i], t.Elem(), report)
			}
		}
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return
		}
		fields := map[string]reflect.Type{}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := strings.Split(f.Tag.Get("yaml"), ",")
			switch {
			case len(tag) > 1 && tag[1] == "inline":
				for j := 0; j < f.Type.NumField(); j++ {
					g := f.Type.Field(j)
					fields[strings.Split(g.Tag.Get("yaml"), ",")[0]] = g.Type
				}
			case tag[0] == "-" || !f.IsExported():
			case tag[0] != "":
				fields[tag[0]] = f.Type
			default:
				fields[strings.ToLower(f.Name)] = f.Type
			}
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			ft, ok := fields[k.Value]
			if !ok {
				report(k.Line, k.Value)
				continue
			}
			unknownKeys(n.Content[i+1], ft, report)
		}
	}
}
