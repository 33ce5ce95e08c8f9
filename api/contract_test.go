package api_test

import (
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
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
// operations in both directions, per listener: paths with servers of their
// own (/metrics) belong to the metrics listener, the rest to the API's.
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
	documented := map[string]map[string]bool{"api": {}, "metrics": {}}
	for path, item := range model.Model.Paths.PathItems.FromOldest() {
		listener := "api"
		if len(item.Servers) > 0 {
			listener = "metrics"
			if item.Servers[0].URL != "http://127.0.0.1:9090" {
				t.Errorf("%s: server %s, want the metrics listener's default http://127.0.0.1:9090", path, item.Servers[0].URL)
			}
		}
		for method := range item.GetOperations().FromOldest() {
			documented[listener][strings.ToUpper(method)+" "+path] = true
		}
	}
	param := regexp.MustCompile(`:([a-zA-Z_]+)`)
	served := map[string]map[string]bool{"api": {}, "metrics": {}}
	for listener, router := range map[string]interface {
		Routes() []*echo.Route
	}{"api": e.srv.Echo(), "metrics": e.srv.Metrics()} {
		for _, r := range router.Routes() {
			key := r.Method + " " + param.ReplaceAllString(r.Path, "{$1}")
			if listener == "api" && (staticRoutes[r.Method+" "+r.Path] || r.Path == "/api/openapi.yaml") {
				continue // the app, its assets and the document itself are not API operations
			}
			served[listener][key] = true
		}
	}
	for _, listener := range []string{"api", "metrics"} {
		var missing, extra []string
		for k := range served[listener] {
			if !documented[listener][k] {
				missing = append(missing, k)
			}
		}
		for k := range documented[listener] {
			if !served[listener][k] {
				extra = append(extra, k)
			}
		}
		sort.Strings(missing)
		sort.Strings(extra)
		for _, k := range missing {
			t.Errorf("%s listener serves %s, which openapi.yaml does not place there", listener, k)
		}
		for _, k := range extra {
			t.Errorf("openapi.yaml places %s on the %s listener, which does not serve it", k, listener)
		}
	}
	if len(served["api"]) < 10 || len(served["metrics"]) != 1 {
		t.Errorf("compared %d API and %d metrics routes; the route tables look wrong", len(served["api"]), len(served["metrics"]))
	}
}
