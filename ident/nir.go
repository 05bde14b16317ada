package ident

// ValidateFRNIR validates a French NIR (numéro d'inscription au répertoire,
// INSEE): sex digit (1 man, 2 woman; 7 or 8 for a temporary number that
// carries no birth data), birth year (2 digits), birth month (01-12, or 20,
// 30-42, 50-99 when unknown), department (01-95, 2A, 2B, 97x, 98x, or 99
// for a birth abroad followed by the INSEE country code), commune, order
// number and key = 97 − (n mod 97) where n is the first 13 characters with
// 2A read as 19 and 2B as 18. 0 allocations when the input is canonical.
func ValidateFRNIR(s string) Result { return Validate(KindFRNIR, s) }

func validateFRNIR(s string, r *Result) (code, msg string) {
	var b buf
	if code := normalize(s, &b); code != "" {
		return normFail(code)
	}
	v := b.bytes()
	if len(v) != 15 {
		return CodeInvalidLength, "A NIR has 15 characters: 13 and a 2-digit key."
	}
	// Corsica: 2A/2B in place of the department's digits.
	corsica := byte(0)
	if v[5] == '2' && (v[6] == 'A' || v[6] == 'B') {
		corsica = v[6]
	}
	for i, c := range v {
		if c < '0' || c > '9' {
			if i == 6 && corsica != 0 {
				continue
			}
			if i == 5 || i == 6 {
				return CodeInvalidDepartment, "The department is two digits, 2A or 2B."
			}
			return CodeInvalidCharacter, "A NIR holds only digits, apart from 2A or 2B for Corsica."
		}
	}
	temporary := v[0] == '7' || v[0] == '8'
	if v[0] != '1' && v[0] != '2' && !temporary {
		return CodeInvalidSex, "The first digit of a NIR is 1, 2, 7 or 8."
	}
	month := int(twoDigits(v[3:5]))
	dept := v[5:7]
	deptLen := 2
	if !temporary {
		switch {
		case month >= 1 && month <= 12, month == 20, month >= 30 && month <= 42, month >= 50:
		default:
			return CodeInvalidMonth, "The birth month of the NIR is neither 01-12 nor an unknown-month code."
		}
		if corsica == 0 {
			d := twoDigits(dept)
			switch {
			case d >= 1 && d <= 95, d == 99:
			case d == 97 || d == 98:
				deptLen = 3
			default:
				return CodeInvalidDepartment, "The department of birth of the NIR does not exist."
			}
		}
	}
	var n uint64
	for i, c := range v[:13] {
		switch {
		case i == 6 && corsica == 'A':
			n = n*10 - 1 // 2A reads as 19: the 2 already added makes 20
		case i == 6 && corsica == 'B':
			n = n*10 - 2 // 2B reads as 18
		default:
			n = n*10 + uint64(c-'0')
		}
	}
	if 97-n%97 != twoDigits(v[13:15]) {
		return CodeChecksumMismatch, "The NIR key does not match."
	}
	norm := canonical(s, &b)
	r.Normalized = norm
	if temporary {
		r.NIR = NIRDetails{Temporary: true}
		return CodeOK, "The NIR is valid; it is a temporary number, without birth data."
	}
	r.NIR = NIRDetails{
		Sex:        "M",
		BirthYear:  norm[1:3],
		Department: norm[5 : 5+deptLen],
		Place:      norm[5:10],
	}
	if v[0] == '2' {
		r.NIR.Sex = "F"
	}
	if month <= 12 {
		r.NIR.BirthMonth = month
	}
	return CodeOK, "The NIR is valid."
}
