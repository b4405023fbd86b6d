package web

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// selfSigned writes a certificate for 127.0.0.1 and its key as PEM files.
func selfSigned(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "plancoder test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

// Under TLS the server speaks HTTPS and marks its cookies Secure.
func TestServeTLS(t *testing.T) {
	f := newFixture(t)
	srv, err := New(Config{Project: f.p, Secure: true})
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile, pool := selfSigned(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln, certFile, keyFile, 5*time.Second) }()
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	res, err := hc.Get("https://" + ln.Addr().String() + "/login")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.TLS == nil {
		t.Fatalf("GET /login over TLS: %d", res.StatusCode)
	}
	cs := res.Cookies()
	if len(cs) == 0 || !cs[0].Secure || !cs[0].HttpOnly {
		t.Fatalf("cookies under TLS: %+v", cs)
	}
	cancel()
	if err := <-served; err != nil {
		t.Fatal(err)
	}
}

// Login limits count the client: behind a proxy the address the proxy
// added last (a client can forge the entries before it), else the peer.
func TestClientAddr(t *testing.T) {
	for _, tc := range []struct {
		proxy bool
		xff   []string
		want  string
	}{
		{false, nil, "192.0.2.1"},
		{false, []string{"203.0.113.9"}, "192.0.2.1"},
		{true, nil, "192.0.2.1"},
		{true, []string{"10.0.0.1, 203.0.113.9"}, "203.0.113.9"},
		{true, []string{"forged", "203.0.113.7"}, "203.0.113.7"},
	} {
		s := &Server{cfg: Config{BehindProxy: tc.proxy}}
		r, _ := http.NewRequest("GET", "/", nil)
		r.RemoteAddr = "192.0.2.1:5555"
		for _, x := range tc.xff {
			r.Header.Add("X-Forwarded-For", x)
		}
		if got := s.clientAddr(r); got != tc.want {
			t.Errorf("proxy=%v xff=%v: %s, want %s", tc.proxy, tc.xff, got, tc.want)
		}
	}
}
