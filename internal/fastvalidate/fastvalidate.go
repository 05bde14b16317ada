// Package fastvalidate is the buf.validate rules of the idcontrol.v1
// messages compiled to plain Go (rules_gen.go, written by
// scripts/fastvalidategen from the same proto options protovalidate reads).
//
// protovalidate stays the judge: Pass only says "this message breaks no
// rule", and anything else — a violation, a message type whose rules are not
// compiled (Fallback) — goes to protovalidate, whose violations are the
// answer. The tests hold the two to the same verdict on every rule's
// boundaries and on fuzzed messages.
package fastvalidate

import "google.golang.org/protobuf/proto"

// Pass reports whether m breaks none of its buf.validate rules. False means
// "ask protovalidate", not "invalid".
func Pass(m proto.Message) bool { return pass(m) }
