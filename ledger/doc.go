// Package ledger is the durable attempt ledger behind SIMILARITY scoring:
// "only 3 attempts in total". Each ScoreSimilarity call with an attemptKey
// consumes one attempt; once the policy's maximum is used, Consume refuses
// (the server answers SIMILARITY_ATTEMPTS_EXHAUSTED without scoring), and a
// key expires a TTL after its first attempt (DefaultTTL, 30 days).
//
// Two stores obey the same contract (one conformance test runs on both):
//
//   - Bolt, the default with no set-up: a bbolt file in the data
//     directory, fsync'd on every commit, so kill -9 loses no granted
//     attempt. One process at a time (file lock).
//   - Redis, for several replicas: one Lua script makes check, INCR and
//     PEXPIRE atomic.
//
// Keys are stored as the hex SHA-256 of the attemptKey, which may hold
// personal data; no error repeats a key. A failing store returns an error
// wrapping ErrUnavailable (never a silent pass); a caller bug (empty key,
// max <= 0, ttl <= 0) wraps ErrInvalidArgument.
package ledger
