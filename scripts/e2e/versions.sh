# shellcheck shell=bash
# kd_engine_versions: says once, on stderr, which engine the e2e run uses against which SDKs, and
# where they differ (sourced by run.sh; needs the tools on PATH and node_modules installed).
# The Pulumi CLI matches @pulumi/pulumi. Two parts cannot match yet, because the Go module proxy
# this project builds from does not serve them (scripts/e2e/build-pulumi.sh and
# build-k8s-provider.sh say what was tried):
# - the Node language host comes from sdk/v3 v3.68.0, the newest served sdk/v3 that still holds
#   it (since split into its own module, never served): no RegisterStackTransform, no RunPlugin.
#   Our stand-in in front of it (scripts/e2e/langhosts/nodejs) serves RunPlugin, so component
#   packages run; the Go host is a stand-in that only generates SDKs (langhosts/go);
# - pulumi-resource-kubernetes is 4.25.0 (the only provider/v4 commit served) behind the 4.34.2
#   SDK, so the CLI warns "resource plugin kubernetes is expected to have version >=4.34.2".
kd_engine_versions() {
  local cli sdk k8s_sdk provider host
  cli="$(pulumi version 2>/dev/null || echo none)"
  sdk="$(node -p 'require("@pulumi/pulumi/package.json").version' 2>/dev/null || echo none)"
  k8s_sdk="$(node -p 'require("@pulumi/kubernetes/package.json").version' 2>/dev/null || echo none)"
  provider="$(basename "$(dirname "$(dirname "$(command -v pulumi-resource-kubernetes)")")")"
  provider="${provider#pulumi-resource-kubernetes-}"
  host="sdk/v3 ${KD_PULUMI_NODEJS_HOST_SDK:-v3.68.0} behind our RunPlugin stand-in"
  echo "e2e engine: pulumi CLI $cli (@pulumi/pulumi $sdk), pulumi-language-nodejs from $host," \
    "pulumi-language-yaml $(cat "$(dirname "$(command -v pulumi)")/../pulumi-yaml.version" 2>/dev/null || echo none)," \
    "pulumi-resource-kubernetes $provider (@pulumi/kubernetes $k8s_sdk), node $(node --version)" >&2
  if [ "${cli#v}" != "$sdk" ]; then
    echo "e2e engine: the CLI ($cli) differs from @pulumi/pulumi ($sdk)" >&2
  fi
  if [ "$provider" != "$k8s_sdk" ]; then
    echo "e2e engine: the Kubernetes provider ($provider) is older than @pulumi/kubernetes ($k8s_sdk):" \
      "newer provider/v4 commits are not served by the Go module proxy; README 'End to end' lists what differs" >&2
  fi
}
