package coding

import (
	"strings"
	"testing"
)

// TestAgreementTable: the CSV form of agree, row by row, with the "too
// little data" verdict and "–" for an undefined coefficient.
func TestAgreementTable(t *testing.T) {
	rep, err := AgreeSample(agreeProject(t), "s", AgreeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	header, rows := rep.Table()
	if got := strings.Join(header, ","); got != "code,name,krippendorff_alpha,verdict,percent_agreement,cohen_kappa,fleiss_kappa,codings,units,pairable_values,min_pairable_values,enough_data" {
		t.Errorf("header %s", got)
	}
	if len(rows) != len(rep.Codes) {
		t.Fatalf("%d rows for %d codes", len(rows), len(rep.Codes))
	}
	for i, ca := range rep.Codes {
		r := rows[i]
		if r[0] != ca.Code || r[3] != ca.Verdict || r[11] != map[bool]string{true: "true", false: "false"}[ca.Enough] {
			t.Errorf("row %q for %+v", r, ca)
		}
		if ca.Stats.Alpha.Value == nil && r[2] != "–" || ca.Stats.Alpha.Value != nil && r[2] != ca.Stats.Alpha.String() {
			t.Errorf("%s: alpha cell %q for %v", ca.Code, r[2], ca.Stats.Alpha)
		}
		if !ca.Enough && ca.Stats.Alpha.Value != nil && r[3] != TooLittleData {
			t.Errorf("%s: verdict %q with too little data", ca.Code, r[3])
		}
	}
}
