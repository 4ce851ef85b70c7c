package main

import (
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"

	"github.com/aksnet/aksnet/internal/cli"
)

// cliDocs renders the command tree with cobra's Markdown generator, one file
// per command named after its path (aksnet_plan.md), keyed by file name.
func cliDocs() (map[string][]byte, error) {
	root := cli.NewRootCommand()
	// The completion command is added when the tree runs; users have it, so
	// it is documented too.
	root.InitDefaultCompletionCmd()
	disableAutoGenTag(root)

	dir, err := os.MkdirTemp("", "aksnet-cli-docs")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if err := doc.GenMarkdownTree(root, dir); err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out[e.Name()] = data
	}
	return out, nil
}

// disableAutoGenTag drops the "Auto generated ... on <date>" footer from c
// and its subcommands, so the output depends only on the code.
func disableAutoGenTag(c *cobra.Command) {
	c.DisableAutoGenTag = true
	for _, sub := range c.Commands() {
		disableAutoGenTag(sub)
	}
}
