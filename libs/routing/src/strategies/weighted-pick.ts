import type { RoutableDeployment } from '../deployment';
import type { RandomSource } from '../runtime/runtime';
import type { Eligible } from './selection';

/** Weighted random choice among the eligible deployments: P(d) = weight(d) / Σ weights. One random draw. */
export function weightedPick<D extends RoutableDeployment>(deployments: readonly D[], eligible: Eligible<D>, random: RandomSource): D | undefined {
  let total = 0;
  let last: D | undefined;
  for (const d of deployments) {
    if (!eligible(d)) continue;
    total += d.weight;
    last = d;
  }
  if (last === undefined || total <= 0) return last;
  let point = random() * total;
  for (const d of deployments) {
    if (!eligible(d)) continue;
    point -= d.weight;
    if (point < 0) return d;
  }
  return last;
}
