package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// Outcome is what happened to one job.
type Outcome struct {
	Job       Job
	Result    *Result // nil when Err is set, the file is unchanged or streamed
	Unchanged string  // ID of the document these exact bytes were ingested as
	// Streamed is set for a big plain-text file that is not read here: the
	// caller reads it in chunks with Stream as it stores it (or whole with
	// ReadWhole when it cannot). SHA256 is the file's.
	Streamed bool
	SHA256   string
	Err      error
}

// Known reports the ID of a document already ingested from bytes with this
// SHA-256, or "". It is called from several goroutines at once.
type Known func(sha256 string) (string, error)

// Process extracts jobs with up to workers goroutines and calls emit for
// each outcome in job order, from one goroutine, so the caller can write
// results one transaction at a time. Files whose bytes known already has are
// not extracted again. An error from emit stops the run.
//
// At most 2 x workers files are read ahead of the one emit waits for:
// without the bound, a slow first file let the workers extract the whole
// batch and hold every result in memory.
func Process(ctx context.Context, jobs []Job, workers int, known Known, emit func(Outcome) error) error {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make([]chan Outcome, len(jobs))
	for i := range results {
		results[i] = make(chan Outcome, 1)
	}
	next := make(chan int)
	ahead := make(chan struct{}, 2*workers) // a token per job dispatched and not yet emitted
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] <- processOne(ctx, jobs[i], known)
			}
		}()
	}
	go func() {
		defer close(next)
		for i := range jobs {
			select {
			case ahead <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	var err error
	for i := range jobs {
		var o Outcome
		select {
		case o = <-results[i]:
		case <-ctx.Done():
			err = ctx.Err()
		}
		if err != nil {
			break
		}
		err = emit(o)
		<-ahead
		if err != nil {
			break
		}
	}
	cancel()
	wg.Wait()
	return err
}

func processOne(ctx context.Context, job Job, known Known) (o Outcome) {
	o.Job = job
	defer func() {
		if r := recover(); r != nil {
			o.Result, o.Err = nil, fmt.Errorf("internal error: %v", r)
		}
	}()
	if err := ctx.Err(); err != nil {
		o.Err = err
		return o
	}
	if fi, err := os.Stat(job.Path); err == nil && fi.Mode().IsRegular() && Streamed(job.Path, fi.Size()) {
		if o.Err = checkSize(job.Path, fi); o.Err != nil {
			return o
		}
		// Hashed as it is read, not held: Stream reads it again in chunks.
		o.SHA256, o.Err = FileSHA256(job.Path)
		if o.Err == nil && known != nil {
			o.Unchanged, o.Err = known(o.SHA256)
		}
		o.Streamed = o.Err == nil && o.Unchanged == ""
		return o
	}
	data, err := ReadFile(job.Path)
	if err != nil {
		o.Err = err
		return o
	}
	var sha string
	if known != nil {
		sha = SHA256(data)
		id, err := known(sha)
		if err != nil {
			o.Err = err
			return o
		}
		if id != "" {
			o.Unchanged = id
			return o
		}
	}
	o.Result, o.Err = bytesWithTimeout(ctx, job, &data, sha)
	return o
}

// ReadWhole reads and extracts one file whole, as Process does, for a
// streamed file (see Outcome) that cannot be stored in chunks. sha is the
// file's SHA256, or "".
func ReadWhole(ctx context.Context, job Job, sha string) (*Result, error) {
	data, err := ReadFile(job.Path)
	if err != nil {
		return nil, err
	}
	return bytesWithTimeout(ctx, job, &data, sha)
}

// FileSHA256 is SHA256 of a file's bytes, read without holding them.
func FileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", readError(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", readError(err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// FileTimeout bounds the time spent on one file: a malformed file that
// sends a parser into a loop is reported instead of stalling the batch.
var FileTimeout = 2 * time.Minute

type bytesResult struct {
	r   *Result
	err error
}

// errFileTimeout is the cause of a file's context ending at its time limit.
var errFileTimeout = errors.New("file time limit reached")

// bytesWithTimeout extracts *data, which it takes over (see bytesOwned).
// The limit is FileTimeout, which OCR extends by its own page-by-page
// bound (extendDeadline): a scanned plan of 80 pages needs more than a
// parser in a loop should get.
func bytesWithTimeout(ctx context.Context, job Job, data *[]byte, sha string) (*Result, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var mu sync.Mutex
	limit, end := FileTimeout, time.Now().Add(FileTimeout)
	timer := time.AfterFunc(FileTimeout, func() { cancel(errFileTimeout) })
	defer timer.Stop()
	ctx = context.WithValue(ctx, deadlineKey{}, func(d time.Duration) {
		mu.Lock()
		defer mu.Unlock()
		if e := time.Now().Add(d); e.After(end) && timer.Stop() {
			limit += e.Sub(end)
			end = e
			timer.Reset(d)
		}
	})
	gaveUp := func() error {
		mu.Lock()
		defer mu.Unlock()
		l := limit.Round(time.Millisecond)
		if l > time.Minute {
			l = l.Round(time.Second)
		}
		return fmt.Errorf("gave up after %v: extraction did not finish (a malformed file?)", l)
	}
	done := make(chan bytesResult, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- bytesResult{nil, fmt.Errorf("internal error: %v", r)}
			}
		}()
		r, err := bytesOwned(ctx, job.Path, data, sha, job.Meta)
		done <- bytesResult{r, err}
	}()
	select {
	case res := <-done:
		if res.err != nil && errors.Is(context.Cause(ctx), errFileTimeout) {
			return nil, gaveUp()
		}
		return res.r, res.err
	case <-ctx.Done():
		if errors.Is(context.Cause(ctx), errFileTimeout) {
			return nil, gaveUp()
		}
		return nil, ctx.Err()
	}
}

// Expand turns files and folders into jobs with meta: folders are walked
// recursively for files with a supported extension (hidden files and
// folders skipped). A named file is always a job, so an unsupported one gets
// its error. skipped counts files passed over in folders, by extension;
// problems lists folders that cannot be read or hold no supported file.
func Expand(paths []string, meta Meta) (jobs []Job, skipped map[string]int, problems []error) {
	skipped = map[string]int{}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			// A file that cannot be read is the job's error, reported with the rest.
			jobs = append(jobs, Job{Path: p, Meta: meta})
			continue
		}
		if !fi.IsDir() {
			jobs = append(jobs, Job{Path: p, Meta: meta})
			continue
		}
		var found []string
		werr := filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if path != p && strings.HasPrefix(name, ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			if Supported(name) {
				found = append(found, path)
			} else {
				skipped[strings.ToLower(filepath.Ext(name))]++
			}
			return nil
		})
		if werr != nil {
			problems = append(problems, fmt.Errorf("read folder %s: %w", p, werr))
			continue
		}
		if len(found) == 0 {
			problems = append(problems, fmt.Errorf("folder %s has no supported files (looked for %s)", p, strings.Join(Extensions(), " ")))
			continue
		}
		sort.Strings(found)
		for _, f := range found {
			jobs = append(jobs, Job{Path: f, Meta: meta})
		}
	}
	return jobs, skipped, problems
}

type deadlineKey struct{}

// ExtendDeadline asks the file's time limit (see bytesWithTimeout) for at
// least d more from now: a format package's slow step (OCR of a page) says
// it is still working.
func ExtendDeadline(ctx context.Context, d time.Duration) {
	if f, ok := ctx.Value(deadlineKey{}).(func(time.Duration)); ok {
		f(d)
	}
}
