package emu

import (
	"fmt"
	"regexp"
	"strings"
)

// NamespacePrefix starts every namespace the lab creates.
const NamespacePrefix = "aksnet-"

// SwitchHost is the namespace (by host key) that holds the lab's segment
// bridges. No topology host has this name.
const SwitchHost = "switch"

// MaxLinkName is the kernel's limit on interface names (IFNAMSIZ - 1).
const MaxLinkName = 15

// DefaultName is the lab name when none is given.
const DefaultName = "lab"

var labName = regexp.MustCompile(`^[a-z][a-z0-9]{0,15}$`)

// ValidName reports whether name can name a lab: a lowercase letter, then
// at most 15 lowercase letters or digits. Dashes are excluded so that one
// lab's namespace prefix never is another's.
func ValidName(name string) error {
	if !labName.MatchString(name) {
		return fmt.Errorf("lab name %q: use a lowercase letter followed by up to 15 lowercase letters or digits", name)
	}
	return nil
}

// Prefix returns the namespace prefix of lab name: aksnet-<name>-.
func Prefix(name string) string { return NamespacePrefix + name + "-" }

// HostKey turns a topology host name into the part of a namespace name
// that identifies it: "web@node1" becomes "web-node1".
func HostKey(host string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return '-'
	}, host)
}

// Namespace returns the namespace name of a host in lab name.
func Namespace(name, host string) string { return Prefix(name) + HostKey(host) }

// LabOf returns the lab a namespace name belongs to, if it carries the
// aksnet- prefix.
func LabOf(ns string) (string, bool) {
	rest, ok := strings.CutPrefix(ns, NamespacePrefix)
	if !ok {
		return "", false
	}
	lab, _, ok := strings.Cut(rest, "-")
	if !ok || ValidName(lab) != nil {
		return "", false
	}
	return lab, true
}

// bridgeName names segment i's bridge in the switch namespace.
func bridgeName(i int) string { return fmt.Sprintf("b%d", i) }

// portName names the switch-side end of host h's interface i.
func portName(h, i int) string { return fmt.Sprintf("h%di%d", h, i) }
