/**
 * Kubernetes resource quantities (k8s.io/apimachinery v0.37.2 pkg/api/resource, `ParseQuantity`):
 * a signed decimal number and one suffix — binary SI (Ki … Ei), decimal SI (n, u, m, "", k, M, G,
 * T, P, E) or a decimal exponent (e3, E-2). Pure.
 */

const NUMBER = "[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)";
const QUANTITY = new RegExp(`^(${NUMBER})(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$`);

const MULTIPLIER: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/**
 * The value of a quantity (a double: close enough to compare requests with limits), or undefined
 * when `ParseQuantity` refuses it.
 */
export function quantityValue(q: string): number | undefined {
  const m = QUANTITY.exec(q);
  if (!m) return undefined;
  const suffix = m[2] ?? "";
  const n = Number(m[1]);
  if (/^[eE]/.test(suffix)) return n * 10 ** Number(suffix.slice(1));
  return n * MULTIPLIER[suffix];
}
