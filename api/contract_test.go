package api_test

import (
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"

	"github.com/hoi-app/hoi/openapi"
)

// TestOpenAPIDocumentIsValid checks the contract against the OpenAPI 3.1 schema.
func TestOpenAPIDocumentIsValid(t *testing.T) {
	doc, err := libopenapi.NewDocument(openapi.Spec)
	if err != nil {
		t.Fatal(err)
	}
	if v := doc.GetVersion(); !strings.HasPrefix(v, "3.1") {
		t.Errorf("version: got %s, want 3.1.x", v)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		for _, e := range verrs {
			t.Errorf("openapi.yaml: %s: %s", e.Message, e.Reason)
		}
	}
}

// TestRouteTableEqualsContract compares Echo's routes with the document's
// operations in both directions.
func TestRouteTableEqualsContract(t *testing.T) {
	e := newEnv(t)
	doc, err := libopenapi.NewDocument(openapi.Spec)
	if err != nil {
		t.Fatal(err)
	}
	model, err := doc.BuildV3Model()
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for path, item := range model.Model.Paths.PathItems.FromOldest() {
		for method := range item.GetOperations().FromOldest() {
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	param := regexp.MustCompile(`:([a-zA-Z_]+)`)
	served := map[string]bool{}
	for _, r := range e.srv.Echo().Routes() {
		key := r.Method + " " + param.ReplaceAllString(r.Path, "{$1}")
		if staticRoutes[r.Method+" "+r.Path] || r.Path == "/api/openapi.yaml" {
			continue // the app, its assets and the document itself are not API operations
		}
		served[key] = true
	}
	var missing, extra []string
	for k := range served {
		if !documented[k] {
			missing = append(missing, k)
		}
	}
	for k := range documented {
		if !served[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	for _, k := range missing {
		t.Errorf("served but not in openapi.yaml: %s", k)
	}
	for _, k := range extra {
		t.Errorf("in openapi.yaml but not served: %s", k)
	}
	if len(served) < 10 {
		t.Errorf("only %d routes compared; the route table looks empty", len(served))
	}
}
