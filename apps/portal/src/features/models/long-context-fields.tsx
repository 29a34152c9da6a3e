import { TextField } from '@sluice/ui';
import type { LongContext, LongContextField } from './long-context';

const show = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));

/** The long-context tier inputs of the catalog model and deployment dialogs (read by parseLongContextForm). */
export function LongContextFields({ current, errors, hint }: { current: LongContext | null | undefined; errors: Partial<Record<LongContextField, string>>; hint: string }) {
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="mb-1 text-sm font-medium text-fg">Long-context prices (USD per 1M tokens)</legend>
      <p className="text-xs text-fg-muted">{hint}</p>
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField label="Above prompt tokens" name="longContextAboveTokens" type="number" inputMode="numeric" defaultValue={show(current?.aboveTokens)} hint="e.g. 200000" error={errors.longContextAboveTokens} />
        <TextField label="Long-context input" name="longContextInputPricePer1M" type="number" inputMode="decimal" step="any" defaultValue={show(current?.inputPricePer1M)} error={errors.longContextInputPricePer1M} />
        <TextField label="Long-context output" name="longContextOutputPricePer1M" type="number" inputMode="decimal" step="any" defaultValue={show(current?.outputPricePer1M)} error={errors.longContextOutputPricePer1M} />
        <TextField label="Long-context cached input" name="longContextCachedInputPricePer1M" type="number" inputMode="decimal" step="any" defaultValue={show(current?.cachedInputPricePer1M)} error={errors.longContextCachedInputPricePer1M} />
        <TextField label="Long-context cache write" name="longContextCacheWritePricePer1M" type="number" inputMode="decimal" step="any" defaultValue={show(current?.cacheWritePricePer1M)} hint="Optional; empty = the long-context input price." error={errors.longContextCacheWritePricePer1M} />
        <TextField
          label="Long-context cache write (1h)"
          name="longContextCacheWrite1hPricePer1M"
          type="number"
          inputMode="decimal"
          step="any"
          defaultValue={show(current?.cacheWrite1hPricePer1M)}
          hint="1-hour cache writes. Optional; empty = the long-context cache-write price."
          error={errors.longContextCacheWrite1hPricePer1M}
        />
      </div>
    </fieldset>
  );
}
