package reliability

import (
	"strings"
	"testing"
)

// TestReadDataExcel: reliability data saved by Excel in a Flemish locale
// (semicolons, BOM, CRLF) reads like a comma file (issue 15).
func TestReadDataExcel(t *testing.T) {
	comma, err := ReadData("a.csv", strings.NewReader("unit,coder,value\nu1,A,1\nu1,B,2\n"), Nominal)
	if err != nil {
		t.Fatal(err)
	}
	excel, err := ReadData("b.csv", strings.NewReader("\ufeffunit;coder;value\r\nu1;A;1\r\nu1;B;2\r\n"), Nominal)
	if err != nil {
		t.Fatal(err)
	}
	if len(excel.Units) != 1 || len(excel.Coders) != 2 || *excel.Values[0][1] != *comma.Values[0][1] {
		t.Errorf("excel %+v, comma %+v", excel, comma)
	}
	// Decimal commas, as Excel writes numbers in a Flemish locale.
	iv, err := ReadData("d.csv", strings.NewReader("unit;coder;value\r\nu1;A;2,5\r\nu1;B;-1,25\r\nu2;A;3\r\n"), Interval)
	if err != nil || *iv.Values[0][0] != "2.5" || *iv.Values[0][1] != "-1.25" || *iv.Values[1][0] != "3" {
		t.Errorf("decimal commas: %v %+v", err, iv)
	}
	if nv, err := ReadData("e.csv", strings.NewReader("unit;coder;value\nu1;A;2,5\n"), Nominal); err != nil || *nv.Values[0][0] != "2,5" {
		t.Errorf("nominal value changed: %v", err)
	}
	for _, v := range []string{"1,2,3", ",5", "5,", "a,b", "1.5", "12"} {
		if decimalPoint(v) != v && v != "1.5" {
			t.Errorf("decimalPoint(%q) = %q", v, decimalPoint(v))
		}
	}
	_, err = ReadData("c.csv", strings.NewReader("unit;coder;value\r\nu1;A;\"1\r\n"), Nominal)
	if err == nil || !strings.HasPrefix(err.Error(), "c.csv:2: column 3 (value):") {
		t.Errorf("error %v", err)
	}
}
