/**
 * Kruise's two admission webhook configurations, rendered as kruise-manager will keep them, so
 * that Pulumi and kruise-manager never manage the same field with different values. Pure.
 *
 * What kruise-manager does to them (`pkg/webhook/util/configuration/configuration.go`, v1.8.3,
 * `Ensure`, run at start-up and whenever either configuration changes), unless
 * `EnableExternalCerts` is on:
 * - when the `template` annotation is empty (the chart renders `template: ""`), it writes the
 *   configuration's webhooks there as JSON, and from then on builds the webhooks from that
 *   annotation, never from `webhooks`;
 * - it drops every webhook whose path it does not serve: with chart 1.8.3 and the default gates,
 *   `/validate-ingress` and `/validate-service`, served only with `ResourcesDeletionProtection`
 *   (`pkg/webhook/add_ingress.go`, `add_service.go`);
 * - it sets each webhook's `clientConfig.caBundle` (and the Service's namespace and name, which
 *   the chart already sets to the same values).
 * It does so with an `update`, so it then owns the `template` annotation. Seen on the e2e control
 * plane with the real kruise-manager: after `pulumi refresh`, the next `pulumi up` failed with a
 * server-side apply conflict on `.metadata.annotations.template`, and it would put back the
 * webhooks kruise-manager dropped (a webhook whose path is not served fails every call, and these
 * have `failurePolicy: Fail`).
 *
 * So the configurations are rendered with the unserved webhooks left out and the `template`
 * annotation already filled with exactly the webhooks rendered: kruise-manager finds a template,
 * leaves the annotation alone, keeps every webhook, and changes only `caBundle`, which Pulumi
 * never sets. Applies to client templating (`KruiseOperator` `templating: "client"`, the
 * default), where the program has the rendered objects in hand.
 *
 * Both also carry `pulumi.com/patchForce: "true"`, so that Pulumi's apply takes the fields it sets
 * back from another field manager instead of failing: an install made before this rendering (or
 * one switched from `server` templating) has kruise-manager owning the annotation, and the first
 * `up` that applies the filled one would conflict. What Pulumi sets and kruise-manager keeps are then the
 * same values, so nothing flaps; the `caBundle`s stay kruise-manager's.
 */
import { KruiseFeatureGate } from "./featureGates";

/** The configuration names kruise-manager looks for (hard-coded in `configuration.go`). */
export const KRUISE_WEBHOOK_CONFIGURATIONS = {
  MutatingWebhookConfiguration: "kruise-mutating-webhook-configuration",
  ValidatingWebhookConfiguration: "kruise-validating-webhook-configuration",
} as const;

/**
 * Webhook paths that kruise-manager serves only while a gate is on (`addHandlersWithGate` in
 * `pkg/webhook/add_*.go`, v1.8.3); every other path of the chart is always served.
 */
export const GATED_WEBHOOK_PATHS: Readonly<Record<string, KruiseFeatureGate>> = {
  "/mutate-pod": "PodWebhook",
  "/validate-pod": "PodWebhook",
  "/validate-ingress": "ResourcesDeletionProtection",
  "/validate-service": "ResourcesDeletionProtection",
};

/** The annotation kruise-manager keeps its webhook template in. */
export const TEMPLATE_ANNOTATION = "template";

/** pulumi-kubernetes: apply with `force`, taking over fields another manager set. */
export const PATCH_FORCE_ANNOTATION = "pulumi.com/patchForce";

/** The path a webhook calls: its Service's `path`, or its URL's (as `getPath` reads it). */
export function webhookPath(webhook: Record<string, any>): string | undefined {
  const cc = webhook.clientConfig ?? {};
  if (cc.service) return cc.service.path;
  if (typeof cc.url === "string") {
    try {
      return new URL(cc.url).pathname;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** True for one of the two configurations kruise-manager maintains. */
export function isKruiseWebhookConfiguration(o: Record<string, any>): boolean {
  const name = (KRUISE_WEBHOOK_CONFIGURATIONS as Record<string, string>)[o?.kind];
  return (
    name !== undefined &&
    o.metadata?.name === name &&
    typeof o.apiVersion === "string" &&
    o.apiVersion.startsWith("admissionregistration.k8s.io/")
  );
}

/**
 * `objs` with Kruise's two webhook configurations as kruise-manager will keep them (see the file
 * comment): the webhooks it does not serve under `gates` left out, the `template` annotation
 * holding the webhooks kept (unless the chart already set one), and Pulumi's apply forced. Other objects, and everything
 * when `gates.EnableExternalCerts` is on (kruise-manager then only checks the `caBundle`s), are
 * returned as they are. A new array; the input is not changed.
 */
export function kruiseWebhookConfigurations(
  objs: Record<string, any>[],
  gates: Readonly<Record<KruiseFeatureGate, boolean>>,
): Record<string, any>[] {
  if (gates.EnableExternalCerts) return objs;
  return objs.map((o) => {
    if (!isKruiseWebhookConfiguration(o)) return o;
    const served = (o.webhooks ?? []).filter((w: Record<string, any>) => {
      const gate = GATED_WEBHOOK_PATHS[webhookPath(w) ?? ""];
      return gate === undefined || gates[gate];
    });
    const annotations = { ...(o.metadata.annotations ?? {}), [PATCH_FORCE_ANNOTATION]: "true" };
    if (!annotations[TEMPLATE_ANNOTATION]) {
      annotations[TEMPLATE_ANNOTATION] = JSON.stringify(served);
    }
    return { ...o, metadata: { ...o.metadata, annotations }, webhooks: served };
  });
}
