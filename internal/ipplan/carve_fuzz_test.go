package ipplan

import (
	"encoding/binary"
	"math/rand/v2"
	"strconv"
	"testing"
)

func FuzzParseHeadroom(f *testing.F) {
	for _, s := range []string{"50%", "0", "1000%", " 25 % ", "-1%", "+5%", "1001", "", "%", "abc", "99999999999999999999%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseHeadroom(s)
		if err != nil {
			if n != 0 {
				t.Errorf("ParseHeadroom(%q) = %d with error %v", s, n, err)
			}
			return
		}
		if n < 0 || n > maxHeadroomPercent {
			t.Errorf("ParseHeadroom(%q) = %d, out of range", s, n)
		}
		if again, err := ParseHeadroom(strconv.Itoa(n) + "%"); err != nil || again != n {
			t.Errorf("ParseHeadroom round trip of %d: %d, %v", n, again, err)
		}
	})
}

// FuzzCarve drives Carve with requests derived from the fuzzer's bytes: it
// must never panic, and every layout without errors must pass Validate.
func FuzzCarve(f *testing.F) {
	for _, seed := range []uint64{0, 1, 2, 42, 1 << 40, 12345678901234} {
		b := make([]byte, 8)
		binary.LittleEndian.PutUint64(b, seed)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var s1, s2 uint64
		for i, c := range data {
			if i%2 == 0 {
				s1 = s1*131 + uint64(c)
			} else {
				s2 = s2*137 + uint64(c)
			}
		}
		req := randomCarveRequest(rand.New(rand.NewPCG(s1, s2)))
		l, ds := Carve(req)
		if ds.HasErrors() {
			return
		}
		if v := Validate(l, req); len(v) > 0 {
			t.Errorf("%+v: Validate: %v", req, v)
		}
	})
}
