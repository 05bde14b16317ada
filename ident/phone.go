package ident

import "github.com/nyaruka/phonenumbers"

var phoneTypes = map[phonenumbers.PhoneNumberType]string{
	phonenumbers.FIXED_LINE:           "FIXED_LINE",
	phonenumbers.MOBILE:               "MOBILE",
	phonenumbers.FIXED_LINE_OR_MOBILE: "FIXED_LINE_OR_MOBILE",
	phonenumbers.TOLL_FREE:            "TOLL_FREE",
	phonenumbers.PREMIUM_RATE:         "PREMIUM_RATE",
	phonenumbers.SHARED_COST:          "SHARED_COST",
	phonenumbers.VOIP:                 "VOIP",
	phonenumbers.PERSONAL_NUMBER:      "PERSONAL_NUMBER",
	phonenumbers.PAGER:                "PAGER",
	phonenumbers.UAN:                  "UAN",
	phonenumbers.VOICEMAIL:            "VOICEMAIL",
	phonenumbers.UNKNOWN:              "UNKNOWN",
}

// ValidatePhone validates a phone number written in E.164 with its country
// code ("+" then digits; blanks, '-', '.', '/' and parentheses allowed
// between them) against the numbering plans of libphonenumber, through
// github.com/nyaruka/phonenumbers. +7 answers Russia or Kazakhstan from the
// number's prefix. This one allocates: the library parses into new values.
func ValidatePhone(s string) Result { return Validate(KindPhone, s) }

func validatePhone(s string, r *Result) (code, msg string) {
	var b [24]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9', c == '+' && n == 0:
		case c == ' ' || c == '\t' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')':
			continue
		case c == 0xC2 && i+1 < len(s) && s[i+1] == 0xA0:
			i++
			continue
		case c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0xAF:
			i += 2
			continue
		default:
			return CodeInvalidCharacter, "A phone number holds a leading '+', digits, blanks and separators only."
		}
		if n == len(b) {
			return CodeInvalidLength, "The phone number is too long for E.164."
		}
		b[n] = c
		n++
	}
	if n == 0 {
		return CodeEmpty, "The value is empty."
	}
	if b[0] != '+' {
		return CodeInvalidStructure, "The phone number must start with '+' and its country code."
	}
	if n < 4 || n > 16 {
		return CodeInvalidLength, "An E.164 number has between 3 and 15 digits."
	}
	num, err := phonenumbers.Parse(string(b[:n]), "")
	if err != nil {
		if err == phonenumbers.ErrInvalidCountryCode {
			return CodeUnknownCountry, "The phone number's country code does not exist."
		}
		return CodeInvalidNumber, "The value cannot be read as a phone number."
	}
	if !phonenumbers.IsValidNumber(num) {
		return CodeInvalidNumber, "The phone number does not fit its country's numbering plan."
	}
	e164 := phonenumbers.Format(num, phonenumbers.E164)
	r.Normalized = e164
	r.Phone = PhoneDetails{
		Region:      phonenumbers.GetRegionCodeForNumber(num),
		Type:        phoneTypes[phonenumbers.GetNumberType(num)],
		E164:        e164,
		CountryCode: int(num.GetCountryCode()),
	}
	return CodeOK, "The phone number is valid."
}
