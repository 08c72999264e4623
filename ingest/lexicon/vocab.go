package lexicon

import (
	_ "embed"
	"fmt"

	"go.yaml.in/yaml/v3"
)

//go:embed vocab/vocabulary.yaml
var vocabYAML []byte

// Term is one vocabulary entry.
type Term struct {
	Type string   `yaml:"type" json:"type,omitempty"`
	En   string   `yaml:"en" json:"en"`
	Role string   `yaml:"role" json:"role,omitempty"`
	Cues []string `yaml:"cues" json:"cues,omitempty"`
	Date string   `yaml:"date" json:"date,omitempty"`
	// Weekday and Medium of an event ("tuesday", "video").
	Weekday string `yaml:"weekday" json:"weekday,omitempty"`
	Medium  string `yaml:"medium" json:"medium,omitempty"`
}

// Vocabulary holds the canonical IDs of actors, predicates, topics and events.
type Vocabulary struct {
	Actors     map[string]Term `yaml:"actors"`
	Predicates map[string]Term `yaml:"predicates"`
	Topics     map[string]Term `yaml:"topics"`
	Events     map[string]Term `yaml:"events"`
}

// LoadVocabulary parses the embedded canonical vocabulary.
func LoadVocabulary() (*Vocabulary, error) {
	var v Vocabulary
	if err := yaml.Unmarshal(vocabYAML, &v); err != nil {
		return nil, fmt.Errorf("vocabulary: %w", err)
	}
	return &v, nil
}

// Collective reports whether an actor is a country, group or organization
// rather than a person or a medium, so that what it says without an event
// cue is a standing position.
func (v *Vocabulary) Collective(id string) bool {
	switch v.Actors[id].Type {
	case "country", "group":
		return true
	}
	return id == "nato"
}

// ActorType returns the vocabulary type of an actor ("" if unknown).
func (v *Vocabulary) ActorType(id string) string { return v.Actors[id].Type }
