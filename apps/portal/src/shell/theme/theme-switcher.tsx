'use client';

import { useSyncExternalStore, type ComponentType, type SVGProps } from 'react';
import { cx } from '@sluice/ui';
import { MoonIcon, SunIcon, SystemIcon } from '../icons';
import type { ThemePreference } from './theme-script';
import { readPreference, savePreference, subscribeToTheme } from './theme-store';

const OPTIONS: Array<{ value: ThemePreference; label: string; Icon: ComponentType<SVGProps<SVGSVGElement>> }> = [
  { value: 'light', label: 'Light', Icon: SunIcon },
  { value: 'dark', label: 'Dark', Icon: MoonIcon },
  { value: 'system', label: 'System', Icon: SystemIcon },
];

/** Light / dark / follow the OS, as native radios so arrow keys move between them. */
export function ThemeSwitcher() {
  const preference = useSyncExternalStore(subscribeToTheme, readPreference, () => 'system' as const);

  return (
    <fieldset className="flex items-center rounded-lg border border-border bg-surface-muted p-0.5">
      <legend className="sr-only">Colour theme</legend>
      {OPTIONS.map(({ value, label, Icon }) => (
        <label
          key={value}
          title={label}
          className={cx(
            'relative grid size-7 cursor-pointer place-items-center rounded-md text-fg-muted transition-colors hover:text-fg',
            'has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-1 has-[:focus-visible]:outline-accent',
            preference === value && 'bg-surface text-fg shadow-sm',
          )}
        >
          <input
            type="radio"
            name="theme"
            value={value}
            checked={preference === value}
            onChange={() => savePreference(value)}
            className="sr-only"
          />
          <Icon width={16} height={16} />
          <span className="sr-only">{label}</span>
        </label>
      ))}
    </fieldset>
  );
}
