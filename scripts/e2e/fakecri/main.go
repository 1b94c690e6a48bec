// Command kruise-fake-cri is a named stand-in for a node's container runtime in the e2e suite.
//
// # README
//
// kruise-daemon pre-pulls images (ImagePullJob / NodeImage) by talking CRI to the node's
// runtime over a unix socket. No container runtime and no registry are reachable in the e2e
// environment, so this program serves an in-memory fake CRI (runtime + image service) instead:
// "pulling" an image only records it, and ListImages then reports it as present.
//
// It is not part of the project's published code. scripts/e2e/build-kruise.sh copies this file
// into the kruise module it builds (hack/kruise-fake-cri/) and builds it there, so it uses
// exactly the k8s.io/kubernetes and k8s.io/cri-api versions kruise's own go.mod pins, and no
// module of its own.
//
// The fake itself is upstream's: k8s.io/kubernetes/pkg/kubelet/cri/remote/fake (the kubelet's
// test double, whose image service is k8s.io/cri-api/pkg/apis/testing.FakeImageService). This
// file only wraps it to add the knobs the e2e suite needs and serves it on a chosen socket.
//
// kruise-daemon looks for its runtime under the hard-coded directory /hostvarrun (its DaemonSet
// mounts the host's /var/run there): serve on /hostvarrun/<name>.sock and start the daemon with
// --socket-file=<name>.sock (or name the socket containerd.sock and let it auto-detect).
//
// Usage:
//
//	kruise-fake-cri --socket /hostvarrun/kd-fake-cri.sock [--fail-pulls] [--pull-delay 2s]
//
//	--socket PATH         unix socket to serve on (a stale file there is removed first)
//	--fail-pulls          every PullImage fails (env KRUISE_FAKE_CRI_FAIL_PULLS=true): shows
//	                      how a node whose pulls fail is reported
//	--pull-delay DURATION each PullImage takes this long (env KRUISE_FAKE_CRI_PULL_DELAY)
//
// The CRI calls kruise-daemon v1.8.3 makes are all answered: ImageFsInfo (its image API
// version probe), ListImages, PullImage, Version, and for the runtime-side controllers
// ListContainers / ContainerStatus / StopContainer / ExecSync (the fake has no containers).
package main

import (
	"context"
	"flag"
	"log"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"
	fakeremote "k8s.io/kubernetes/pkg/kubelet/cri/remote/fake"
)

// fakeCRI is upstream's fake remote runtime with PullImage overridden; every other CRI method
// is the embedded one.
type fakeCRI struct {
	*fakeremote.RemoteRuntime
	failPulls bool
	pullDelay time.Duration
}

// PullImage waits --pull-delay, then fails (--fail-pulls) or records the image as present.
func (f *fakeCRI) PullImage(ctx context.Context, req *runtimeapi.PullImageRequest) (*runtimeapi.PullImageResponse, error) {
	image := req.GetImage().GetImage()
	if f.pullDelay > 0 {
		select {
		case <-time.After(f.pullDelay):
		case <-ctx.Done():
			return nil, status.FromContextError(ctx.Err()).Err()
		}
	}
	if f.failPulls {
		log.Printf("PullImage %q: failed (--fail-pulls)", image)
		// codes.Unknown, as containerd answers a pull that fails (e.g. an unknown tag).
		return nil, status.Errorf(codes.Unknown,
			"kruise-fake-cri: pulling %q failed: this fake runtime runs with --fail-pulls", image)
	}
	log.Printf("PullImage %q: ok", image)
	return f.RemoteRuntime.PullImage(ctx, req)
}

// fromEnv returns the environment variable name's value, or def when it is unset.
func fromEnv(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

func main() {
	log.SetPrefix("kruise-fake-cri: ")
	failDefault, err := strconv.ParseBool(fromEnv("KRUISE_FAKE_CRI_FAIL_PULLS", "false"))
	if err != nil {
		log.Fatalf("KRUISE_FAKE_CRI_FAIL_PULLS: %v", err)
	}
	delayDefault, err := time.ParseDuration(fromEnv("KRUISE_FAKE_CRI_PULL_DELAY", "0s"))
	if err != nil {
		log.Fatalf("KRUISE_FAKE_CRI_PULL_DELAY: %v", err)
	}
	socket := flag.String("socket", "/hostvarrun/kd-fake-cri.sock", "unix socket to serve the CRI on")
	failPulls := flag.Bool("fail-pulls", failDefault, "make every PullImage fail")
	pullDelay := flag.Duration("pull-delay", delayDefault, "time each PullImage takes")
	flag.Parse()
	path := strings.TrimPrefix(*socket, "unix://")

	// NewFakeRemoteRuntime also creates a gRPC server, but only its Start (which listens via
	// the kubelet's helpers) would serve it; ours serves the wrapper instead, so PullImage is
	// the overridden one. Start would also mark the runtime and its network ready: done here.
	rt := fakeremote.NewFakeRemoteRuntime()
	rt.RuntimeService.FakeStatus = &runtimeapi.RuntimeStatus{Conditions: []*runtimeapi.RuntimeCondition{
		{Type: runtimeapi.RuntimeReady, Status: true},
		{Type: runtimeapi.NetworkReady, Status: true},
	}}
	f := &fakeCRI{RemoteRuntime: rt, failPulls: *failPulls, pullDelay: *pullDelay}

	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
		log.Fatal(err)
	}
	l, err := net.Listen("unix", path)
	if err != nil {
		log.Fatal(err)
	}
	srv := grpc.NewServer()
	runtimeapi.RegisterRuntimeServiceServer(srv, f)
	runtimeapi.RegisterImageServiceServer(srv, f)

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	go func() { <-sig; srv.Stop() }() // closing the listener removes the socket file

	log.Printf("serving CRI on unix://%s (fail-pulls=%t, pull-delay=%s)", path, *failPulls, *pullDelay)
	if err := srv.Serve(l); err != nil {
		log.Fatal(err)
	}
}
