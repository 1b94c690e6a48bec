/**
 * Where a component keeps what it exposes through a getter only. Pulumi's schema inference reads
 * every property a component class declares (`private` and `#private` ones included) as an
 * output, and has no schema type for a custom resource or a union of classes; getters it skips.
 * So the value such a getter returns lives here, keyed by the component, not in a property.
 */
export class GetterStore<T> {
  readonly #values = new WeakMap<object, T>();

  /** Keeps `value` for `owner`; returns it. */
  set(owner: object, value: T): T {
    this.#values.set(owner, value);
    return value;
  }

  /** The value kept for `owner`; throws when none was (a getter called before the constructor set it). */
  get(owner: object): T {
    if (!this.#values.has(owner)) {
      throw new Error(`no value kept for this ${owner.constructor.name} yet`);
    }
    return this.#values.get(owner) as T;
  }
}
