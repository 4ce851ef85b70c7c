// Command aksnet plans, audits and explains Azure Kubernetes Service
// networking. See the README and `aksnet --help`.
package main

import "github.com/aksnet/aksnet/internal/cli"

func main() { cli.Main() }
