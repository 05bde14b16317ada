package ledger

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// consumeScript is the whole of Consume, run atomically by Redis:
// refuse when the count has reached max, otherwise INCR, and set the expiry
// when the key has none (its first attempt). KEYS[1] is the hashed key,
// ARGV[1] max, ARGV[2] the TTL in milliseconds. It returns {used, granted}.
var consumeScript = redis.NewScript(`
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used >= tonumber(ARGV[1]) then
  return {used, 0}
end
used = redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return {used, 1}
`)

// Redis is the ledger for several replicas: one Redis key per attempt key
// (prefix + hex SHA-256), counted and expired by one Lua script, so
// concurrent calls from any number of servers grant exactly max attempts.
// Redis expires keys itself. Durability is the Redis server's (AOF with
// appendfsync always for the same guarantee as bbolt).
type Redis struct {
	c      *redis.Client
	prefix string
}

var (
	_ Ledger = (*Redis)(nil)
	_ Pinger = (*Redis)(nil)
)

// quietRedis silences go-redis's own logger, process-wide: it writes a
// line to stderr for each failed dial of its pool, thousands a second
// while Redis is down. Failures reach the server as errors instead, and
// the server logs an outage once (server/ledgerwatch.go).
var quietRedis = sync.OnceFunc(func() { redis.SetLogger(discardRedisLog{}) })

type discardRedisLog struct{}

func (discardRedisLog) Printf(context.Context, string, ...any) {}

// OpenRedis connects to url (redis://[user:pass@]host:port/db or
// rediss://…) and pings it, so a bad URL or a server down fails now. When
// ctx has no deadline the ping is bounded by 5 s. Each call is bounded by
// its context's deadline (and go-redis's 3 s read timeout). Commands are never
// retried: a lost reply could otherwise count one attempt twice. Errors
// never repeat the URL, which may hold a password.
func OpenRedis(ctx context.Context, url string, opts ...Option) (*Redis, error) {
	quietRedis()
	o := applyOptions(opts)
	ro, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("%w: malformed Redis URL", ErrInvalidArgument)
	}
	ro.MaxRetries = -1
	ro.ContextTimeoutEnabled = true // the caller's deadline bounds each call
	c := redis.NewClient(ro)
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
	}
	if err := c.Ping(ctx).Err(); err != nil {
		_ = c.Close()
		return nil, wrapRedis(err)
	}
	return &Redis{c: c, prefix: o.keyPrefix}, nil
}

// Consume implements Ledger.
func (r *Redis) Consume(ctx context.Context, key string, max int, ttl time.Duration) (int, bool, error) {
	if err := checkArgs(key, max, ttl); err != nil {
		return 0, false, err
	}
	ms := ttl.Milliseconds()
	if time.Duration(ms)*time.Millisecond < ttl {
		ms++ // round up: a TTL under 1 ms is still a TTL
	}
	res, err := consumeScript.Run(ctx, r.c, []string{r.prefix + hashKey(key)}, max, ms).Int64Slice()
	if err != nil {
		return 0, false, wrapRedis(err)
	}
	if len(res) != 2 {
		return 0, false, fmt.Errorf("%w: redis: unexpected script reply", ErrUnavailable)
	}
	return int(res[0]), res[1] == 1, nil
}

// Peek implements Ledger.
func (r *Redis) Peek(ctx context.Context, key string) (int, error) {
	if key == "" {
		return 0, fmt.Errorf("%w: empty attempt key", ErrInvalidArgument)
	}
	s, err := r.c.Get(ctx, r.prefix+hashKey(key)).Result()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	if err != nil {
		return 0, wrapRedis(err)
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%w: redis: attempt counter is not a number", ErrUnavailable)
	}
	return n, nil
}

// Ping implements Pinger: a Redis PING, bounded by ctx.
func (r *Redis) Ping(ctx context.Context) error {
	if err := r.c.Ping(ctx).Err(); err != nil {
		return wrapRedis(err)
	}
	return nil
}

// Close closes the connection pool.
func (r *Redis) Close() error { return r.c.Close() }

// wrapRedis marks a Redis failure as ErrUnavailable, keeping the context
// error (canceled, deadline) visible to errors.Is. go-redis errors name
// the server address, never a key.
func wrapRedis(err error) error {
	return fmt.Errorf("%w: redis: %w", ErrUnavailable, err)
}
