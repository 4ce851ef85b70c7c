package terraform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/aksnet/aksnet/internal/aks"
	"github.com/aksnet/aksnet/internal/diag"
	"github.com/aksnet/aksnet/internal/jsonpos"
)

// maxPlanBytes caps the plan size the reader accepts.
const maxPlanBytes = 256 << 20

// planJSON is the part of the terraform show -json document the reader uses.
type planJSON struct {
	FormatVersion    string `json:"format_version"`
	TerraformVersion string `json:"terraform_version"`
	PlannedValues    *struct {
		RootModule planModule `json:"root_module"`
	} `json:"planned_values"`
	ResourceChanges []planChange `json:"resource_changes"`
	Configuration   *struct {
		RootModule configModule `json:"root_module"`
	} `json:"configuration"`
}

type planModule struct {
	Address      string         `json:"address"`
	Resources    []planResource `json:"resources"`
	ChildModules []planModule   `json:"child_modules"`
}

type planResource struct {
	Address string          `json:"address"`
	Mode    string          `json:"mode"`
	Type    string          `json:"type"`
	Name    string          `json:"name"`
	Values  json.RawMessage `json:"values"`
}

type planChange struct {
	Address       string `json:"address"`
	ModuleAddress string `json:"module_address"`
	Mode          string `json:"mode"`
	Type          string `json:"type"`
	Name          string `json:"name"`
	Change        struct {
		Actions      []string        `json:"actions"`
		After        json.RawMessage `json:"after"`
		AfterUnknown json.RawMessage `json:"after_unknown"`
	} `json:"change"`
}

type configModule struct {
	Resources []struct {
		Address     string                     `json:"address"`
		Expressions map[string]json.RawMessage `json:"expressions"`
	} `json:"resources"`
	ModuleCalls map[string]struct {
		Module configModule `json:"module"`
	} `json:"module_calls"`
}

// planResourceVal is one resource instance of the plan, its values as cty
// (unknown where after_unknown says so) and where they are.
type planResourceVal struct {
	addr, typ string
	ptr       string
	v         cty.Value
	exprs     map[string]json.RawMessage // configuration expressions, when found
}

// ParsePlan reads the JSON of terraform show -json PLANFILE: the planned
// values of the root module and its child modules, completed by the resource
// changes (after values; after_unknown marks values known only after apply).
// References the configuration section records (vnet_subnet_id =
// azurerm_subnet.aks.id, kubernetes_cluster_id) resolve pools' subnets and
// clusters even when the ids are unknown. Origins are JSON pointers into the
// plan. ParsePlan never panics on bad input.
func ParsePlan(name string, data []byte) aks.Document {
	doc := aks.Document{File: name, Format: aks.FormatTerraformPlan, Clusters: []aks.Cluster{}}
	fail := func(ptr, msg string) aks.Document {
		doc.Diagnostics.Add(diag.Diagnostic{Code: CodePlanSyntax, Severity: diag.Error, File: name, Line: 1, Column: 1, Path: ptr,
			Message: msg, Hint: "give the output of terraform show -json PLANFILE"})
		return doc
	}
	if len(data) > maxPlanBytes {
		return fail("", fmt.Sprintf("plan is larger than %d bytes", maxPlanBytes))
	}
	var p planJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&p); err != nil {
		return fail("", "not a Terraform plan JSON document: "+err.Error())
	}
	if p.FormatVersion == "" || (p.PlannedValues == nil && p.ResourceChanges == nil) {
		return fail("", "not a Terraform plan JSON document: no format_version, planned_values or resource_changes")
	}
	if !strings.HasPrefix(p.FormatVersion, "1.") {
		doc.Diagnostics.Add(diag.Diagnostic{Code: CodePlanFormat, Severity: diag.Warning, File: name, Line: 1, Column: 1, Path: "/format_version",
			Message: "plan format_version " + p.FormatVersion + " is not 1.x; the reader may miss values", Hint: "use Terraform 1.x"})
	}
	rd := newReader(&doc.Diagnostics)
	res := planResources(&p, rd, name)
	if p.Configuration != nil {
		attachExprs(res, p.Configuration.RootModule, "")
	}

	byAddr := map[string]*planResourceVal{}
	for _, r := range res {
		byAddr[r.addr] = r
	}
	tree, _ := jsonpos.Parse(data) // positions only; the plan decoded above
	org := func(p string) aks.Origin {
		line, col := pointerPos(tree, p)
		return aks.Origin{File: name, Line: line, Column: col, Path: p}
	}
	src := func(r *planResourceVal) *valueSource {
		return &valueSource{v: r.v, path: r.ptr, why: "it is known only after apply (after_unknown)", org: org}
	}
	resolve := &resolver{subnets: map[string]subnetInfo{}}
	for _, r := range res {
		if r.typ != "azurerm_subnet" {
			continue
		}
		sub, _ := readSubnet(rd, src(r), r.addr, r.addr)
		resolve.subnets[idMarker(r.addr)] = subnetInfo{prefix: sub.first, addr: r.addr}
		if f := src(r).attr("id"); f.known() && f.v.Type() == cty.String {
			resolve.subnets[f.v.AsString()] = subnetInfo{prefix: sub.first, addr: r.addr}
		}
	}
	for _, r := range res {
		if r.typ != "azurerm_virtual_network" {
			continue
		}
		s := src(r)
		v := aks.VNet{Name: r.addr, Source: s.origin()}
		if n := rd.str(s.attr("name"), r.addr+".name"); n.State == aks.Set {
			v.Name = n.V
		}
		if _, all := rd.prefixes(s.attr("address_space"), r.addr+".address_space", false); all.State == aks.Set {
			v.AddressSpace = all.V
		}
		doc.VNets = append(doc.VNets, v)
	}
	for _, r := range res {
		if r.typ != "azurerm_subnet" {
			continue
		}
		s := src(r)
		f := s.attr("virtual_network_name")
		if !f.known() || f.v.Type() != cty.String {
			continue
		}
		for i := range doc.VNets {
			if doc.VNets[i].Name == f.v.AsString() {
				sub, _ := readSubnet(newReader(&diag.List{}), s, r.addr, r.addr)
				doc.VNets[i].Subnets = append(doc.VNets[i].Subnets, sub.Subnet)
			}
		}
	}
	byID := map[string]int{}
	for _, r := range res {
		if r.typ != "azurerm_kubernetes_cluster" {
			continue
		}
		s := src(r)
		c := readAzurermCluster(rd, s, r.addr, aks.FormatTerraformPlan, withRefs(resolve, r, "default_node_pool"))
		byID[idMarker(r.addr)] = len(doc.Clusters)
		if f := s.attr("id"); f.known() && f.v.Type() == cty.String {
			byID[f.v.AsString()] = len(doc.Clusters)
		}
		doc.Clusters = append(doc.Clusters, c)
	}
	for _, r := range res {
		if r.typ != "azapi_resource" {
			continue
		}
		s := src(r)
		switch azapiType(rd, s, r.addr) {
		case armManagedCluster:
			c := readARMCluster(rd, s, planBody(s), r.addr, aks.FormatTerraformPlan, withRefs(resolve, r, ""))
			byID[idMarker(r.addr)] = len(doc.Clusters)
			doc.Clusters = append(doc.Clusters, c)
		case armAgentPool:
			np := readARMPool(rd, firstBlock(planBody(s), "properties"), r.addr+".body.properties", resolve)
			np.Source = s.origin()
			if np.Name.State == aks.Absent {
				np.Name = rd.str(s.attr("name"), r.addr+".name")
			}
			f := s.attr("parent_id")
			if !f.known() {
				if ref := exprRef(r.exprs, "", "parent_id"); ref != "" {
					f = field{present: true, v: cty.StringVal(idMarker(modulePrefix(r.addr, r.typ) + ref)), org: f.org}
				}
			}
			attachPool(rd, &doc, byID, f, r.addr, np)
		}
	}
	for _, r := range res {
		if r.typ != "azurerm_kubernetes_cluster_node_pool" {
			continue
		}
		s := src(r)
		pool := readAzurermPool(rd, s, r.addr, withRefs(resolve, r, ""))
		if pool.Mode.State == aks.Absent {
			pool.Mode = aks.Default("User", "azurerm_kubernetes_cluster_node_pool mode defaults to User (azurerm; CLI nodepool add)")
		}
		f := s.attr("kubernetes_cluster_id")
		if !f.known() {
			if ref := exprRef(r.exprs, "", "kubernetes_cluster_id"); ref != "" {
				f = field{present: true, v: cty.StringVal(idMarker(modulePrefix(r.addr, r.typ) + ref)), org: f.org}
			}
		}
		attachPool(rd, &doc, byID, f, r.addr, pool)
	}
	for i := range doc.Clusters {
		aks.ApplyDefaults(&doc.Clusters[i])
	}
	doc.Diagnostics.Sort()
	return doc
}

// planBody returns an azapi resource's body: an object (azapi 2.x) or a
// JSON string (azapi 1.x, jsonencode).
func planBody(s *valueSource) source {
	f := s.attr("body")
	p := pointerJoin(s.path, "body")
	if f.known() && f.v.Type() == cty.String {
		raw := []byte(f.v.AsString())
		if ty, err := ctyjson.ImpliedType(raw); err == nil {
			if v, err := ctyjson.Unmarshal(raw, ty); err == nil {
				return s.child(v, p)
			}
		}
	}
	if bs := s.blocks("body"); len(bs) > 0 {
		return bs[0]
	}
	return s.child(cty.NilVal, p)
}

// pointerPos returns the line and column of the deepest value a JSON pointer
// reaches in tree (the member's key for object members), or 0, 0.
func pointerPos(tree *jsonpos.Tree, ptr string) (int, int) {
	if tree == nil {
		return 0, 0
	}
	n := tree.Root()
	for _, seg := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		if ptr == "" {
			break
		}
		seg = strings.ReplaceAll(strings.ReplaceAll(seg, "~1", "/"), "~0", "~")
		var next jsonpos.Node
		if n.Kind() == jsonpos.Array {
			if i, err := strconv.Atoi(seg); err == nil {
				next = n.Index(i)
			}
		} else {
			next = n.Get(seg)
		}
		if !next.Valid() {
			break
		}
		n = next
	}
	return n.KeyPos()
}

// planResources gathers managed resources of the types the reader maps from
// planned_values (root and child modules) and, for those missing there, from
// resource_changes; after_unknown turns values unknown.
func planResources(p *planJSON, rd *reader, file string) []*planResourceVal {
	var out []*planResourceVal
	seen := map[string]*planResourceVal{}
	var walk func(m planModule, ptr string, depth int)
	walk = func(m planModule, ptr string, depth int) {
		if depth > maxDepth {
			return
		}
		for i, r := range m.Resources {
			if (r.Mode != "" && r.Mode != "managed") || !readTypes[r.Type] || seen[r.Address] != nil {
				continue
			}
			rp := fmt.Sprintf("%s/resources/%d/values", ptr, i)
			v := planValue(rd, r.Values, file, rp)
			pr := &planResourceVal{addr: r.Address, typ: r.Type, ptr: rp, v: v}
			seen[r.Address] = pr
			out = append(out, pr)
		}
		for i, c := range m.ChildModules {
			walk(c, fmt.Sprintf("%s/child_modules/%d", ptr, i), depth+1)
		}
	}
	if p.PlannedValues != nil {
		walk(p.PlannedValues.RootModule, "/planned_values/root_module", 0)
	}
	for i, rc := range p.ResourceChanges {
		if (rc.Mode != "" && rc.Mode != "managed") || !readTypes[rc.Type] {
			continue
		}
		if isDelete(rc.Change.Actions) {
			continue
		}
		unk := parseUnknown(rc.Change.AfterUnknown)
		if pr := seen[rc.Address]; pr != nil {
			pr.v = overlayUnknown(pr.v, unk)
			continue
		}
		if len(rc.Change.After) == 0 || string(rc.Change.After) == "null" {
			continue
		}
		rp := fmt.Sprintf("/resource_changes/%d/change/after", i)
		v := overlayUnknown(planValue(rd, rc.Change.After, file, rp), unk)
		pr := &planResourceVal{addr: rc.Address, typ: rc.Type, ptr: rp, v: v}
		seen[rc.Address] = pr
		out = append(out, pr)
	}
	return out
}

func isDelete(actions []string) bool {
	return len(actions) == 1 && actions[0] == "delete"
}

// planValue converts a JSON object to cty, reporting what does not convert.
func planValue(rd *reader, raw json.RawMessage, file, ptr string) cty.Value {
	if len(raw) == 0 || string(raw) == "null" {
		return cty.EmptyObjectVal
	}
	ty, err := ctyjson.ImpliedType(raw)
	if err == nil {
		var v cty.Value
		if v, err = ctyjson.Unmarshal(raw, ty); err == nil {
			return v
		}
	}
	rd.add(diag.Diagnostic{Code: CodePlanSyntax, Severity: diag.Error, File: file, Path: ptr,
		Message: "resource values can't be read: " + err.Error(), Hint: "give the output of terraform show -json PLANFILE"})
	return cty.EmptyObjectVal
}

// parseUnknown decodes after_unknown: true, or objects/arrays of them.
func parseUnknown(raw json.RawMessage) any {
	if len(raw) == 0 {
		return nil
	}
	var u any
	if json.Unmarshal(raw, &u) != nil {
		return nil
	}
	return u
}

var afterApply = unresolved("known only after apply (plan after_unknown)")

// overlayUnknown replaces the parts of v that unk marks true with unknown
// values marked with the reason.
func overlayUnknown(v cty.Value, unk any) cty.Value {
	out, _ := overlayDepth(v, unk, 0)
	return out
}

func overlayDepth(v cty.Value, unk any, depth int) (cty.Value, bool) {
	if depth > maxDepth {
		return v, false
	}
	switch u := unk.(type) {
	case bool:
		if u {
			return cty.DynamicVal.Mark(afterApply), true
		}
	case map[string]any:
		attrs := map[string]cty.Value{}
		if v != cty.NilVal && !v.IsNull() && v.Type().IsObjectType() {
			attrs = v.AsValueMap()
			if attrs == nil {
				attrs = map[string]cty.Value{}
			}
		} else if v != cty.NilVal && !v.IsNull() {
			return v, false
		}
		changed := false
		for k, sub := range u {
			if nv, ch := overlayDepth(attrs[k], sub, depth+1); ch {
				attrs[k], changed = nv, true
			}
		}
		if !changed {
			return v, false
		}
		return cty.ObjectVal(attrs), true
	case []any:
		if v == cty.NilVal || v.IsNull() || !(v.Type().IsTupleType() || v.Type().IsListType()) {
			return v, false
		}
		elems := v.AsValueSlice()
		changed := false
		for i := range elems {
			if i < len(u) {
				var ch bool
				if elems[i], ch = overlayDepth(elems[i], u[i], depth+1); ch {
					changed = true
				}
			}
		}
		if !changed {
			return v, false
		}
		return cty.TupleVal(elems), true
	}
	return v, false
}

// attachExprs records each resource's configuration expressions (root module
// and module calls), for the references they hold.
func attachExprs(res []*planResourceVal, m configModule, prefix string) {
	var walk func(m configModule, prefix string, depth int)
	idx := map[string][]*planResourceVal{}
	for _, r := range res {
		idx[stripIndexes(r.addr)] = append(idx[stripIndexes(r.addr)], r)
	}
	walk = func(m configModule, prefix string, depth int) {
		if depth > maxDepth {
			return
		}
		for _, cr := range m.Resources {
			for _, r := range idx[prefix+cr.Address] {
				r.exprs = cr.Expressions
			}
		}
		for name, mc := range m.ModuleCalls {
			walk(mc.Module, prefix+"module."+name+".", depth+1)
		}
	}
	walk(m, prefix, 0)
}

// stripIndexes removes instance keys: module.a["x"].azurerm_subnet.s[0] →
// module.a.azurerm_subnet.s.
func stripIndexes(addr string) string {
	var b strings.Builder
	depth, inStr := 0, false
	for i := 0; i < len(addr); i++ {
		c := addr[i]
		switch {
		case inStr:
			if c == '\\' {
				i++
			} else if c == '"' {
				inStr = false
			}
		case c == '"' && depth > 0:
			inStr = true
		case c == '[':
			depth++
		case c == ']':
			depth--
		case depth == 0:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// exprRef returns the resource address a configuration expression refers to
// (block/attr within the resource), taking the first reference that names a
// ".id"; "" when none.
func exprRef(exprs map[string]json.RawMessage, block, attr string) string {
	if exprs == nil {
		return ""
	}
	raw := exprs[attr]
	if block != "" {
		var blocks []map[string]json.RawMessage
		if json.Unmarshal(exprs[block], &blocks) != nil || len(blocks) == 0 {
			return ""
		}
		raw = blocks[0][attr]
	}
	var e struct {
		References []string `json:"references"`
	}
	if json.Unmarshal(raw, &e) != nil {
		return ""
	}
	for _, r := range e.References {
		if strings.HasSuffix(r, ".id") {
			return strings.TrimSuffix(r, ".id")
		}
	}
	return ""
}

// modulePrefix returns the module part of a resource address
// ("module.aks[0]." of "module.aks[0].azurerm_subnet.s").
func modulePrefix(addr, typ string) string {
	if i := strings.LastIndex(addr, "."+typ+"."); i >= 0 {
		return addr[:i+1]
	}
	return ""
}

// withRefs returns a resolver that also follows the configuration's
// references of r when a subnet id is unknown until apply.
func withRefs(base *resolver, r *planResourceVal, block string) *resolver {
	out := *base
	prefix := modulePrefix(r.addr, r.typ)
	out.ref = func(attr string) string {
		if ref := exprRef(r.exprs, block, attr); ref != "" {
			return prefix + ref
		}
		return ""
	}
	return &out
}
