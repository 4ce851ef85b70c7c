package emu

import (
	"net/netip"
	"strconv"
	"testing"
)

func TestProtocolRoundTrip(t *testing.T) {
	seen := netip.MustParseAddr("10.224.0.4")
	b, ok := reply("api@node2", request(42), seen)
	if !ok {
		t.Fatal("request not answered")
	}
	host, got, ok := parseReply(b, 42)
	if !ok || host != "api@node2" || got != seen {
		t.Errorf("parseReply = %q, %s, %t", host, got, ok)
	}
	if _, _, ok := parseReply(b, 43); ok {
		t.Error("a reply to another nonce was accepted")
	}
	for _, bad := range []string{"", "AKSNET1", "AKSNET1 x", "HTTP/1.1 200", "AKSNET1 1 2"} {
		if _, ok := reply("h", []byte(bad), seen); ok {
			t.Errorf("reply(%q) answered", bad)
		}
	}
}

// FuzzProtocol: responders read lines from the network and probers read
// the answers; neither side panics on any input, and whatever a responder
// answers, the prober reads back the host and address it put in.
func FuzzProtocol(f *testing.F) {
	f.Add([]byte("AKSNET1 7\n"), uint64(7))
	f.Add([]byte("AKSNET1 7 web@node1 10.244.0.2\n"), uint64(7))
	f.Add([]byte("AKSNET1 18446744073709551615"), uint64(0))
	f.Add([]byte("\x00\xff"), uint64(1))
	f.Fuzz(func(t *testing.T, b []byte, nonce uint64) {
		parseReply(b, nonce)
		seen := netip.MustParseAddr("198.51.100.1")
		out, ok := reply("host", b, seen)
		if !ok {
			return
		}
		n, err := strconv.ParseUint(string(out[len(magic)+1:len(out)-len(" host 198.51.100.1\n")]), 10, 64)
		if err != nil {
			t.Fatalf("reply %q carries no nonce: %v", out, err)
		}
		host, got, ok := parseReply(out, n)
		if !ok || host != "host" || got != seen {
			t.Errorf("parseReply(%q) = %q, %s, %t", out, host, got, ok)
		}
	})
}
