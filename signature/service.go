package signature

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/idcontrol/idcontrol/ledger"
)

// Config is what a Service needs.
type Config struct {
	Store  Store
	Ledger ledger.Ledger
	Sender Sender
	// Key is the server's code key (LoadKey).
	Key []byte
	// Evidence signs the evidence records.
	Evidence *EvidenceKey
	Policy   Policy
	// Rand is the random source of codes and ids (default crypto/rand;
	// tests pass a seeded one for reproducible examples).
	Rand io.Reader
}

// Service runs the agreements. Its methods take now: nothing here reads
// the clock.
type Service struct {
	store    Store
	ledger   ledger.Ledger
	sender   Sender
	key      []byte
	evidence *EvidenceKey
	policy   Policy
	rand     io.Reader
}

// New checks cfg and returns the service.
func New(cfg Config) (*Service, error) {
	switch {
	case cfg.Store == nil || cfg.Ledger == nil || cfg.Sender == nil:
		return nil, errors.New("signature: a store, a ledger and a sender are needed")
	case len(cfg.Key) < MinKeyLen:
		return nil, fmt.Errorf("signature: the code key must have at least %d bytes", MinKeyLen)
	case cfg.Evidence == nil:
		return nil, errors.New("signature: an evidence key is needed")
	}
	p := cfg.Policy.withDefaults()
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("signature policy: %w", err)
	}
	r := cfg.Rand
	if r == nil {
		r = rand.Reader
	}
	return &Service{store: cfg.Store, ledger: cfg.Ledger, sender: cfg.Sender, key: cfg.Key,
		evidence: cfg.Evidence, policy: p, rand: r}, nil
}

// Policy returns the limits in force.
func (s *Service) Policy() Policy { return s.policy }

// EvidenceKey returns the key evidence is signed with.
func (s *Service) EvidenceKey() *EvidenceKey { return s.evidence }

// Signer is a validated signer: a valid INN and the E.164 form of a mobile
// number (the caller validates them).
type Signer struct {
	INN   string
	Phone string
}

func (s *Service) signerKey(sg Signer) string { return signerKey(s.key, sg.INN, sg.Phone) }

// Get returns the signer's agreement; a signer with none gets the default,
// WANTED, unsaved (empty ID). An active agreement past its date is
// recorded as expired first.
func (s *Service) Get(ctx context.Context, sg Signer, now time.Time) (*Agreement, error) {
	a, err := s.store.Get(ctx, s.signerKey(sg))
	if errors.Is(err, ErrNotFound) {
		return &Agreement{INN: sg.INN, Phone: sg.Phone, State: StateWanted}, nil
	}
	if err != nil {
		return nil, err
	}
	if a.State == StateActive && !now.Before(a.ExpiresAt) {
		return s.transition(ctx, sg, now, func(*Agreement) error { return nil })
	}
	return a, nil
}

// transition runs fn on the signer's agreement (created WANTED when
// missing) in one store transaction, after recording a due expiry.
func (s *Service) transition(ctx context.Context, sg Signer, now time.Time, fn func(a *Agreement) error) (*Agreement, error) {
	return s.store.Update(ctx, s.signerKey(sg), func(cur *Agreement) (*Agreement, error) {
		a := cur
		if a == nil {
			id, err := newID(s.rand, "agr_")
			if err != nil {
				return nil, err
			}
			a = &Agreement{ID: id, INN: sg.INN, Phone: sg.Phone, State: StateWanted}
		}
		a.expireIfDue(now)
		if err := fn(a); err != nil {
			return nil, err
		}
		return a, nil
	})
}

// History returns the signer's transitions, oldest first (none for a
// signer who never acted).
func (s *Service) History(ctx context.Context, sg Signer, now time.Time) (*Agreement, []Event, error) {
	a, err := s.Get(ctx, sg, now)
	if err != nil || a.ID == "" {
		return a, nil, err
	}
	h, err := s.store.History(ctx, a.ID)
	return a, h, err
}

// Evidence returns the evidence records signed for the signer's agreement.
func (s *Service) Evidence(ctx context.Context, sg Signer, now time.Time) ([]SignedEvidence, error) {
	a, err := s.Get(ctx, sg, now)
	if err != nil || a.ID == "" {
		return nil, err
	}
	return s.store.Evidence(ctx, a.ID)
}

// AcceptOffer records that the signer accepted the offer.
func (s *Service) AcceptOffer(ctx context.Context, sg Signer, actor Actor, now time.Time) (*Agreement, error) {
	return s.transition(ctx, sg, now, func(a *Agreement) error {
		if err := a.apply(ActionAcceptOffer, actor, now, ""); err != nil {
			return err
		}
		a.Application, a.RejectionReason, a.ExpiresAt, a.Code = nil, "", time.Time{}, nil
		return nil
	})
}

// Refuse records the signer's refusal; a pending code dies with it.
func (s *Service) Refuse(ctx context.Context, sg Signer, actor Actor, now time.Time) (*Agreement, error) {
	return s.transition(ctx, sg, now, func(a *Agreement) error {
		if err := a.apply(ActionRefuse, actor, now, ""); err != nil {
			return err
		}
		a.Code = nil
		return nil
	})
}

// WithdrawRefusal brings a refused agreement back to WANTED.
func (s *Service) WithdrawRefusal(ctx context.Context, sg Signer, actor Actor, now time.Time) (*Agreement, error) {
	return s.transition(ctx, sg, now, func(a *Agreement) error {
		if err := a.apply(ActionWithdrawRefusal, actor, now, ""); err != nil {
			return err
		}
		a.Application, a.RejectionReason, a.ExpiresAt = nil, "", time.Time{}
		return nil
	})
}

// UploadApplication records the digest of the signed application form;
// the agreement goes under review.
func (s *Service) UploadApplication(ctx context.Context, sg Signer, actor Actor, doc Document, now time.Time) (*Agreement, error) {
	return s.transition(ctx, sg, now, func(a *Agreement) error {
		if err := a.apply(ActionUploadApplication, actor, now, ""); err != nil {
			return err
		}
		a.Application, a.RejectionReason = &doc, ""
		return nil
	})
}

// Review records the operator's decision: approved, or rejected with a
// reason shown to the signer.
func (s *Service) Review(ctx context.Context, sg Signer, actor Actor, approve bool, reason string, now time.Time) (*Agreement, error) {
	return s.transition(ctx, sg, now, func(a *Agreement) error {
		action := ActionApprove
		if !approve {
			action = ActionReject
		}
		if err := a.apply(action, actor, now, reason); err != nil {
			return err
		}
		if !approve {
			a.RejectionReason = reason
		}
		return nil
	})
}

// WaitError is a send refused until RetryAt (resend cooldown, daily cap).
type WaitError struct {
	// Reason is RESEND_COOLDOWN or DAILY_SEND_LIMIT.
	Reason  string
	RetryAt time.Time
}

func (e *WaitError) Error() string {
	return "signature: " + e.Reason + ": ask again after " + e.RetryAt.UTC().Format(time.RFC3339)
}

// ErrNoCode is a confirmation without a code pending.
var ErrNoCode = errors.New("signature: no code was sent for this agreement; ask for one")

// ErrDocumentsRequired is a code asked for while active without documents
// to sign.
var ErrDocumentsRequired = errors.New("signature: an active agreement signs documents: name at least one")

// Sent is the outcome of SendCode.
type Sent struct {
	Agreement *Agreement
	// CodeExpiresAt is the end of the code's validity.
	CodeExpiresAt time.Time
	// ResendAt is the earliest time a new code may be asked for.
	ResendAt time.Time
	// SendsUsedToday counts the codes sent to the number in the last 24 h.
	SendsUsedToday int
}

// SendCode draws a code, stores its HMAC (committed before the SMS
// leaves), then sends it in lang (ru, fr, en; en by default). An approved
// agreement gets an activation code; an active one a code that signs docs.
func (s *Service) SendCode(ctx context.Context, sg Signer, actor Actor, lang string, docs []Document, now time.Time) (*Sent, error) {
	var code string
	var used int
	a, err := s.transition(ctx, sg, now, func(a *Agreement) error {
		from := a.State
		if err := a.apply(ActionSendCode, actor, now, ""); err != nil {
			return err
		}
		purpose := PurposeActivation
		if from == StateActive {
			purpose = PurposeSigning
			if len(docs) == 0 {
				return ErrDocumentsRequired
			}
		}
		if c := a.Code; c != nil && !c.Used && now.Before(c.SentAt.Add(s.policy.ResendCooldown.D())) {
			return &WaitError{Reason: "RESEND_COOLDOWN", RetryAt: c.SentAt.Add(s.policy.ResendCooldown.D())}
		}
		var granted bool
		var err error
		used, granted, err = s.ledger.Consume(ctx, phoneKey(s.key, sg.Phone), s.policy.MaxSendsPerDay, 24*time.Hour)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrUnavailable, err)
		}
		if !granted {
			return &WaitError{Reason: "DAILY_SEND_LIMIT", RetryAt: now.Add(24 * time.Hour)}
		}
		id, err := newID(s.rand, "cod_")
		if err != nil {
			return err
		}
		if code, err = newCode(s.rand, s.policy.CodeLength); err != nil {
			return err
		}
		signed := docs
		if purpose == PurposeActivation && a.Application != nil {
			signed = append([]Document{*a.Application}, docs...)
		}
		a.Code = &PendingCode{ID: id, MAC: codeMAC(s.key, a.ID, id, code), Purpose: purpose,
			Documents: signed, SentAt: now.UTC(), ExpiresAt: now.Add(s.policy.CodeTTL.D()).UTC()}
		return nil
	})
	if err != nil {
		return nil, err
	}
	c := a.Code
	msg := Message{MessageID: c.ID, To: sg.Phone, Language: s.language(lang), SentAt: c.SentAt,
		Text: s.render(lang, code, len(c.Documents))}
	if err := s.sender.Send(ctx, msg); err != nil {
		// Undelivered: drop the code so that neither it nor its cooldown
		// stands in the way of a new one.
		_, _ = s.store.Update(context.WithoutCancel(ctx), s.signerKey(sg), func(cur *Agreement) (*Agreement, error) {
			if cur == nil || cur.Code == nil || cur.Code.ID != c.ID {
				return nil, nil
			}
			cur.Code = nil
			return cur, nil
		})
		return nil, err
	}
	return &Sent{Agreement: a, CodeExpiresAt: c.ExpiresAt, ResendAt: c.SentAt.Add(s.policy.ResendCooldown.D()), SendsUsedToday: used}, nil
}

func (s *Service) language(lang string) string {
	if _, ok := s.policy.Templates[lang]; ok {
		return lang
	}
	return "en"
}

func (s *Service) render(lang, code string, docs int) string {
	t := s.policy.Templates[s.language(lang)]
	return strings.NewReplacer(
		"{code}", code,
		"{minutes}", strconv.Itoa(int(s.policy.CodeTTL.D()/time.Minute)),
		"{documents}", strconv.Itoa(docs),
	).Replace(t)
}

// Outcome is the result of a confirmation.
type Outcome string

// The outcomes of ConfirmCode, each telling the person what to do next.
const (
	OutcomeConfirmed         Outcome = "CONFIRMED"
	OutcomeMismatch          Outcome = "CODE_MISMATCH"      // try again while attempts remain
	OutcomeExpired           Outcome = "CODE_EXPIRED"       // ask for a new code
	OutcomeAttemptsExhausted Outcome = "ATTEMPTS_EXHAUSTED" // ask for a new code after RetryAt
	OutcomeAlreadyUsed       Outcome = "CODE_ALREADY_USED"  // ask for a new code to sign again
)

// Confirmation is the outcome of ConfirmCode.
type Confirmation struct {
	Outcome   Outcome
	Agreement *Agreement
	// AttemptsRemaining for the pending code.
	AttemptsRemaining int
	// RetryAt is when a new code may be asked for (not CONFIRMED).
	RetryAt time.Time
	// Evidence and Record when CONFIRMED.
	Evidence *SignedEvidence
	Record   *EvidenceRecord
}

// ConfirmCode checks code against the pending one: in constant time, one
// ledger attempt per call, used once, refused once expired. A match
// activates an agreement awaiting its code (until expiresAt, or the
// policy's default validity when zero) or signs the documents the code was
// sent for, and returns the signed evidence.
func (s *Service) ConfirmCode(ctx context.Context, sg Signer, actor Actor, code string, expiresAt time.Time, now time.Time) (*Confirmation, error) {
	out := &Confirmation{}
	a, err := s.store.Update(ctx, s.signerKey(sg), func(cur *Agreement) (*Agreement, error) {
		if cur == nil {
			return nil, &TransitionError{Action: ActionConfirmCode, From: StateWanted}
		}
		a := cur
		expired := a.expireIfDue(now)
		if !allowed(ActionConfirmCode, a.State) {
			return nil, &TransitionError{Action: ActionConfirmCode, From: a.State}
		}
		c := a.Code
		if c == nil {
			return nil, ErrNoCode
		}
		out.RetryAt = maxTime(now, c.SentAt.Add(s.policy.ResendCooldown.D()))
		if c.Used {
			out.Outcome = OutcomeAlreadyUsed
			return keepIf(expired, a), nil
		}
		if !now.Before(c.ExpiresAt) {
			out.Outcome = OutcomeExpired
			return keepIf(expired, a), nil
		}
		used, granted, err := s.ledger.Consume(ctx, "signature-code:"+c.ID, s.policy.MaxAttempts, s.policy.CodeTTL.D()+time.Hour)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrUnavailable, err)
		}
		out.AttemptsRemaining = max(0, s.policy.MaxAttempts-used)
		if !granted {
			out.Outcome = OutcomeAttemptsExhausted
			return keepIf(expired, a), nil
		}
		if !codesMatch(s.key, c, a.ID, code) {
			out.Outcome = OutcomeMismatch
			if out.AttemptsRemaining == 0 {
				out.Outcome = OutcomeAttemptsExhausted
			}
			return keepIf(expired, a), nil
		}
		if c.Purpose == PurposeActivation {
			if expiresAt.IsZero() {
				expiresAt = now.Add(s.policy.DefaultValidity.D())
			}
			a.ExpiresAt = expiresAt.UTC()
		}
		se, err := s.evidence.Sign(EvidenceRecord{
			AgreementID: a.ID, Purpose: c.Purpose, INN: a.INN, Phone: a.Phone, Documents: c.Documents,
			CodeID: c.ID, CodeSentAt: c.SentAt, ConfirmedAt: now.UTC(), AgreementExpiresAt: a.ExpiresAt,
		})
		if err != nil {
			return nil, err
		}
		if err := a.apply(ActionConfirmCode, actor, now, "evidence sha256:"+se.Digest()); err != nil {
			return nil, err
		}
		c.Used = true
		a.Signatures++
		a.newEvidence = &se
		out.Outcome, out.Evidence = OutcomeConfirmed, &se
		out.RetryAt = time.Time{}
		return a, nil
	})
	if err != nil {
		return nil, err
	}
	out.Agreement = a
	if out.Evidence != nil {
		// The record as signed (type, version and key id filled in).
		var rec EvidenceRecord
		if err := json.Unmarshal(out.Evidence.Payload, &rec); err != nil {
			return nil, fmt.Errorf("signature: decode evidence: %w", err)
		}
		out.Record = &rec
	}
	return out, nil
}

// VerifyEvidence verifies a record under the service's key.
func (s *Service) VerifyEvidence(e SignedEvidence) (EvidenceRecord, error) {
	return VerifyEvidence(s.evidence.Public(), e)
}

func allowed(action Action, from State) bool {
	for _, s := range Transitions[action].From {
		if s == from {
			return true
		}
	}
	return false
}

// keepIf stores a when it changed (an expiry recorded on the way), else
// nothing.
func keepIf(changed bool, a *Agreement) *Agreement {
	if changed {
		return a
	}
	return nil
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
