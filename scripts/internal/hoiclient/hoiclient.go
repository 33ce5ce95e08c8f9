// Package hoiclient is a small HTTP client for HOI's API, used by the
// durability scripts under scripts/. It keeps the refresh cookie by hand:
// the server marks it Secure, and Go's cookie jar (rightly) never sends a
// Secure cookie over plain http, which is all a loopback test has.
package hoiclient

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RefreshCookie is the name of HOI's refresh cookie.
const RefreshCookie = "hoi_refresh"

// Client talks to one base URL (an instance or a load balancer).
type Client struct {
	Base    string
	HTTP    *http.Client
	Token   string // access token, sent as Bearer
	Refresh string // refresh cookie value
	// ForwardedFor, when set, is sent as X-Forwarded-For: the client address
	// a trusting proxy passes on.
	ForwardedFor string
}

// New returns a client for base with a request timeout.
func New(base string) *Client {
	return &Client{Base: strings.TrimRight(base, "/"), HTTP: &http.Client{Timeout: 15 * time.Second}}
}

// Response is a read HTTP response.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v.
func (r *Response) JSON(v any) error {
	if err := json.Unmarshal(r.Body, v); err != nil {
		return fmt.Errorf("decode %d response: %w: %.300s", r.Status, err, r.Body)
	}
	return nil
}

// Version is the ETag as a number (HOI's ETags are quoted versions).
func (r *Response) Version() int64 {
	v, _ := strconv.ParseInt(strings.Trim(strings.TrimPrefix(r.Header.Get("ETag"), "W/"), `"`), 10, 64)
	return v
}

// String describes the response for error messages.
func (r *Response) String() string { return fmt.Sprintf("%d %.300s", r.Status, r.Body) }

// Do sends one request with a JSON body (when body is not nil) and extra
// headers, and reads the whole answer. A transport error (connection refused
// or reset, timeout) is returned as an error; any HTTP status is a Response.
func (c *Client) Do(ctx context.Context, method, path string, body any, header map[string]string) (*Response, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.Base+path, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	if c.ForwardedFor != "" {
		req.Header.Set("X-Forwarded-For", c.ForwardedFor)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	for _, ck := range resp.Cookies() {
		if ck.Name == RefreshCookie {
			c.Refresh = ck.Value
		}
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: b}, nil
}

// Login logs in and keeps the access token and refresh cookie. It returns
// the response so callers can look at its status and headers.
func (c *Client) Login(ctx context.Context, email, password string) (*Response, error) {
	r, err := c.Do(ctx, "POST", "/api/v1/auth/login", map[string]string{"email": email, "password": password}, nil)
	if err != nil {
		return nil, err
	}
	if r.Status == http.StatusOK {
		var tok struct {
			AccessToken string `json:"access_token"`
		}
		if err := r.JSON(&tok); err != nil {
			return r, err
		}
		c.Token = tok.AccessToken
	}
	return r, nil
}

// RefreshSession sends the refresh cookie to /auth/refresh (by hand, see the
// package comment) and keeps the new access token and cookie.
func (c *Client) RefreshSession(ctx context.Context) (*Response, error) {
	r, err := c.Do(ctx, "POST", "/api/v1/auth/refresh", nil, map[string]string{"Cookie": RefreshCookie + "=" + c.Refresh})
	if err != nil {
		return nil, err
	}
	if r.Status == http.StatusOK {
		var tok struct {
			AccessToken string `json:"access_token"`
		}
		if err := r.JSON(&tok); err != nil {
			return r, err
		}
		c.Token = tok.AccessToken
	}
	return r, nil
}

// Expect returns an error unless r has one of the statuses.
func Expect(r *Response, what string, statuses ...int) error {
	for _, s := range statuses {
		if r.Status == s {
			return nil
		}
	}
	return fmt.Errorf("%s: got %s, want %v", what, r, statuses)
}
