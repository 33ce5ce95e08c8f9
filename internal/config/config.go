// Package config reads HOI's settings from the environment. Secrets come only
// from there, never from the repository or a flag that shows up in ps.
package config

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// Config is the whole configuration of one hoi process.
type Config struct {
	Addr         string
	DatabaseURL  string
	JWTSecret    []byte
	Env          string
	LogLevel     slog.Level
	DemoPassword string
	// TrustedProxies are the load balancers whose X-Forwarded-For header
	// names the client; with none, the TCP peer is the client.
	TrustedProxies []*net.IPNet
	// SecretGenerated is true when dev mode made up a secret for this run.
	SecretGenerated bool
	// RetentionDays is how long ended cases are kept before the retention
	// job erases them; 0 keeps them until erased by hand.
	RetentionDays int
	// WriteRate is how many writes a second one user may make (0: the
	// server's default of 20, with bursts of three seconds' worth).
	WriteRate float64
	// MetricsAddr is the listen address of /metrics, a listener of its own
	// (default 127.0.0.1:9090); "" when HOI_METRICS_ADDR is "off".
	MetricsAddr string
	// MetricsToken, when set, is the bearer token /metrics requires.
	MetricsToken string
	// PublicURL is the address residents reach HOI at (HOI_PUBLIC_URL), the
	// base of the resident links; default http:// + Addr.
	PublicURL string
}

// Environment variable names, fixed by DESIGN.md.
const (
	EnvAddr         = "HOI_ADDR"
	EnvDatabaseURL  = "HOI_DATABASE_URL"
	EnvJWTSecret    = "HOI_JWT_SECRET"
	EnvEnv          = "HOI_ENV"
	EnvLogLevel     = "HOI_LOG_LEVEL"
	EnvDemoPassword = "HOI_DEMO_PASSWORD"
	EnvTrusted      = "HOI_TRUSTED_PROXIES"
	EnvRetention    = "HOI_RETENTION_DAYS"
	EnvWriteRate    = "HOI_WRITE_RATE"
	EnvMetricsAddr  = "HOI_METRICS_ADDR"
	EnvMetricsToken = "HOI_METRICS_TOKEN"
	EnvPublicURL    = "HOI_PUBLIC_URL"
)

// DefaultMetricsAddr is where /metrics listens unless HOI_METRICS_ADDR says
// otherwise: loopback, so only the machine itself (a local Prometheus or
// agent) reaches it.
const DefaultMetricsAddr = "127.0.0.1:9090"

// MinMetricsTokenLen is the shortest metrics token accepted.
const MinMetricsTokenLen = 24

// MinSecretLen is the shortest signing secret accepted: 32 bytes for HS256.
const MinSecretLen = 32

// FromEnv reads the configuration through getenv (os.Getenv in main, a map
// in tests).
func FromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		Addr:         or(getenv(EnvAddr), "127.0.0.1:8080"),
		DatabaseURL:  or(getenv(EnvDatabaseURL), "sqlite://data/hoi.db"),
		Env:          or(getenv(EnvEnv), "dev"),
		DemoPassword: getenv(EnvDemoPassword),
	}
	if c.Env != "dev" && c.Env != "prod" {
		return c, fmt.Errorf("%s must be dev or prod, not %q", EnvEnv, c.Env)
	}
	if err := c.LogLevel.UnmarshalText([]byte(or(getenv(EnvLogLevel), "info"))); err != nil {
		return c, fmt.Errorf("%s must be debug, info, warn or error: %w", EnvLogLevel, err)
	}
	for _, cidr := range strings.FieldsFunc(getenv(EnvTrusted), func(r rune) bool { return r == ',' || r == ' ' }) {
		_, n, err := net.ParseCIDR(cidr)
		if err != nil {
			return c, fmt.Errorf("%s must be a comma-separated list of CIDR ranges: %w", EnvTrusted, err)
		}
		c.TrustedProxies = append(c.TrustedProxies, n)
	}
	if v := strings.TrimSpace(getenv(EnvRetention)); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return c, fmt.Errorf("%s must be a number of days (0 or unset: off), not %q", EnvRetention, v)
		}
		c.RetentionDays = n
	}
	if v := strings.TrimSpace(getenv(EnvWriteRate)); v != "" {
		n, err := strconv.ParseFloat(v, 64)
		if err != nil || n < 1 || n > 100000 {
			return c, fmt.Errorf("%s must be a number of writes a second per user between 1 and 100000, not %q", EnvWriteRate, v)
		}
		c.WriteRate = n
	}
	if err := c.metrics(getenv); err != nil {
		return c, err
	}
	c.PublicURL = strings.TrimRight(strings.TrimSpace(getenv(EnvPublicURL)), "/")
	if c.PublicURL == "" {
		c.PublicURL = "http://" + c.Addr
	} else if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return c, fmt.Errorf("%s must be an absolute http(s) address such as https://hoi.example.nl, not %q", EnvPublicURL, c.PublicURL)
	} else if u.Scheme != "https" && c.Env == "prod" {
		return c, fmt.Errorf("%s must be https in prod: the link carries the resident's token", EnvPublicURL)
	}
	secret := strings.TrimSpace(getenv(EnvJWTSecret))
	switch {
	case secret == "" && c.Env == "prod":
		return c, fmt.Errorf("%s is not set: in prod HOI needs a signing secret of at least %d characters, shared by all instances (for example: export %s=$(openssl rand -base64 48))", EnvJWTSecret, MinSecretLen, EnvJWTSecret)
	case secret == "":
		b := make([]byte, 48)
		if _, err := rand.Read(b); err != nil {
			return c, fmt.Errorf("generate dev secret: %w", err)
		}
		c.JWTSecret = []byte(base64.RawStdEncoding.EncodeToString(b))
		c.SecretGenerated = true
	case len(secret) < MinSecretLen:
		return c, fmt.Errorf("%s is too short: use at least %d characters", EnvJWTSecret, MinSecretLen)
	default:
		c.JWTSecret = []byte(secret)
	}
	return c, nil
}

// metrics reads HOI_METRICS_ADDR and HOI_METRICS_TOKEN. A metrics listener
// that other hosts can reach needs a token in prod.
func (c *Config) metrics(getenv func(string) string) error {
	addr := strings.TrimSpace(or(getenv(EnvMetricsAddr), DefaultMetricsAddr))
	c.MetricsToken = strings.TrimSpace(getenv(EnvMetricsToken))
	if c.MetricsToken != "" && len(c.MetricsToken) < MinMetricsTokenLen {
		return fmt.Errorf("%s is too short: use at least %d characters", EnvMetricsToken, MinMetricsTokenLen)
	}
	if strings.EqualFold(addr, "off") {
		return nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%s must be host:port (for example %s) or off: %w", EnvMetricsAddr, DefaultMetricsAddr, err)
	}
	c.MetricsAddr = addr
	if ip := net.ParseIP(host); (ip == nil || !ip.IsLoopback()) && host != "localhost" && c.MetricsToken == "" && c.Env == "prod" {
		return fmt.Errorf("%s=%s can be reached from other hosts: set %s (at least %d characters) so that /metrics wants it, or listen on loopback", EnvMetricsAddr, addr, EnvMetricsToken, MinMetricsTokenLen)
	}
	return nil
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
