package ingest

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestCSVFromExcel: organisations and manifests as Excel saves them in a
// Flemish locale read like comma files (issue 15).
func TestCSVFromExcel(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"orgs-utf8.csv": "\ufeffid;name;regio\r\nkoepel;Koepel Créatief;Gent\r\n",
		"orgs-1252.csv": "id;name;regio\r\nkoepel;Koepel Cr\xe9atief;Gent\r\n",
		"orgs-tab.csv":  "id\tname\tregio\nkoepel\tKoepel Créatief\tGent\n",
		"a.txt":         "tekst",
		"manifest.csv":  "\ufefffile;org;type;year;title\r\na.txt;Koepel Cr\u00e9atief;plan;2021;\"Plan; versie 2\"\r\n",
		"bad.csv":       "id;name;regio\r\nkoepel;Koepel;Gent;extra\r\n",
	})
	for _, name := range []string{"orgs-utf8.csv", "orgs-1252.csv", "orgs-tab.csv"} {
		orgs, err := ReadOrganisations(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(orgs) != 1 || orgs[0].ID != "koepel" || orgs[0].Name != "Koepel Créatief" || orgs[0].Attrs["regio"] != "Gent" {
			t.Errorf("%s: %+v", name, orgs)
		}
	}
	jobs, errs, err := ReadManifest(filepath.Join(dir, "manifest.csv"))
	if err != nil || len(errs) > 0 || len(jobs) != 1 {
		t.Fatalf("manifest: %v %v %+v", err, errs, jobs)
	}
	if m := jobs[0].Meta; m.Org != "koepel-creatief" || m.Title != "Plan; versie 2" || m.Year != 2021 {
		t.Errorf("manifest meta %+v", m)
	}
	_, err = ReadOrganisations(filepath.Join(dir, "bad.csv"))
	if err == nil || !strings.HasSuffix(err.Error(), "bad.csv:2: column 4: 4 fields, the header has 3") {
		t.Errorf("bad.csv: %v", err)
	}
}
