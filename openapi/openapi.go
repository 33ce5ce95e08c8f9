// Package openapi embeds HOI's API contract, so the binary serves exactly the
// document its tests check it against.
package openapi

import _ "embed"

// Spec is openapi.yaml, the contract of the HTTP API.
//
//go:embed openapi.yaml
var Spec []byte
