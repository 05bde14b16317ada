// Package document computes the controls report.json gives every document
// whatever its family: the policy's keyword lists found in the text, the
// caller's image-pipeline verdicts (annotations, tampering), and whether
// the type read from the text is the one expected. Families
// (checks/address…) fill their own controls messages from these.
package document

import (
	"fmt"
	"slices"
	"strings"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/doctype"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/keywords"
	"github.com/idcontrol/idcontrol/policy"
)

// Keywords are the keyword controls of one document.
type Keywords struct {
	Whitelist, Blacklist, ParticipantAlert, OperatorAlert, OperatorInfo []string
}

// Text is a document's OCR text, prepared once for the keyword lists and the
// type detection.
type Text struct {
	prepared keywords.Text
}

// PrepareText folds a document's text once.
func PrepareText(text string) Text { return Text{prepared: keywords.Prepare(text)} }

// PrepareFolded is PrepareText on a text already folded (fold.Fold, e.g.
// places.Text.Folded), for a family that folds its text for addresses too.
func PrepareFolded(folded string) Text { return Text{prepared: keywords.PrepareFolded(folded)} }

// Empty reports whether the text holds no word.
func (t Text) Empty() bool { return t.prepared.Empty() }

// KeywordControls looks for the policy's keyword lists in t. A list found
// empty is an empty control; when the text is empty, each non-empty list's
// control could not be computed and a finding says so.
func KeywordControls(t Text, pol policy.Effective, f *checks.Findings) Keywords {
	return Keywords{
		Whitelist:        keywordsWhitelist(t, pol, f),
		Blacklist:        keywordsBlacklist(t, pol, f),
		ParticipantAlert: keywordsParticipantAlert(t, pol, f),
		OperatorAlert:    keywordsOperatorAlert(t, pol, f),
		OperatorInfo:     keywordsOperatorInfo(t, pol, f),
	}
}

// keywordsWhitelist — « liste des mots clés autorisés trouvés dans le
// document »: the whitelist's keywords standing in the text as whole
// folded words.
func keywordsWhitelist(t Text, pol policy.Effective, f *checks.Findings) []string {
	return find("keywordsWhitelist", pol.KeywordsWhitelist, t, f, "")
}

// keywordsBlacklist — « liste des mots clés non autorisés trouvés dans le
// document ». Each found is a finding.
func keywordsBlacklist(t Text, pol policy.Effective, f *checks.Findings) []string {
	return find("keywordsBlacklist", pol.KeywordsBlacklist, t, f, "The text holds %d keyword(s) of the policy's blacklist.")
}

// keywordsParticipantAlert — « liste des mots clés en "erreur" renvoyées
// au participant ».
func keywordsParticipantAlert(t Text, pol policy.Effective, f *checks.Findings) []string {
	return find("keywordsParticipantAlert", pol.KeywordsParticipant, t, f, "The text holds %d keyword(s) the policy reports to the participant as errors.")
}

// keywordsOperatorAlert — « liste des mots clés en "warning" affichée
// uniquement à l'opérateur ».
func keywordsOperatorAlert(t Text, pol policy.Effective, f *checks.Findings) []string {
	return find("keywordsOperatorAlert", pol.KeywordsOperator, t, f, "The text holds %d keyword(s) the policy reports to the operator as warnings.")
}

// keywordsOperatorInfo — report.json's keywordsOperatorInfo: the keywords
// shown to the operator as information.
func keywordsOperatorInfo(t Text, pol policy.Effective, f *checks.Findings) []string {
	return find("keywordsOperatorInfo", pol.KeywordsOperatorInfo, t, f, "")
}

// find answers the keywords of list in t; foundMsg (with the count), when
// set, is the finding of a list whose keywords were found.
func find(control string, list []string, t Text, f *checks.Findings, foundMsg string) []string {
	if len(list) == 0 {
		return nil
	}
	if t.Empty() {
		f.Add(control, "", "TEXT_MISSING", "The document has no text to look for the policy's keywords in.")
		return nil
	}
	got := keywords.Compile(list).Find(t.prepared)
	if len(got) > 0 && foundMsg != "" {
		f.Addf(control, "", "KEYWORD_FOUND", foundMsg, len(got))
	}
	return got
}

// ContainsAnnotations — « booléen indiquant si le document contient des
// annotations (uniquement pour les documents PDF) »: the caller's image
// pipeline verdict, document.imageAnalysis. Absent without it: text does
// not show annotations.
func ContainsAnnotations(doc *idcontrolv1.Document, f *checks.Findings) *bool {
	ia := doc.GetImageAnalysis()
	if ia == nil || ia.ContainsAnnotations == nil {
		f.Add("containsAnnotations", "", "IMAGE_ANALYSIS_MISSING", "Annotations need image analysis: the request carries no imageAnalysis.containsAnnotations verdict.")
		return nil
	}
	if ia.GetContainsAnnotations() {
		f.Add("containsAnnotations", "", "ANNOTATIONS_FOUND", "The caller's image analysis found annotations on the document.")
	}
	return checks.Bool(ia.GetContainsAnnotations())
}

// ContainsTamperingSign — « booléen indiquant si le document a été modifié
// par une application tierce (uniquement pour les documents PDF) »: the
// caller's image pipeline verdict. Absent without it.
func ContainsTamperingSign(doc *idcontrolv1.Document, f *checks.Findings) *bool {
	ia := doc.GetImageAnalysis()
	if ia == nil || ia.ContainsTamperingSign == nil {
		f.Add("containsTamperingSign", "", "IMAGE_ANALYSIS_MISSING", "Tampering needs image analysis: the request carries no imageAnalysis.containsTamperingSign verdict.")
		return nil
	}
	if ia.GetContainsTamperingSign() {
		f.Add("containsTamperingSign", "", "TAMPERING_SIGN_FOUND", "The caller's image analysis found signs that the document was modified.")
	}
	return checks.Bool(ia.GetContainsTamperingSign())
}

// Detect reads the document family from t.
func Detect(t Text) doctype.Detection { return doctype.DetectPrepared(t.prepared) }

// DocumentTypeMatch — « le type de document détecté est bien celui attendu
// (ce champ n'est pas présent si le type de document n'a pu être
// déterminé) »: the family read from the text (doctype) is one of
// expected (the declared type, or the types of the method's family when
// none is declared). Absent without text or when no family wins clearly.
// The evidence of a detection is a finding whatever the outcome.
func DocumentTypeMatch(t Text, d doctype.Detection, expected []string, f *checks.Findings) *bool {
	const ctl = "documentTypeMatch"
	if t.Empty() {
		f.Add(ctl, "", "TEXT_MISSING", "The document has no text to detect its type from.")
		return nil
	}
	if d.Type == "" {
		if d.Leader == "" {
			f.Add(ctl, "", "TYPE_UNDETERMINED", "No anchor phrase of a known document family stands in the text.")
		} else {
			f.Addf(ctl, "", "TYPE_UNDETERMINED", "No document family wins clearly: %s weighs %d (%s), %s %d.",
				d.Leader, d.Score, quote(d.Evidence), d.RunnerUp, d.RunnerUpScore)
		}
		return nil
	}
	ok := slices.Contains(expected, d.Type)
	code := "TYPE_DETECTED"
	if !ok {
		code = "TYPE_MISMATCH"
	}
	f.Addf(ctl, "", code, "The text reads as %s (%s), expected %s.", d.Type, quote(d.Evidence), strings.Join(expected, " or "))
	return checks.Bool(ok)
}

func quote(ev []string) string {
	q := make([]string, len(ev))
	for i, e := range ev {
		q[i] = fmt.Sprintf("%q", e)
	}
	return strings.Join(q, ", ")
}

// DetectionProto renders a detection for a response; nil when no anchor
// was found.
func DetectionProto(d doctype.Detection) *idcontrolv1.DocumentTypeDetection {
	if d.Leader == "" {
		return nil
	}
	return &idcontrolv1.DocumentTypeDetection{
		Type: d.Type, Leader: d.Leader, Evidence: d.Evidence, Score: int32(d.Score),
		RunnerUp: d.RunnerUp, RunnerUpScore: int32(d.RunnerUpScore),
	}
}
