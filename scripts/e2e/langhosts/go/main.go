// Command pulumi-language-go is a named stand-in for Pulumi's Go language host in the e2e suite,
// serving one call: GeneratePackage, which `pulumi package gen-sdk --language go` sends.
//
// # Why
//
// `pulumi package gen-sdk` asks the target language's host to write the SDK. The real Go host
// lives in its own Go module (github.com/pulumi/pulumi/sdk/go/pulumi-language-go/v3), which the
// Go module proxy this project builds from does not serve (403 at every version, 2026-12), and
// no sdk/v3 that the proxy serves still contains it. The code generator it calls does not live
// there: it is pkg/v3's codegen/go, which the proxy serves at the CLI's version.
//
// # What it does
//
// GeneratePackage binds the schema the CLI sends (with the CLI's schema loader for referenced
// packages, dangling references allowed, as the CLI's own hosts do) and writes what upstream's Go
// code generator, github.com/pulumi/pulumi/pkg/v3/codegen/go GeneratePackage, returns into the
// requested directory; binding diagnostics go back to the CLI. Overlays are refused (the real Go
// host refuses them too). GetPluginInfo answers the version it was built at. Every other call is
// Unimplemented: this host runs no Go programs.
//
// Built by scripts/e2e/build-pulumi.sh (via build-pulumi-langhosts.sh) against pkg/v3 and sdk/v3
// at the CLI's version, so the SDK it writes is the one that CLI's own Go host would write.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"time"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

// version is set at build time (-X main.version=...): the pkg/v3 version it is built against.
var version = "dev"

func main() {
	log.SetFlags(0)
	log.SetPrefix("pulumi-language-go (stand-in): ")
	// The CLI may pass its logging and tracing flags before the engine address.
	flags := flag.NewFlagSet("pulumi-language-go", flag.ContinueOnError)
	flags.String("tracing", "", "tracing endpoint (ignored)")
	flags.Bool("logtostderr", false, "(ignored)")
	flags.Int("v", 0, "(ignored)")
	flags.String("root", "", "(ignored)")
	if err := flags.Parse(os.Args[1:]); err != nil {
		log.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if engine := flags.Arg(0); engine != "" {
		// End when the engine does, as every language host does.
		if err := rpcutil.Healthcheck(ctx, engine, 5*time.Minute, cancel); err != nil {
			log.Fatalf("engine health check: %v", err)
		}
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancelChannel(ctx),
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, &goHost{})
			return nil
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		log.Fatal(err)
	}
}

// cancelChannel closes when ctx ends (rpcutil stops serving when its Cancel channel closes).
func cancelChannel(ctx context.Context) chan bool {
	c := make(chan bool)
	go func() {
		<-ctx.Done()
		close(c)
	}()
	return c
}

type goHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
}

func (*goHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

func (*goHost) GeneratePackage(
	ctx context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	if len(req.GetExtraFiles()) > 0 {
		return nil, status.Error(codes.InvalidArgument, "overlays are not supported for Go")
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.GetSchema()), &spec); err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "the schema is not valid JSON: %v", err)
	}
	loader, err := schema.NewLoaderClient(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	defer loader.Close()

	pkg, diags, err := schema.BindSpec(spec, schema.NewCachedLoader(loader),
		schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, err
	}
	resp := &pulumirpc.GeneratePackageResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}
	if diags.HasErrors() {
		return resp, nil
	}
	files, err := gogen.GeneratePackage("pulumi-language-go", pkg, req.GetLocalDependencies())
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(req.GetDirectory(), name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return nil, err
		}
	}
	return resp, nil
}
