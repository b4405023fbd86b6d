package citation

import "testing"

func TestString(t *testing.T) {
	for _, c := range []struct {
		c    Citation
		want string
	}{
		{New("Koepel Creatief", "koepel", "koepel-plan-2024", 3, []string{"1. Visie", "Missie"}, "koepel-plan-2024/0007"),
			"Koepel Creatief · koepel-plan-2024 · p. 3 · 1. Visie > Missie"},
		{New("", "koepel", "koepel-plan-2024", 0, nil, "koepel-plan-2024/0001"), "koepel · koepel-plan-2024"},
		{Citation{Org: "A", Doc: "d", Title: "Plan"}, "A · d (Plan)"},
		{Citation{Doc: "d", Page: -1}, "d"},
	} {
		if got := c.c.String(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.c, got, c.want)
		}
	}
}
