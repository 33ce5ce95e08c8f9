package config

import (
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	c, err := FromEnv(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.DatabaseURL != "sqlite://data/hoi.db" || c.Env != "dev" {
		t.Errorf("got %+v, want the documented defaults", c)
	}
	if !c.SecretGenerated || len(c.JWTSecret) < MinSecretLen {
		t.Errorf("dev without secret: got generated=%v len=%d, want a generated secret", c.SecretGenerated, len(c.JWTSecret))
	}
}

func TestProdRefusesWithoutSecret(t *testing.T) {
	_, err := FromEnv(env(map[string]string{EnvEnv: "prod"}))
	if err == nil || !strings.Contains(err.Error(), EnvJWTSecret) {
		t.Fatalf("got %v, want an error naming %s", err, EnvJWTSecret)
	}
}

func TestRejectsShortSecretAndBadValues(t *testing.T) {
	for name, m := range map[string]map[string]string{
		"short secret": {EnvJWTSecret: "short"},
		"bad env":      {EnvEnv: "staging"},
		"bad level":    {EnvLogLevel: "loud"},
		"bad rate":     {EnvWriteRate: "fast"},
		"zero rate":    {EnvWriteRate: "0"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := FromEnv(env(m)); err == nil {
				t.Errorf("got nil error for %v", m)
			}
		})
	}
}

func TestWriteRate(t *testing.T) {
	c, err := FromEnv(env(map[string]string{EnvWriteRate: "250"}))
	if err != nil || c.WriteRate != 250 {
		t.Errorf("got %v, %v; want 250", c.WriteRate, err)
	}
	if c, _ := FromEnv(env(nil)); c.WriteRate != 0 {
		t.Errorf("unset: got %v, want 0 (the server's default)", c.WriteRate)
	}
}

func TestMetricsListener(t *testing.T) {
	const token = "a-metrics-token-of-enough-length"
	for name, c := range map[string]struct {
		env      map[string]string
		wantAddr string
		wantErr  string
	}{
		"default: loopback":           {nil, DefaultMetricsAddr, ""},
		"off":                         {map[string]string{EnvMetricsAddr: "off"}, "", ""},
		"elsewhere on loopback":       {map[string]string{EnvMetricsAddr: "127.0.0.1:19090"}, "127.0.0.1:19090", ""},
		"not host:port":               {map[string]string{EnvMetricsAddr: "9090"}, "", EnvMetricsAddr},
		"reachable in dev":            {map[string]string{EnvMetricsAddr: "0.0.0.0:9090"}, "0.0.0.0:9090", ""},
		"reachable in prod, no token": {map[string]string{EnvEnv: "prod", EnvJWTSecret: strings.Repeat("s", 40), EnvMetricsAddr: "0.0.0.0:9090"}, "", EnvMetricsToken},
		"reachable in prod, token":    {map[string]string{EnvEnv: "prod", EnvJWTSecret: strings.Repeat("s", 40), EnvMetricsAddr: ":9090", EnvMetricsToken: token}, ":9090", ""},
		"short token":                 {map[string]string{EnvMetricsToken: "short"}, "", EnvMetricsToken},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := FromEnv(env(c.env))
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("got %v, want an error naming %s", err, c.wantErr)
				}
				return
			}
			if err != nil || got.MetricsAddr != c.wantAddr {
				t.Errorf("got %q, %v; want %q", got.MetricsAddr, err, c.wantAddr)
			}
		})
	}
}
