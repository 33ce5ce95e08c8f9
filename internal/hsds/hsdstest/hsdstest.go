// Package hsdstest validates HSDS documents against the official compiled
// HSDS JSON schemas (3.0 and the 3.1 draft, internal/hsds/testdata, copied
// unchanged from openreferral/specification), for tests: it keeps the
// validator out of the binary.
package hsdstest

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
	mu       sync.Mutex
	compiled = map[string]*jsonschema.Schema{}
)

// Validate checks doc against schema file name ("service.json" or
// "service_list.json") of version ("3.0" or "3.1-dev").
func Validate(version, name string, doc []byte) error {
	s, err := schema(version, name)
	if err != nil {
		return err
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("decode document: %w", err)
	}
	return s.Validate(v)
}

func schema(version, name string) (*jsonschema.Schema, error) {
	mu.Lock()
	defer mu.Unlock()
	key := version + "/" + name
	if s, ok := compiled[key]; ok {
		return s, nil
	}
	f, err := os.Open(filepath.Join(Dir(), version, name+".gz"))
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
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	url := "file:///hsds/" + key
	if err := c.AddResource(url, doc); err != nil {
		return nil, err
	}
	s, err := c.Compile(url)
	if err != nil {
		return nil, err
	}
	compiled[key] = s
	return s, nil
}

// Dir is the folder of the schemas and the official examples.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "testdata")
}
