package policy

import (
	"fmt"
	"sync"

	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// uncheckedControl is the decision rules' name for a document no family
// checked (checks/clientfile.Unchecked).
const uncheckedControl = "unchecked"

// familyControls maps each family of a client file's answer (the JSON name
// of its field in ClientFileDocumentResult's oneof, as DecisionRule.family
// names it, and "coherence") to the controls its answer can carry:
// "mrzValid", "participants.nameFound", "participants.sameIdentity"… Read
// from the contract itself, so a control added to a family is known here
// without a list to keep.
var familyControls = sync.OnceValue(func() map[string]map[string]bool {
	out := map[string]map[string]bool{}
	od := (&idcontrolv1.ClientFileDocumentResult{}).ProtoReflect().Descriptor().Oneofs().ByName("family")
	for i := range od.Fields().Len() {
		fd := od.Fields().Get(i)
		ctl := fd.Message().Fields().ByName("controls")
		if ctl == nil || ctl.Message() == nil {
			continue
		}
		names := map[string]bool{}
		addControls(names, "", ctl.Message())
		out[fd.JSONName()] = names
	}
	// The file's cross-document controls, per participant (family "coherence").
	coherence := map[string]bool{}
	pc := (&idcontrolv1.ParticipantCoherence{}).ProtoReflect().Descriptor()
	for i := range pc.Fields().Len() {
		if f := pc.Fields().Get(i); f.Kind() == protoreflect.BoolKind && f.HasPresence() {
			coherence["participants."+f.JSONName()] = true
		}
	}
	out["coherence"] = coherence
	return out
})

func addControls(names map[string]bool, prefix string, md protoreflect.MessageDescriptor) {
	for i := range md.Fields().Len() {
		f := md.Fields().Get(i)
		switch {
		case f.Name() == "participants" && f.Message() != nil:
			addControls(names, "participants.", f.Message())
		case f.Name() == "owner":
		default:
			names[prefix+f.JSONName()] = true
		}
	}
}

// checkDecisionRules refuses a rule whose control no family answers (a
// misspelt control would never match, silently), or that its family does
// not answer.
func checkDecisionRules(rules []*idcontrolv1.DecisionRule) []error {
	known := familyControls()
	var errs []error
	for i, r := range rules {
		c := r.GetControl()
		if c == "" || c == uncheckedControl {
			continue
		}
		ok := false
		if f := r.GetFamily(); f != "" {
			ok = known[f][c]
		} else {
			for _, names := range known {
				ok = ok || names[c]
			}
		}
		if !ok {
			errs = append(errs, fmt.Errorf("decisionRules[%d].control: %q is no control of %s", i, c, familyWords(r.GetFamily())))
		}
	}
	return errs
}

func familyWords(f string) string {
	if f == "" {
		return "any family"
	}
	return "family " + f
}
