package aks

import (
	"encoding/json"
	"fmt"
)

// State says how a value came to be.
type State uint8

const (
	// Absent: the input does not say and no default applies.
	Absent State = iota
	// Set: the user wrote the value.
	Set
	// Defaulted: AKS (or this tool, following AKS) fills it in.
	Defaulted
	// Unknown: the input sets it by an expression or reference that could
	// not be resolved; the value must not be guessed.
	Unknown
)

var stateNames = [...]string{"absent", "set", "defaulted", "unknown"}

// String returns absent, set, defaulted or unknown.
func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return fmt.Sprintf("State(%d)", s)
}

// MarshalText renders the state name.
func (s State) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Origin locates a value in its input. File is the path as given; Line and
// Column are 1-based (0 when unknown); Path is a JSON pointer (RFC 6901) for
// JSON inputs or an attribute path for HCL. Note explains a default or why a
// value is unknown, citing the facts-sheet source code where one applies.
type Origin struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	Path   string `json:"path,omitempty"`
	Note   string `json:"note,omitempty"`
}

// Value is a field of the normalized model: the value, how it came to be and
// where it came from.
type Value[T any] struct {
	V      T
	State  State
	Origin Origin
}

// SetAt returns a value the user wrote at o.
func SetAt[T any](v T, o Origin) Value[T] { return Value[T]{V: v, State: Set, Origin: o} }

// Default returns a value filled in by a default; note says which (with its source code).
func Default[T any](v T, note string) Value[T] {
	return Value[T]{V: v, State: Defaulted, Origin: Origin{Note: note}}
}

// UnknownAt returns a value that is written at o but can't be resolved; note says why.
func UnknownAt[T any](o Origin, note string) Value[T] {
	o.Note = note
	return Value[T]{State: Unknown, Origin: o}
}

// Known reports whether the value is usable: set or defaulted.
func (v Value[T]) Known() bool { return v.State == Set || v.State == Defaulted }

// Get returns the value and whether it is known.
func (v Value[T]) Get() (T, bool) { return v.V, v.Known() }

// Or returns the value when known, else def.
func (v Value[T]) Or(def T) T {
	if v.Known() {
		return v.V
	}
	return def
}

// IsZero lets encoding/json's omitzero drop absent values.
func (v Value[T]) IsZero() bool { return v.State == Absent }

type valueJSON[T any] struct {
	Value  *T     `json:"value"`
	State  State  `json:"state"`
	Origin Origin `json:"origin,omitzero"`
}

// MarshalJSON renders {"value": V, "state": "set", "origin": {...}}; an
// unknown or absent value has "value": null.
func (v Value[T]) MarshalJSON() ([]byte, error) {
	j := valueJSON[T]{State: v.State, Origin: v.Origin}
	if v.Known() {
		j.Value = &v.V
	}
	return json.Marshal(j)
}

// UnmarshalJSON accepts the object form written by MarshalJSON or a plain value.
func (v *Value[T]) UnmarshalJSON(b []byte) error {
	var j valueJSON[T]
	if err := json.Unmarshal(b, &j); err == nil && (j.State != Absent || j.Value != nil) {
		*v = Value[T]{State: j.State, Origin: j.Origin}
		if j.Value != nil {
			v.V = *j.Value
		}
		return nil
	}
	var plain T
	if err := json.Unmarshal(b, &plain); err != nil {
		return err
	}
	*v = Value[T]{V: plain, State: Set}
	return nil
}

// UnmarshalText parses a state name.
func (s *State) UnmarshalText(b []byte) error {
	for i, n := range stateNames {
		if n == string(b) {
			*s = State(i)
			return nil
		}
	}
	return fmt.Errorf("unknown state %q", b)
}
