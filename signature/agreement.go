package signature

import (
	"errors"
	"fmt"
	"time"
)

// State is where an agreement stands.
type State string

// The states of an agreement. Wanted is the default: the signer is assumed
// to want a signature until they refuse.
const (
	StateWanted        State = "WANTED"
	StateRefused       State = "REFUSED"
	StateOfferAccepted State = "OFFER_ACCEPTED"
	StateUnderReview   State = "UNDER_REVIEW"
	StateRejected      State = "REJECTED"
	StateApproved      State = "APPROVED"
	StateAwaitingCode  State = "AWAITING_CODE"
	StateActive        State = "ACTIVE"
	StateExpired       State = "EXPIRED"
)

// Action is what moves an agreement from one state to another.
type Action string

// The actions, each allowed only from the states Transitions lists.
const (
	ActionRefuse            Action = "REFUSE"
	ActionWithdrawRefusal   Action = "WITHDRAW_REFUSAL"
	ActionAcceptOffer       Action = "ACCEPT_OFFER"
	ActionUploadApplication Action = "UPLOAD_APPLICATION"
	ActionApprove           Action = "APPROVE"
	ActionReject            Action = "REJECT"
	ActionSendCode          Action = "SEND_CODE"
	ActionConfirmCode       Action = "CONFIRM_CODE"
	ActionExpire            Action = "EXPIRE"
)

// Transitions is the state machine: for each action, the states it may
// start from and the state it leads to. A pair not listed is refused with
// a *TransitionError (no jump from refused to active).
var Transitions = map[Action]struct {
	From []State
	To   State // "" keeps the state (a resend, a signing while active)
}{
	// Refusing is possible at any time but once; an active signature
	// stops being usable.
	ActionRefuse: {From: []State{StateWanted, StateOfferAccepted, StateUnderReview, StateRejected,
		StateApproved, StateAwaitingCode, StateActive, StateExpired}, To: StateRefused},
	ActionWithdrawRefusal:   {From: []State{StateRefused}, To: StateWanted},
	ActionAcceptOffer:       {From: []State{StateWanted, StateExpired}, To: StateOfferAccepted},
	ActionUploadApplication: {From: []State{StateOfferAccepted, StateRejected}, To: StateUnderReview},
	ActionApprove:           {From: []State{StateUnderReview}, To: StateApproved},
	ActionReject:            {From: []State{StateUnderReview}, To: StateRejected},
	// A code activates an approved agreement, or signs documents with an
	// active one (the state is kept then).
	ActionSendCode:    {From: []State{StateApproved, StateAwaitingCode, StateActive}},
	ActionConfirmCode: {From: []State{StateAwaitingCode, StateActive}},
	ActionExpire:      {From: []State{StateActive}, To: StateExpired},
}

// TransitionError is a refused transition.
type TransitionError struct {
	Action Action
	From   State
}

func (e *TransitionError) Error() string {
	return fmt.Sprintf("signature: %s is not allowed from %s", e.Action, e.From)
}

// ErrNotFound is an agreement that does not exist yet.
var ErrNotFound = errors.New("signature: no agreement for this signer")

// ErrUnavailable marks a failure of the store or of the SMS gateway.
var ErrUnavailable = errors.New("signature: unavailable")

// Actor says who made a transition.
type Actor struct {
	// Kind is SIGNER, OPERATOR or SYSTEM.
	Kind string `json:"kind"`
	// ID is the caller's reference of the person (never an INN or a number).
	ID string `json:"id,omitempty"`
}

// Actor kinds.
const (
	ActorSigner   = "SIGNER"
	ActorOperator = "OPERATOR"
	ActorSystem   = "SYSTEM"
)

// Event is one line of an agreement's history.
type Event struct {
	At     time.Time `json:"at"`
	Actor  Actor     `json:"actor"`
	Action Action    `json:"action"`
	From   State     `json:"from"`
	To     State     `json:"to"`
	// Reason is the operator's reason of a rejection, or what the action
	// produced (the digest of the evidence of a confirmation).
	Reason string `json:"reason,omitempty"`
}

// Document is a document named by its SHA-256 digest; the file itself
// never reaches the service.
type Document struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"` // 64 lower-case hex digits
}

// Purpose says what a code is for.
type Purpose string

// The purposes of a code.
const (
	PurposeActivation Purpose = "ACTIVATION"
	PurposeSigning    Purpose = "SIGNING"
)

// PendingCode is the last code sent. The code itself is never stored:
// only its HMAC under the server's key.
type PendingCode struct {
	ID        string     `json:"id"`
	MAC       []byte     `json:"mac"`
	Purpose   Purpose    `json:"purpose"`
	Documents []Document `json:"documents,omitempty"`
	SentAt    time.Time  `json:"sentAt"`
	ExpiresAt time.Time  `json:"expiresAt"`
	Used      bool       `json:"used"`
}

// Agreement is the simple-signature agreement of one signer.
type Agreement struct {
	ID    string `json:"id"`
	INN   string `json:"inn"`
	Phone string `json:"phone"` // E.164
	State State  `json:"state"`
	// RejectionReason is the operator's reason when State is REJECTED.
	RejectionReason string `json:"rejectionReason,omitempty"`
	// Application is the signed application form uploaded by the signer.
	Application *Document `json:"application,omitempty"`
	// ExpiresAt is the end of the agreement once active.
	ExpiresAt time.Time    `json:"expiresAt,omitzero"`
	Code      *PendingCode `json:"code,omitempty"`
	// Signatures counts the evidence records signed; the records
	// themselves are kept apart (Store.Evidence), so that an agreement
	// does not grow with each signing.
	Signatures int `json:"signatures"`
	// History holds the events of the transaction under way: the store
	// appends them to the agreement's history (Store.History), kept apart
	// so that an agreement does not grow with each transition.
	History []Event `json:"-"`
	// Version counts the writes (diagnostics).
	Version int64 `json:"version"`

	// newEvidence is stored by the store in the same transaction.
	newEvidence *SignedEvidence
}

// apply checks and records one transition.
func (a *Agreement) apply(action Action, actor Actor, now time.Time, reason string) error {
	t, ok := Transitions[action]
	if !ok {
		return fmt.Errorf("signature: unknown action %q", action)
	}
	allowed := false
	for _, s := range t.From {
		if s == a.State {
			allowed = true
			break
		}
	}
	if !allowed {
		return &TransitionError{Action: action, From: a.State}
	}
	to := t.To
	if to == "" {
		to = a.State
		if action == ActionSendCode && a.State == StateApproved {
			to = StateAwaitingCode
		}
		if action == ActionConfirmCode && a.State == StateAwaitingCode {
			to = StateActive
		}
	}
	a.History = append(a.History, Event{At: now.UTC(), Actor: actor, Action: action, From: a.State, To: to, Reason: reason})
	a.State = to
	return nil
}

// expireIfDue moves an active agreement past its expiry date to EXPIRED,
// dated at its expiry, and reports whether it did.
func (a *Agreement) expireIfDue(now time.Time) bool {
	if a.State != StateActive || a.ExpiresAt.IsZero() || now.Before(a.ExpiresAt) {
		return false
	}
	_ = a.apply(ActionExpire, Actor{Kind: ActorSystem}, a.ExpiresAt, "")
	a.Code = nil
	return true
}

// clone deep-copies a for a store's read-modify-write.
func (a *Agreement) clone() *Agreement {
	b := *a
	b.History = append([]Event(nil), a.History...)
	if a.Code != nil {
		c := *a.Code
		b.Code = &c
	}
	if a.Application != nil {
		d := *a.Application
		b.Application = &d
	}
	return &b
}
