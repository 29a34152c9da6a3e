'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cx, focusRing } from '@sluice/ui';
import { useSession } from '../session/session-context';
import { isCurrent, navigationFor } from './navigation';

export function SidebarNav({ onNavigate }: { onNavigate?: () => void }) {
  const pathname = usePathname();
  const session = useSession();
  return (
    <nav aria-label="Main" className="flex flex-col gap-6 p-3">
      {navigationFor(session.can).map((group) => (
        <div key={group.label} className="flex flex-col gap-1">
          <h2 className="px-3 text-xs font-semibold tracking-wide text-fg-muted uppercase">{group.label}</h2>
          <ul className="flex flex-col gap-0.5">
            {group.items.map(({ href, label, Icon }) => {
              const current = isCurrent(href, pathname);
              return (
                <li key={href}>
                  <Link
                    href={href}
                    onClick={onNavigate}
                    aria-current={current ? 'page' : undefined}
                    className={cx(
                      'flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium transition-colors',
                      current ? 'bg-accent-soft text-fg' : 'text-fg-muted hover:bg-surface-muted hover:text-fg',
                      focusRing,
                    )}
                  >
                    <Icon className={current ? 'text-accent' : undefined} />
                    {label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
