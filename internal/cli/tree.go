package cli

import (
	"io"
	"time"

	"github.com/spf13/cobra"
)

// NewRootCommand returns aksnet's command tree without running it, for tools
// that walk it, such as the reference documentation generator. Its commands
// read and write nothing until executed; the clock is pinned so the tree
// does not depend on when it was built.
func NewRootCommand() *cobra.Command {
	d := &deps{
		streams: Streams{In: eofReader{}, Out: io.Discard, Err: io.Discard},
		now:     func() time.Time { return time.Unix(0, 0).UTC() },
	}
	return newRootCmd(d)
}

// eofReader is an empty standard input.
type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }
