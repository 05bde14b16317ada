package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	sigcheck "github.com/idcontrol/idcontrol/checks/signature"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/ledger"
	"github.com/idcontrol/idcontrol/signature"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/protoadapt"
	"google.golang.org/protobuf/types/known/durationpb"
)

// signatureDeps are the SignatureService's dependencies; nil when the
// service is not served.
type signatureDeps struct {
	family *sigcheck.Family
	store  signature.Store
	// now is the clock of transitions and codes.
	now func() time.Time
}

// openSignature wires the SignatureService from the configuration. Without
// a code key, an evidence key or an SMS sender the service is not served
// (the reason is returned for the start-up log): the server refuses to run
// it half-configured. A key or sender that is configured but unusable is
// an error: the whole server refuses to start.
func openSignature(ctx context.Context, cfg Config, led ledger.Ledger, log *slog.Logger) (*signatureDeps, string, error) {
	switch {
	case cfg.SignatureKeyFile == "":
		return nil, "no --signature-key-file: one-time codes cannot be keyed", nil
	case cfg.SignatureEvidenceKeyFile == "":
		return nil, "no --signature-evidence-key-file: evidence cannot be signed", nil
	case cfg.SMSWebhookURL == "" && !cfg.SMSOutbox:
		return nil, "no SMS sender: set --sms-webhook-url (or --sms-outbox for development)", nil
	case cfg.SMSWebhookURL != "" && cfg.SMSOutbox:
		return nil, "", errors.New("--sms-webhook-url and --sms-outbox exclude each other")
	}
	key, err := signature.LoadKey(cfg.SignatureKeyFile)
	if err != nil {
		return nil, "", err
	}
	ev, err := signature.LoadEvidenceKey(cfg.SignatureEvidenceKeyFile)
	if err != nil {
		return nil, "", err
	}
	pol, err := signature.LoadPolicy(cfg.SignaturePolicy)
	if err != nil {
		return nil, "", err
	}
	var sender signature.Sender
	if cfg.SMSOutbox {
		o, err := signature.NewFileOutbox(cfg.DataDir)
		if err != nil {
			return nil, "", err
		}
		log.Warn("DEVELOPMENT SMS OUTBOX: one-time codes are written IN CLEAR to a file instead of being sent; never use --sms-outbox in production",
			"file", o.Path())
		sender = o
	} else {
		w, err := signature.NewWebhook(signature.WebhookConfig{URL: cfg.SMSWebhookURL, AuthHeader: cfg.SMSWebhookAuthHeader,
			Timeout: cfg.SMSWebhookTimeout, Retries: cfg.SMSWebhookRetries})
		if err != nil {
			return nil, "", err
		}
		sender = w
	}
	store, err := signature.OpenStore(ctx, cfg.SignatureStore, cfg.DataDir)
	if err != nil {
		return nil, "", fmt.Errorf("signature store: %w", err)
	}
	svc, err := signature.New(signature.Config{Store: store, Ledger: led, Sender: sender, Key: key, Evidence: ev, Policy: pol})
	if err != nil {
		_ = store.Close()
		return nil, "", err
	}
	return &signatureDeps{family: &sigcheck.Family{Svc: svc}, store: store, now: time.Now}, "", nil
}

type signatureServer struct {
	idcontrolv1.UnimplementedSignatureServiceServer
	d *signatureDeps
}

var _ idcontrolv1.SignatureServiceServer = (*signatureServer)(nil)

func (s *signatureServer) GetAgreement(ctx context.Context, req *idcontrolv1.GetAgreementRequest) (*idcontrolv1.GetAgreementResponse, error) {
	now := s.d.now()
	resp, err := s.d.family.GetAgreement(ctx, req, now)
	return resp, signatureError(err, now)
}

func (s *signatureServer) AcceptOffer(ctx context.Context, req *idcontrolv1.AcceptOfferRequest) (*idcontrolv1.AcceptOfferResponse, error) {
	now := s.d.now()
	resp, err := s.d.family.AcceptOffer(ctx, req, now)
	return resp, signatureError(err, now)
}

func (s *signatureServer) UploadApplication(ctx context.Context, req *idcontrolv1.UploadApplicationRequest) (*idcontrolv1.UploadApplicationResponse, error) {
	now := s.d.now()
	resp, err := s.d.family.UploadApplication(ctx, req, now)
	return resp, signatureError(err, now)
}

func (s *signatureServer) ReviewApplication(ctx context.Context, req *idcontrolv1.ReviewApplicationRequest) (*idcontrolv1.ReviewApplicationResponse, error) {
	now := s.d.now()
	resp, err := s.d.family.ReviewApplication(ctx, req, now)
	return resp, signatureError(err, now)
}

func (s *signatureServer) Refuse(ctx context.Context, req *idcontrolv1.RefuseRequest) (*idcontrolv1.RefuseResponse, error) {
	now := s.d.now()
	resp, err := s.d.family.Refuse(ctx, req, now)
	return resp, signatureError(err, now)
}

func (s *signatureServer) WithdrawRefusal(ctx context.Context, req *idcontrolv1.WithdrawRefusalRequest) (*idcontrolv1.WithdrawRefusalResponse, error) {
	now := s.d.now()
	resp, err := s.d.family.WithdrawRefusal(ctx, req, now)
	return resp, signatureError(err, now)
}

func (s *signatureServer) SendCode(ctx context.Context, req *idcontrolv1.SendCodeRequest) (*idcontrolv1.SendCodeResponse, error) {
	now := s.d.now()
	resp, err := s.d.family.SendCode(ctx, req, now)
	return resp, signatureError(err, now)
}

func (s *signatureServer) ConfirmCode(ctx context.Context, req *idcontrolv1.ConfirmCodeRequest) (*idcontrolv1.ConfirmCodeResponse, error) {
	now := s.d.now()
	resp, err := s.d.family.ConfirmCode(ctx, req, now)
	return resp, signatureError(err, now)
}

func (s *signatureServer) VerifyEvidence(ctx context.Context, req *idcontrolv1.VerifyEvidenceRequest) (*idcontrolv1.VerifyEvidenceResponse, error) {
	resp, err := s.d.family.VerifyEvidence(ctx, req)
	return resp, signatureError(err, time.Time{})
}

func (s *signatureServer) GetHistory(ctx context.Context, req *idcontrolv1.GetHistoryRequest) (*idcontrolv1.GetHistoryResponse, error) {
	now := s.d.now()
	resp, err := s.d.family.GetHistory(ctx, req, now)
	return resp, signatureError(err, now)
}

const signatureDomain = "idcontrol.v1.SignatureService"

// signatureError maps the family's errors to statuses. No message repeats
// an INN, a number or a code: statuses are logged.
func signatureError(err error, now time.Time) error {
	if err == nil {
		return nil
	}
	var (
		te *signature.TransitionError
		we *signature.WaitError
		nr *sigcheck.NotReadyError
	)
	switch {
	case errors.As(err, &te):
		return withDetails(codes.FailedPrecondition,
			fmt.Sprintf("%s is not allowed while the agreement is %s", te.Action, te.From),
			&errdetails.ErrorInfo{Reason: "TRANSITION_REFUSED", Domain: signatureDomain,
				Metadata: map[string]string{"action": string(te.Action), "state": string(te.From)}})
	case errors.Is(err, signature.ErrNoCode):
		return withDetails(codes.FailedPrecondition, "no code is pending: ask for one with SendCode",
			&errdetails.ErrorInfo{Reason: "NO_CODE_PENDING", Domain: signatureDomain})
	case errors.As(err, &nr):
		pf := &errdetails.PreconditionFailure{}
		var why []string
		for _, b := range nr.Blockers {
			pf.Violations = append(pf.Violations, &errdetails.PreconditionFailure_Violation{Type: b.GetCode(), Subject: b.GetControl(), Description: b.GetMessage()})
			why = append(why, b.GetCode())
		}
		return withDetails(codes.FailedPrecondition, "the signature is not ready: "+strings.Join(why, ", "), pf,
			&errdetails.ErrorInfo{Reason: "NOT_READY", Domain: signatureDomain})
	case errors.As(err, &we):
		delay := max(0, we.RetryAt.Sub(now))
		return withDetails(codes.ResourceExhausted,
			fmt.Sprintf("%s: ask again after %s", we.Reason, we.RetryAt.UTC().Format(time.RFC3339)),
			&errdetails.ErrorInfo{Reason: we.Reason, Domain: signatureDomain,
				Metadata: map[string]string{"retryAt": we.RetryAt.UTC().Format(time.RFC3339)}},
			&errdetails.RetryInfo{RetryDelay: durationpb.New(delay)})
	case errors.Is(err, signature.ErrUnavailable), errors.Is(err, ledger.ErrUnavailable):
		return unavailable("the signature store or the SMS gateway")
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return status.FromContextError(err).Err()
	}
	if in := inputError(err); in != err {
		return in
	}
	return status.Error(codes.Internal, "internal error")
}

func withDetails(code codes.Code, msg string, details ...protoadapt.MessageV1) error {
	st := status.New(code, msg)
	if d, err := st.WithDetails(details...); err == nil {
		return d.Err()
	}
	return st.Err()
}

// depsLedger reaches the attempt ledger through deps at each call, so that
// the signature's code attempts go through the health watch newServer puts
// around it (an outage counted and logged once, ControlService's health)
// like ScoreSimilarity's. The server closes the ledger itself.
type depsLedger struct{ d *deps }

func (l depsLedger) Consume(ctx context.Context, key string, maxAttempts int, ttl time.Duration) (int, bool, error) {
	return l.d.ledger.Consume(ctx, key, maxAttempts, ttl)
}

func (l depsLedger) Peek(ctx context.Context, key string) (int, error) {
	return l.d.ledger.Peek(ctx, key)
}

func (l depsLedger) Close() error { return nil }
