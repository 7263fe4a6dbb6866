package serve

import "sync"

// event is a Server-Sent Event.
type event struct {
	name string // reload, css, errors
	data string
}

// broker fans events out to the open pages. A slow page never blocks a
// rebuild: it keeps only the latest event.
type broker struct {
	mu     sync.Mutex
	subs   map[chan event]bool
	closed bool
	last   *event // the latest errors event, for pages that open later
}

func newBroker() *broker { return &broker{subs: map[chan event]bool{}} }

func (b *broker) subscribe() (chan event, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, false
	}
	ch := make(chan event, 1)
	b.subs[ch] = true
	return ch, true
}

func (b *broker) unsubscribe(ch chan event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.subs[ch] {
		delete(b.subs, ch)
		close(ch)
	}
}

func (b *broker) send(e event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if e.name == "errors" {
		b.last = &e
	} else {
		b.last = nil
	}
	for ch := range b.subs {
		select {
		case <-ch: // drop the stale event
		default:
		}
		ch <- e
	}
}

// close ends every stream (at shutdown).
func (b *broker) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	for ch := range b.subs {
		delete(b.subs, ch)
		close(ch)
	}
}
