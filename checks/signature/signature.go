// Package signature is the family of the simple electronic signature: it
// validates the signer (INN and mobile number, through ident), maps the
// wire's requests to the signature library and renders its agreements,
// masking numbers. Nothing here imports gRPC or reads the clock.
package signature

import (
	"context"
	"crypto/ed25519"
	"errors"
	"strings"
	"time"

	"github.com/idcontrol/idcontrol/checks"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/ident"
	lib "github.com/idcontrol/idcontrol/signature"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Family answers the SignatureService's calls over a library service.
type Family struct {
	Svc *lib.Service
}

// NotReadyError refuses AcceptOffer while something blocks the signature.
type NotReadyError struct {
	Blockers []*idcontrolv1.Finding
}

func (e *NotReadyError) Error() string {
	codes := make([]string, len(e.Blockers))
	for i, b := range e.Blockers {
		codes[i] = b.GetCode()
	}
	return "signature: not ready: " + strings.Join(codes, ", ")
}

// signer is a validated signer and how answers show the number.
type signer struct {
	lib.Signer
	masked   string
	blockers []*idcontrolv1.Finding
}

// readSigner validates the signer. strict (every call but GetAgreement)
// makes an invalid INN, an invalid or non-mobile number, or a country the
// policy does not allow a violation naming the field; otherwise they are
// blockers of a NOT_READY agreement.
func (f *Family) readSigner(v *checks.Violations, s *idcontrolv1.Signer, strict bool) signer {
	var out signer
	var blockers checks.Findings
	inn := ident.ValidateRUINN(s.GetInn())
	if !inn.Valid {
		if strict {
			v.Add("signer.inn", inn.Code, "must be a valid INN: "+inn.Message)
		}
		blockers.Add("inn", "", "INN_INVALID", "The INN is not valid: "+inn.Message)
	}
	phone := ident.ValidatePhone(s.GetPhone())
	switch {
	case !phone.Valid:
		if strict {
			v.Add("signer.phone", phone.Code, "must be a valid phone number with its country code: "+phone.Message)
		}
		blockers.Add("phone", "", "PHONE_INVALID", "The phone number is not valid: "+phone.Message)
	case phone.Phone.Type != "MOBILE":
		if strict {
			v.Add("signer.phone", "PHONE_NOT_MOBILE", "must be a mobile number: the code is sent by SMS")
		}
		blockers.Add("phone", "", "PHONE_NOT_MOBILE", "The number is not a mobile number; the code is sent by SMS.")
	case !f.Svc.Policy().CountryAllowed(phone.Phone.Region):
		if strict {
			v.Add("signer.phone", "PHONE_COUNTRY_NOT_ALLOWED", "must be a mobile number of a country the policy allows")
		}
		blockers.Add("phone", "", "PHONE_COUNTRY_NOT_ALLOWED", "The policy does not allow mobile numbers of this country.")
	}
	out.INN, out.Phone = inn.Normalized, phone.Normalized
	if phone.Valid {
		out.masked = MaskPhone(phone.Phone.E164, phone.Phone.CountryCode)
	}
	out.blockers = blockers
	return out
}

// MaskPhone shows the country code and the last four digits:
// +7 *** *** 12 34. The other digits become stars in groups of three
// from the right.
func MaskPhone(e164 string, countryCode int) string {
	cc := strings.TrimPrefix(e164, "+")
	ccLen := len(itoa(countryCode))
	if countryCode <= 0 || len(cc) < ccLen+5 {
		return "+***"
	}
	national := cc[ccLen:]
	hidden := len(national) - 4
	var groups []string
	for hidden > 0 {
		n := min(3, hidden)
		groups = append([]string{strings.Repeat("*", n)}, groups...)
		hidden -= n
	}
	last := national[len(national)-4:]
	return "+" + cc[:ccLen] + " " + strings.Join(groups, " ") + " " + last[:2] + " " + last[2:]
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func missingDocuments(required, present []string) []string {
	have := make(map[string]bool, len(present))
	for _, p := range present {
		have[strings.TrimSpace(p)] = true
	}
	var missing []string
	for _, r := range required {
		if !have[r] {
			missing = append(missing, r)
		}
	}
	return missing
}

func (f *Family) documentBlockers(s *signer, present []string) {
	if m := missingDocuments(f.Svc.Policy().RequiredDocuments, present); len(m) > 0 {
		s.blockers = append(s.blockers, &idcontrolv1.Finding{Control: "documents", Code: "DOCUMENTS_MISSING",
			Message: "Documents missing before the signature can be obtained: " + strings.Join(m, ", ") + "."})
	}
}

func actor(kind, id string) lib.Actor { return lib.Actor{Kind: kind, ID: id} }

// transition validates the signer strictly, runs call and renders the
// agreement it returns.
func (f *Family) transition(sg *idcontrolv1.Signer, call func(lib.Signer) (*lib.Agreement, error)) (*idcontrolv1.Agreement, error) {
	var v checks.Violations
	s := f.readSigner(&v, sg, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	a, err := call(s.Signer)
	if err != nil {
		return nil, err
	}
	return render(a, s), nil
}

// GetAgreement implements the call.
func (f *Family) GetAgreement(ctx context.Context, req *idcontrolv1.GetAgreementRequest, now time.Time) (*idcontrolv1.GetAgreementResponse, error) {
	var v checks.Violations
	s := f.readSigner(&v, req.GetSigner(), false)
	f.documentBlockers(&s, req.GetPresentDocuments())
	if s.INN == "" || s.Phone == "" {
		// No agreement can exist for an invalid signer.
		return &idcontrolv1.GetAgreementResponse{Agreement: &idcontrolv1.Agreement{
			State: idcontrolv1.AgreementState_AGREEMENT_STATE_NOT_READY, MaskedPhone: s.masked, Blockers: s.blockers,
			NextStep: "Correct what blocks the signature, then accept the offer."}}, nil
	}
	a, err := f.Svc.Get(ctx, s.Signer, now)
	if err != nil {
		return nil, err
	}
	return &idcontrolv1.GetAgreementResponse{Agreement: render(a, s)}, nil
}

// AcceptOffer implements the call.
func (f *Family) AcceptOffer(ctx context.Context, req *idcontrolv1.AcceptOfferRequest, now time.Time) (*idcontrolv1.AcceptOfferResponse, error) {
	var v checks.Violations
	s := f.readSigner(&v, req.GetSigner(), true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	f.documentBlockers(&s, req.GetPresentDocuments())
	if len(s.blockers) > 0 {
		return nil, &NotReadyError{Blockers: s.blockers}
	}
	a, err := f.Svc.AcceptOffer(ctx, s.Signer, actor(lib.ActorSigner, req.GetActorId()), now)
	if err != nil {
		return nil, err
	}
	return &idcontrolv1.AcceptOfferResponse{Agreement: render(a, s)}, nil
}

// UploadApplication implements the call.
func (f *Family) UploadApplication(ctx context.Context, req *idcontrolv1.UploadApplicationRequest, now time.Time) (*idcontrolv1.UploadApplicationResponse, error) {
	doc := lib.Document{Name: req.GetApplication().GetName(), SHA256: req.GetApplication().GetSha256()}
	a, err := f.transition(req.GetSigner(), func(s lib.Signer) (*lib.Agreement, error) {
		return f.Svc.UploadApplication(ctx, s, actor(lib.ActorSigner, req.GetActorId()), doc, now)
	})
	if err != nil {
		return nil, err
	}
	return &idcontrolv1.UploadApplicationResponse{Agreement: a}, nil
}

// ReviewApplication implements the call.
func (f *Family) ReviewApplication(ctx context.Context, req *idcontrolv1.ReviewApplicationRequest, now time.Time) (*idcontrolv1.ReviewApplicationResponse, error) {
	var v checks.Violations
	s := f.readSigner(&v, req.GetSigner(), true)
	reject := req.GetDecision() == idcontrolv1.ReviewDecision_REVIEW_DECISION_REJECT
	if reject && strings.TrimSpace(req.GetReason()) == "" {
		v.Add("reason", "REASON_REQUIRED", "a rejection needs the reason the signer will see")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	a, err := f.Svc.Review(ctx, s.Signer, actor(lib.ActorOperator, req.GetActorId()), !reject, strings.TrimSpace(req.GetReason()), now)
	if err != nil {
		return nil, err
	}
	return &idcontrolv1.ReviewApplicationResponse{Agreement: render(a, s)}, nil
}

// Refuse implements the call.
func (f *Family) Refuse(ctx context.Context, req *idcontrolv1.RefuseRequest, now time.Time) (*idcontrolv1.RefuseResponse, error) {
	a, err := f.transition(req.GetSigner(), func(s lib.Signer) (*lib.Agreement, error) {
		return f.Svc.Refuse(ctx, s, actor(lib.ActorSigner, req.GetActorId()), now)
	})
	if err != nil {
		return nil, err
	}
	return &idcontrolv1.RefuseResponse{Agreement: a}, nil
}

// WithdrawRefusal implements the call.
func (f *Family) WithdrawRefusal(ctx context.Context, req *idcontrolv1.WithdrawRefusalRequest, now time.Time) (*idcontrolv1.WithdrawRefusalResponse, error) {
	a, err := f.transition(req.GetSigner(), func(s lib.Signer) (*lib.Agreement, error) {
		return f.Svc.WithdrawRefusal(ctx, s, actor(lib.ActorSigner, req.GetActorId()), now)
	})
	if err != nil {
		return nil, err
	}
	return &idcontrolv1.WithdrawRefusalResponse{Agreement: a}, nil
}

// SendCode implements the call.
func (f *Family) SendCode(ctx context.Context, req *idcontrolv1.SendCodeRequest, now time.Time) (*idcontrolv1.SendCodeResponse, error) {
	var v checks.Violations
	s := f.readSigner(&v, req.GetSigner(), true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	docs := documents(req.GetDocuments())
	sent, err := f.Svc.SendCode(ctx, s.Signer, actor(lib.ActorSigner, req.GetActorId()), req.GetLanguage(), docs, now)
	if errors.Is(err, lib.ErrDocumentsRequired) {
		v.Add("documents", "DOCUMENTS_REQUIRED", "an active agreement signs documents: name at least one")
		return nil, v
	}
	if err != nil {
		return nil, err
	}
	return &idcontrolv1.SendCodeResponse{
		Agreement:      render(sent.Agreement, s),
		MaskedPhone:    s.masked,
		CodeExpiresAt:  timestamppb.New(sent.CodeExpiresAt),
		ResendAt:       timestamppb.New(sent.ResendAt),
		SendsUsedToday: int32(sent.SendsUsedToday),
		SendsPerDay:    int32(f.Svc.Policy().MaxSendsPerDay),
	}, nil
}

var outcomes = map[lib.Outcome]idcontrolv1.CodeOutcome{
	lib.OutcomeConfirmed:         idcontrolv1.CodeOutcome_CODE_OUTCOME_CONFIRMED,
	lib.OutcomeMismatch:          idcontrolv1.CodeOutcome_CODE_OUTCOME_MISMATCH,
	lib.OutcomeExpired:           idcontrolv1.CodeOutcome_CODE_OUTCOME_EXPIRED,
	lib.OutcomeAttemptsExhausted: idcontrolv1.CodeOutcome_CODE_OUTCOME_ATTEMPTS_EXHAUSTED,
	lib.OutcomeAlreadyUsed:       idcontrolv1.CodeOutcome_CODE_OUTCOME_ALREADY_USED,
}

// nextStep tells the signer what to do after a confirmation.
func nextStep(c *lib.Confirmation) string {
	switch c.Outcome {
	case lib.OutcomeConfirmed:
		return "Nothing more: the code is confirmed and the evidence signed."
	case lib.OutcomeMismatch:
		return "The code is wrong: type it again carefully."
	case lib.OutcomeExpired:
		return "The code has expired: ask for a new one."
	case lib.OutcomeAttemptsExhausted:
		return "No attempt is left for this code: ask for a new one after " + c.RetryAt.UTC().Format(time.RFC3339) + "."
	case lib.OutcomeAlreadyUsed:
		return "This code was already used: ask for a new one to sign again."
	}
	return ""
}

// ConfirmCode implements the call.
func (f *Family) ConfirmCode(ctx context.Context, req *idcontrolv1.ConfirmCodeRequest, now time.Time) (*idcontrolv1.ConfirmCodeResponse, error) {
	var v checks.Violations
	s := f.readSigner(&v, req.GetSigner(), true)
	var until time.Time
	if ts := req.GetAgreementExpiresAt(); ts != nil {
		until = ts.AsTime()
		if err := ts.CheckValid(); err != nil || !until.After(now) || until.After(now.AddDate(10, 0, 0)) {
			v.Add("agreementExpiresAt", "INVALID_EXPIRY", "must lie in the future, within ten years")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	c, err := f.Svc.ConfirmCode(ctx, s.Signer, actor(lib.ActorSigner, req.GetActorId()), req.GetCode(), until, now)
	if err != nil {
		return nil, err
	}
	out := &idcontrolv1.ConfirmCodeResponse{
		Outcome:           outcomes[c.Outcome],
		Agreement:         render(c.Agreement, s),
		AttemptsRemaining: int32(c.AttemptsRemaining),
		NextStep:          nextStep(c),
	}
	if !c.RetryAt.IsZero() {
		out.RetryAt = timestamppb.New(c.RetryAt)
	}
	if c.Evidence != nil {
		out.Evidence = &idcontrolv1.Evidence{Payload: c.Evidence.Payload, Signature: c.Evidence.Signature,
			KeyId: c.Evidence.KeyID, Algorithm: "Ed25519", Record: record(*c.Record)}
	}
	return out, nil
}

// VerifyEvidence implements the call.
func (f *Family) VerifyEvidence(_ context.Context, req *idcontrolv1.VerifyEvidenceRequest) (*idcontrolv1.VerifyEvidenceResponse, error) {
	k := f.Svc.EvidenceKey()
	out := &idcontrolv1.VerifyEvidenceResponse{Valid: checks.Bool(false), PublicKeyPem: k.PublicPEM(), KeyId: k.KeyID()}
	rec, err := lib.VerifyEvidence(ed25519.PublicKey(k.Public()), lib.SignedEvidence{Payload: req.GetPayload(), Signature: req.GetSignature()})
	if err != nil {
		out.Message = "The signature does not verify under this server's key: the record was altered, or signed by another key."
		return out, nil
	}
	out.Valid, out.Record = checks.Bool(true), record(rec)
	out.Message = "The signature verifies: the record is as the server signed it."
	return out, nil
}

// GetHistory implements the call.
func (f *Family) GetHistory(ctx context.Context, req *idcontrolv1.GetHistoryRequest, now time.Time) (*idcontrolv1.GetHistoryResponse, error) {
	var v checks.Violations
	s := f.readSigner(&v, req.GetSigner(), true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	a, events, err := f.Svc.History(ctx, s.Signer, now)
	if err != nil {
		return nil, err
	}
	out := &idcontrolv1.GetHistoryResponse{AgreementId: a.ID}
	for _, e := range events {
		out.Events = append(out.Events, &idcontrolv1.HistoryEvent{
			At: timestamppb.New(e.At), ActorKind: actorKinds[e.Actor.Kind], ActorId: e.Actor.ID,
			Action: string(e.Action), From: states[e.From], To: states[e.To], Reason: e.Reason,
		})
	}
	return out, nil
}

var actorKinds = map[string]idcontrolv1.ActorKind{
	lib.ActorSigner:   idcontrolv1.ActorKind_ACTOR_KIND_SIGNER,
	lib.ActorOperator: idcontrolv1.ActorKind_ACTOR_KIND_OPERATOR,
	lib.ActorSystem:   idcontrolv1.ActorKind_ACTOR_KIND_SYSTEM,
}

var states = map[lib.State]idcontrolv1.AgreementState{
	lib.StateWanted:        idcontrolv1.AgreementState_AGREEMENT_STATE_WANTED,
	lib.StateRefused:       idcontrolv1.AgreementState_AGREEMENT_STATE_REFUSED,
	lib.StateOfferAccepted: idcontrolv1.AgreementState_AGREEMENT_STATE_OFFER_ACCEPTED,
	lib.StateUnderReview:   idcontrolv1.AgreementState_AGREEMENT_STATE_UNDER_REVIEW,
	lib.StateRejected:      idcontrolv1.AgreementState_AGREEMENT_STATE_REJECTED,
	lib.StateApproved:      idcontrolv1.AgreementState_AGREEMENT_STATE_APPROVED,
	lib.StateAwaitingCode:  idcontrolv1.AgreementState_AGREEMENT_STATE_AWAITING_CODE,
	lib.StateActive:        idcontrolv1.AgreementState_AGREEMENT_STATE_ACTIVE,
	lib.StateExpired:       idcontrolv1.AgreementState_AGREEMENT_STATE_EXPIRED,
}

var nextSteps = map[lib.State]string{
	lib.StateWanted:        "Read the offer of a simple electronic signature, then accept it or refuse it.",
	lib.StateRefused:       "The signer refused the signature; they may withdraw the refusal.",
	lib.StateOfferAccepted: "Download the application, have the company's head sign it, and upload the scan.",
	lib.StateUnderReview:   "A manager is checking the application and the data; wait for the review.",
	lib.StateRejected:      "The application was rejected (see the reason); upload a corrected one.",
	lib.StateApproved:      "Ask for the SMS code that activates the signature.",
	lib.StateAwaitingCode:  "Type the code received by SMS.",
	lib.StateActive:        "The signature is active: ask for a code to sign documents.",
	lib.StateExpired:       "The agreement has expired: accept the offer again to renew it.",
}

// render shows an agreement; the blockers of a WANTED signer make it NOT_READY.
func render(a *lib.Agreement, s signer) *idcontrolv1.Agreement {
	out := &idcontrolv1.Agreement{
		AgreementId:     a.ID,
		State:           states[a.State],
		MaskedPhone:     s.masked,
		RejectionReason: a.RejectionReason,
		NextStep:        nextSteps[a.State],
	}
	if a.State == lib.StateWanted && len(s.blockers) > 0 {
		out.State, out.Blockers = idcontrolv1.AgreementState_AGREEMENT_STATE_NOT_READY, s.blockers
		out.NextStep = "Correct what blocks the signature, then accept the offer."
	}
	if a.Application != nil {
		out.Application = &idcontrolv1.DocumentDigest{Name: a.Application.Name, Sha256: a.Application.SHA256}
	}
	if !a.ExpiresAt.IsZero() {
		out.ExpiresAt = timestamppb.New(a.ExpiresAt)
	}
	if c := a.Code; c != nil && !c.Used && (a.State == lib.StateAwaitingCode || a.State == lib.StateActive) {
		out.CodeExpiresAt = timestamppb.New(c.ExpiresAt)
	}
	return out
}

func documents(in []*idcontrolv1.DocumentDigest) []lib.Document {
	out := make([]lib.Document, len(in))
	for i, d := range in {
		out[i] = lib.Document{Name: d.GetName(), SHA256: d.GetSha256()}
	}
	return out
}

func record(r lib.EvidenceRecord) *idcontrolv1.EvidenceRecord {
	out := &idcontrolv1.EvidenceRecord{
		AgreementId: r.AgreementID, Purpose: string(r.Purpose), Inn: r.INN, CodeId: r.CodeID, KeyId: r.KeyID,
		CodeSentAt: timestamppb.New(r.CodeSentAt), ConfirmedAt: timestamppb.New(r.ConfirmedAt),
	}
	if p := ident.ValidatePhone(r.Phone); p.Valid {
		out.MaskedPhone = MaskPhone(p.Phone.E164, p.Phone.CountryCode)
	}
	if !r.AgreementExpiresAt.IsZero() {
		out.AgreementExpiresAt = timestamppb.New(r.AgreementExpiresAt)
	}
	for _, d := range r.Documents {
		out.Documents = append(out.Documents, &idcontrolv1.DocumentDigest{Name: d.Name, Sha256: d.SHA256})
	}
	return out
}
