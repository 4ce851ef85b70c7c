// Package emu is aksnet's lab: it realises a simulator topology
// (sim.Topology) in Linux network namespaces, sends real packets along every
// flow of the predicted matrix and compares what arrives with what the
// simulator predicted.
//
// Every host of the topology becomes a namespace named
// aksnet-<lab>-<host>; every segment becomes a bridge in the lab's own
// switch namespace, and every interface a veth pair created inside the
// host's namespace with its peer placed directly in the switch namespace.
// Nothing is created in, moved to or changed in the namespace the tool runs
// in: routes, policy rules, sysctls (forwarding, proxy ARP), nftables NAT
// and the NSGs' stateful filter chains all live in the lab's namespaces,
// which are entered on a locked OS thread or addressed through handles
// bound to them.
//
// Probe sends bounded UDP and TCP probes from a socket opened in each
// flow's source namespace; a responder in every namespace answers with the
// address it saw (protocol.go), and each flow's prediction is traced for
// the very port probed.
//
// A lab is described by a Spec: a model with the lab's flags, or (SpecFor)
// the simulator options sim.FromCluster derives from a cluster definition,
// with its data plane, policy engine, maxPods and address ranges. The spec
// is kept in the lab's state file and rebuilds the identical topology at
// probe time. Whatever ranges a cluster uses, they exist only inside the
// lab's namespaces.
//
// Realisation is two steps: Plan turns a topology into a list of operations
// (pure data, unit-tested and golden-tested on every OS), and Up applies
// them (Linux only). The lab's state file is written before anything is
// created, so Down removes a lab by its record and by its namespace prefix,
// also after a crash.
package emu
