package server

import (
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

// rawH2 is a bare HTTP/2 client over one connection, to send what a gRPC
// client never would: a length prefix the body never honours, a stream
// that stalls. It obeys the server's flow control (a client that did not
// would simply be disconnected) and records each stream's grpc-status.
type rawH2 struct {
	t    *testing.T
	conn net.Conn
	fr   *http2.Framer
	wmu  sync.Mutex // serialises frame writes
	hbuf bytes.Buffer
	henc *hpack.Encoder

	mu       sync.Mutex
	cond     *sync.Cond
	connWin  int64
	initWin  int64
	streams  map[uint32]*rawStream
	nextID   uint32
	closed   bool
	settings bool // the server's SETTINGS arrived
	// maxStreams is the server's SETTINGS_MAX_CONCURRENT_STREAMS.
	maxStreams uint32
}

type rawStream struct {
	win    int64
	done   bool
	status int // grpc-status, -1 until the trailers or a reset
}

func dialRawH2(t *testing.T, addr string) *rawH2 {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	c := &rawH2{t: t, conn: conn, fr: http2.NewFramer(conn, conn), connWin: 65535, initWin: 65535,
		streams: map[uint32]*rawStream{}, nextID: 1}
	c.cond = sync.NewCond(&c.mu)
	c.henc = hpack.NewEncoder(&c.hbuf)
	c.fr.ReadMetaHeaders = hpack.NewDecoder(4096, nil)
	if _, err := io.WriteString(conn, http2.ClientPreface); err != nil {
		t.Fatal(err)
	}
	if err := c.fr.WriteSettings(); err != nil {
		t.Fatal(err)
	}
	go c.readLoop()
	t.Cleanup(c.close)
	return c
}

func (c *rawH2) close() {
	c.conn.Close()
	c.mu.Lock()
	c.closed = true
	c.cond.Broadcast()
	c.mu.Unlock()
}

func (c *rawH2) readLoop() {
	defer c.close()
	for {
		f, err := c.fr.ReadFrame()
		if err != nil {
			return
		}
		c.mu.Lock()
		switch f := f.(type) {
		case *http2.SettingsFrame:
			if !f.IsAck() {
				if v, ok := f.Value(http2.SettingInitialWindowSize); ok {
					delta := int64(v) - c.initWin
					c.initWin = int64(v)
					for _, s := range c.streams {
						s.win += delta
					}
				}
				if v, ok := f.Value(http2.SettingMaxConcurrentStreams); ok {
					c.maxStreams = v
				}
				c.settings = true
				c.write(func() error { return c.fr.WriteSettingsAck() })
			}
		case *http2.WindowUpdateFrame:
			if f.StreamID == 0 {
				c.connWin += int64(f.Increment)
			} else if s := c.streams[f.StreamID]; s != nil {
				s.win += int64(f.Increment)
			}
		case *http2.PingFrame:
			if !f.IsAck() {
				data := f.Data
				c.write(func() error { return c.fr.WritePing(true, data) })
			}
		case *http2.MetaHeadersFrame:
			if s := c.streams[f.StreamID]; s != nil {
				if v := f.PseudoValue("status"); v == "" || v == "200" {
					for _, hf := range f.RegularFields() {
						if hf.Name == "grpc-status" {
							s.status, _ = strconv.Atoi(hf.Value)
						}
					}
				}
				if f.StreamEnded() {
					s.done = true
				}
			}
		case *http2.RSTStreamFrame:
			if s := c.streams[f.StreamID]; s != nil {
				s.done = true
			}
		case *http2.DataFrame:
			if s := c.streams[f.StreamID]; s != nil && f.StreamEnded() {
				s.done = true
			}
		case *http2.GoAwayFrame:
			c.mu.Unlock()
			return
		}
		c.cond.Broadcast()
		c.mu.Unlock()
	}
}

// write sends frames outside c.mu's critical sections' ordering concerns:
// writes are serialised by wmu only.
func (c *rawH2) write(f func() error) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = f()
}

// waitSettings waits for the server's SETTINGS (the end of its side of the
// handshake), for at most d; it reports whether they came.
func (c *rawH2) waitSettings(d time.Duration) bool {
	timer := time.AfterFunc(d, func() { c.mu.Lock(); c.cond.Broadcast(); c.mu.Unlock() })
	defer timer.Stop()
	deadline := time.Now().Add(d)
	c.mu.Lock()
	defer c.mu.Unlock()
	for !c.settings && !c.closed && time.Now().Before(deadline) {
		c.cond.Wait()
	}
	return c.settings
}

// open starts a unary call of method and returns its stream ID.
func (c *rawH2) open(method string) uint32 {
	c.mu.Lock()
	id := c.nextID
	c.nextID += 2
	c.streams[id] = &rawStream{win: c.initWin, status: -1}
	c.mu.Unlock()
	c.write(func() error {
		c.hbuf.Reset()
		for _, hf := range [][2]string{
			{":method", "POST"}, {":scheme", "http"}, {":path", method}, {":authority", "idcontrol"},
			{"content-type", "application/grpc"}, {"te", "trailers"},
		} {
			_ = c.henc.WriteField(hpack.HeaderField{Name: hf[0], Value: hf[1]})
		}
		return c.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: id, BlockFragment: c.hbuf.Bytes(), EndHeaders: true})
	})
	return id
}

// send writes n bytes of a message whose length prefix announces
// announced, obeying flow control; it returns early when the stream ends.
func (c *rawH2) send(id uint32, announced uint32, n int) {
	prefix := make([]byte, 5)
	binary.BigEndian.PutUint32(prefix[1:], announced)
	c.sendData(id, prefix)
	chunk := make([]byte, 16384) // zeros: never decoded
	for n > 0 {
		if !c.sendData(id, chunk[:min(n, len(chunk))]) {
			return
		}
		n -= min(n, len(chunk))
	}
}

// sendData writes b as DATA frames once the windows allow; it reports
// false when the stream or the connection ended first.
func (c *rawH2) sendData(id uint32, b []byte) bool {
	for len(b) > 0 {
		c.mu.Lock()
		s := c.streams[id]
		for !c.closed && !s.done && (c.connWin <= 0 || s.win <= 0) {
			c.cond.Wait()
		}
		if c.closed || s.done {
			c.mu.Unlock()
			return false
		}
		n := int(min(int64(len(b)), c.connWin, s.win))
		c.connWin -= int64(n)
		s.win -= int64(n)
		c.mu.Unlock()
		part := b[:n]
		c.write(func() error { return c.fr.WriteData(id, false, part) })
		b = b[n:]
	}
	return true
}

// wait waits until stream id has ended, for at most 20 s, and returns its
// grpc-status (-1 for a reset without one or a stream still open).
func (c *rawH2) wait(id uint32) int {
	const limit = 20 * time.Second
	timer := time.AfterFunc(limit, func() { c.mu.Lock(); c.cond.Broadcast(); c.mu.Unlock() })
	defer timer.Stop()
	deadline := time.Now().Add(limit)
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.streams[id]
	for !s.done && !c.closed && time.Now().Before(deadline) {
		c.cond.Wait()
	}
	if !s.done {
		c.t.Errorf("stream %d has not ended (connection closed: %t)", id, c.closed)
	}
	return s.status
}

// reset cancels stream id (RST_STREAM CANCEL).
func (c *rawH2) reset(id uint32) {
	c.write(func() error { return c.fr.WriteRSTStream(id, http2.ErrCodeCancel) })
}
