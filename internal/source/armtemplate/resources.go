package armtemplate

import (
	"fmt"
	"strings"

	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/jsonpos"
)

// Resource types this package reads (lower case; ARM types are case-insensitive).
const (
	typeCluster     = "microsoft.containerservice/managedclusters"
	typeAgentPool   = "microsoft.containerservice/managedclusters/agentpools"
	typeVNet        = "microsoft.network/virtualnetworks"
	typeSubnet      = "microsoft.network/virtualnetworks/subnets"
	typeDeployments = "microsoft.resources/deployments"
)

// res is one resource instance: its declaration, the scope its expressions
// are evaluated in (with copy indexes), its full type and evaluated name.
type res struct {
	node     jsonpos.Node
	sc       *scope
	typ      string // full type as written, e.g. Microsoft.Network/virtualNetworks/subnets
	name     any    // full name: "vnet/subnet" for a child; string or Unknown
	symbolic string // languageVersion 2.0 symbolic name, when any
}

type (
	clusterRes struct{ res }
	poolRes    struct{ res }
	vnetRes    struct{ res }
	subnetRes  struct{ res }
)

func (r *reader) walkTemplate(t *tmpl, sc *scope) {
	r.walkResources(sc, t.root.Get("resources"), nil)
}

// walkResources enumerates resources in array form or (languageVersion 2.0)
// symbolic-name object form; parent is set for nested child resources.
func (r *reader) walkResources(sc *scope, list jsonpos.Node, parent *res) {
	switch list.Kind() {
	case jsonpos.Array:
		for _, n := range list.Elems() {
			r.resource(sc, n, "", parent)
		}
	case jsonpos.Object:
		if sc.t.symbols == nil {
			sc.t.symbols = map[string]jsonpos.Node{}
		}
		for k, n := range list.Members() {
			sc.t.symbols[strings.ToLower(k)] = n
		}
		for k, n := range list.Members() {
			r.resource(sc, n, k, parent)
		}
	case jsonpos.Invalid, jsonpos.Null:
	default:
		r.diagAt(list, CodeWrongType, diag.Error, fmt.Sprintf("\"resources\" is a %s, want an array or an object", list.Kind()),
			"list resources in an array, or by symbolic name in an object (languageVersion 2.0)")
	}
}

func (r *reader) resource(sc *scope, n jsonpos.Node, symbolic string, parent *res) {
	if n.Kind() != jsonpos.Object {
		r.diagAt(n, CodeWrongType, diag.Error, fmt.Sprintf("resource is a %s, want an object", n.Kind()), "")
		return
	}
	if isTrue(n.Get("existing")) {
		return // declared elsewhere; only referenced here
	}
	if parent == nil {
		parent = r.symbolicParent(sc, n, 0)
	}
	typ, ok := sc.evalNode(n.Get("type")).(string)
	if !ok {
		if n.Get("type").Valid() {
			r.diagAt(n.Get("type"), CodeWrongType, diag.Warning, "resource type can't be evaluated; the resource is ignored", "")
		}
		return
	}
	if parent != nil && !strings.Contains(typ, "/") {
		typ = parent.typ + "/" + typ
	}
	ltyp := strings.ToLower(typ)
	interesting := ltyp == typeCluster || ltyp == typeAgentPool || ltyp == typeVNet || ltyp == typeSubnet || ltyp == typeDeployments
	hasKids := n.Get("resources").Len() > 0
	if !interesting && !hasKids {
		return
	}
	label := typ
	if symbolic != "" {
		label = symbolic + " (" + typ + ")"
	}

	// copy loop
	type inst struct{ sc *scope }
	insts := []inst{{sc}}
	if c := n.Get("copy"); c.Kind() == jsonpos.Object {
		loop, _ := c.Get("name").Str()
		cnt, ok := sc.copyCount(c.Get("count"))
		if !ok {
			r.diagAt(c.Get("count"), CodeCopy, diag.Warning,
				fmt.Sprintf("%s: %s; its instances are not read", label, cnt.(Unknown).Why),
				"give the count a literal value or supply the parameters it depends on")
			return
		}
		insts = insts[:0]
		for i := int64(0); i < cnt.(int64); i++ {
			insts = append(insts, inst{sc.withCopy(loop, i)})
		}
	}
	for _, in := range insts {
		isc := in.sc
		// condition
		if cn := n.Get("condition"); cn.Valid() {
			switch v := isc.evalNode(cn).(type) {
			case bool:
				if !v {
					r.diagAt(cn, CodeConditionFalse, diag.Info,
						fmt.Sprintf("%s is skipped: its condition is false", label), "")
					continue
				}
			case Unknown:
				r.diagAt(cn, CodeConditionUnknown, diag.Warning,
					fmt.Sprintf("%s is read although its condition can't be evaluated: %s", label, v.Why),
					"supply the parameters the condition depends on")
			default:
				r.diagAt(cn, CodeWrongType, diag.Warning,
					fmt.Sprintf("%s: condition is a %s, want a bool; the resource is read", label, typeName(v)), "")
			}
		}
		name := isc.evalNode(n.Get("name"))
		if parent != nil {
			if s, ok := name.(string); ok && strings.Count(s, "/")+1 < strings.Count(typ, "/") {
				switch pn := parent.name.(type) {
				case string:
					name = pn + "/" + s
				case Unknown:
					name = pn
				}
			}
		}
		rs := res{node: n, sc: isc, typ: typ, name: name, symbolic: symbolic}
		switch ltyp {
		case typeCluster:
			r.clusters = append(r.clusters, &clusterRes{rs})
		case typeAgentPool:
			r.pools = append(r.pools, &poolRes{rs})
		case typeVNet:
			r.vnets = append(r.vnets, &vnetRes{rs})
		case typeSubnet:
			r.subnets = append(r.subnets, &subnetRes{rs})
		case typeDeployments:
			r.deployment(rs, label)
		}
		if hasKids {
			r.walkResources(isc, n.Get("resources"), &rs)
		}
	}
}

// symbolicParent resolves a languageVersion 2.0 "parent": "symbolicName"
// to the parent's type and evaluated name, so that a child named "pool2"
// becomes "cluster/pool2". Parent chains are followed a few levels deep (a
// subnet's parent is a VNet); cycles end there.
func (r *reader) symbolicParent(sc *scope, n jsonpos.Node, depth int) *res {
	sym, ok := n.Get("parent").Str()
	if !ok || depth > 4 {
		return nil
	}
	pn, ok := sc.t.symbols[strings.ToLower(sym)]
	if !ok || pn == n {
		r.diagAt(n.Get("parent"), CodeWrongType, diag.Warning,
			fmt.Sprintf("parent %q is not another resource declared in this template", sym), "name the parent by its symbolic name")
		return nil
	}
	typ, ok := sc.evalNode(pn.Get("type")).(string)
	if !ok {
		return nil
	}
	p := &res{node: pn, sc: sc, typ: typ, name: sc.evalNode(pn.Get("name")), symbolic: sym}
	if grand := r.symbolicParent(sc, pn, depth+1); grand != nil {
		g, ok1 := grand.name.(string)
		s, ok2 := p.name.(string)
		if ok1 && ok2 && strings.Count(s, "/")+1 < strings.Count(typ, "/") {
			p.name = g + "/" + s
		}
	}
	return p
}

// deployment follows a nested deployment's inline template.
func (r *reader) deployment(rs res, label string) {
	props := rs.node.Get("properties")
	tn := props.Get("template")
	if !tn.Valid() {
		if props.Get("templateLink").Valid() {
			r.diagAt(props.Get("templateLink"), CodeLinkedTemplate, diag.Info,
				fmt.Sprintf("%s links to a template that is not read", label),
				"read the linked template on its own, or inline it")
		}
		return
	}
	if tn.Kind() != jsonpos.Object {
		r.diagAt(tn, CodeWrongType, diag.Warning, fmt.Sprintf("%s: inline template is a %s, want an object; it is not read", label, tn.Kind()), "")
		return
	}
	depth := rs.sc.t.depth + 1
	if depth > MaxDeploymentDepth {
		r.diagAt(rs.node, CodeDepth, diag.Warning,
			fmt.Sprintf("%s is nested more than %d deployments deep; it is not read", label, MaxDeploymentDepth),
			"flatten the nesting or read the inner template on its own")
		return
	}
	inner := strings.EqualFold(strVal(rs.sc.evalNode(props.Path("expressionEvaluationOptions", "scope"))), "inner")
	if !inner {
		t := r.newTemplate(tn, rs.sc, depth)
		r.walkTemplate(t, rs.sc)
		return
	}
	t := r.newTemplate(tn, nil, depth)
	for k, v := range props.Get("parameters").Members() {
		p, ok := t.params[strings.ToLower(k)]
		if !ok {
			continue
		}
		p.supply(v, rs.sc.evalNode)
	}
	r.walkTemplate(t, &scope{t: t})
}

func strVal(v any) string { s, _ := v.(string); return s }
