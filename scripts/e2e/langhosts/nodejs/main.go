// Command pulumi-language-nodejs is a named stand-in for Pulumi's Node.js language host in the
// e2e suite. It is ours, not Pulumi's: it fronts the real host and adds the one call that host
// cannot serve.
//
// # Why
//
// The real host of the Pulumi version the e2e CLI is built at (v3.276.0) lives in its own Go
// module (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3), which the Go
// module proxy this project builds from does not serve. scripts/e2e/build-pulumi.sh therefore
// builds the host from sdk/v3 v3.68.0, the newest served sdk/v3 that still contains it. That host
// runs TypeScript programs, but its RunPlugin answers "not supported". The CLI starts a Node.js
// plugin (a directory with a PulumiPlugin.yaml of runtime nodejs, such as a component package)
// only through RunPlugin, so without this stand-in `pulumi package get-schema <dir>`,
// `pulumi package gen-sdk <dir>` and a Pulumi YAML program's `packages:` cannot run.
//
// # What it does
//
// Started by the CLI as `pulumi-language-nodejs [flags] <engine address>`, it starts the real
// host (<its own dir>/../libexec/pulumi-language-nodejs, or $KD_PULUMI_NODEJS_REAL_HOST) with the
// same arguments, serves the LanguageRuntime gRPC API on a port of its own (printed on stdout, as
// every plugin does), and:
//
//   - RunPlugin (resource, converter and tool plugins): runs the plugin itself, as the current
//     upstream host does: `node [nodeargs] <@pulumi/pulumi/cmd/run-plugin> <program dir> <args>`,
//     with the request's environment and working directory, the module resolved from the
//     plugin's own directory, so the plugin's @pulumi/pulumi serves it (for a component package:
//     schema inference with its analyzer, and Construct). Its stdout and stderr are streamed back
//     and its exit code is the last message. Analyzer plugins (policy packs) go to the real host,
//     unchanged: the suite runs them through launch scripts (policy/launch).
//   - InstallDependencies for a plugin (is_plugin): runs no `npm install` (the suite is offline and
//     the plugin's node_modules are the project's own); it checks that @pulumi/pulumi resolves from
//     the plugin's directory and fails naming the directory if not. For a program it goes to the
//     real host.
//   - every other call (Run, GetRequiredPlugins, GetPluginInfo, health checks, ...): forwarded
//     byte for byte to the real host, so programs run exactly as they did without the stand-in.
//
// It exits with the real host's exit code when that host exits (the host ends itself when the
// engine goes away); the CLI ends both by killing their process group.
//
// Built by scripts/e2e/build-pulumi.sh (via build-pulumi-langhosts.sh) against sdk/v3 at the CLI's
// version, so its RunPluginRequest is the CLI's.
package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

const (
	runPluginMethod           = "/pulumirpc.LanguageRuntime/RunPlugin"
	installDependenciesMethod = "/pulumirpc.LanguageRuntime/InstallDependencies"
	// The CLI's own limit (rpcutil's maxRPCMessageSize): schemas and programs can be large.
	maxMessageSize = 400 * 1024 * 1024
	runPluginJS    = "@pulumi/pulumi/cmd/run-plugin"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("pulumi-language-nodejs (stand-in): ")

	realHost, err := realHostPath()
	if err != nil {
		log.Fatal(err)
	}
	child := exec.Command(realHost, os.Args[1:]...)
	child.Stderr = os.Stderr
	// The real host dies with us even if we are killed alone.
	child.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	childOut, err := child.StdoutPipe()
	if err != nil {
		log.Fatal(err)
	}
	if err := child.Start(); err != nil {
		log.Fatalf("starting the real host %s: %v", realHost, err)
	}
	out := bufio.NewReader(childOut)
	line, err := out.ReadString('\n')
	port, convErr := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || convErr != nil {
		_ = child.Process.Kill()
		log.Fatalf("the real host %s printed no port (%q)", realHost, line)
	}

	conn, err := grpc.NewClient(fmt.Sprintf("127.0.0.1:%d", port),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.ForceCodec(rawCodec{}),
			grpc.MaxCallRecvMsgSize(maxMessageSize), grpc.MaxCallSendMsgSize(maxMessageSize)))
	if err != nil {
		_ = child.Process.Kill()
		log.Fatal(err)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		_ = child.Process.Kill()
		log.Fatal(err)
	}
	p := &proxy{real: conn}
	srv := grpc.NewServer(grpc.ForceServerCodec(rawCodec{}), grpc.UnknownServiceHandler(p.handle),
		grpc.MaxRecvMsgSize(maxMessageSize), grpc.MaxSendMsgSize(maxMessageSize))
	go func() {
		if err := srv.Serve(lis); err != nil {
			log.Print(err)
		}
	}()
	fmt.Printf("%d\n", lis.Addr().(*net.TCPAddr).Port)
	go func() { _, _ = io.Copy(os.Stdout, out) }()

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		for s := range signals {
			_ = child.Process.Signal(s)
		}
	}()

	err = child.Wait()
	srv.Stop()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		os.Exit(exitErr.ExitCode())
	} else if err != nil {
		log.Fatal(err)
	}
}

// realHostPath is the real Node.js language host: $KD_PULUMI_NODEJS_REAL_HOST, else
// ../libexec/pulumi-language-nodejs beside this executable (build-pulumi.sh's layout).
func realHostPath() (string, error) {
	if p := os.Getenv("KD_PULUMI_NODEJS_REAL_HOST"); p != "" {
		return p, nil
	}
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	p := filepath.Join(filepath.Dir(exe), "..", "libexec", "pulumi-language-nodejs")
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("no real Node.js language host at %s (scripts/e2e/build-pulumi.sh puts it there; "+
			"or set KD_PULUMI_NODEJS_REAL_HOST): %w", p, err)
	}
	return p, nil
}

// rawCodec passes messages through as bytes (*[]byte), so any call can be forwarded without
// knowing its types; proto messages are (un)marshalled for the calls the stand-in answers itself.
type rawCodec struct{}

func (rawCodec) Marshal(v any) ([]byte, error) {
	switch m := v.(type) {
	case *[]byte:
		return *m, nil
	case proto.Message:
		return proto.Marshal(m)
	}
	return nil, fmt.Errorf("rawCodec: cannot marshal %T", v)
}

func (rawCodec) Unmarshal(data []byte, v any) error {
	switch m := v.(type) {
	case *[]byte:
		*m = append([]byte(nil), data...)
		return nil
	case proto.Message:
		return proto.Unmarshal(data, m)
	}
	return fmt.Errorf("rawCodec: cannot unmarshal into %T", v)
}

func (rawCodec) Name() string { return "proto" }

type proxy struct {
	real *grpc.ClientConn
}

// handle serves every call: no service is registered, so all arrive here.
func (p *proxy) handle(_ any, ss grpc.ServerStream) error {
	method, _ := grpc.MethodFromServerStream(ss)
	var first []byte
	switch method {
	case runPluginMethod:
		if err := ss.RecvMsg(&first); err != nil {
			return err
		}
		req := &pulumirpc.RunPluginRequest{}
		if err := proto.Unmarshal(first, req); err != nil {
			return status.Errorf(codes.InvalidArgument, "RunPlugin: %v", err)
		}
		if req.GetKind() == string(apitype.AnalyzerPlugin) {
			break // policy packs: the real host, as before
		}
		return runPlugin(ss, req)
	case installDependenciesMethod:
		if err := ss.RecvMsg(&first); err != nil {
			return err
		}
		req := &pulumirpc.InstallDependenciesRequest{}
		if err := proto.Unmarshal(first, req); err != nil {
			return status.Errorf(codes.InvalidArgument, "InstallDependencies: %v", err)
		}
		if !req.GetIsPlugin() {
			break // a program's dependencies: the real host, as before
		}
		return checkPluginDependencies(ss, req)
	default:
		return p.forward(ss, method, nil)
	}
	return p.forward(ss, method, &first)
}

// forward relays one call to the real host: the first request message if already read, the
// rest of the client's stream, then the host's headers, messages, trailers and status.
func (p *proxy) forward(ss grpc.ServerStream, method string, first *[]byte) error {
	ctx, cancel := context.WithCancel(ss.Context())
	defer cancel()
	md, _ := metadata.FromIncomingContext(ctx)
	out := metadata.MD{}
	for k, v := range md {
		// Transport headers are the connection's own; only the caller's metadata goes on.
		if strings.HasPrefix(k, ":") || strings.HasPrefix(k, "grpc-") ||
			k == "content-type" || k == "user-agent" || k == "te" {
			continue
		}
		out[k] = v
	}
	cs, err := p.real.NewStream(metadata.NewOutgoingContext(ctx, out),
		&grpc.StreamDesc{ServerStreams: true, ClientStreams: true}, method)
	if err != nil {
		return err
	}
	go func() {
		if first != nil {
			if err := cs.SendMsg(first); err != nil {
				return
			}
		}
		for {
			var m []byte
			if err := ss.RecvMsg(&m); err != nil {
				if errors.Is(err, io.EOF) {
					_ = cs.CloseSend()
				}
				return
			}
			if err := cs.SendMsg(&m); err != nil {
				return // the host ended the call; its status comes from RecvMsg below
			}
		}
	}()
	if hdr, err := cs.Header(); err == nil && len(hdr) > 0 {
		_ = ss.SendHeader(hdr)
	}
	for {
		var m []byte
		if err := cs.RecvMsg(&m); err != nil {
			ss.SetTrailer(cs.Trailer())
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err // the host's status, passed on as is
		}
		if err := ss.SendMsg(&m); err != nil {
			return err
		}
	}
}

// sender serialises the messages of one streamed response (stdout and stderr are copied by two
// goroutines; a gRPC stream takes one SendMsg at a time).
type sender struct {
	mu sync.Mutex
	ss grpc.ServerStream
}

func (s *sender) send(m proto.Message) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ss.SendMsg(m)
}

// outputWriter turns a child's stdout or stderr into RunPluginResponse messages.
type outputWriter struct {
	s      *sender
	stderr bool
}

func (w outputWriter) Write(b []byte) (int, error) {
	data := append([]byte(nil), b...)
	resp := &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: data}}
	if w.stderr {
		resp = &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: data}}
	}
	if err := w.s.send(resp); err != nil {
		return 0, err
	}
	return len(b), nil
}

// runPlugin runs a Node.js plugin directory with its own @pulumi/pulumi's cmd/run-plugin.
func runPlugin(ss grpc.ServerStream, req *pulumirpc.RunPluginRequest) error {
	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" {
		return status.Error(codes.InvalidArgument,
			"RunPlugin: the request names no program directory (a CLI older than ProgramInfo?)")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return status.Errorf(codes.FailedPrecondition, "RunPlugin: no node on PATH: %v", err)
	}
	runPath, err := resolveFrom(ss.Context(), node, runPluginJS, dir, req.GetEnv())
	if err != nil {
		return status.Errorf(codes.FailedPrecondition,
			"RunPlugin: %s does not resolve from the plugin directory %s (is @pulumi/pulumi installed there?): %v",
			runPluginJS, dir, err)
	}

	env := append([]string(nil), req.GetEnv()...)
	var nodeArgs []string
	opts := req.GetInfo().GetOptions().AsMap()
	if ts, ok := opts["typescript"].(bool); !ok || ts {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if tsconfig, ok := opts["tsconfig"].(string); ok && tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}
	if nodeargs, ok := opts["nodeargs"].(string); ok {
		nodeArgs = strings.Fields(nodeargs)
	}
	args := append(nodeArgs, runPath, dir)
	args = append(args, req.GetArgs()...)

	s := &sender{ss: ss}
	cmd := exec.CommandContext(ss.Context(), node, args...)
	cmd.Dir = req.GetPwd()
	cmd.Env = env
	cmd.Stdout = outputWriter{s: s}
	cmd.Stderr = outputWriter{s: s, stderr: true}
	code := 0
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			return status.Errorf(codes.Internal, "RunPlugin: running %s: %v", dir, err)
		}
		code = exitErr.ExitCode()
	}
	return s.send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{
		Exitcode: int32(code),
	}})
}

// checkPluginDependencies answers InstallDependencies for a plugin without installing anything.
func checkPluginDependencies(ss grpc.ServerStream, req *pulumirpc.InstallDependenciesRequest) error {
	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" {
		dir = req.GetDirectory() //nolint:staticcheck // older CLIs send only this
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return status.Errorf(codes.FailedPrecondition, "InstallDependencies: no node on PATH: %v", err)
	}
	if _, err := resolveFrom(ss.Context(), node, "@pulumi/pulumi/package.json", dir, os.Environ()); err != nil {
		return status.Errorf(codes.FailedPrecondition,
			"InstallDependencies: @pulumi/pulumi does not resolve from the plugin directory %s, and this "+
				"stand-in installs no plugin dependencies (no npm install): install them first: %v", dir, err)
	}
	return ss.SendMsg(&pulumirpc.InstallDependenciesResponse{Stdout: []byte(fmt.Sprintf(
		"pulumi-language-nodejs (stand-in): the plugin's dependencies in %s are used as installed (no npm install)\n",
		dir))})
}

// resolveFrom is Node's require.resolve of module from dir.
func resolveFrom(ctx context.Context, node, module, dir string, env []string) (string, error) {
	cmd := exec.CommandContext(ctx, node, "-e", `try {
  process.stdout.write(require.resolve(process.argv[1], { paths: [process.argv[2]] }));
} catch (e) {
  process.stderr.write(String(e.message).split("\n")[0]);
  process.exit(1);
}`, module, dir)
	cmd.Env = env
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%w: %s", err, stderr.String())
	}
	return string(out), nil
}
