/**
 * The kruise-devops policy pack: `pulumi preview --policy-pack policy`. The rules live in
 * ./policies (unit-tested there): constructing a PolicyPack starts the analyzer's gRPC server.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("kruise-devops", { policies });
