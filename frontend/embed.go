// Package frontend embeds the built single-page app so the hoi binary serves it without a separate web server.
package frontend

import (
	"embed"
	"io/fs"
)

// dist is filled by `npm run build` (see package.json); go build fails without it.
//
//go:embed all:dist
var dist embed.FS

// Dist returns the built SPA (index.html at its root).
func Dist() fs.FS { sub, _ := fs.Sub(dist, "dist"); return sub }
