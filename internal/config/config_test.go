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
