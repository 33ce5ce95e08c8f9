package main

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// gate lets the workers write while it is open. Closing it stops new writes;
// each worker parks at its next pass, so that after a kill the main loop can
// wait until every worker has seen its last answer (or lack of one) before
// it restarts the server and reads everything back.
type gate struct {
	mu      sync.Mutex
	cond    *sync.Cond
	n       int
	isOpen  bool
	stopped bool
	parked  int
}

func newGate(n int) *gate {
	g := &gate{n: n}
	g.cond = sync.NewCond(&g.mu)
	return g
}

// pass waits while the gate is closed; it reports false once stopped.
func (g *gate) pass() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.isOpen && !g.stopped {
		g.parked++
		g.cond.Broadcast()
		for !g.isOpen && !g.stopped {
			g.cond.Wait()
		}
		g.parked--
	}
	return !g.stopped
}

// park marks a worker that has given up as parked for good.
func (g *gate) park() {
	g.mu.Lock()
	g.parked++
	g.n-- // it will not pass again; count it out
	g.parked--
	g.cond.Broadcast()
	g.mu.Unlock()
}

func (g *gate) closed() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return !g.isOpen
}

func (g *gate) open() {
	g.mu.Lock()
	g.isOpen = true
	g.cond.Broadcast()
	g.mu.Unlock()
}

func (g *gate) close() {
	g.mu.Lock()
	g.isOpen = false
	g.mu.Unlock()
}

func (g *gate) stop() {
	g.mu.Lock()
	g.stopped = true
	g.cond.Broadcast()
	g.mu.Unlock()
}

// waitParked waits until every live worker waits at the gate.
func (g *gate) waitParked(ctx context.Context, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	stopTimer := time.AfterFunc(timeout, func() { g.mu.Lock(); g.cond.Broadcast(); g.mu.Unlock() })
	defer stopTimer.Stop()
	g.mu.Lock()
	defer g.mu.Unlock()
	for g.parked < g.n {
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("workers did not stop within %s (%d of %d parked)", timeout, g.parked, g.n)
		}
		g.cond.Wait()
	}
	return nil
}
