package clientfile

import (
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

const (
	failed  = idcontrolv1.ControlOutcome_CONTROL_OUTCOME_FAILED
	absent  = idcontrolv1.ControlOutcome_CONTROL_OUTCOME_ABSENT
	approve = idcontrolv1.Decision_DECISION_APPROVE
	review  = idcontrolv1.Decision_DECISION_REVIEW
	decline = idcontrolv1.Decision_DECISION_DECLINE
)

// Unchecked is the control name of a document no family checked.
const Unchecked = "unchecked"

// DefaultRules is the decision table a policy starts from (README): any
// control that fails calls for a review; a specimen, signs of tampering
// and a blacklisted keyword decline the file; a document no family
// checked and an identity document without a readable MRZ call for a
// review. Other absent controls decide nothing: most are absent for want
// of data the caller did not send (image analysis, a 2D-Doc). The README
// shows this table; keep both in step.
var DefaultRules = []*idcontrolv1.DecisionRule{
	{Outcome: failed, Action: review},
	{Control: "notSpecimen", Outcome: failed, Action: decline},
	{Control: "containsTamperingSign", Outcome: failed, Action: decline},
	{Control: "keywordsBlacklist", Outcome: failed, Action: decline},
	{Control: Unchecked, Outcome: absent, Action: review},
	{Family: "identityDocument", Control: "mrzValid", Outcome: absent, Action: review},
	// Facts, not problems: most identity documents carry no 2D-Doc, and
	// whether a registry was asked says nothing of the document.
	{Family: "identityDocument", Control: "doc2DFound", Outcome: failed, Action: approve},
	{Control: "companyConnectorRequested", Outcome: failed, Action: approve},
	// Cross-document coherence: a failed control calls for a review (two
	// documents naming two people may be a mix-up as well as a fraud); an
	// absent one, for want of two documents carrying the datum, decides
	// nothing.
	{Family: CoherenceFamily, Outcome: failed, Action: review},
}

// badWhenTrue are the controls whose true is the problem.
var badWhenTrue = map[string]bool{
	"maxAgeExceeded": true, "documentExpired": true, "containsAnnotations": true,
	"containsTamperingSign": true, "firstLastNamesInverted": true, "namesInverted": true,
	"companyConnectorFailed": true,
}

// alertLists are the keyword controls whose keywords found are a problem;
// the whitelist and the operator's information are not.
var alertLists = map[string]bool{
	"keywordsBlacklist": true, "keywordsParticipantAlert": true, "keywordsOperatorAlert": true,
}

type ruleKey struct {
	family, control string
	outcome         idcontrolv1.ControlOutcome
}

// table is a resolved decision table.
type table map[ruleKey]idcontrolv1.Decision

// newTable applies the policy's rules over the defaults: a rule replaces
// the default of the same family, control and outcome.
func newTable(rules []*idcontrolv1.DecisionRule) table {
	t := make(table, len(DefaultRules)+len(rules))
	for _, set := range [][]*idcontrolv1.DecisionRule{DefaultRules, rules} {
		for _, r := range set {
			t[ruleKey{r.GetFamily(), r.GetControl(), r.GetOutcome()}] = r.GetAction()
		}
	}
	return t
}

// action is the most specific rule's: family and control, control, family,
// then any; APPROVE when none matches.
func (t table) action(family, control string, o idcontrolv1.ControlOutcome) idcontrolv1.Decision {
	for _, k := range []ruleKey{{family, control, o}, {"", control, o}, {family, "", o}, {"", "", o}} {
		if a, ok := t[k]; ok {
			return a
		}
	}
	return approve
}

// outcome is one control of a document that failed or is absent.
type outcome struct {
	control string
	outcome idcontrolv1.ControlOutcome
}

// outcomes lists the failed and absent controls of a controls message:
// optional booleans (with their polarity), alert keyword lists, and the
// participants' booleans, each failed only when it fails for every
// participant (a document is one owner's) and absent only when absent for
// all.
func outcomes(ctl protoreflect.Message) []outcome {
	var out []outcome
	fields := ctl.Descriptor().Fields()
	for i := range fields.Len() {
		fd := fields.Get(i)
		name := fd.JSONName()
		switch {
		case fd.Kind() == protoreflect.BoolKind && fd.HasPresence():
			if o, ok := boolOutcome(ctl, fd); ok {
				out = append(out, outcome{name, o})
			}
		case fd.IsList() && fd.Kind() == protoreflect.StringKind:
			if alertLists[name] && ctl.Get(fd).List().Len() > 0 {
				out = append(out, outcome{name, failed})
			}
		case fd.IsList() && fd.Kind() == protoreflect.MessageKind && name == "participants":
			out = append(out, participantOutcomes(ctl.Get(fd).List())...)
		}
	}
	return out
}

// boolOutcome is a boolean control's outcome; ok false when it passed.
func boolOutcome(m protoreflect.Message, fd protoreflect.FieldDescriptor) (idcontrolv1.ControlOutcome, bool) {
	if !m.Has(fd) {
		return absent, true
	}
	if m.Get(fd).Bool() == badWhenTrue[fd.JSONName()] {
		return failed, true
	}
	return 0, false
}

func participantOutcomes(list protoreflect.List) []outcome {
	if list.Len() == 0 {
		return nil
	}
	fields := list.Get(0).Message().Descriptor().Fields()
	var out []outcome
	for i := range fields.Len() {
		fd := fields.Get(i)
		if fd.Kind() != protoreflect.BoolKind || !fd.HasPresence() {
			continue
		}
		passed, anyFailed := false, false
		for k := range list.Len() {
			o, bad := boolOutcome(list.Get(k).Message(), fd)
			switch {
			case !bad:
				passed = true
			case o == failed:
				anyFailed = true
			}
		}
		switch {
		case passed:
		case anyFailed:
			out = append(out, outcome{"participants." + fd.JSONName(), failed})
		default:
			out = append(out, outcome{"participants." + fd.JSONName(), absent})
		}
	}
	return out
}

// familyResult returns the family's JSON name and its controls message,
// "" and nil for a document no family checked.
func familyResult(r *idcontrolv1.ClientFileDocumentResult) (string, protoreflect.Message) {
	m := r.ProtoReflect()
	od := m.Descriptor().Oneofs().ByName("family")
	fd := m.WhichOneof(od)
	if fd == nil {
		return "", nil
	}
	resp := m.Get(fd).Message()
	cfd := resp.Descriptor().Fields().ByName("controls")
	if cfd == nil || !resp.Has(cfd) {
		return fd.JSONName(), nil
	}
	return fd.JSONName(), resp.Get(cfd).Message()
}

// decide fills resp's decision and reasons under the policy's rules.
func decide(resp *idcontrolv1.CheckClientFileResponse, rules []*idcontrolv1.DecisionRule) {
	t := newTable(rules)
	decision := approve
	for i, r := range resp.GetDocuments() {
		family, ctl := familyResult(r)
		var os []outcome
		if family == "" {
			os = []outcome{{Unchecked, absent}}
		} else if ctl != nil {
			os = outcomes(ctl)
		}
		for _, o := range os {
			a := t.action(family, o.control, o.outcome)
			if a <= approve {
				continue
			}
			resp.Reasons = append(resp.Reasons, &idcontrolv1.DecisionReason{
				DocumentIndex: proto.Int32(int32(i)), DocumentId: r.GetId(), Family: family,
				Control: o.control, Outcome: o.outcome, Action: a,
			})
			decision = max(decision, a)
		}
	}
	for _, pc := range resp.GetCoherence().GetParticipants() {
		for _, c := range []struct {
			name string
			v    *bool
		}{
			{ctlSameIdentity, pc.SameIdentity}, {ctlSameAddress, pc.SameAddress},
			{ctlRIBHolderKnown, pc.RibHolderKnown}, {ctlEmployerAlive, pc.EmployerAlive},
		} {
			o := failed
			switch {
			case c.v == nil:
				o = absent
			case *c.v:
				continue
			}
			control := "participants." + c.name
			a := t.action(CoherenceFamily, control, o)
			if a <= approve {
				continue
			}
			resp.Reasons = append(resp.Reasons, &idcontrolv1.DecisionReason{
				Family: CoherenceFamily, Control: control,
				Outcome: o, Action: a, Owner: pc.GetOwner(),
			})
			decision = max(decision, a)
		}
	}
	resp.Decision = decision
}
