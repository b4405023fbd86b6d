package admin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/plancoder/plancoder/arg"
	"github.com/plancoder/plancoder/coding"
	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/store"
)

// Drawing a sample is `plancoder sample create` in the browser: the form
// gives coding.CreateSample the same options (a number of documents or
// the documents chosen, stratification, seed, coders), and the sample's
// page shows what `plancoder sample show` shows, with its fragments.

// sampleData is what the sample pages show.
type sampleData struct {
	Form    sampleForm
	Docs    []store.Document // to choose from
	Strata  []string         // type, period, attr:KEY of the organisations
	Coders  []string         // the users who may code (coder and admin)
	Show    *store.Sample
	Units   []sampleDoc
	Coding  []coding.SampleCoder
	UnitRul string
}

// sampleForm is what was typed, and the problems by field.
type sampleForm struct {
	Name, Count, Stratify, Seed, Extra        string
	Chosen, Coders                            []string
	NameErr, DocsErr, StratErr, SeedErr, CErr string
}

func (f *sampleForm) failed() bool {
	return f.NameErr != "" || f.DocsErr != "" || f.StratErr != "" || f.SeedErr != "" || f.CErr != ""
}

func (f *sampleForm) problem() string {
	msg := "The sample was not drawn:"
	for _, fe := range [][2]string{{"name", f.NameErr}, {"documents", f.DocsErr}, {"stratify", f.StratErr}, {"seed", f.SeedErr}, {"coders", f.CErr}} {
		if fe[1] != "" {
			msg += " " + fe[0] + ": " + fe[1] + "."
		}
	}
	return msg
}

// sampleDoc is one document of a sample with its units.
type sampleDoc struct {
	store.Document
	Units []store.Fragment
}

// loadChoices fills the form's choices: documents, strata and coders.
func loadChoices(s *store.Store, d *sampleData) error {
	docs, err := s.Documents()
	if err != nil {
		return err
	}
	d.Docs = docs
	orgs, err := s.Organisations()
	if err != nil {
		return err
	}
	attrs := map[string]bool{}
	for _, o := range orgs {
		for k := range o.Attrs {
			attrs["attr:"+k] = true
		}
	}
	d.Strata = []string{"type", "period"}
	for k := range attrs {
		d.Strata = append(d.Strata, k)
	}
	sort.Strings(d.Strata[2:])
	users, err := s.Users()
	if err != nil {
		return err
	}
	for _, u := range users {
		if u.Role == store.RoleCoder || u.Role == store.RoleAdmin {
			d.Coders = append(d.Coders, u.Name)
		}
	}
	return nil
}

// sampleFormPage is GET /samples/new.
func sampleFormPage(_ context.Context, _ *http.Request, s *store.Store, _ *index.Index, p *page) (string, error) {
	p.Name, p.Title = "samplenew", "Draw a sample"
	p.Sample = &sampleData{Form: sampleForm{Seed: "1"}}
	return "", loadChoices(s, p.Sample)
}

// maxSampleName bounds a sample's name (the store checks its characters).
const maxSampleName = 200

// createSample is POST /samples/new: coding.CreateSample with the form's
// options, then the sample's page.
func createSample(_ context.Context, r *http.Request, s *store.Store, _ *index.Index, p *page) (string, error) {
	d := &sampleData{}
	p.Name, p.Title, p.Sample = "samplenew", "Draw a sample", d
	if err := loadChoices(s, d); err != nil {
		return "", err
	}
	f := &d.Form
	form := r.PostForm
	var err error
	one := func(name string, max int, dst, problem *string) {
		if *dst, err = formValue(form, name, max, false); err != nil {
			*problem = err.Error()
		}
	}
	one("name", maxSampleName, &f.Name, &f.NameErr)
	one("count", 20, &f.Count, &f.DocsErr)
	one("stratify", maxKey*2, &f.Stratify, &f.StratErr)
	one("seed", 24, &f.Seed, &f.SeedErr)
	one("extra", 4000, &f.Extra, &f.CErr)
	f.Chosen, f.Coders = form["doc"], form["coder"]
	if len(f.Chosen) > len(d.Docs) || len(f.Coders) > len(d.Coders) {
		return "", bad(p, errors.New("the form names more documents or coders than the project has"))
	}
	o := coding.SampleOptions{Name: f.Name, Stratify: f.Stratify, DocIDs: f.Chosen}
	switch {
	case f.NameErr != "":
	case f.Name == "":
		f.NameErr = "is empty"
	case store.CheckText("sample name", f.Name, false) != nil:
		f.NameErr = store.CheckText("sample name", f.Name, false).Error()
	}
	if f.NameErr == "" {
		if _, err := s.Sample(f.Name); err == nil {
			f.NameErr = "is taken by another sample"
		}
	}
	switch {
	case f.DocsErr != "":
	case f.Count == "" && len(f.Chosen) == 0:
		f.DocsErr = "give a number of documents to draw, or choose documents"
	case f.Count != "" && len(f.Chosen) > 0:
		f.DocsErr = "give a number of documents or choose documents, not both"
	case f.Count != "":
		n, err := strconv.Atoi(f.Count)
		switch {
		case err != nil || n <= 0:
			f.DocsErr = fmt.Sprintf("number %s is not a whole number above 0", store.Quote(f.Count))
		case n > len(d.Docs):
			f.DocsErr = fmt.Sprintf("%d documents asked, the project has %d", n, len(d.Docs))
		}
		o.Docs = n
	}
	if len(f.Chosen) > 0 && f.Stratify != "" {
		f.StratErr = "applies to a number of documents drawn, not to documents chosen"
	}
	if f.Seed == "" {
		f.Seed = "1"
	}
	if seed, err := strconv.ParseInt(f.Seed, 10, 64); err != nil {
		f.SeedErr = fmt.Sprintf("%s is not a whole number", store.Quote(f.Seed))
	} else {
		o.Seed = uint64(seed) // as the CLI's --seed
	}
	for _, c := range append(slices.Clone(f.Coders), strings.Split(f.Extra, ",")...) {
		if c = strings.TrimSpace(c); c == "" || slices.Contains(o.Coders, c) {
			continue
		}
		if err := store.ValidateCoder(c); err != nil && f.CErr == "" {
			f.CErr = err.Error()
		}
		o.Coders = append(o.Coders, c)
	}
	if f.CErr == "" && len(o.Coders) < 2 {
		// CreateSample says so too, but only when the rest is right.
		f.CErr = "name at least two coders, ticked or typed"
	}
	if !f.failed() {
		sm, err := coding.CreateSample(s, p.User, o)
		var ae *arg.Error
		switch {
		case errors.As(err, &ae):
			switch ae.Name {
			case "coders":
				f.CErr = ae.Error()
			case "stratify":
				f.StratErr = ae.Error()
			default:
				f.DocsErr = ae.Error()
			}
		case errors.Is(err, store.ErrExists):
			f.NameErr = "is taken by another sample"
		case errors.Is(err, store.ErrNotFound):
			f.DocsErr = err.Error()
		case err != nil:
			return "", bad(p, err)
		default:
			return "/samples/show?" + url.Values{"name": {sm.Name}}.Encode(), nil
		}
	}
	p.Status, p.Error = http.StatusUnprocessableEntity, f.problem()
	return "", nil
}

// showSample is GET /samples/show?name=N: its documents with their units,
// and each coder's progress (as `plancoder sample show`).
func showSample(_ context.Context, r *http.Request, s *store.Store, _ *index.Index, p *page) (string, error) {
	name, err := formValue(r.URL.Query(), "name", maxSampleName, false)
	if err != nil {
		return "", bad(p, err)
	}
	sm, err := s.Sample(name)
	if err != nil {
		return "", err
	}
	d := &sampleData{Show: &sm, UnitRul: coding.UnitRule}
	p.Name, p.Title, p.Sample = "sample", "Sample "+sm.Name, d
	in := map[string]bool{}
	for _, id := range sm.Fragments {
		in[id] = true
	}
	for _, id := range sm.Docs {
		doc, err := s.Document(id)
		if errors.Is(err, store.ErrNotFound) {
			d.Units = append(d.Units, sampleDoc{Document: store.Document{ID: id}}) // removed since
			continue
		}
		if err != nil {
			return "", err
		}
		frags, err := s.Fragments(id, 1, 0)
		if err != nil {
			return "", err
		}
		sd := sampleDoc{Document: doc}
		for _, f := range frags {
			if in[f.ID] {
				sd.Units = append(sd.Units, f)
			}
		}
		d.Units = append(d.Units, sd)
	}
	d.Coding, err = coding.SampleProgress(s, sm)
	return "", err
}
