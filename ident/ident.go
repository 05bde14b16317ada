package ident

import "strings"

// Kind is the kind of identifier to validate.
type Kind uint8

// The kinds of identifier, in the order of the wire's IdentifierKind.
const (
	KindUnknown Kind = iota
	KindIBAN
	KindBIC
	KindFRRIB
	KindFRNIR
	KindFRSIREN
	KindFRSIRET
	KindFRFiscalNumber
	KindFRTaxNoticeReference
	KindRUINN
	KindRUOGRN
	KindRUOGRNIP
	KindRUSNILS
	KindPhone
)

// KindFRTaxNumber is the wire's name (IDENTIFIER_KIND_FR_TAX_NUMBER) for
// the numéro fiscal.
const KindFRTaxNumber = KindFRFiscalNumber

var kindNames = [...]string{
	KindUnknown:              "UNKNOWN",
	KindIBAN:                 "IBAN",
	KindBIC:                  "BIC",
	KindFRRIB:                "FR_RIB",
	KindFRNIR:                "FR_NIR",
	KindFRSIREN:              "FR_SIREN",
	KindFRSIRET:              "FR_SIRET",
	KindFRFiscalNumber:       "FR_TAX_NUMBER",
	KindFRTaxNoticeReference: "FR_TAX_NOTICE_REFERENCE",
	KindRUINN:                "RU_INN",
	KindRUOGRN:               "RU_OGRN",
	KindRUOGRNIP:             "RU_OGRNIP",
	KindRUSNILS:              "RU_SNILS",
	KindPhone:                "PHONE",
}

// String is the kind's wire suffix (IBAN, FR_NIR…).
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "UNKNOWN"
}

// Stable reason codes of Result.Code.
const (
	CodeOK                  = "OK"
	CodeEmpty               = "EMPTY"
	CodeUnknownKind         = "UNKNOWN_KIND"
	CodeInvalidCharacter    = "INVALID_CHARACTER"
	CodeInvalidLength       = "INVALID_LENGTH"
	CodeUnknownCountry      = "UNKNOWN_COUNTRY"
	CodeInvalidStructure    = "INVALID_STRUCTURE"
	CodeInvalidCheckDigits  = "INVALID_CHECK_DIGITS"
	CodeChecksumMismatch    = "CHECKSUM_MISMATCH"
	CodeNationalCheckFailed = "NATIONAL_CHECK_FAILED"
	CodeInvalidSex          = "INVALID_SEX"
	CodeInvalidMonth        = "INVALID_MONTH"
	CodeInvalidDepartment   = "INVALID_DEPARTMENT"
	CodeInvalidNumber       = "INVALID_NUMBER"
)

// Result is the verdict on one identifier. Only the details of its Kind
// are filled, and only when Valid.
type Result struct {
	Kind  Kind
	Valid bool
	// Normalized is the canonical form when valid, "" otherwise.
	Normalized string
	// Code is a stable UPPER_SNAKE reason: CodeOK when valid.
	Code string
	// Message is one English sentence; it never repeats the value.
	Message string

	IBAN    IBANDetails    // KindIBAN, KindFRRIB
	BIC     BICDetails     // KindBIC
	NIR     NIRDetails     // KindFRNIR
	Phone   PhoneDetails   // KindPhone
	Company CompanyDetails // KindFRSIREN, KindFRSIRET, KindRUINN, KindRUOGRN, KindRUOGRNIP
}

// IBANDetails is what an IBAN (or a French RIB) encodes.
type IBANDetails struct {
	Country    string // ISO 3166 alpha-2 of the IBAN
	BankCode   string
	BranchCode string
	Account    string
	// NationalCheck names the national check verified ("FR_RIB_KEY"…), "" if none exists.
	NationalCheck string
	SEPA          bool // the country is in the SEPA schemes' scope
}

// BICDetails is what a BIC encodes.
type BICDetails struct {
	Institution string // 4 characters (letters, or letters and digits since ISO 9362:2022)
	Country     string // ISO 3166 alpha-2
	Location    string
	Branch      string // "" for an 8-character BIC
	Test        bool   // location code's second character is '0'
}

// NIRDetails is what a French NIR encodes.
type NIRDetails struct {
	Sex        string // "M" or "F"; "" for a temporary number
	BirthYear  string // two digits as printed; the century is not encoded
	BirthMonth int    // 1-12; 0 when unknown or temporary
	Department string // 01-95, 2A, 2B, 97x, 98x, or 99 (born abroad)
	Place      string // INSEE commune code, or INSEE country code 99xxx when born abroad
	Temporary  bool   // sex digit 7 or 8: no birth data
}

// PhoneDetails is what a phone number encodes.
type PhoneDetails struct {
	Region      string // ISO 3166 alpha-2
	Type        string // MOBILE, FIXED_LINE, FIXED_LINE_OR_MOBILE, TOLL_FREE, VOIP…
	E164        string
	CountryCode int
}

// CompanyDetails is what a company or taxpayer identifier encodes.
type CompanyDetails struct {
	SIREN string // for a SIRET: its SIREN
	// Check names the check applied: LUHN, LA_POSTE_DIGIT_SUM, MOD_11, MOD_13…
	Check string
}

// Validate validates value as an identifier of kind k. It never panics and
// never allocates except as the package documentation says.
func Validate(k Kind, value string) (r Result) {
	r.Kind = k
	var code, msg string
	switch k {
	case KindIBAN:
		code, msg = validateIBAN(value, &r)
	case KindBIC:
		code, msg = validateBIC(value, &r)
	case KindFRRIB:
		code, msg = validateFRRIB(value, &r)
	case KindFRNIR:
		code, msg = validateFRNIR(value, &r)
	case KindFRSIREN:
		code, msg = validateFRSIREN(value, &r)
	case KindFRSIRET:
		code, msg = validateFRSIRET(value, &r)
	case KindFRFiscalNumber:
		code, msg = validateFRFiscalNumber(value, &r)
	case KindFRTaxNoticeReference:
		code, msg = validateFRTaxNoticeReference(value, &r)
	case KindRUINN:
		code, msg = validateRUINN(value, &r)
	case KindRUOGRN:
		code, msg = validateOGRN(value, &r, true)
	case KindRUOGRNIP:
		code, msg = validateOGRN(value, &r, false)
	case KindRUSNILS:
		code, msg = validateRUSNILS(value, &r)
	case KindPhone:
		code, msg = validatePhone(value, &r)
	default:
		code, msg = CodeUnknownKind, "The identifier kind is not known."
	}
	r.Code, r.Message, r.Valid = code, msg, code == CodeOK
	if !r.Valid { // details only describe valid values
		r = Result{Kind: k, Code: code, Message: msg}
	}
	return r
}

// maxLen bounds every normalised identifier (an IBAN has at most 34
// characters); longer input is refused before any copy.
const maxLen = 34

// buf holds a normalised value on the caller's stack.
type buf struct {
	b    [maxLen]byte
	n    int
	same bool // the input was already canonical
}

func (b *buf) bytes() []byte { return b.b[:b.n] }

// normalize drops blanks and separators, upper-cases ASCII letters, folds
// full-width forms to ASCII (FoldWidth) and copies the rest into b. It
// answers "" when fine, else a reason code. It is the one normaliser of
// every identifier: ValidateIdentifiers and the bank-details controls give
// one verdict for one value.
func normalize(s string, b *buf) string {
	// Fast path: canonical input is copied as it is.
	if len(s) <= maxLen {
		i := 0
		for i < len(s) && (s[i]-'0' <= 9 || s[i]-'A' <= 25) {
			i++
		}
		if i == len(s) && i > 0 {
			b.n = copy(b.b[:], s)
			b.same = true
			return ""
		}
	}
	b.n = 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0xE3 && c <= 0xEF && i+2 < len(s) {
			if a, ok := fullWidth(c, s[i+1], s[i+2]); ok {
				c = a
				i += 2
			}
		}
		switch {
		case c >= '0' && c <= '9' || c >= 'A' && c <= 'Z':
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		case c == ' ' || c == '\t' || c == '-' || c == '.' || c == '/':
			continue
		case c == 0xC2 && i+1 < len(s) && s[i+1] == 0xA0: // NBSP U+00A0
			i++
			continue
		case c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0xAF: // NNBSP U+202F
			i += 2
			continue
		default:
			return CodeInvalidCharacter
		}
		if b.n == maxLen {
			return CodeInvalidLength
		}
		b.b[b.n] = c
		b.n++
	}
	if b.n == 0 {
		return CodeEmpty
	}
	return ""
}

// canonical returns the input itself when it already is the canonical form
// (no allocation), else a new string.
func canonical(s string, b *buf) string {
	if b.same || len(s) == b.n && s == string(b.bytes()) { // the comparison does not allocate
		return s
	}
	return string(b.bytes())
}

// normFail explains a normalisation failure.
func normFail(code string) (string, string) {
	switch code {
	case CodeEmpty:
		return code, "The value is empty."
	case CodeInvalidLength:
		return code, "The value is too long."
	}
	return CodeInvalidCharacter, "The value holds a character other than a letter, a digit, a blank or a separator."
}

// allZeros reports whether b is made of '0' only: such a number passes most
// checksums (Luhn, mod 11, mod 511…) yet is never issued.
func allZeros(b []byte) bool {
	for _, c := range b {
		if c != '0' {
			return false
		}
	}
	return len(b) > 0
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// digitsOnly normalises s and requires exactly n digits.
// Messages are constants so that failures do not allocate either.
func digitsOnly(s string, b *buf, n int, lengthMsg string) (code, msg string) {
	if code := normalize(s, b); code != "" {
		return normFail(code)
	}
	if !allDigits(b.bytes()) {
		return CodeInvalidCharacter, "The value must hold only digits."
	}
	if b.n != n {
		return CodeInvalidLength, lengthMsg
	}
	return "", ""
}

// fullWidth maps the UTF-8 bytes of a full-width form (U+FF01-U+FF5E, the
// ASCII characters of East Asian typography, which Unicode NFKC folds to
// ASCII) or of the ideographic space U+3000 to its ASCII character.
func fullWidth(b0, b1, b2 byte) (byte, bool) {
	switch {
	case b0 == 0xE3 && b1 == 0x80 && b2 == 0x80:
		return ' ', true
	case b0 == 0xEF && (b1 == 0xBC && b2 >= 0x81 && b2 <= 0xBF || b1 == 0xBD && b2 >= 0x80 && b2 <= 0x9E):
		r := 0xFF00 + rune(b1-0xBC)*64 + rune(b2-0x80)
		return byte(r - 0xFEE0), true
	}
	return 0, false
}

// FoldWidth returns s with its full-width forms (ＦＲ７６…) and ideographic
// spaces folded to ASCII, as NFKC folds them; s itself when it has none.
func FoldWidth(s string) string {
	if !hasFullWidth(s) {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0xE3 && c <= 0xEF && i+2 < len(s) {
			if a, ok := fullWidth(c, s[i+1], s[i+2]); ok {
				sb.WriteByte(a)
				i += 2
				continue
			}
		}
		sb.WriteByte(c)
	}
	return sb.String()
}

func hasFullWidth(s string) bool {
	for i := 0; i+2 < len(s); i++ {
		if c := s[i]; c >= 0xE3 && c <= 0xEF {
			if _, ok := fullWidth(c, s[i+1], s[i+2]); ok {
				return true
			}
		}
	}
	return false
}

// IBANShaped normalises s as every identifier is and reports whether it has
// the shape of an IBAN (ISO 13616-1): two letters, two digits, then letters
// and digits, 15 to 34 characters in all. Shape is not validity: the
// checksum and the country's structure are Validate's.
func IBANShaped(s string) (string, bool) {
	var b buf
	if normalize(s, &b) != "" {
		return "", false
	}
	v := b.bytes()
	if len(v) < 15 || !isLetter(v[0]) || !isLetter(v[1]) || !isDigit(v[2]) || !isDigit(v[3]) {
		return "", false
	}
	return canonical(s, &b), true
}
