//go:build linux

package emu

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

// netnsDir is where named namespaces are bind-mounted (ip-netns(8)).
const netnsDir = "/run/netns"

// inNS runs f on a locked OS thread inside namespace ns and returns the
// thread to the namespace it came from. It uses a fresh goroutine, so the
// caller's thread never changes namespace; if the thread cannot be
// restored it stays locked and the runtime discards it when the goroutine
// ends.
func inNS(ns netns.NsHandle, f func() error) error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		orig, err := netns.Get()
		if err != nil {
			runtime.UnlockOSThread()
			errc <- fmt.Errorf("reading the current namespace: %w", err)
			return
		}
		defer orig.Close()
		if err := netns.Set(ns); err != nil {
			runtime.UnlockOSThread()
			errc <- fmt.Errorf("entering namespace: %w", err)
			return
		}
		ferr := f()
		if err := netns.Set(orig); err != nil {
			errc <- errors.Join(ferr, fmt.Errorf("restoring namespace: %w", err))
			return // the thread stays locked and dies with the goroutine
		}
		runtime.UnlockOSThread()
		errc <- ferr
	}()
	return <-errc
}

// newNamedNS creates namespace name (bind-mounted under /run/netns) from a
// locked thread that returns to its namespace afterwards.
func newNamedNS(name string) (netns.NsHandle, error) {
	type res struct {
		h   netns.NsHandle
		err error
	}
	c := make(chan res, 1)
	go func() {
		runtime.LockOSThread()
		orig, err := netns.Get()
		if err != nil {
			runtime.UnlockOSThread()
			c <- res{-1, fmt.Errorf("reading the current namespace: %w", err)}
			return
		}
		defer orig.Close()
		h, nerr := netns.NewNamed(name)
		if err := netns.Set(orig); err != nil {
			if nerr == nil {
				h.Close()
			}
			c <- res{-1, errors.Join(nerr, fmt.Errorf("restoring namespace: %w", err))}
			return
		}
		runtime.UnlockOSThread()
		if nerr != nil {
			c <- res{-1, fmt.Errorf("creating namespace %s: %w", name, nerr)}
			return
		}
		c <- res{h, nil}
	}()
	r := <-c
	return r.h, r.err
}

// listNamespaces returns the named namespaces that start with prefix.
func listNamespaces(prefix string) ([]string, error) {
	es, err := os.ReadDir(netnsDir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("listing namespaces: %w", err)
	}
	var out []string
	for _, e := range es {
		if strings.HasPrefix(e.Name(), prefix) {
			out = append(out, e.Name())
		}
	}
	slices.Sort(out)
	return out, nil
}

// deleteNamespace unmounts and removes a named namespace; a missing one is
// no error. Only names carrying the aksnet- prefix are ever deleted.
func deleteNamespace(name string) error {
	if _, ok := LabOf(name); !ok || strings.ContainsAny(name, "/\x00") {
		return fmt.Errorf("refusing to delete namespace %q: not a lab namespace", name)
	}
	if _, err := os.Lstat(filepath.Join(netnsDir, name)); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	p := filepath.Join(netnsDir, name)
	// EINVAL: the file exists but nothing is mounted on it (a crash between
	// creating the mount point and mounting the namespace).
	if err := unix.Unmount(p, unix.MNT_DETACH); err != nil && !errors.Is(err, unix.EINVAL) && !errors.Is(err, unix.ENOENT) {
		return fmt.Errorf("unmounting namespace %s: %w", name, err)
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("removing namespace %s: %w", name, err)
	}
	return nil
}

// writeSysctl writes value to key under /proc/sys; call it inside the
// namespace the key belongs to.
func writeSysctl(key, value string) error {
	p := filepath.Join("/proc/sys", strings.ReplaceAll(key, ".", "/"))
	if err := os.WriteFile(p, []byte(value), 0o644); err != nil {
		if strings.HasPrefix(key, "net.ipv6.") && errors.Is(err, os.ErrNotExist) {
			return nil // a kernel without IPv6 has nothing to disable
		}
		return fmt.Errorf("sysctl %s=%s: %w", key, value, err)
	}
	return nil
}
