/**
 * Per-instance values kept off a component's declared properties, for the getters that give
 * TypeScript users an output Pulumi's schema cannot type (a union of resource classes, a
 * `CustomResource`, a record keyed by a union). Pulumi's schema analyzer
 * (`@pulumi/pulumi/provider/experimental/analyzer.js`) reads every declared property of a
 * component class as an output, `private` and `#private` ones included, and getters not at all.
 */
export class Hidden<T> {
  private readonly values = new WeakMap<object, T>();

  /** Keeps `value` for `owner`. */
  set(owner: object, value: T): void {
    this.values.set(owner, value);
  }

  /** The value kept for `owner`; throws when there is none (a getter read before it was set). */
  get(owner: object): T {
    if (!this.values.has(owner)) throw new Error("no value kept for this instance yet");
    return this.values.get(owner) as T;
  }
}
