// Package signature is the simple electronic signature of the Russian seed
// ("простая электронная подпись"): three elements bound together — the
// signer's INN, their mobile number and a one-time code sent by SMS.
//
// An Agreement per signer (INN + E.164 number) walks a checked state
// machine (see Transitions): wanted by default, refused (and withdrawn),
// offer accepted, application uploaded and under review, rejected or
// approved, awaiting the code, active until its expiry date, expired.
// Every transition is recorded with its time and actor.
//
// One-time codes come from crypto/rand and are stored only as
// HMAC-SHA256 under the server's key, valid for the policy's TTL, with a
// resend cooldown, a cap on sends per number per day and attempts counted
// by the ledger package. Confirming a code produces an Evidence record
// signed with Ed25519 that anyone holding the public key verifies offline.
//
// Agreements live in a Store: bbolt in the data directory (OpenBolt) or
// PostgreSQL (OpenPostgres), each running every transition in a
// transaction that locks the agreement. Nothing here reads the clock: the
// caller passes now. Nothing here logs; errors never hold a code, an INN
// or a number.
package signature
