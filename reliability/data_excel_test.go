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
	_, err = ReadData("c.csv", strings.NewReader("unit;coder;value\r\nu1;A;\"1\r\n"), Nominal)
	if err == nil || !strings.HasPrefix(err.Error(), "c.csv:2: column 3 (value):") {
		t.Errorf("error %v", err)
	}
}
