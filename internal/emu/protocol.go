package emu

import (
	"net/netip"
	"strconv"
	"strings"
)

// The probe protocol is one line each way: the prober sends
// "AKSNET1 <nonce>", the responder answers "AKSNET1 <nonce> <host> <seen>"
// with its host name and the source address the request arrived from.
const magic = "AKSNET1"

// request is the probe line for nonce.
func request(nonce uint64) []byte { return []byte(magic + " " + strconv.FormatUint(nonce, 10) + "\n") }

// parseReply reads a responder's line; ok is false unless it answers nonce.
func parseReply(b []byte, nonce uint64) (host string, seen netip.Addr, ok bool) {
	f := strings.Fields(string(b))
	if len(f) != 4 || f[0] != magic || f[1] != strconv.FormatUint(nonce, 10) {
		return "", netip.Addr{}, false
	}
	a, err := netip.ParseAddr(f[3])
	if err != nil {
		return "", netip.Addr{}, false
	}
	return f[2], a, true
}

// reply answers a request line as host, having seen it from seen; it
// reports false for anything that is not a request.
func reply(host string, req []byte, seen netip.Addr) ([]byte, bool) {
	f := strings.Fields(string(req))
	if len(f) != 2 || f[0] != magic {
		return nil, false
	}
	n, err := strconv.ParseUint(f[1], 10, 64)
	if err != nil {
		return nil, false
	}
	return []byte(magic + " " + strconv.FormatUint(n, 10) + " " + host + " " + seen.Unmap().String() + "\n"), true
}
