package source

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestReadPathsPairsTemplateParameters checks that a template is read with
// the parameters file of the same name beside it.
func TestReadPathsPairsTemplateParameters(t *testing.T) {
	dir := t.TempDir()
	template := `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "parameters": {"clusterName": {"type": "string"}},
  "resources": [{"type": "Microsoft.ContainerService/managedClusters", "name": "[parameters('clusterName')]", "properties": {}}]
}`
	params := `{"parameters": {"clusterName": {"value": "from-params"}}}`
	for name, body := range map[string]string{"azuredeploy.json": template, "azuredeploy.parameters.json": params} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	docs, err := ReadPaths([]string{filepath.Join(dir, "azuredeploy.json")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range docs {
		for _, c := range d.Clusters {
			names = append(names, c.Name.V)
		}
	}
	if diff := cmp.Diff([]string{"from-params"}, names); diff != "" {
		t.Errorf("cluster names (-want +got):\n%s", diff)
	}
}
