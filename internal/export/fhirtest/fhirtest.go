// Package fhirtest validates FHIR R4 documents against the official FHIR R4
// JSON schema, for tests (it keeps the validator out of the binary).
package fhirtest

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/pb33f/jsonschema/v6"
)

var (
	r4Once   sync.Once
	r4Schema *jsonschema.Schema
	r4Err    error
)

// ValidateR4 checks doc (a FHIR resource as JSON) against the official FHIR
// R4 JSON schema (internal/export/testdata/fhir.schema.json.gz), compiled once.
func ValidateR4(doc []byte) error {
	r4Once.Do(func() { r4Schema, r4Err = compileR4(schemaPath()) })
	if r4Err != nil {
		return r4Err
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("decode document: %w", err)
	}
	return r4Schema.Validate(v)
}

func compileR4(path string) (*jsonschema.Schema, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	schema, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft6)
	if err := c.AddResource("fhir.schema.json", schema); err != nil {
		return nil, err
	}
	return c.Compile("fhir.schema.json")
}

// schemaPath finds the schema beside this source file, whatever the test's
// working directory.
func schemaPath() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "testdata", "fhir.schema.json.gz")
}
